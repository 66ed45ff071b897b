// Targeting rules, allocation, group and place effects of the programme's interventions
// (sim/programme/targeting.hpp, interventions.hpp; docs/model.md 7.14).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "programme_fixture.hpp"
#include "sim/programme/interventions.hpp"

using namespace vrusim;
using vrusim::testing::programme_sample;
using vrusim::testing::run_into_report;

namespace {

InterventionSpec outreach(double places) {
    InterventionSpec in;
    in.name = "outreach";
    in.places_per_year = places;
    in.take_up = 1;
    in.duration_weeks = 52;
    return in;
}

}  // namespace

TEST_CASE("targeting: everyone started meets the trait, recent-event, deprivation and risk rules") {
    Parameters p = programme_sample();
    InterventionSpec in = outreach(1e6);
    in.requires_trait = "no_trusted_adult";
    in.recent_event = "victimised";
    in.recent_weeks = 26;
    in.min_deprivation = 0.6;
    in.min_risk = 2;
    p.programme.interventions = {in};
    Model m(p, RunPlan{0, 0, p.run.seed});
    run_into_report(m, p, 1);
    const World& w = m.world();
    int started = 0;
    for (const Event& e : m.events()) {
        if (e.type != EventType::programme_start) continue;
        ++started;
        const auto v = e.agent;
        CHECK_FALSE(w.pop.traits[v] & trait::trusted_adult);
        CHECK(weeks_since(w.pop.last_victimised[v], w.week) < 26);
        CHECK(w.layout.neighbourhood_deprivation[w.pop.neighbourhood[v]] >= 0.6f);
        CHECK(risk_score(w, v) >= 2);  // the participant's effect is 1: the same score as when offered
    }
    CHECK(started > 5);  // 17 with seed 1: the rules leave few of a 5% sample
}

TEST_CASE("targeting: highest_risk serves the eligible in order of risk, first_reached does not") {
    // One week's places (100 a year at a 5% sample, released weekly: a couple a week) among all
    // 10-24s: with highest_risk everyone started that week has a risk score at least that of
    // everyone eligible who did not start.
    Parameters p = programme_sample();
    InterventionSpec in = outreach(52 * 40 / 0.05);  // 40 places a week in the sample
    in.allocation = "highest_risk";
    p.programme.interventions = {in};
    Model m(p, RunPlan{0, 0, p.run.seed});
    run_into_report(m, p, 1);
    const World& w = m.world();
    std::set<std::uint32_t> started;
    for (const Event& e : m.events())
        if (e.type == EventType::programme_start) started.insert(e.agent);
    REQUIRE(started.size() == 40);
    double lowest_started = 1e300, highest_other = 0;
    for (std::uint32_t v = 0; v < w.pop.size(); ++v) {
        if (w.pop.states[v] & state::gone) continue;
        if (started.contains(v)) lowest_started = std::min(lowest_started, risk_score(w, v));
        else if (!taking_part(w.pop, v, w.week)) highest_other = std::max(highest_other, risk_score(w, v));
    }
    CHECK(lowest_started >= highest_other);
}

TEST_CASE("targeting: a group effect brings a participant's co-offenders in, without places") {
    Parameters p = programme_sample();
    InterventionSpec in = outreach(52 * 20 / 0.05);  // 20 places a week in the sample
    in.requires_state = "recent_offender";
    in.reaches_co_offenders = true;
    p.programme.interventions = {in};
    Model m(p, RunPlan{0, 0, p.run.seed});
    run_into_report(m, p, 1);
    const auto& pop = m.population();
    std::set<std::uint32_t> started;
    for (const Event& e : m.events())
        if (e.type == EventType::programme_start) started.insert(e.agent);
    REQUIRE(started.size() == 20);
    int with_them = 0;
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        if (pop.programme[v] != 1 || started.contains(v)) continue;
        ++with_them;
        // A co-offender of someone who started, on the same stay.
        bool tied = false;
        for (const auto s : started)
            for (int k = 0; k < pop.co_offender_capacity; ++k)
                if (pop.co_offenders[static_cast<std::size_t>(s) * pop.co_offender_capacity + k] == person_id(pop, v) &&
                    pop.programme_until[v] == pop.programme_until[s])
                    tied = true;
        CHECK(tied);
    }
    CHECK(with_them > 0);
}

