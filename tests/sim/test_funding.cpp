// The funding plan (sim/programme/funding.hpp, docs/funding.md): a taper, a priority cut, a pro
// rata cut, partners' sustainment, carry-over and the grant conditions, against hand arithmetic;
// and capacity following the money in a run (budget doubled, places doubled; money ended, no starts;
// drop-out ends stays).
#include <catch2/catch.hpp>

#include "io/scenario_loader.hpp"
#include "sim/ensemble.hpp"
#include "sim/model.hpp"
#include "sim/programme/funding.hpp"
#include "sim/programme/interventions.hpp"

using namespace vrusim;

namespace {

// A: £100,000 (100 places x £1,000), priority 2. B: £50,000 (£10,000 fixed + 40 x £1,000),
// priority 1. Grant £300,000 from 2024-25, 20% taper from 2025-26, ended from 2027-28; core
// £100,000; evaluation 10% of the money on interventions; match 20% in kind.
Parameters two_interventions() {
    Parameters p;
    p.run.start_year = 2024;
    p.run.weeks = 5 * weeks_per_year;
    InterventionSpec a;
    a.name = "A";
    a.places_per_year = 100;
    a.cost_per_participant = 1000;
    a.priority = 2;
    InterventionSpec b;
    b.name = "B";
    b.places_per_year = 40;
    b.cost_fixed_per_year = 10000;
    b.cost_per_participant = 1000;
    b.priority = 1;
    p.programme.interventions = {a, b};
    auto& f = p.funding;
    f.enabled = true;
    f.grant = 300000;
    f.taper = 0.2;
    f.taper_from_year = 2025;
    f.grant_ends_year = 2027;
    f.core_cost = 100000;
    f.evaluation_share = 0.1;
    f.match_share = 0.2;
    f.min_match_share = 0.2;
    return p;
}

}  // namespace

TEST_CASE("funding: a taper, carry-over and a priority cut, year by year as by hand") {
    const Parameters p = two_interventions();
    const FundingPlan plan = plan_funding(p);
    REQUIRE(plan.years.size() == 5);
    const auto& y0 = plan.years[0];
    CHECK(financial_year_label(y0.year) == "2024-25");
    // 2024-25: £300,000; core £100,000; both interventions in full (£150,000) with £15,000 of
    // evaluation; £35,000 left, carried forward.
    CHECK(y0.grant == Approx(300000));
    CHECK(y0.match == Approx(60000));
    CHECK(y0.available == Approx(300000));  // the match is in kind
    CHECK(y0.interventions == Approx(150000));
    CHECK(y0.evaluation == Approx(15000));
    CHECK(y0.carry_out == Approx(35000));
    CHECK(y0.share[0] == 1);
    CHECK(y0.share[1] == 1);
    // 2025-26: the grant falls 20% to £240,000; with the £35,000 carried, all is still funded.
    const auto& y1 = plan.years[1];
    CHECK(y1.grant == Approx(240000));
    CHECK(y1.carry_in == Approx(35000));
    CHECK(y1.carry_out == Approx(10000));
    CHECK(y1.share[0] == 1);
    // 2026-27: £192,000 + £10,000; £102,000 after core buys £92,727.27 of interventions with
    // their evaluation: B (priority 1) in full, A the remaining £42,727.27.
    const auto& y2 = plan.years[2];
    CHECK(y2.grant == Approx(192000));
    CHECK(y2.interventions == Approx(102000 / 1.1));
    CHECK(y2.share[1] == 1);
    CHECK(y2.share[0] == Approx((102000 / 1.1 - 50000) / 100000));
    CHECK(y2.carry_out == Approx(0).margin(1e-6));
    // 2027-28: the grant has ended: no money, no core, no places; the conditions do not apply.
    const auto& y3 = plan.years[3];
    CHECK(y3.grant == 0);
    CHECK(y3.share[0] == 0);
    CHECK(y3.share[1] == 0);
    for (const auto& c : y3.conditions) CHECK_FALSE(c.applies);
}

TEST_CASE("funding: pro rata cuts every intervention by the same share, partners sustain their share") {
    Parameters p = two_interventions();
    p.funding.cut_rule = "pro_rata";
    p.programme.interventions[0].sustained_share = 0.5;
    const FundingPlan plan = plan_funding(p);
    const double share = (102000 / 1.1) / 150000;
    CHECK(plan.years[2].share[0] == Approx(share));
    CHECK(plan.years[2].share[1] == Approx(share));
    // Once the grant has ended, A's partners pay half its plan (£50,000); B stops.
    const auto& y3 = plan.years[3];
    CHECK(y3.share[0] == Approx(0.5));
    CHECK(y3.money[0] == Approx(50000));
    CHECK(y3.partners == Approx(50000));
    CHECK(y3.share[1] == 0);
    // In 2026-27 the grant gives A more than its partners would: they add nothing.
    CHECK(plan.years[2].partners == 0);
}

