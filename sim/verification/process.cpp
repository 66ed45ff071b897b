#include "process.hpp"

#include <cmath>

#include "../parallel.hpp"
#include "../rng.hpp"

namespace vrusim::verification {

namespace {
// Subject of the stream that picks the initial infected (a place tag: above every node id).
constexpr std::uint32_t seeding_place_kind = 13;
}  // namespace

SpreadProcess::SpreadProcess(const Network& network, const PeerInfluenceParams& params, std::uint64_t seed,
                             std::uint32_t replicate)
    : net_(network), params_(params), seed_(seed), replicate_(replicate),
      state_(network.nodes(), NodeState::susceptible), snapshot_(network.nodes(), NodeState::susceptible),
      until_(network.nodes(), 0), any_of_(static_cast<std::size_t>(network.max_degree()) + 1) {
    for (std::size_t k = 0; k < any_of_.size(); ++k)
        any_of_[k] = 1.0 - std::pow(1.0 - params.p_transmission_per_tie_week, static_cast<double>(k));
}

void SpreadProcess::infect_initial(std::uint64_t count) {
    const std::uint32_t n = net_.nodes();
    if (count > n) count = n;
    // Floyd's sample of `count` distinct nodes from one stream: order-free, so the same set at any thread count.
    rng::Stream pick(seed_, replicate_, rng::place_subject(seeding_place_kind, 0), 0, rng::Purpose::verification_seeding);
    std::vector<bool> chosen(n, false);
    for (std::uint64_t j = n - count; j < n; ++j) {
        auto t = pick.below(static_cast<std::uint32_t>(j + 1));
        if (chosen[t]) t = static_cast<std::uint32_t>(j);
        chosen[t] = true;
    }
    for (std::uint32_t v = 0; v < n; ++v) {
        if (!chosen[v]) continue;
        rng::Stream r(seed_, replicate_, v, 0, rng::Purpose::verification_seeding);
        state_[v] = NodeState::infected;
        until_[v] = -1 + r.spell_weeks(params_.duration_mean_weeks);
    }
}

WeekCounts SpreadProcess::step(std::int32_t week) {
    const std::uint32_t n = net_.nodes();
    parallel::for_each_chunk(tbb::blocked_range<std::uint32_t>(0, n), [&](const tbb::blocked_range<std::uint32_t>& r) {
        std::copy(state_.begin() + r.begin(), state_.begin() + r.end(), snapshot_.begin() + r.begin());
    });
    const auto body = [&](const tbb::blocked_range<std::uint32_t>& range, WeekCounts c) {
        for (std::uint32_t v = range.begin(); v != range.end(); ++v) {
            NodeState& s = state_[v];
            if (s == NodeState::infected) {
                // As in the model: the spell ends in the update of week until_; the node was
                // infectious in the snapshots of every week from its infection's next to this one.
                if (until_[v] <= week) {
                    rng::Stream r(seed_, replicate_, v, week, rng::Purpose::verification_process);
                    s = r.bernoulli(params_.p_resusceptible) ? NodeState::susceptible : NodeState::recovered;
                }
            } else if (s == NodeState::susceptible) {
                std::uint32_t k = 0;
                for (const std::uint32_t u : net_.neighbours(v)) k += snapshot_[u] == NodeState::infected;
                if (k > 0) {
                    rng::Stream r(seed_, replicate_, v, week, rng::Purpose::verification_process);
                    if (r.uniform() < any_of_[k]) {
                        s = NodeState::infected;
                        until_[v] = week + r.spell_weeks(params_.duration_mean_weeks);
                        ++c.new_infections;
                    }
                }
            }
            c.susceptible += s == NodeState::susceptible;
            c.infected += s == NodeState::infected;
            c.recovered += s == NodeState::recovered;
        }
        return c;
    };
    const auto join = [](WeekCounts a, const WeekCounts& b) {
        a.susceptible += b.susceptible;
        a.infected += b.infected;
        a.recovered += b.recovered;
        a.new_infections += b.new_infections;
        return a;
    };
    return parallel::reduce(tbb::blocked_range<std::uint32_t>(0, n), WeekCounts{}, body, join);
}

std::uint64_t SpreadProcess::state_hash() const {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    auto mix = [&h](std::uint64_t x, int bytes) {
        for (int i = 0; i < bytes; ++i) {
            h ^= (x >> (8 * i)) & 0xff;
            h *= 0x100000001b3ULL;
        }
    };
    for (const NodeState s : state_) mix(static_cast<std::uint64_t>(s), 1);
    for (const std::int32_t t : until_) mix(static_cast<std::uint32_t>(t), 4);
    return h;
}

}  // namespace vrusim::verification
