// The economics of a plan against a base (sim/economics/, docs/funding.md) against hand
// arithmetic: unit costs, discounting, paired differences, the benefit-cost ratio and the cost
// per harm averted.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/economics/comparison.hpp"
#include "sim/economics/harms.hpp"

using namespace vrusim;

namespace {

// Two replicates, two financial years of 52 weeks; every measure 0 unless set.
RunYears empty_run(std::string label) {
    RunYears r;
    r.label = std::move(label);
    r.replicates = 2;
    r.years = 2;
    r.weeks_in_year = {52, 52};
    r.totals.assign(measure_count, std::vector<double>(4, 0.0));
    r.spend.assign(4, 0.0);
    return r;
}

void set(RunYears& run, Measure m, std::vector<double> by_replicate_year) {
    run.totals[static_cast<std::size_t>(m)] = std::move(by_replicate_year);
}

}  // namespace

TEST_CASE("economics: harms are costed at the Home Office unit costs and discounted at 3.5%") {
    const YearHarms h = harms_from(1, 10, 100, 2);
    CHECK(h.violence_with_injury == 9);      // a homicide victim is among the injured
    CHECK(h.violence_without_injury == 90);  // victims less the injured
    EconomicsParams e;
    e.cost_permanent_exclusion = 170000;  // IPPR's figure, an option (0 by default)
    // Non-fatal violence at the crime survey's count: a quarter of the model's victimisations.
    CHECK(social_cost(e, h) == Approx(3217740 + 0.25 * (9 * 14050 + 90 * 5930) + 2 * 170000.0));
    EconomicsParams doubled = e;
    doubled.price_factor = 2;
    CHECK(social_cost(doubled, h) == Approx(2 * social_cost(e, h)));
    CHECK(discount_factor(0.035, 0) == 1);
    CHECK(discount_factor(0.035, 2) == Approx(1 / (1.035 * 1.035)));
}

TEST_CASE("economics: a plan's cost, value, benefit-cost ratio and cost per harm averted, paired by replicate") {
    RunYears base = empty_run("base"), plan = empty_run("plan");
    // Knife-assault admissions: base 10, 12 | 20, 22 (replicate 0 | 1, years 0 and 1); the plan
    // averts 2 and 4 in replicate 0 and 3 and 3 in replicate 1: 6 in each replicate.
    // Harms averted are read from the expected values (the counts are for the measure table).
    for (const auto m : {Measure::hospital_admissions_knife_assault_u25,
                         Measure::hospital_admissions_knife_assault_u25_expected}) {
        set(base, m, {10, 12, 20, 22});
        set(plan, m, {8, 8, 17, 19});
    }
    // A homicide counted in the base and not in the plan, with the same expected value: chance,
    // not a harm averted, so it adds nothing to the value.
    set(base, Measure::knife_homicides_u25, {1, 1, 1, 1});
    // Violence without injury: 100 fewer victims in year 1 of each replicate.
    set(base, Measure::victimisations, {1000, 1000, 1000, 1000});
    set(plan, Measure::victimisations, {1000, 900, 1000, 900});
    // The plan spends £100,000 a year more.
    plan.spend = {100000, 100000, 100000, 100000};
    const EconomicsParams e;
    const auto c = compare_economics(base, plan, e);
    const double d1 = 1 / 1.035;
    CHECK(c.cost.mean == Approx(100000 * (1 + d1)));
    CHECK(c.cost.low == Approx(c.cost.mean));  // the same in both replicates
    CHECK(c.value.mean == Approx(0.25 * 100 * 5930 * d1));
    CHECK(c.benefit_cost.mean == Approx(0.25 * 100 * 5930 * d1 / (100000 * (1 + d1))));
    REQUIRE(c.averted.size() == 3);
    CHECK(c.averted[0].mean == Approx(6));
    // Discounted cost over discounted harms: (2 + 4 d1) and (3 + 3 d1) averted, mean 2.5 + 3.5 d1.
    CHECK(c.cost_per_averted[0].mean == Approx(100000 * (1 + d1) / (2.5 + 3.5 * d1)));
    // Nothing averted on the other two: no cost per harm can be given.
    CHECK(c.averted[2].mean == 0);
    CHECK(std::isinf(c.cost_per_averted[2].mean));

    // The measure comparison: a year over the run, and the paired difference (t interval over the
    // two replicates' differences, -3 and -3: no spread).
    const auto m = compare_measure(base, plan, Measure::hospital_admissions_knife_assault_u25);
    CHECK(m.value.mean == Approx((16 / 2.0 + 36 / 2.0) / 2));
    CHECK(m.difference.mean == Approx(-3));
    CHECK(m.difference.low == Approx(-3));
    // A stock is the mean week, weighted by the weeks of each year (here a last part-year of 26).
    base.weeks_in_year = plan.weeks_in_year = {52, 26};
    set(plan, Measure::in_custody, {10, 40, 10, 40});
    CHECK(compare_measure(base, plan, Measure::in_custody).value.mean == Approx((10 * 52 + 40 * 26) / 78.0));
    // A flow is scaled to 52 weeks: 8 + 8 over 78 weeks is 10.67 a year.
    CHECK(compare_measure(base, plan, Measure::hospital_admissions_knife_assault_u25).value.mean ==
          Approx(((8 + 8) + (17 + 19)) / 2.0 * 52 / 78));
}
