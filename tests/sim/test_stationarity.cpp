// A baseline that does not drift (docs/model.md 5.5): the criteria, and the default scenario
// held to them.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "io/scenario_loader.hpp"
#include "sim/model.hpp"
#include "sim/phases.hpp"
#include "sim/stationarity.hpp"

using namespace vrusim;

namespace {

AnnualValues series(std::vector<std::vector<double>> by_replicate) {
    AnnualValues a;
    a.replicates = static_cast<int>(by_replicate.size());
    a.years = static_cast<int>(by_replicate.front().size());
    for (const auto& r : by_replicate) a.values.insert(a.values.end(), r.begin(), r.end());
    return a;
}

}  // namespace

TEST_CASE("stationarity: a flat series passes, a first year 3% low fails, and a steady trend is significant") {
    const std::vector<double> flat = {100, 100.5, 99.5, 100, 100.2, 99.8, 100, 100.1, 99.9, 100};
    auto flat_report = check_drift(series({flat, flat, flat, flat}));
    CHECK(flat_report.stationary());
    CHECK(flat_report.settled == Approx(100));
    CHECK(flat_report.years.front().se == Approx(0).margin(1e-12));  // identical replicates

    auto low = flat;
    low[0] = 97;  // 3% below the settled level, beyond 1.5% + 3 SE with no spread
    const auto low_report = check_drift(series({low, low, low, low}));
    CHECK_FALSE(low_report.stationary());
    CHECK_FALSE(low_report.years.front().within);
    CHECK(low_report.years[1].within);

    // The same 3% with a large spread across replicates (first years 93 to 101; pooled over the four
    // years before the settled ones, an SE of 1.15%) is within 1.5% + 3 SE.
    auto first_year = [&](double x) {
        auto s = flat;
        s[0] = x;
        return s;
    };
    CHECK(check_drift(series({first_year(93), first_year(101), first_year(93), first_year(101)})).years.front().within);

    const auto wide_first = check_drift(series({first_year(93), first_year(101), first_year(93), first_year(101)}));
    CHECK(wide_first.years.front().se == Approx(std::sqrt(64.0 / 3 / 4 / 4) / 100).epsilon(1e-3));

    std::vector<double> rising(10);
    for (int y = 0; y < 10; ++y) rising[y] = 100 * (1 + 0.01 * y);
    const auto trend = check_drift(series({rising, rising, rising}));
    CHECK(trend.trend_significant());
    CHECK(trend.trend == Approx(1 / 106.5));  // slope 1 a year over the settled mean of years 5-10 (104..109)
    // Replicates trending up and down as much: no trend overall.
    std::vector<double> up(10), down(10);
    for (int y = 0; y < 10; ++y) up[y] = 100 + 0.3 * y, down[y] = 100 - 0.3 * y;
    CHECK_FALSE(check_drift(series({up, down, up, down})).trend_significant());
}

TEST_CASE("stationarity: the default baseline's offending hazard and histories hold level from the first reported year") {
    // The two causes of drift the model had: the age structure rotating (a fixed cohort refilled
    // at 10) and offending histories drawn short of the settled model. Both show in the people's
    // mean offending hazard and in the share who have ever offended, which are smooth enough to
    // judge one replicate at a quarter of full scale: each reported year within 1% of the mean
    // of years 4-8. The hazard is taken per unit of the person's lasting risk (h / static_rr), so
    // that the few very prone people (offending_proneness_sigma) entering and leaving do not
    // swamp the mean; the age profile and the dynamic multipliers are what drift would move.
    auto scenario = io::load_scenario(VRUSIM_SCENARIO_DIR "/default.yaml");
    Parameters p = scenario.parameters;
    p.population.scale = 0.25;
    const int years = 8;
    Model m(p, RunPlan{0, 0, p.run.seed});
    for (int week = 0; week < p.run.burn_in_weeks; ++week) m.step();
    std::vector<double> hazard(years, 0), ever(years, 0);
    for (int y = 0; y < years; ++y) {
        for (int week = 0; week < weeks_per_year; ++week) {
            m.step();
            if (week % 4 != 3) continue;
            const auto& pop = m.population();
            double h = 0, offended = 0, people = 0;
            for (std::uint32_t v = 0; v < pop.size(); ++v) {
                if (pop.states[v] & state::gone) continue;
                ++people;
                if (pop.static_rr[v] > 0) h += offending_hazard(m.world(), v) / pop.static_rr[v];
                offended += (pop.states[v] & state::ever_offended) != 0;
            }
            hazard[y] += h / people / 13;
            ever[y] += offended / people / 13;
        }
    }
    // Drift shows as the early years off the settled level; noise as the settled years' own
    // spread. Each year must lie within 1% plus 3 standard deviations of a settled year (the same
    // rule as `vrusim drift`, with one replicate's year-to-year spread for the SE).
    for (const auto* s : {&hazard, &ever}) {
        const double settled = std::accumulate(s->begin() + 3, s->end(), 0.0) / (years - 3);
        double ss = 0;
        for (int y = 3; y < years; ++y) ss += std::pow((*s)[y] / settled - 1, 2);
        const double sd = std::sqrt(ss / (years - 4));
        for (int y = 0; y < years; ++y) {
            CAPTURE(s == &hazard ? "hazard" : "ever offended", y + 1, (*s)[y] / settled - 1, sd);
            CHECK(std::abs((*s)[y] / settled - 1) < 0.01 + 3 * sd);
        }
    }
}

