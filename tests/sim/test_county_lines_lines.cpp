// County lines' bookkeeping, closure, replacement and displacement.
// County lines and exploitation (sim/county_lines.*, sim/phases/county_lines.cpp, exploitation.cpp):
// the bookkeeping of lines, runners and trap houses; recruitment, closure, replacement and
// safeguarding against their configured rates; market violence in the measures. Seeds are fixed;
// every statistical tolerance is 4 standard errors of the sampling spread named beside it, so a
// correct model fails about once in 16,000 checks.
#include <catch2/catch.hpp>

#include "county_lines_fixture.hpp"

using namespace vrusim;
using namespace vrusim::testing::county_lines_tests;

TEST_CASE("county lines: step_phases matches Model::step") {
    const auto p = violent_markets();
    Model a(p, plan), b(p, plan);
    for (int week = 0; week < 15; ++week) {
        a.step();
        step_phases(b, week);
    }
    CHECK(a.state_hash() == b.state_hash());
}

TEST_CASE("county lines: runner lists, runner states, trap houses and refilled slots stay consistent every week") {
    const auto p = violent_markets();
    Model m(p, plan);
    const auto& pop = m.population();
    const auto& lines = m.county_lines().lines;
    constexpr int weeks = 80;
    std::vector<std::string> faults;
    std::size_t opened = 0, charged = 0, folded = 0, cuckooed = 0, joined = 0, runner_refills = 0, market_homicides = 0,
                runners_in_custody = 0, newcomers = 0;
    bool newcomers_clean = true;
    int max_live = 0;
    for (int week = 0; week < weeks; ++week) {
        const auto generation = pop.generation;
        std::vector<bool> was_runner(pop.size());
        for (std::uint32_t v = 0; v < pop.size(); ++v) was_runner[v] = has(pop.states[v], state::runner);
        step_phases(m, week, [&] {
            for (std::uint32_t v = 0; v < pop.size(); ++v) {
                if (pop.generation[v] == generation[v]) continue;
                ++newcomers;
                runner_refills += was_runner[v];
                newcomers_clean &= clean_newcomer(pop, v);
            }
        });
        for (const auto& f : bookkeeping_faults(m, week).found)
            if (faults.size() < 20) faults.push_back(f);
        for (const Event& e : m.events()) {
            opened += e.type == EventType::line_opened;
            charged += e.type == EventType::line_closed && (e.flags & incident_flag::holder_charged);
            folded += e.type == EventType::line_closed && !(e.flags & incident_flag::holder_charged);
            cuckooed += e.type == EventType::home_cuckooed;
            joined += e.type == EventType::exploitation_started && e.other != no_agent;
            market_homicides += e.type == EventType::homicide && (e.flags & incident_flag::drug_market);
            runners_in_custody += e.type == EventType::custody && has(pop.states[e.agent], state::runner);
        }
        int live = 0;
        for (std::uint32_t l = 0; l < lines.capacity(); ++l) live += lines.live(l);
        max_live = std::max(max_live, live);
    }
    INFO("opened " << opened << ", charged " << charged << ", folded " << folded << ", cuckooed " << cuckooed
                   << ", joined " << joined << ", runner slots refilled " << runner_refills << ", market homicides "
                   << market_homicides << ", runners into custody (still listed) " << runners_in_custody
                   << ", most lines live " << max_live);
    // The run exercises every path the invariants cover: lines opened, charged and folded, homes
    // taken over, runners joining, locked up, killed, and their slots refilled.
    REQUIRE(opened > 100);
    REQUIRE(charged > 50);
    REQUIRE(folded > 5);
    REQUIRE(cuckooed > 50);
    REQUIRE(joined > 300);
    REQUIRE(runners_in_custody > 0);
    REQUIRE(market_homicides > 0);
    REQUIRE(runner_refills > 0);
    REQUIRE(newcomers > 100);
    CHECK(newcomers_clean);
    std::string all;
    for (const auto& f : faults) all += f + "\n";
    INFO(all);
    CHECK(faults.empty());
}