TEST_CASE("targeting: hot places cover the neighbourhoods with most violence, and act on their residents") {
    // Twenty neighbourhoods where nobody offends or is victimised while covered: the week after
    // they are chosen, no resident of a covered neighbourhood is an offender or a victim. The
    // count is scaled like places (a 5% sample has a twentieth of the neighbourhoods): 400 at full
    // scale.
    Parameters p = programme_sample();
    InterventionSpec in;
    in.name = "patrols";
    in.trigger = "hot_places";
    in.hot_places = 400;
    in.rr_offending = 0;
    in.rr_victimisation = 0;
    in.cost_fixed_per_year = 1;
    p.programme.interventions = {in};
    Model m(p, RunPlan{0, 0, p.run.seed});
    run_into_report(m, p, 1);
    const World& w = m.world();
    const auto& covered = w.programme->place_rr_offending;
    const auto n = std::count(covered.begin(), covered.end(), 0.0f);
    CHECK(n == 20);
    // The covered have at least the recent violence of any other.
    double lowest_covered = 1e300, highest_other = 0;
    for (std::size_t nb = 0; nb < covered.size(); ++nb)
        (covered[nb] == 0 ? lowest_covered : highest_other) =
            covered[nb] == 0 ? std::min(lowest_covered, w.programme->recent_violence[nb])
                             : std::max(highest_other, w.programme->recent_violence[nb]);
    CHECK(lowest_covered >= highest_other);
    std::vector<float> chosen = covered;
    m.step();
    int in_places = 0;
    for (const Event& e : m.events()) {
        if (e.type != EventType::violent_incident) continue;
        if (e.agent != no_agent && chosen[w.pop.neighbourhood[e.agent]] == 0) ++in_places;
        if (e.other != no_agent && chosen[w.pop.neighbourhood[e.other]] == 0) ++in_places;
    }
    CHECK(in_places == 0);
}

TEST_CASE("targeting: an intervention can stop participants complying when asked to run drugs") {
    Parameters p = programme_sample();
    InterventionSpec in = outreach(1e7);
    in.end_week = 1;
    in.duration_weeks = 520;
    in.rr_exploitation = 0;
    p.programme.interventions = {in};
    Model m(p, RunPlan{0, 0, p.run.seed});
    run_into_report(m, p, 1);
    int approached = 0, started = 0;
    for (int week = 0; week < 8; ++week) {
        m.step();
        for (const Event& e : m.events()) {
            // Taking part now (a geometric stay of mean 520 weeks ends within the 8 for about 1.5%).
            if (e.agent == no_agent || !taking_part(m.population(), e.agent, m.world().week)) continue;
            approached += e.type == EventType::exploitation_approach;
            started += e.type == EventType::exploitation_started;
        }
    }
    CHECK(approached > 50);
    CHECK(started == 0);
}

TEST_CASE("targeting: outreach offers each eligible person at most once a week, and all of them when places allow") {
    // Half decline, so the declined stay eligible and could be drawn again; more places than
    // knife carriers (a few hundred in a 5% sample): the draws find most of them and the scan
    // the rest, and every carrier left eligible was offered once.
    Parameters p = programme_sample();
    InterventionSpec in = outreach(1e8);
    in.take_up = 0.5;
    in.requires_state = "carrying";
    p.programme.interventions = {in};
    Model m(p, RunPlan{0, 0, p.run.seed});
    run_into_report(m, p, 1);
    const World& w = m.world();
    std::vector<int> offers(w.pop.size(), 0);
    int started = 0;
    for (const Event& e : m.events()) {
        if (e.type == EventType::programme_offer) ++offers[e.agent];
        started += e.type == EventType::programme_start;
    }
    CHECK(std::ranges::all_of(offers, [](int n) { return n <= 1; }));
    const Reach c = decode_reach(p, in);
    int declined = 0;
    for (std::uint32_t v = 0; v < w.pop.size(); ++v)
        if (eligible(w, in, c, v)) {
            ++declined;
            CHECK(offers[v] == 1);
        }
    // About half of some hundreds take it up: both outcomes are common.
    CHECK(started > 50);
    CHECK(declined > 50);
}

TEST_CASE("targeting: outreach reaches the eligible across the whole area, not the first slots") {
    // 200 places in one week among all 10-24s: the share started among the first half of the
    // slots is the first half's share of the eligible, within 4 binomial standard deviations.
    Parameters p = programme_sample();
    InterventionSpec in = outreach(52 * 200 / 0.05);
    p.programme.interventions = {in};
    Model m(p, RunPlan{0, 0, p.run.seed});
    for (int week = 0; week < p.run.burn_in_weeks; ++week) m.step();
    const World& w = m.world();
    const Reach c = decode_reach(p, in);
    const std::uint32_t half = w.pop.size() / 2;
    double eligible_first = 0, eligible_all = 0;
    for (std::uint32_t v = 0; v < w.pop.size(); ++v)
        if (eligible(w, in, c, v)) eligible_all += 1, eligible_first += v < half;
    m.step();
    int started = 0, started_first = 0;
    for (const Event& e : m.events())
        if (e.type == EventType::programme_start) ++started, started_first += e.agent < half;
    REQUIRE(started == 200);
    const double share = eligible_first / eligible_all;
    CHECK(std::abs(started_first - 200 * share) <= 4 * std::sqrt(200 * share * (1 - share)));
}
