#pragma once
/// Shared by the mechanism tests (tests/sim/test_mechanism_*.cpp): a population with every
/// mechanism off and every relative risk 1, and small helpers to step and count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <array>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "sim/model.hpp"
#include "sim/phases.hpp"


namespace vrusim::testing::mechanisms {


// One made-up area with `per_band` people in each five-year band, every mechanism off and every
// relative risk 1, so a test switches on exactly what it measures.
inline Parameters isolated(double per_band = 1000) {
    Parameters p;
    p.population.areas = {{"North", per_band, per_band, per_band, 30 * per_band, 20.0, 1.0}};
    p.run.burn_in_weeks = 0;
    p.run.weeks = 10;
    p.violence.enabled = false;
    p.contagion.enabled = false;
    p.peer_influence.enabled = false;
    p.weapons.enabled = false;
    p.school.enabled = false;
    p.neet.enabled = false;
    p.family.enabled = false;
    p.county_lines.enabled = false;
    auto& f = p.factors;
    f.rr_high_propensity = f.rr_prior_offending = f.rr_substance_use = f.rr_ace = f.rr_trusted_adult = 1;
    f.rr_parent_in_prison = f.rr_violent_peers = f.rr_excluded = f.rr_suspended_recent = f.rr_neet = f.rr_sport = 1;
    f.deprivation_gradient = 1;
    p.violence.age_rr_10_13 = p.violence.age_rr_18_24 = p.violence.female_rr = 1;
    p.violence.group_size_pmf = {1};
    p.violence.p_homicide_given_knife_injury = 0;
    p.violence.victim_proneness_sigma = 0;  // victims drawn without regard to who they are
    p.violence.offending_proneness_sigma = 0;  // everyone equally prone
    p.weapons.female_rr = 1;
    p.violence.victim_weight_recent_victim = 1;
    p.violence.adult_victim_share_18_24 = 0;
    p.violence.knife_rr_18_24 = 1;
    p.violence.knife_rr_male_victim = 1;
    p.violence.victim_weight_female = 1;
    p.justice.p_custody_given_arrest = p.justice.p_custody_given_arrest_18_24 = 0;
    return p;
}

constexpr RunPlan plan{0, 0, 20240401};

// |observed share - p| within 5 binomial standard errors sqrt(p(1-p)/n).
inline bool share_near(double successes, double trials, double p) {
    return trials > 0 && std::abs(successes / trials - p) <= 5 * std::sqrt(p * (1 - p) / trials);
}

// Model::step() spelled out, with a hook before violence() so a test can see the states the
// incidents start from. Tests that use it never call step(), so weeks_done() is not advanced.
inline void step_phases(Model& m, int week, const std::function<void()>& before_violence = {}) {
    World& w = m.world();
    w.week = week;
    w.events.clear();
    age_and_turn_over(w);
    life_events(w);
    take_snapshot(w);
    peer_processes(w);
    if (before_violence) before_violence();
    violence(w);
    emit_marked_events(w);
}

inline std::size_t count_events(const Model& m, EventType type) {
    const auto events = m.events();
    return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [&](const Event& e) { return e.type == type; }));
}

// Number of v's active static ties whose state has any of `bits` (what count_exposure sees when
// the co-offending layer is empty).
inline int active_ties_with(const Model& m, std::uint32_t v, std::uint16_t bits) {
    const auto& pop = m.population();
    const int gap = m.world().max_age_gap_weeks();
    const auto targets = m.graph().neighbours(v);
    const auto layers = m.graph().layers(v);
    int k = 0;
    for (std::size_t i = 0; i < targets.size(); ++i)
        k += tie_active(layers[i], pop.age_weeks[v], pop.age_weeks[targets[i]], gap) && (pop.states[targets[i]] & bits);
    return k;
}

// A fixed pseudo-random choice of slots, independent of the model's own streams.
inline bool chosen(std::uint32_t v, int round, double share) {
    return rng::Stream(777, static_cast<std::uint32_t>(round), v, 0, rng::Purpose::synthesis_state).bernoulli(share);
}


}  // namespace vrusim::testing::mechanisms
