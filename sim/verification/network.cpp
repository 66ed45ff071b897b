#include "network.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "../parallel.hpp"
#include "../rng.hpp"

namespace vrusim::verification {

Network Network::from_ties(std::uint32_t nodes, std::span<const Tie> ties) {
    Network net;
    net.row_start_.assign(static_cast<std::size_t>(nodes) + 1, 0);
    for (const Tie& t : ties) {
        ++net.row_start_[t.a + 1];
        ++net.row_start_[t.b + 1];
    }
    for (std::uint32_t v = 0; v < nodes; ++v) {
        net.max_degree_ = std::max(net.max_degree_, static_cast<std::uint32_t>(net.row_start_[v + 1]));
        net.row_start_[v + 1] += net.row_start_[v];
    }
    net.column_.resize(net.row_start_.back());
    std::vector<std::uint64_t> next(net.row_start_.begin(), net.row_start_.end() - 1);
    for (const Tie& t : ties) {
        net.column_[next[t.a]++] = t.b;
        net.column_[next[t.b]++] = t.a;
    }
    // Sorted rows make the layout independent of the order the ties came in.
    parallel::for_each_index(std::uint32_t{0}, nodes, [&](std::uint32_t v) {
        std::sort(net.column_.begin() + static_cast<std::ptrdiff_t>(net.row_start_[v]),
                  net.column_.begin() + static_cast<std::ptrdiff_t>(net.row_start_[v + 1]));
    });
    return net;
}

std::uint64_t Network::hash() const {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    auto mix = [&h](std::uint64_t x) {
        for (int i = 0; i < 8; ++i) {
            h ^= (x >> (8 * i)) & 0xff;
            h *= 0x100000001b3ULL;
        }
    };
    for (auto x : row_start_) mix(x);
    for (auto x : column_) mix(x);
    return h;
}

namespace {

// Calls emit(v) for each partner v > u of node u in G(n, p): the gap to the next partner is
// geometric, so only the partners cost draws.
template <class Emit>
void upper_partners(std::uint32_t u, std::uint32_t n, double log_q, std::uint64_t seed, std::uint32_t replicate,
                    const Emit& emit) {
    rng::Stream r(seed, replicate, u, 0, rng::Purpose::verification_network);
    std::int64_t v = u;
    const auto last = static_cast<std::int64_t>(n) - 1;
    for (;;) {
        const double skip = std::floor(std::log(r.uniform()) / log_q);
        if (skip >= static_cast<double>(last - v)) return;
        v += 1 + static_cast<std::int64_t>(skip);
        emit(static_cast<std::uint32_t>(v));
    }
}

// Target of a rewired tie from u: the r-th node (r < n - k - 1) beyond u's k/2 ring neighbours.
std::uint32_t far_node(std::uint32_t u, std::uint32_t n, std::uint32_t k, std::uint32_t r) {
    return static_cast<std::uint32_t>((static_cast<std::uint64_t>(u) + k / 2 + 1 + r) % n);
}

}  // namespace

Network erdos_renyi(std::uint32_t nodes, double mean_degree, std::uint64_t seed, std::uint32_t replicate) {
    const double p = nodes > 1 ? mean_degree / (nodes - 1) : 0.0;
    if (!(p > 0)) return Network::from_ties(nodes, {});
    if (!(p < 1)) throw std::invalid_argument("erdos_renyi: mean_degree must be below nodes - 1");
    const double log_q = std::log1p(-p);
    // Two passes over the same streams: count each node's partners, then write them where the
    // counts put them, so the ties come out in node order at any thread count.
    std::vector<std::uint64_t> start(static_cast<std::size_t>(nodes) + 1, 0);
    parallel::for_each_index(std::uint32_t{0}, nodes, [&](std::uint32_t u) {
        std::uint64_t k = 0;
        upper_partners(u, nodes, log_q, seed, replicate, [&](std::uint32_t) { ++k; });
        start[u + 1] = k;
    });
    std::partial_sum(start.begin(), start.end(), start.begin());
    std::vector<Tie> ties(start.back());
    parallel::for_each_index(std::uint32_t{0}, nodes, [&](std::uint32_t u) {
        std::uint64_t at = start[u];
        upper_partners(u, nodes, log_q, seed, replicate, [&](std::uint32_t v) { ties[at++] = {u, v}; });
    });
    return Network::from_ties(nodes, ties);
}

Network watts_strogatz(std::uint32_t nodes, std::uint32_t k, double rewiring, std::uint64_t seed,
                       std::uint32_t replicate) {
    if (k < 2 || k % 2 != 0 || k + 1 >= nodes)
        throw std::invalid_argument("watts_strogatz: k must be even, at least 2 and below nodes - 1");
    const std::uint32_t half = k / 2;
    const std::uint32_t far_count = nodes - k - 1;  // nodes more than k/2 steps from u
    const std::uint64_t ring = static_cast<std::uint64_t>(nodes) * half;
    // Tie e = u * half + (j - 1) is (u, u + j); its stream is keyed by e, the week by the attempt.
    std::vector<Tie> ties(ring);
    std::vector<std::uint8_t> moved(ring, 0);
    parallel::for_each_index(std::uint64_t{0}, ring, [&](std::uint64_t e) {
        const auto u = static_cast<std::uint32_t>(e / half);
        const auto j = static_cast<std::uint32_t>(e % half) + 1;
        rng::Stream r(seed, replicate, e, 0, rng::Purpose::verification_network);
        if (r.uniform() < rewiring) {
            ties[e] = {u, far_node(u, nodes, k, r.below(far_count))};
            moved[e] = 1;
        } else {
            ties[e] = {u, static_cast<std::uint32_t>((static_cast<std::uint64_t>(u) + j) % nodes)};
        }
    });
    // A moved tie is never a ring pair (its ends are more than k/2 apart), so only two moved ties can
    // coincide: all but the lowest-numbered of each such group draw again, until none coincide.
    auto key = [&](std::uint64_t e) {
        const Tie t = ties[e];
        return std::pair(std::min(t.a, t.b), std::max(t.a, t.b));
    };
    std::vector<std::uint64_t> rewired;
    for (std::uint64_t e = 0; e < ring; ++e)
        if (moved[e]) rewired.push_back(e);
    for (std::int32_t attempt = 1;; ++attempt) {
        std::sort(rewired.begin(), rewired.end(), [&](std::uint64_t x, std::uint64_t y) {
            return std::pair(key(x), x) < std::pair(key(y), y);
        });
        std::vector<std::uint64_t> again;
        for (std::size_t i = 1; i < rewired.size(); ++i)
            if (key(rewired[i]) == key(rewired[i - 1])) again.push_back(rewired[i]);
        if (again.empty()) break;
        if (attempt > 1000)
            throw std::runtime_error("watts_strogatz: cannot rewire without duplicate ties; use more nodes or less rewiring");
        for (const std::uint64_t e : again) {
            rng::Stream r(seed, replicate, e, attempt, rng::Purpose::verification_network);
            ties[e].b = far_node(ties[e].a, nodes, k, r.below(far_count));
        }
    }
    return Network::from_ties(nodes, ties);
}

}  // namespace vrusim::verification
