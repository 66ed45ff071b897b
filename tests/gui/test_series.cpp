// What the explorer plots (gui/series.hpp): a measure by financial year, the replicates' mean with
// its 95% interval, a flow's part-year scaled to 52 weeks, and bands that stop at zero.
#include <catch2/catch.hpp>

#include "gui/series.hpp"

using namespace vrusim;

TEST_CASE("series: a measure by year is the replicates' mean with a Student t interval") {
    RunYears run;
    run.replicates = 2;
    run.years = 2;
    run.weeks_in_year = {52, 26};
    run.totals.assign(measure_count, std::vector<double>(4, 0.0));
    // Knife admissions: replicate 0 has 10 then 4 (a half-year), replicate 1 has 14 then 6.
    run.totals[static_cast<std::size_t>(Measure::hospital_admissions_knife_assault_u25)] = {10, 4, 14, 6};
    const auto points = gui::by_year(run, Measure::hospital_admissions_knife_assault_u25);
    REQUIRE(points.size() == 2);
    CHECK(points[0].mean == Approx(12));
    // sd sqrt(8), t(0.975, 1) = 12.706: 12 -/+ 12.706 x 2; the low end stops at 0.
    CHECK(points[0].high == Approx(12 + 12.7062 * 2).epsilon(1e-4));
    CHECK(points[0].low == 0);
    CHECK(points[1].mean == Approx(10));  // (4 + 6) / 2 over 26 weeks: 10 a year
}
