#pragma once
// Plans that share a burn-in, small enough for a test, and a cell-by-cell comparison of two
// replicates' results (tests/sim/test_shared_burn_in.cpp, tests/io/test_settled_cache.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "io/scenario_loader.hpp"
#include "sim/ensemble.hpp"
#include "sim/parameters.hpp"

namespace vrusim::testing {

// A small, quick sample of a bundled scenario: a 1% population, a burn-in of half a year, and
// 60 reported weeks, so the programme's first financial year ends and a second begins.
inline Parameters small(const std::string& file) {
    Parameters p = io::load_scenario(std::string(VRUSIM_SCENARIO_DIR) + "/" + file).parameters;
    p.population.scale = 0.01;
    p.run.burn_in_weeks = 26;
    p.run.weeks = 60;
    p.run.replicates = 2;
    return p;
}

// Four plans that differ only in what acts after the burn-in: no programme; the Thames Valley
// programme; a tapering grant; and hotspot patrols (a place effect) beside the programme, with
// county lines on throughout (the default).
inline std::vector<Parameters> four_plans() {
    std::vector<Parameters> plans = {small("examples/no-programme.yaml"), small("thames-valley-2023-24.yaml"),
                                     small("examples/grant-taper.yaml"), small("thames-valley-2023-24.yaml")};
    InterventionSpec patrols;
    patrols.name = "patrols";
    patrols.trigger = "hot_places";
    patrols.hot_places = 20;
    patrols.rr_offending = 0.5;
    patrols.rr_victimisation = 0.5;
    patrols.cost_fixed_per_year = 1;
    plans[3].programme.interventions.push_back(patrols);
    return plans;
}

inline void require_same(const ReplicateResult& a, const ReplicateResult& b) {
    REQUIRE(a.plan.replicate == b.plan.replicate);
    CHECK(a.agents == b.agents);
    CHECK(a.state_hash == b.state_hash);
    CHECK(a.programme == b.programme);
    const auto x = a.measures.raw();
    const auto y = b.measures.raw();
    REQUIRE(x.size() == y.size());
    CHECK(std::equal(x.begin(), x.end(), y.begin()));
}


}  // namespace vrusim::testing
