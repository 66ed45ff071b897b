// County lines in the measures, and market violence.
// County lines and exploitation (sim/county_lines.*, sim/phases/county_lines.cpp, exploitation.cpp):
// the bookkeeping of lines, runners and trap houses; recruitment, closure, replacement and
// safeguarding against their configured rates; market violence in the measures. Seeds are fixed;
// every statistical tolerance is 4 standard errors of the sampling spread named beside it, so a
// correct model fails about once in 16,000 checks.
#include <catch2/catch.hpp>

#include "county_lines_fixture.hpp"

using namespace vrusim;
using namespace vrusim::testing::county_lines_tests;

TEST_CASE("measures: line openings are counted in their market, and closures, closure arrests and closure referrals in total") {
    constexpr int weeks = 60;
    const auto r = line_measures(weeks);
    REQUIRE(r.cube.total(Measure::county_lines_closed, 0, weeks) > 100);
    REQUIRE(r.cube.total(Measure::closure_arrests, 0, weeks) > 100);
    REQUIRE(r.cube.total(Measure::closure_referrals, 0, weeks) > 100);
    CHECK(same_measure(r, Measure::county_lines_opened));
    for (const Measure measure : {Measure::county_lines_closed, Measure::closure_arrests, Measure::closure_referrals}) {
        CAPTURE(info(measure).name);
        CHECK(r.cube.total(measure, 0, weeks) == r.expected.total(measure, 0, weeks));
    }
}

// Known fault: measure_week() (sim/phases/measurement.cpp) finds the market of line_closed,
// holder_charged, external_runner_arrested and at-closure arrest and referral events by reading
// lines.market_area[line] after the step, but enter_lines() (sim/phases/county_lines.cpp) may
// already have reused the closed line's slot for a new line in another market that same week.
TEST_CASE("measures: closures, closure arrests and closure referrals are counted in the market of the line that closed") {
    constexpr int weeks = 60;
    const auto r = line_measures(weeks);
    CAPTURE(r.slot_reused_elsewhere);
    REQUIRE(r.cube.total(Measure::county_lines_closed, 0, weeks) > 100);
    for (const Measure measure : {Measure::county_lines_closed, Measure::closure_arrests, Measure::closure_referrals}) {
        CAPTURE(info(measure).name);
        CHECK(same_measure(r, measure));
    }
}

TEST_CASE("market violence: incidents carry drug_market and county_lines, reach knife admissions, and an outside offender's incident counts in the victim's cell") {
    const auto p = violent_markets();
    Model m(p, plan);
    const auto& pop = m.population();
    const auto& cl = m.county_lines();
    constexpr int weeks = 60;
    MeasureCube cube(weeks, 2), expected(weeks, 2);
    std::vector<std::uint32_t> knife_by_week_area(static_cast<std::size_t>(weeks) * 2, 0);
    double market = 0, outside = 0, market_admissions = 0;
    bool flags_agree = true, outside_is_market = true, knife_tally = true;
    for (int week = 0; week < weeks; ++week) {
        m.step();
        m.measure(cube, week);
        auto add = [&](Measure measure, std::uint32_t v) {
            ++expected.at(measure, week, pop.area[v], age_band(pop.age_weeks[v] / weeks_per_year));
        };
        for (const Event& e : m.events()) {
            const bool knife = e.flags & incident_flag::knife, drugs = e.flags & incident_flag::drug_market;
            if (e.type == EventType::violent_incident) {
                const auto who = e.agent != no_agent ? e.agent : e.other;  // the victim's cell if no offender
                add(Measure::violent_incidents, who);
                if (knife) add(Measure::knife_incidents, who);
                if (knife) ++knife_by_week_area[static_cast<std::size_t>(week) * 2 + pop.area[who]];
                if (drugs) {
                    market += 1;
                    flags_agree &= (e.flags & incident_flag::county_lines) != 0;
                    add(Measure::drug_market_violent_incidents, e.other);
                    if (knife) add(Measure::county_lines_knife_incidents, e.other);
                }
                if (e.agent == no_agent) {
                    outside += 1;
                    outside_is_market &= drugs;
                }
            }
            if (e.type == EventType::hospital_admission) {
                if (knife) add(Measure::hospital_admissions_knife_assault_u25, e.agent);
                market_admissions += knife && drugs && (e.flags & incident_flag::county_lines);
            }
        }
        // The knife tally that attracts new lines: the last 52 weeks' knife incidents by area.
        for (int a = 0; a < 2; ++a) {
            std::uint32_t year = 0;
            for (int k = std::max(0, week - weeks_per_year + 1); k <= week; ++k) year += knife_by_week_area[static_cast<std::size_t>(k) * 2 + a];
            knife_tally &= cl.knife_incidents.last_year(a) == year;
        }
    }
    CAPTURE(market, outside, market_admissions);
    REQUIRE(market > 200);
    REQUIRE(outside > 50);
    CHECK(market_admissions > 0);
    CHECK(flags_agree);
    CHECK(outside_is_market);
    CHECK(knife_tally);
    for (const Measure measure : {Measure::violent_incidents, Measure::knife_incidents, Measure::drug_market_violent_incidents,
                                  Measure::county_lines_knife_incidents, Measure::hospital_admissions_knife_assault_u25}) {
        CAPTURE(info(measure).name);
        const auto got = cube.measure(measure), want = expected.measure(measure);
        CHECK(std::equal(got.begin(), got.end(), want.begin(), want.end()));
    }
}

TEST_CASE("measures: with county lines disabled every county-lines measure is zero, and with them enabled none is") {
    auto p = violent_markets();
    p.run.weeks = 40;
    const auto first = static_cast<int>(Measure::exploitation_approaches);
    const auto last = static_cast<int>(Measure::cuckooed_homes);  // the programme's measures follow
    auto totals = [&](bool enabled) {
        p.county_lines.enabled = enabled;
        const auto result = run_replicate(p, plan);
        std::vector<std::uint64_t> t;
        for (int i = first; i <= last; ++i) t.push_back(result.measures.total(static_cast<Measure>(i), 0, p.run.weeks));
        return t;
    };
    const auto off = totals(false), on = totals(true);
    for (int i = first; i <= last; ++i) {
        CAPTURE(info(static_cast<Measure>(i)).name);
        CHECK(off[i - first] == 0);
        CHECK(on[i - first] > 0);
    }
}
