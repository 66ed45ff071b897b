// Peer influence and weapon carrying in isolation: infection chances and spells.
// Each mechanism in isolation against its analytical expectation. Seeds are fixed; every
// statistical tolerance is 5 standard errors of the binomial (or Poisson, geometric) sampling
// spread, stated beside it, so a correct model fails about once in 3.5 million checks.
#include <catch2/catch.hpp>

#include "mechanisms_fixture.hpp"

using namespace vrusim;
using namespace vrusim::testing::mechanisms;

TEST_CASE("peer influence: infection share with k offending ties is 1-(1-p)^k") {
    auto p = isolated(1500);
    p.peer_influence.enabled = true;
    p.peer_influence.p_transmission_per_tie_week = 0.2;
    Model m(p, plan);
    World& w = m.world();
    auto& pop = m.population();
    const auto n = pop.size();
    const double q = p.peer_influence.p_transmission_per_tie_week;
    std::map<int, double> exposed, infected;
    double expected_total = 0, variance_total = 0, infected_total = 0;
    for (int round = 0; round < 10; ++round) {
        // A fresh week: everyone susceptible, one in ten a recent offender.
        for (std::uint32_t v = 0; v < n; ++v) {
            pop.states[v] &= static_cast<std::uint16_t>(~(state::influenced | state::resistant | state::recent_offender));
            if (chosen(v, round, 0.1)) pop.states[v] |= state::recent_offender;
        }
        std::vector<int> k(n);
        for (std::uint32_t v = 0; v < n; ++v) k[v] = active_ties_with(m, v, state::recent_offender);
        w.week = 100 + round;
        take_snapshot(w);
        peer_processes(w);
        for (std::uint32_t v = 0; v < n; ++v) {
            const bool now = pop.states[v] & state::influenced;
            exposed[k[v]] += 1;
            infected[k[v]] += now;
            const double pk = 1 - std::pow(1 - q, k[v]);
            expected_total += pk;
            variance_total += pk * (1 - pk);
            infected_total += now;
        }
    }
    CHECK(infected[0] == 0);
    REQUIRE(exposed[1] > 1000);
    REQUIRE(exposed[2] > 1000);
    CHECK(share_near(infected[1], exposed[1], q));                      // binomial, 5 standard errors
    CHECK(share_near(infected[2], exposed[2], 1 - (1 - q) * (1 - q)));  // binomial, 5 standard errors
    CHECK(share_near(infected[3], exposed[3], 1 - std::pow(1 - q, 3)));  // binomial, 5 standard errors
    // All agents together: a sum of independent Bernoulli(1-(1-p)^k); 5 standard deviations.
    CHECK(std::abs(infected_total - expected_total) < 5 * std::sqrt(variance_total));
}

TEST_CASE("peer influence: spells last duration_mean_weeks on average and 1 - p_resusceptible of those recovering become resistant") {
    auto p = isolated(1500);
    p.peer_influence.enabled = true;
    p.peer_influence.p_transmission_per_tie_week = 0.5;
    p.peer_influence.duration_mean_weeks = 20;
    p.peer_influence.p_resusceptible = 0.3;
    Model m(p, plan);
    World& w = m.world();
    auto& pop = m.population();
    const auto n = pop.size();
    for (std::uint32_t v = 0; v < n; ++v) {
        pop.states[v] &= static_cast<std::uint16_t>(~(state::influenced | state::resistant | state::recent_offender));
        if (chosen(v, 0, 0.2)) pop.states[v] |= state::recent_offender;
    }
    constexpr int start = 50;
    w.week = start;
    take_snapshot(w);
    peer_processes(w);
    std::vector<std::uint32_t> spell;
    for (std::uint32_t v = 0; v < n; ++v) {
        if (pop.states[v] & state::influenced) spell.push_back(v);
        pop.states[v] &= static_cast<std::uint16_t>(~state::recent_offender);  // no more sources
    }
    REQUIRE(spell.size() > 1000);
    std::vector<int> ended(n, 0);
    double weeks_sum = 0, recovered = 0, resistant = 0;
    for (int week = start + 1; week <= start + 400; ++week) {
        w.week = week;
        take_snapshot(w);
        peer_processes(w);
        for (const auto v : spell) {
            if (ended[v] || (pop.states[v] & state::influenced)) continue;
            ended[v] = week;
            weeks_sum += week - start;
            recovered += 1;
            resistant += (pop.states[v] & state::resistant) != 0;
        }
    }
    // Spells shorter than 400 weeks: all but (19/20)^400, about 1e-9.
    CHECK(recovered == static_cast<double>(spell.size()));
    // Geometric spell, variance D(D-1); 5 standard errors of the mean.
    const double d = p.peer_influence.duration_mean_weeks;
    CHECK(std::abs(weeks_sum / recovered - d) < 5 * std::sqrt(d * (d - 1) / recovered));
    CHECK(share_near(resistant, recovered, 1 - p.peer_influence.p_resusceptible));  // binomial, 5 SE
}