// A runner killed in their own runner week (robbery or punishment) is dropped from the list by
// runner_weeks() and must leave the runner state too, or the dead slot keeps state::runner and
// cl_line until it is refilled, and could be referred as that line's runner (a bug once).
TEST_CASE("county lines: a runner killed in their runner week leaves the line's list and the runner state together") {
    const auto p = violent_markets();
    Model m(p, plan);
    std::vector<std::string> faults;
    for (int week = 0; week < 40; ++week) {
        m.step();
        for (const auto& f : bookkeeping_faults(m, week).dead_runner_unlisted)
            if (faults.size() < 10) faults.push_back(f);
    }
    std::string all;
    for (const auto& f : faults) all += f + "\n";
    INFO(all);
    CHECK(faults.empty());
}

TEST_CASE("closure: a charged holder closes the line as Type 1 the same week, with runner arrests and referrals in the configured proportions") {
    auto p = quiet_lines();
    p.county_lines.closure_rate_per_week = 0.08;
    p.county_lines.enforcement_timeline = {window("", -1000, 30000, 0, 3.0)};  // intensified throughout
    const auto& c = p.county_lines;
    Model m(p, plan);
    const auto& pop = m.population();
    const auto& lines = m.county_lines().lines;
    double closures = 0, runners = 0, arrested = 0, referred = 0, externals = 0, externals_arrested = 0;
    bool type1_pairs = true, arrests_of_members = true, referrals_of_members = true, closed_now = true;
    for (int week = 0; week < 100; ++week) {
        const LineTable before = lines;
        m.step();
        std::map<std::uint32_t, int> present;  // Type 1 closures this week: line -> runners it had
        std::map<std::uint32_t, int> charged;  // holder_charged events by line
        for (const Event& e : m.events()) {
            if (e.type == EventType::holder_charged) ++charged[e.agent];
            if (e.type != EventType::line_closed || !(e.flags & incident_flag::holder_charged)) continue;
            const auto l = e.agent;
            closed_now &= before.state[l] == LineState::active || before.state[l] == LineState::disrupted;
            int n = 0;
            for (int i = 0; i < before.n_runners[l]; ++i) {
                const auto id = before.runners_of(l)[i];
                n += person_id(pop, static_cast<std::uint32_t>(id)) == id;
            }
            present[l] = n;
            closures += 1;
            runners += n;
            externals += before.external_runners[l];
        }
        for (const auto& [l, n] : charged) type1_pairs &= n == 1 && present.count(l) == 1;
        type1_pairs &= charged.size() == present.size();
        auto member = [&](const Event& e) {
            const auto* list = before.runners_of(e.other);
            return present.count(e.other) == 1 &&
                   std::find(list, list + before.n_runners[e.other], person_id(pop, e.agent)) != list + before.n_runners[e.other];
        };
        for (const Event& e : m.events()) {
            if (e.type == EventType::arrest && (e.flags & incident_flag::at_closure)) {
                arrests_of_members &= member(e) && (e.flags & incident_flag::county_lines);
                arrested += 1;
            }
            if (e.type == EventType::safeguarding_referral && (e.flags & incident_flag::at_closure)) {
                referrals_of_members &= member(e);
                referred += 1;
            }
            if (e.type == EventType::external_runner_arrested) {
                closed_now &= present.count(e.agent) == 1;
                externals_arrested += 1;
            }
        }
    }
    CAPTURE(closures, runners, arrested / runners, referred / runners, externals, externals_arrested / externals);
    CHECK(type1_pairs);
    CHECK(closed_now);
    CHECK(arrests_of_members);
    CHECK(referrals_of_members);
    REQUIRE(closures > 300);
    REQUIRE(runners > 1000);
    REQUIRE(externals > 300);
    // Each runner present is arrested, and separately referred, with its own draw: binomial, 4 SE.
    CHECK(share_near(arrested, runners, c.p_runner_arrest_at_closure));
    CHECK(share_near(referred, runners, c.p_runner_referral_at_closure));
    CHECK(share_near(externals_arrested, externals, c.p_runner_arrest_at_closure));
}