TEST_CASE("stationarity: the years before the settled window are judged against their own spread, the settled years against theirs") {
    // Replicates that disagree by 10% about the first four years but agree about the settled ones
    // (as a run does when the people of the first years are not those of the settled ones). A
    // settled year 2.5% off is drift, however much the early years vary; an early year 5% off is
    // within the early years' own spread.
    const std::vector<double> settled = {100, 100, 100, 100, 100, 100};
    auto replicate = [&](double early, double year6) {
        std::vector<double> s = {100 + early, 100 - early, 100 + early, 100 - early};
        s.insert(s.end(), settled.begin(), settled.end());
        s[5] = year6;
        return s;
    };
    // Year 1: +15%, -5%, +15%, -5% (mean +5%, SD 11.5%); year 6 2.5% above the other settled years
    // in every replicate.
    const auto report = check_drift(series({replicate(15, 102.5), replicate(-5, 102.5), replicate(15, 102.5),
                                            replicate(-5, 102.5)}));
    CHECK(report.years.front().within);
    CHECK(report.years.front().se > 0.05);
    CHECK_FALSE(report.years[5].within);  // pooled with the early years, its SE would be 3.7%
    CHECK(report.years[5].se == Approx(0).margin(1e-12));
}

TEST_CASE("stationarity: the check's false alarms are counted over every set of k replicates") {
    // Five replicates, flat at 100, but replicates 0 and 1 both 10% high in the first year. Of the
    // ten pairs, only {0, 1} fails: both high with no spread (+10%, beyond 1.5% + 3 x 0), and its
    // two identical downward slopes are a significant trend. A pair of one high and one flat
    // replicate (+5%, SE 2.5% pooled over the four early years) passes, as does a flat pair.
    std::vector<double> flat(10, 100.0), high = flat;
    high[0] = 110;
    const auto annual = series({high, high, flat, flat, flat});
    const auto pairs = failures_in_subsets(annual, 2);
    CHECK(pairs.sets == 10);
    CHECK(pairs.level_failures == 1);
    CHECK(pairs.trend_failures == 1);
    // Recorded per set, in lexicographic order ({0, 1} first), to combine measures.
    CHECK(pairs.level_failed.empty());
    const auto recorded = failures_in_subsets(annual, 2, {}, 200'000, true);
    CHECK(recorded.level_failed == std::vector<std::uint8_t>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    CHECK(recorded.trend_failed == recorded.level_failed);
    // Sets of all five: the one set is the whole run.
    const auto whole = failures_in_subsets(annual, 5);
    CHECK(whole.sets == 1);
    CHECK(whole.level_failures == (check_drift(annual).stationary() ? 0u : 1u));
    // Nothing to count: k larger than the run, k below 2, or more sets than the limit.
    CHECK(failures_in_subsets(annual, 6).sets == 0);
    CHECK(failures_in_subsets(annual, 1).sets == 0);
    CHECK(failures_in_subsets(annual, 2, {}, 9).sets == 0);
}
