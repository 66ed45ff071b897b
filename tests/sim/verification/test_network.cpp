// The verification mode's networks: the ring lattice, rewiring and the Erdos-Renyi degree law.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <set>
#include <utility>

#include "sim/verification/network.hpp"

using namespace vrusim::verification;

namespace {

// No self-loops, no tie twice, each tie stored in both rows.
bool is_simple_and_symmetric(const Network& net) {
    for (std::uint32_t v = 0; v < net.nodes(); ++v) {
        const auto row = net.neighbours(v);
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (row[i] == v || (i > 0 && row[i] <= row[i - 1])) return false;  // rows are sorted
            const auto back = net.neighbours(row[i]);
            if (!std::binary_search(back.begin(), back.end(), v)) return false;
        }
    }
    return true;
}

std::uint32_t ring_distance(std::uint32_t a, std::uint32_t b, std::uint32_t n) {
    const std::uint32_t d = a > b ? a - b : b - a;
    return std::min(d, n - d);
}

}  // namespace

TEST_CASE("watts-strogatz: without rewiring it is the exact ring lattice, every node of degree k") {
    const std::uint32_t n = 1000, k = 6;
    const Network net = watts_strogatz(n, k, 0.0, 1, 0);
    CHECK(net.tie_count() == std::uint64_t{n} * k / 2);
    for (std::uint32_t v = 0; v < n; ++v) {
        INFO("node " << v);
        REQUIRE(net.degree(v) == k);
        for (const std::uint32_t u : net.neighbours(v)) CHECK(ring_distance(u, v, n) <= k / 2);
    }
    CHECK(is_simple_and_symmetric(net));
}

TEST_CASE("watts-strogatz: rewiring keeps the tie count and makes no self-loop or duplicate tie") {
    const std::uint32_t n = 2000, k = 10;
    for (const double beta : {0.1, 0.5, 1.0}) {
        CAPTURE(beta);
        const Network net = watts_strogatz(n, k, beta, 3, 1);
        CHECK(net.tie_count() == std::uint64_t{n} * k / 2);
        CHECK(is_simple_and_symmetric(net));
        // Share of ties that left the ring: beta, within 5 standard errors of a binomial share.
        std::uint64_t long_ties = 0;
        for (std::uint32_t v = 0; v < n; ++v)
            for (const std::uint32_t u : net.neighbours(v)) long_ties += ring_distance(u, v, n) > k / 2;
        const double share = static_cast<double>(long_ties / 2) / static_cast<double>(net.tie_count());
        const double se = std::sqrt(beta * (1 - beta) / static_cast<double>(net.tie_count()));
        CHECK(std::abs(share - beta) <= 5 * se + 1e-12);
    }
    // Tiny rings force redraws: still no duplicates, still n k / 2 ties.
    const Network tiny = watts_strogatz(12, 4, 1.0, 5, 0);
    CHECK(tiny.tie_count() == 24);
    CHECK(is_simple_and_symmetric(tiny));
}

TEST_CASE("erdos-renyi: the mean degree is c within its standard error, and degrees are near Poisson(c)") {
    // Degrees are Binomial(n - 1, c / (n - 1)); the tie count is Binomial(n (n - 1) / 2, p), so
    // the mean degree 2 E / n has standard deviation sqrt(2 c (1 - p) / n).
    const std::uint32_t n = 100000;
    for (const double c : {3.0, 10.0}) {
        CAPTURE(c);
        const Network net = erdos_renyi(n, c, 11, 0);
        const double mean = 2.0 * static_cast<double>(net.tie_count()) / n;
        const double se = std::sqrt(2 * c * (1 - c / (n - 1)) / n);
        CAPTURE(mean, se);
        CHECK(std::abs(mean - c) <= 4 * se);
        // Variance of the degrees, against c (Poisson): its standard error is about c sqrt(2 / n) here.
        double sum_sq = 0;
        for (std::uint32_t v = 0; v < n; ++v) sum_sq += static_cast<double>(net.degree(v)) * net.degree(v);
        const double variance = sum_sq / n - mean * mean;
        CAPTURE(variance);
        CHECK(std::abs(variance - c) <= 5 * std::sqrt(2.0 * c * c / n + c / n) + c / n);
        CHECK(is_simple_and_symmetric(net));
    }
}

TEST_CASE("erdos-renyi: mean degree 0 gives no ties, and the same seed and replicate give the same graph") {
    CHECK(erdos_renyi(100, 0.0, 1, 0).tie_count() == 0);
    CHECK(erdos_renyi(5000, 4.0, 9, 2).hash() == erdos_renyi(5000, 4.0, 9, 2).hash());
    CHECK(erdos_renyi(5000, 4.0, 9, 2).hash() != erdos_renyi(5000, 4.0, 9, 3).hash());
}

TEST_CASE("network: from_ties stores each tie in both rows, sorted, with isolated nodes empty") {
    const Tie ties[] = {{3, 1}, {0, 1}, {1, 2}};
    const Network net = Network::from_ties(5, ties);
    CHECK(net.tie_count() == 3);
    CHECK(net.max_degree() == 3);
    CHECK(std::vector<std::uint32_t>(net.neighbours(1).begin(), net.neighbours(1).end()) ==
          std::vector<std::uint32_t>{0, 2, 3});
    CHECK(net.degree(4) == 0);
}