TEST_CASE("closure: the timeline sets each area's enforcement multipliers in exactly its listed weeks, counted from the first reported week") {
    auto p = two_areas();
    p.run.burn_in_weeks = 6;
    auto north = window("North", 3, 2, 5, 4.0);  // reported weeks 3-4, 8-9, 13-14, ...
    north.runner_arrest_rr = 2;
    north.cuckoo_visit_rr = 3;
    north.identification_rr = 5;
    const auto everywhere = window("", -2, 4, 0, 1.5);  // reported weeks -2..1 (in the burn-in), once
    p.county_lines.enforcement_timeline = {north, everywhere};
    Model m(p, plan);
    const auto& cl = m.county_lines();
    for (int week = 0; week < 30; ++week) {
        m.step();
        const int reported = week - p.run.burn_in_weeks;
        CAPTURE(week, reported);
        const bool in_north = reported >= 3 && (reported - 3) % 5 < 2;
        const bool in_all = reported >= -2 && reported <= 1;
        const double all = in_all ? 1.5 : 1.0;
        CHECK(cl.enforcement[0].closure == Approx((in_north ? 4.0 : 1.0) * all));
        CHECK(cl.enforcement[0].runner_arrest == (in_north ? 2.0 : 1.0));
        CHECK(cl.enforcement[0].cuckoo_visit == (in_north ? 3.0 : 1.0));
        CHECK(cl.enforcement[0].identification == (in_north ? 5.0 : 1.0));
        CHECK(cl.enforcement[1].closure == all);
        CHECK(cl.enforcement[1].runner_arrest == 1.0);
        CHECK(cl.enforcement[1].cuckoo_visit == 1.0);
        CHECK(cl.enforcement[1].identification == 1.0);
    }
}

TEST_CASE("closure: closure_rr m in a window scales the weekly closure hazard by m^gamma in that area and those weeks only") {
    auto p = quiet_lines();
    const double m_rr = 8, c = 0.04;
    p.county_lines.closure_rate_per_week = c;
    p.county_lines.enforcement_timeline = {window("North", 0, 5, 10, m_rr)};
    const double gamma = p.county_lines.enforcement_gamma;
    Model m(p, plan);
    const auto& lines = m.county_lines().lines;
    // [area][in window]: line-weeks at risk (active or disrupted when the week starts) and closures.
    double at_risk[2][2] = {}, closed[2][2] = {};
    for (int week = 0; week < 120; ++week) {
        const LineTable before = lines;
        m.step();
        const bool in_window = week % 10 < 5;
        for (std::uint32_t l = 0; l < before.capacity(); ++l)
            if (before.state[l] == LineState::active || before.state[l] == LineState::disrupted)
                at_risk[before.market_area[l]][in_window] += 1;
        for (const Event& e : m.events())
            if (e.type == EventType::line_closed && (e.flags & incident_flag::holder_charged))
                closed[before.market_area[e.agent]][in_window] += 1;
    }
    const double base = -std::expm1(-c), raised = -std::expm1(-c * std::pow(m_rr, gamma));
    for (int a = 0; a < 2; ++a)
        for (int in = 0; in < 2; ++in) {
            CAPTURE(a, in, at_risk[a][in], closed[a][in] / at_risk[a][in]);
            REQUIRE(at_risk[a][in] > 500);
            // Each line-week at risk closes with its own draw: binomial, 4 SE.
            CHECK(share_near(closed[a][in], at_risk[a][in], a == 0 && in ? raised : base));
        }
}