TEST_CASE("funding: the grant conditions pass and fail with their figures") {
    Parameters p = two_interventions();
    const FundingPlan passing = plan_funding(p);
    const auto& c = passing.years[0].conditions;
    REQUIRE(c.size() == 3);
    CHECK(c[0].name == "interventions");
    CHECK(c[0].value == Approx(0.5));  // £150,000 of £300,000
    CHECK(c[0].pass);
    CHECK(c[1].value == Approx(0.1));  // exactly the 10% required passes
    CHECK(c[1].pass);
    CHECK(c[2].value == Approx(0.2));
    CHECK(c[2].pass);
    // A core function of £250,000 paid first leaves £46,296 for interventions: 15% of the grant,
    // below 30%; evaluation at 8% fails its 10%; a match of 15% fails its 20%.
    p.funding.core_cost = 250000;
    p.funding.evaluation_share = 0.08;
    p.funding.match_share = 0.15;
    p.funding.protect_conditions = false;
    const FundingPlan failing = plan_funding(p);
    const auto& f = failing.years[0].conditions;
    CHECK(f[0].value == Approx(50000 / 1.08 / 300000));
    CHECK_FALSE(f[0].pass);
    CHECK_FALSE(f[1].pass);
    CHECK_FALSE(f[2].pass);
    // Protecting the conditions sets aside 30% of the grant (£90,000) and its evaluation first:
    // the core gets £202,800 and the interventions condition passes at exactly 30%.
    p.funding.protect_conditions = true;
    const FundingPlan protected_plan = plan_funding(p);
    CHECK(protected_plan.years[0].core == Approx(300000 - 90000 * 1.08));
    CHECK(protected_plan.years[0].interventions == Approx(90000));
    CHECK(protected_plan.years[0].conditions[0].pass);
}

TEST_CASE("funding: money ending mid-year buys that part of the year, cash match and no carry-forward") {
    Parameters p = two_interventions();
    p.programme.interventions[1].end_week = 26;  // B's money covers April to September only
    p.funding.match_in_kind = false;
    p.funding.carry_forward = false;
    const FundingPlan plan = plan_funding(p);
    CHECK(plan.years[0].planned[1] == Approx(25000));  // half of £50,000
    CHECK(plan.years[1].planned[1] == 0);
    CHECK(plan.years[0].available == Approx(360000));  // the cash match is money to spend
    CHECK(plan.years[1].carry_in == 0);
    // What B spends is what it is given: half its year's money.
    CHECK(plan.years[0].money[1] == Approx(25000));
}

TEST_CASE("funding: a budget buys places, doubling it doubles them, and in a run the starts follow") {
    InterventionSpec in;
    in.budget_per_year = 153000;
    in.cost_per_participant = 765;
    CHECK(planned_places_per_year(in) == Approx(200));
    in.budget_per_year = 306000;
    CHECK(planned_places_per_year(in) == Approx(400));
    in.cost_fixed_per_year = 6000;
    CHECK(planned_places_per_year(in) == Approx(300000 / 765.0));

    // Outreach with far more eligible people than places: the year's starts are the places the
    // money buys (x scale), then none once the grant's money has gone.
    Parameters p = io::load_scenario(VRUSIM_SCENARIO_DIR "/default.yaml").parameters;
    p.population.scale = 0.05;
    p.run.burn_in_weeks = 26;
    p.run.weeks = 2 * weeks_per_year;
    auto starts = [&](double budget) {
        InterventionSpec o;
        o.name = "outreach";
        o.budget_per_year = budget;
        o.cost_per_participant = 100;
        o.duration_weeks = 4;
        p.programme.interventions = {o};
        p.funding.enabled = true;
        p.funding.grant = budget;
        p.funding.min_intervention_share = 0;
        p.funding.grant_ends_year = p.run.start_year + 1;
        const auto r = run_replicate(p, RunPlan{0, 0, p.run.seed});
        CHECK(r.measures.total(Measure::programme_starts, weeks_per_year, 2 * weeks_per_year) == 0);
        REQUIRE(r.programme.years == 2);
        CHECK(r.programme.reached_at(0, 0, 0) ==
              Approx(static_cast<double>(r.measures.total(Measure::programme_starts, 0, weeks_per_year)) / p.population.scale));
        CHECK(r.programme.spend_at(0, 0) == Approx(budget));  // commissioned: the money, whoever takes it up
        CHECK(r.programme.spend_at(1, 0) == 0);
        return static_cast<double>(r.measures.total(Measure::programme_starts, 0, weeks_per_year));
    };
    const double one = starts(200000), two = starts(400000);  // 2,000 and 4,000 places: 100 and 200 at this scale
    // Outreach fills the open places on average, so the year's last week may fall a little short.
    CHECK(one <= 100);
    CHECK(one >= 100 - 3 * std::sqrt(100.0 / weeks_per_year) - 1);
    CHECK(two <= 200);
    CHECK(two >= 200 - 3 * std::sqrt(200.0 / weeks_per_year) - 1);
}

