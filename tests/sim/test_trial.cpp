// In-silico trials on the model (sim/trial/simulate.hpp): the trial's estimate is the
// intervention's effect on those offered it, randomisation fills the arms in pairs and keeps a
// randomised class whole, and a trial is the same at any thread count.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>

#include "io/scenario_loader.hpp"
#include "sim/trial/analysis.hpp"
#include "sim/trial/simulate.hpp"
#include "with_threads.hpp"

using namespace vrusim;
using vrusim::testing::with_threads;

namespace {

// The default world with one intervention for a trial: 14-24-year-olds who have offended.
Parameters trial_world(double scale, double rr_offending) {
    Parameters p = io::load_scenario(VRUSIM_SCENARIO_DIR "/default.yaml").parameters;
    p.population.scale = scale;
    InterventionSpec in;
    in.name = "trial";
    in.trigger = "community";
    in.age_min = 14;
    in.age_max = 24;
    in.requires_state = "ever_offended";
    in.take_up = 1;
    in.duration_weeks = 520;  // few leave within the follow-up
    in.rr_offending = rr_offending;
    p.programme.interventions = {in};
    return p;
}

double rate(const trial::Record& r, int arm) {
    double events = 0, people = 0;
    for (std::size_t k = 0; k < r.arm.size(); ++k)
        if (r.arm[k] == arm) people += 1, events += r.outcome[k];
    return events / people;
}

}  // namespace

TEST_CASE("trial: the estimate is the effect on those offered, against their own run without it, within its error") {
    // The same trial twice under common random numbers: with the intervention halving offending,
    // and with it doing nothing. Randomisation draws from the trial's own streams, so the same
    // people are in the same arms; the treated arm's rate without the intervention is then the
    // counterfactual the control arm stands in for. The trial's estimate (treated minus control)
    // must be within 3.29 of its standard errors of that true effect, and the true effect clearly
    // below zero (the test could not tell a trial that estimates nothing).
    trial::Design d;
    d.outcome = trial::Outcome::violent_offending;
    const Parameters with = trial_world(0.2, 0.5), without = trial_world(0.2, 1.0);
    const auto treated = trial::simulate_trial(trial::trial_parameters(with, d), d, 0);
    const auto untreated = trial::simulate_trial(trial::trial_parameters(without, d), d, 0);
    REQUIRE(treated.arm == untreated.arm);
    REQUIRE(treated.arm.size() > 1000);
    const auto a = trial::analyse(*trial::first_units(treated, std::min(treated.units[0], treated.units[1])));
    const double truth = rate(treated, 1) - rate(untreated, 1);
    CAPTURE(a.effect, a.se, truth, a.control_rate, a.treated_rate, rate(untreated, 1), rate(untreated, 0), a.n_control, a.n_treated);
    CHECK(std::abs(a.effect - truth) < 3.29 * a.se);
    CHECK(truth < -3.29 * a.se);
    // Everyone offered took the place up (take_up 1); nobody in the control arm took part.
    CHECK(treated.started == a.n_treated);
    CHECK(treated.contaminated == 0);
}

TEST_CASE("trial: people are randomised in pairs until per_arm fills both arms, the same at 1 and 2 threads") {
    trial::Design d;
    d.per_arm = 150;
    d.follow_up_weeks = 4;
    const Parameters p = trial::trial_parameters(trial_world(0.05, 0.5), d);
    const auto one = with_threads(1, [&] { return trial::simulate_trial(p, d, 1); });
    const auto two = with_threads(2, [&] { return trial::simulate_trial(p, d, 1); });
    CHECK(one.outcome == two.outcome);
    CHECK(one.arm == two.arm);
    CHECK(one.unit_in_arm == two.unit_in_arm);
    CHECK(one.units[0] == 150);
    CHECK(one.units[1] == 150);
    REQUIRE(one.arm.size() == 300);
    std::set<std::uint32_t> places[2];
    for (std::size_t k = 0; k < one.arm.size(); ++k) places[one.arm[k]].insert(one.unit_in_arm[k]);
    CHECK(places[0].size() == 150);
    CHECK(*places[0].rbegin() == 149);
    CHECK(places[1].size() == 150);
    // Each pair split one and one: in recruitment order, the running counts never differ by more than one.
    int difference = 0, widest = 0;
    for (const auto arm : one.arm) widest = std::max(widest, std::abs(difference += arm ? 1 : -1));
    CHECK(widest == 1);
    CHECK_FALSE(trial::first_units(one, 151).has_value());
    CHECK(trial::first_units(one, 40)->arm.size() == 80);
}

TEST_CASE("trial: a randomised school class is offered or not as a whole, and the first n classes of an arm are analysed") {
    trial::Design d;
    d.unit = trial::Unit::school_class;
    d.per_arm = 12;
    d.follow_up_weeks = 4;
    const Parameters p = trial::trial_parameters(trial_world(0.05, 0.5), d);
    const auto r = trial::simulate_trial(p, d, 2);
    REQUIRE(r.cluster.size() == r.arm.size());
    CHECK(r.units[0] == 12);
    CHECK(r.units[1] == 12);
    std::map<std::uint32_t, std::set<int>> arms_of;
    std::set<std::uint32_t> clusters[2];
    for (std::size_t k = 0; k < r.arm.size(); ++k) {
        arms_of[r.cluster[k]].insert(r.arm[k]);
        clusters[r.arm[k]].insert(r.cluster[k]);
    }
    for (const auto& [cluster, arms] : arms_of) CHECK(arms.size() == 1);
    CHECK(clusters[0].size() == 12);
    CHECK(clusters[1].size() == 12);
    const auto first = trial::first_units(r, 5);
    REQUIRE(first.has_value());
    const auto a = trial::analyse(*first);
    CHECK(a.clusters_control == 5);
    CHECK(a.clusters_treated == 5);
    CHECK(a.df == 8);
}