TEST_CASE("replacement: after a sweep of closures new lines enter the emptied markets, and a replacement keeps the closed line's brand p_brand_reuse of the time") {
    auto p = quiet_lines();
    p.county_lines.closure_rate_per_week = 0.01;
    p.county_lines.beta_enforcement = 0;  // no deterrence: each market's capacity stays where it was
    // Every 15 weeks from week 20, one week in which every trading line's holder is charged.
    p.county_lines.enforcement_timeline = {window("", 20, 1, 15, 1e6)};
    const auto& c = p.county_lines;
    Model m(p, plan);
    const auto& cl = m.county_lines();
    const auto& lines = cl.lines;
    constexpr int weeks = 96;
    std::vector<int> last_closure_week(2, -1000), live_at_start(weeks), live_at_end(weeks), trading_at_start(weeks),
        type1(weeks), opened(weeks);
    std::vector<std::uint32_t> last_closure_brand(2, 0);
    double replacements = 0, reused = 0;
    std::uint32_t newest_brand = 0;
    bool fresh_brands_new = true;
    for (int week = 0; week < weeks; ++week) {
        const LineTable before = lines;
        m.step();
        for (std::uint32_t l = 0; l < before.capacity(); ++l) {
            trading_at_start[week] += before.state[l] == LineState::active || before.state[l] == LineState::disrupted;
            live_at_start[week] += before.live(l);
            live_at_end[week] += lines.live(l);
        }
        for (const Event& e : m.events()) {
            if (e.type == EventType::line_closed) {
                type1[week] += (e.flags & incident_flag::holder_charged) != 0;
                last_closure_week[before.market_area[e.agent]] = week;
                last_closure_brand[before.market_area[e.agent]] = before.brand[e.agent];
            }
            if (e.type != EventType::line_opened) continue;
            ++opened[week];
            // A line opened this week is still open, so its slot holds its market and brand.
            const auto market = lines.market_area[e.agent];
            const auto brand = lines.brand[e.agent];
            const bool replacement = week - last_closure_week[market] < 26;
            replacements += replacement;
            if (replacement && brand == last_closure_brand[market]) {
                reused += 1;
            } else {
                fresh_brands_new &= brand == newest_brand + 1;  // a new brand is the next one issued
                newest_brand = brand;
            }
        }
    }
    CHECK(fresh_brands_new);
    CHECK(newest_brand == cl.brands_issued);
    int sweeps = 0;
    for (int week = 20; week + 10 < weeks; week += 15) {
        CAPTURE(week, trading_at_start[week], type1[week], live_at_start[week], live_at_end[week + 10]);
        ++sweeps;
        REQUIRE(trading_at_start[week] > 15);
        CHECK(type1[week] == trading_at_start[week]);  // every trading line closed in the sweep
        int opened_after = 0;
        for (int k = 0; k <= 10; ++k) opened_after += opened[week + k];
        // Gaps fill at entry_rate x gap a week (0.5 here): after ten weeks all but about 0.5^10 of
        // the emptied capacity has been offered to new lines.
        CHECK(opened_after >= type1[week]);
        CHECK(live_at_end[week + 10] >= 0.8 * live_at_start[week]);
    }
    CHECK(sweeps == 5);
    CAPTURE(replacements, reused / replacements);
    REQUIRE(replacements > 150);
    CHECK(share_near(reused, replacements, c.p_brand_reuse));  // each replacement draws its own: binomial, 4 SE
}


TEST_CASE("displacement: with deterrence, heavy enforcement in one area moves new lines to the other") {
    // North's holders are charged far more often (a closure multiplier every other week); with
    // beta_enforcement its recent closures make it less attractive, so more of the new lines open
    // in South than without deterrence.
    auto share_opened_in_south = [](double beta) {
        auto p = quiet_lines();
        p.county_lines.beta_enforcement = beta;
        p.county_lines.enforcement_timeline = {window("North", 0, 1, 2, 20)};
        Model m(p, plan);
        double south = 0, all = 0;
        for (int week = 0; week < p.run.weeks; ++week) {
            m.step();
            for (const Event& e : m.events()) {
                if (e.type != EventType::line_opened) continue;
                all += 1;
                south += m.county_lines().lines.market_area[e.agent] == 1;
            }
        }
        return std::make_pair(south, all);
    };
    const auto [south_without, all_without] = share_opened_in_south(0);
    const auto [south_with, all_with] = share_opened_in_south(2);
    REQUIRE(all_without > 100);
    REQUIRE(all_with > 100);
    const double a = south_without / all_without, b = south_with / all_with;
    const double se = std::sqrt(a * (1 - a) / all_without + b * (1 - b) / all_with);
    CAPTURE(a, b, se, all_without, all_with);
    CHECK(b - a > z * se);
}
