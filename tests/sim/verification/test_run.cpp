// A verification replicate as the command line runs it: its measures add up, and it is the same
// at any thread count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "sim/verification/run.hpp"
#include "../with_threads.hpp"

using namespace vrusim;
using namespace vrusim::verification;
using vrusim::testing::with_threads;

namespace {

Parameters verification_params(const std::string& network) {
    Parameters p;
    p.run.seed = 5;
    p.run.weeks = 30;
    p.run.burn_in_weeks = 3;
    p.peer_influence.p_transmission_per_tie_week = 0.15;
    p.peer_influence.duration_mean_weeks = 3;
    p.peer_influence.p_resusceptible = 0.5;  // half SIS, half SIR: every path of the update draws
    p.verification.enabled = true;
    p.verification.network = network;
    p.verification.nodes = 20000;
    p.verification.mean_degree = 6;
    p.verification.rewiring = 0.2;
    p.verification.initial_infected = 50;
    return p;
}

// A ring with chords, as an edge list.
std::vector<Tie> ring_ties(std::uint32_t n) {
    std::vector<Tie> ties;
    for (std::uint32_t v = 0; v < n; ++v) ties.push_back({v, (v + 1) % n});
    for (std::uint32_t v = 0; v < n; v += 7) ties.push_back({v, (v + n / 2 + 3) % n});
    return ties;
}

}  // namespace

TEST_CASE("verification determinism: a replicate's hash and measures are identical at 1 and 2 threads on every network") {
    const std::vector<Tie> ring = ring_ties(20000);
    for (const char* network : {"erdos_renyi", "watts_strogatz", "edge_list"}) {
        CAPTURE(network);
        const Parameters p = verification_params(network);
        const RunPlan plan{0, 1, p.run.seed};
        const auto one = with_threads(1, [&] { return run_replicate(p, ring, plan); });
        const auto two = with_threads(2, [&] { return run_replicate(p, ring, plan); });
        CHECK(one.state_hash == two.state_hash);
        CHECK(std::ranges::equal(one.measures.raw(), two.measures.raw()));
        // And the run did something: the process spread and was not trivially the same.
        CHECK(one.measures.at(VerificationMeasure::new_infections, 0, 0, 0) > 0);
        const auto other = with_threads(2, [&] { return run_replicate(p, ring, RunPlan{0, 2, p.run.seed}); });
        CHECK(other.state_hash != one.state_hash);
    }
}

TEST_CASE("verification: every week's stocks add up to the nodes, and only the first age band and one area are used") {
    const Parameters p = verification_params("erdos_renyi");
    const auto result = run_replicate(p, {}, RunPlan{0, 0, p.run.seed});
    const MeasureCube& cube = result.measures;
    REQUIRE(cube.set() == MeasureSet::verification);
    REQUIRE(cube.weeks() == p.run.weeks);
    REQUIRE(cube.areas() == 1);
    CHECK(result.agents == 20000);
    std::uint64_t infected_ever = 0;
    for (int w = 0; w < cube.weeks(); ++w) {
        const auto s = cube.at(VerificationMeasure::susceptible, w, 0, 0);
        const auto i = cube.at(VerificationMeasure::infected, w, 0, 0);
        const auto r = cube.at(VerificationMeasure::recovered, w, 0, 0);
        CHECK(s + i + r == 20000);
        infected_ever += cube.at(VerificationMeasure::new_infections, w, 0, 0);
        for (int band = 1; band < age_band_count; ++band)
            for (const auto m : {VerificationMeasure::susceptible, VerificationMeasure::infected,
                                 VerificationMeasure::recovered, VerificationMeasure::new_infections})
                CHECK(cube.at(m, w, 0, band) == 0);
    }
    CHECK(infected_ever > 0);
}