TEST_CASE("weapons: weekly start probability with k carrying ties is 1-(1-p0)(1-q)^k, p0 from start_rate_per_year") {
    auto p = isolated(1500);
    p.weapons.enabled = true;
    p.weapons.start_rate_per_year = 5.2;
    p.weapons.p_transmission_per_tie_week = 0.15;
    Model m(p, plan);
    World& w = m.world();
    auto& pop = m.population();
    const auto n = pop.size();
    const double p0 = 1 - std::exp(-p.weapons.start_rate_per_year / 52);  // Poisson rate to weekly probability
    const double q = p.weapons.p_transmission_per_tie_week;
    std::map<int, double> exposed, started;
    bool stamped = true;
    for (int round = 0; round < 8; ++round) {
        std::vector<bool> source(n);
        for (std::uint32_t v = 0; v < n; ++v) {
            source[v] = chosen(v, round, 0.1);
            pop.states[v] &= static_cast<std::uint16_t>(~state::carrying);
            if (source[v]) {
                pop.states[v] |= state::carrying;
                pop.carry_until[v] = 30000;
            }
        }
        std::vector<int> k(n);
        for (std::uint32_t v = 0; v < n; ++v) k[v] = active_ties_with(m, v, state::carrying);
        w.week = 100 + round;
        take_snapshot(w);
        peer_processes(w);
        for (std::uint32_t v = 0; v < n; ++v) {
            if (source[v]) continue;
            exposed[k[v]] += 1;
            started[k[v]] += (pop.states[v] & state::carrying) != 0;
            if (pop.states[v] & state::carrying) stamped &= pop.last_carried[v] == w.now();
        }
    }
    CHECK(stamped);
    for (int k = 0; k <= 2; ++k) {
        CAPTURE(k);
        REQUIRE(exposed[k] > 1000);
        CHECK(share_near(started[k], exposed[k], 1 - (1 - p0) * std::pow(1 - q, k)));  // binomial, 5 SE
    }
}

TEST_CASE("weapons: carrying spells last duration_mean_weeks on average") {
    auto p = isolated(1500);
    p.weapons.enabled = true;
    p.weapons.start_rate_per_year = 26;  // about 40% start in the first week
    p.weapons.p_transmission_per_tie_week = 0;
    p.weapons.duration_mean_weeks = 13;
    Model m(p, plan);
    World& w = m.world();
    auto& pop = m.population();
    const auto n = pop.size();
    for (std::uint32_t v = 0; v < n; ++v) pop.states[v] &= static_cast<std::uint16_t>(~state::carrying);
    constexpr int start = 20;
    w.week = start;
    take_snapshot(w);
    peer_processes(w);
    std::vector<std::uint32_t> carriers;
    for (std::uint32_t v = 0; v < n; ++v)
        if (pop.states[v] & state::carrying) carriers.push_back(v);
    REQUIRE(carriers.size() > 1000);
    // The start rate is a Poisson rate: 1 - exp(-26/52) = 39% start in a week, not 26/52 = 50%.
    CHECK(share_near(static_cast<double>(carriers.size()), n, 1 - std::exp(-p.weapons.start_rate_per_year / 52)));  // binomial, 5 SE
    std::vector<bool> ended(n, false);
    double weeks_sum = 0, spells = 0;
    for (int week = start + 1; week <= start + 300; ++week) {
        w.week = week;
        take_snapshot(w);
        peer_processes(w);
        // A spell that ends is not followed by a new start in the same week, so the first week a
        // carrier is seen not carrying ends the first spell.
        for (const auto v : carriers) {
            if (ended[v] || (pop.states[v] & state::carrying)) continue;
            ended[v] = true;
            weeks_sum += week - start;
            spells += 1;
        }
    }
    CHECK(spells == static_cast<double>(carriers.size()));  // all end within 300 weeks but (12/13)^300
    // Geometric spell, variance D(D-1); 5 standard errors of the mean.
    const double d = p.weapons.duration_mean_weeks;
    CHECK(std::abs(weeks_sum / spells - d) < 5 * std::sqrt(d * (d - 1) / spells));
}

TEST_CASE("weapons: a share p_start_after_victimisation of injured victims not carrying start carrying, and uninjured ones do not") {
    auto p = isolated(1000);
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 25;
    p.weapons.enabled = true;
    p.weapons.start_rate_per_year = 0;  // fear is the only route
    p.weapons.p_transmission_per_tie_week = 0;
    p.weapons.initial_prevalence = 0;
    p.weapons.p_start_after_victimisation = 0.25;
    Model m(p, plan);
    const auto& pop = m.population();
    double trials = 0, started = 0, uninjured_started = 0;
    for (int week = 0; week < 30; ++week) {
        std::vector<bool> carrying_before;
        step_phases(m, week, [&] {
            carrying_before.assign(pop.size(), false);
            for (std::uint32_t v = 0; v < pop.size(); ++v) carrying_before[v] = pop.states[v] & state::carrying;
        });
        std::set<std::uint32_t> injured, uninjured;
        for (const Event& e : m.events())
            if (e.type == EventType::victimisation) (e.flags & incident_flag::injury ? injured : uninjured).insert(e.agent);
        for (const auto v : injured) {
            if (carrying_before[v]) continue;
            trials += 1;
            started += (pop.states[v] & state::carrying) != 0;
        }
        for (const auto v : uninjured)
            if (!carrying_before[v] && !injured.count(v)) uninjured_started += (pop.states[v] & state::carrying) != 0;
    }
    REQUIRE(trials > 2000);
    CHECK(share_near(started, trials, p.weapons.p_start_after_victimisation));  // binomial, 5 SE
    CHECK(uninjured_started == 0);
}