TEST_CASE("funding: when an intervention's money ends, drop_out ends the stays and finish lets them run") {
    Parameters p = io::load_scenario(VRUSIM_SCENARIO_DIR "/default.yaml").parameters;
    p.population.scale = 0.05;
    p.run.burn_in_weeks = 26;
    p.run.weeks = 2 * weeks_per_year;
    InterventionSpec in;
    in.name = "long stays";
    in.places_per_year = 2000;
    in.cost_per_participant = 100;
    in.duration_weeks = 200;
    p.programme.interventions = {in};
    p.funding.enabled = true;
    p.funding.grant = 1e6;
    p.funding.grant_ends_year = p.run.start_year + 1;
    p.funding.carry_forward = false;  // what is left of 2024-25 does not run it on
    REQUIRE(plan_funding(p).years[1].share[0] == 0);
    auto in_programme_after = [&](const std::string& rule) {
        p.programme.interventions[0].on_stop = rule;
        const auto r = run_replicate(p, RunPlan{0, 0, p.run.seed});
        return r.measures.total(Measure::in_programme, weeks_per_year + 1, weeks_per_year + 2);
    };
    CHECK(in_programme_after("finish") > 50);  // most of the year's ~100 starts are still in it
    CHECK(in_programme_after("drop_out") == 0);
}

TEST_CASE("funding: a last part-year has its share of the grant, core and planned money") {
    Parameters p = two_interventions();
    p.run.weeks = weeks_per_year + 13;  // 2024-25 and a quarter of 2025-26
    const FundingPlan plan = plan_funding(p);
    REQUIRE(plan.years.size() == 2);
    CHECK(plan.years[1].weeks == 13);
    CHECK(plan.years[1].grant == Approx(240000 / 4.0));
    CHECK(plan.years[1].core == Approx(100000 / 4.0));
    CHECK(plan.years[1].planned[0] == Approx(100000 / 4.0));
    CHECK(open_weeks_in_year(p.programme.interventions[0], 1, p.run.weeks) == 13);
}

TEST_CASE("funding: adults at the setting take the adult places, counted from the modelled flow") {
    // Arrests in a year of a 5% sample, and adults arriving at 0.82 per arrest with everyone
    // taking a place: the adults who start are a Poisson count with mean 0.82 x arrests.
    Parameters p = io::load_scenario(VRUSIM_SCENARIO_DIR "/default.yaml").parameters;
    p.population.scale = 0.05;
    p.run.burn_in_weeks = 26;
    p.run.weeks = weeks_per_year;
    InterventionSpec in;
    in.name = "custody suite";
    in.trigger = "arrest";
    in.adult_places_per_year = 1e7;
    in.take_up = 1;
    p.programme.interventions = {in};
    const auto r = run_replicate(p, RunPlan{0, 0, p.run.seed});
    const double arrests = static_cast<double>(r.measures.total(Measure::arrests, 0, weeks_per_year));
    const double adults = r.programme.reached_at(0, 0, 1) * p.population.scale;
    REQUIRE(arrests > 100);
    CHECK(std::abs(adults - 0.82 * arrests) < 4 * std::sqrt(0.82 * arrests) + 1);
    CHECK(r.programme.reached_at(0, 0, 0) == 0);  // no places for the cohort
    // A bound of 100 adult places a year (5 at this scale) holds, and with many adults arriving
    // (50 per arrest) every place released is taken, the last week's too.
    p.programme.interventions[0].adult_places_per_year = 100;
    p.programme.adults_per_young_arrest = 50;
    const auto bounded = run_replicate(p, RunPlan{0, 0, p.run.seed});
    CHECK(bounded.programme.reached_at(0, 0, 1) * p.population.scale == Approx(5));
}

TEST_CASE("funding: a service's planned end is not its money ending: drop_out leaves its stays alone") {
    Parameters p = io::load_scenario(VRUSIM_SCENARIO_DIR "/default.yaml").parameters;
    p.population.scale = 0.05;
    p.run.burn_in_weeks = 26;
    p.run.weeks = 2 * weeks_per_year;
    InterventionSpec in;
    in.name = "ends in week 40";
    in.places_per_year = 2000;
    in.duration_weeks = 200;
    in.end_week = 40;
    in.on_stop = "drop_out";
    p.programme.interventions = {in};
    const auto r = run_replicate(p, RunPlan{0, 0, p.run.seed});
    CHECK(r.measures.total(Measure::in_programme, weeks_per_year + 1, weeks_per_year + 2) > 40);
}
