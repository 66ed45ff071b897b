// Each mechanism in isolation against its analytical expectation. Seeds are fixed; every
// statistical tolerance is 5 standard errors of the binomial (or Poisson, geometric) sampling
// spread, stated beside it, so a correct model fails about once in 3.5 million checks.
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

using namespace vrusim;

namespace {

// One made-up area with `per_band` people in each five-year band, every mechanism off and every
// relative risk 1, so a test switches on exactly what it measures.
Parameters isolated(double per_band = 1000) {
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
bool share_near(double successes, double trials, double p) {
    return trials > 0 && std::abs(successes / trials - p) <= 5 * std::sqrt(p * (1 - p) / trials);
}

// Model::step() spelled out, with a hook before violence() so a test can see the states the
// incidents start from. Tests that use it never call step(), so weeks_done() is not advanced.
void step_phases(Model& m, int week, const std::function<void()>& before_violence = {}) {
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

std::size_t count_events(const Model& m, EventType type) {
    const auto events = m.events();
    return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [&](const Event& e) { return e.type == type; }));
}

// Number of v's active static ties whose state has any of `bits` (what count_exposure sees when
// the co-offending layer is empty).
int active_ties_with(const Model& m, std::uint32_t v, std::uint16_t bits) {
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
bool chosen(std::uint32_t v, int round, double share) {
    return rng::Stream(777, static_cast<std::uint32_t>(round), v, 0, rng::Purpose::synthesis_state).bernoulli(share);
}

}  // namespace

TEST_CASE("violence: with every factor at 1, incidents over W weeks are Poisson with mean N*W*base/52") {
    for (const double base : {2.0, 26.0}) {  // the short series (h < 0.05) and the library branch
        CAPTURE(base);
        auto p = isolated();
        p.violence.enabled = true;
        p.violence.base_rate_per_year = base;
        Model m(p, plan);
        const double n = m.population().size();
        constexpr int weeks = 20;
        double incidents = 0;
        for (int week = 0; week < weeks; ++week) {
            m.step();
            incidents += static_cast<double>(count_events(m, EventType::violent_incident));
        }
        // Each person's weekly count is Poisson(base/52) (capped at one a day, which these rates
        // do not reach), so the total is Poisson with mean N*W*base/52; 5 standard deviations.
        const double expected = n * weeks * base / 52;
        CHECK(std::abs(incidents - expected) < 5 * std::sqrt(expected));
    }
}

TEST_CASE("violence: the weekly incident count is Poisson, and 1 or more exactly when a yes/no draw says so") {
    // Over a fine grid of u the count's distribution is the Poisson pmf (capped at 7), and the
    // count is positive exactly for u < 1 - exp(-h), so the same u picks the same offenders.
    for (const double h : {0.001, 0.3, 2.0}) {
        CAPTURE(h);
        constexpr int grid = 1'000'000;
        std::array<double, 8> share{};
        bool same_offenders = true;
        for (int i = 0; i < grid; ++i) {
            const double u = (i + 0.5) / grid;
            const int k = poisson_count(h, u, 7);
            share[static_cast<std::size_t>(k)] += 1.0 / grid;
            same_offenders &= (k > 0) == (u < probability_of_any(h));
        }
        CHECK(same_offenders);
        double term = std::exp(-h), tail = 1;
        for (int k = 0; k < 7; ++k) {
            CAPTURE(k);
            CHECK(std::abs(share[static_cast<std::size_t>(k)] - term) < 2.0 / grid);  // the grid's resolution
            tail -= term;
            term *= h / (k + 1);
        }
        CHECK(std::abs(share[7] - tail) < 2.0 / grid);  // everything above the cap counts as 7
    }
}

TEST_CASE("violence: an accomplice is drawn from the offender's ties in proportion to their offending hazard") {
    // Groups of two, hazards proportional to a lognormal proneness alone. For each incident the
    // accomplice's expected proneness is sum(rr^2) / sum(rr) over the offender's available ties
    // (size-biased), about exp(sigma^2) = 2.7 times a uniform pick's; its variance follows too.
    auto p = isolated(2000);
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 0.5;
    p.violence.offending_proneness_sigma = 1.0;
    p.violence.group_size_pmf = {0, 1};
    Model m(p, plan);
    auto& pop = m.population();
    World& w = m.world();
    double observed = 0, expected = 0, variance = 0, uniform = 0;
    int incidents = 0;
    for (int week = 0; week < 12; ++week) {
        for (auto& id : pop.co_offenders) id = 0;  // only this week's accomplices are remembered
        // The ties' hazards before the week's incidents (nobody is taken into custody here).
        std::map<std::uint32_t, std::array<double, 4>> before;  // offender -> sums of rr^0..3 over ties
        step_phases(m, week, [&] {
            for (std::uint32_t v = 0; v < pop.size(); ++v) {
                if (!(w.marks[v] & mark::offends) || w.offences[v] != 1) continue;
                std::array<double, 4> sums{};
                for (std::uint32_t i = 0; i < tie_places(w, v); ++i)
                    if (const auto a = tie_at(w, v, i); a != no_agent && !(pop.states[a] & (state::in_custody | state::gone)))
                        for (int j = 0; j < 4; ++j) sums[static_cast<std::size_t>(j)] += std::pow(pop.static_rr[a], j);
                if (sums[0] > 0) before[v] = sums;
            }
        });
        for (const Event& e : m.events()) {
            if (e.type != EventType::violent_incident) continue;
            const auto it = before.find(e.agent);
            if (it == before.end()) continue;
            const auto id = pop.co_offenders[static_cast<std::size_t>(e.agent) * pop.co_offender_capacity];
            if (id == 0) continue;
            const auto& s = it->second;
            const double mean = s[2] / s[1];
            observed += pop.static_rr[static_cast<std::uint32_t>(id)];
            expected += mean;
            variance += s[3] / s[1] - mean * mean;
            uniform += s[1] / s[0];
            ++incidents;
        }
    }
    REQUIRE(incidents > 500);
    CHECK(std::abs(observed - expected) < 5 * std::sqrt(variance));
    CHECK(expected > 2 * uniform);  // the check can tell weighting from a uniform pick
}

TEST_CASE("violence: offending_hazard multiplies in each factor's configured relative risk") {
    Parameters p = isolated();
    p.factors = FactorParams{};  // the default relative risks, all different from 1
    p.violence.age_rr_10_13 = 0.33;
    p.violence.age_rr_18_24 = 0.8;
    p.contagion.enabled = true;  // builds the victimisation decay tables
    Model m(p, plan);
    World& w = m.world();
    auto& pop = m.population();
    const auto& f = p.factors;
    const std::uint32_t v = 17;
    w.week = 300;
    auto reset = [&] {
        pop.states[v] = 0;
        pop.traits[v] = static_cast<std::uint16_t>(pop.traits[v] & ~trait::substance_prone);
        pop.age_weeks[v] = 16 * weeks_per_year;
        pop.last_suspended[v] = pop.last_victimised[v] = pop.last_tie_victimised[v] = never;
    };
    reset();
    const double h0 = offending_hazard(w, v);
    CHECK(h0 == Approx(p.violence.base_rate_per_year / 52 * pop.static_rr[v]).epsilon(1e-12));
    auto ratio_with = [&](const std::function<void()>& set) {
        reset();
        set();
        const double h = offending_hazard(w, v);
        reset();
        return h / h0;
    };
    CHECK(ratio_with([&] { pop.states[v] |= state::ever_offended; }) == Approx(f.rr_prior_offending));
    CHECK(ratio_with([&] { pop.states[v] |= state::parent_in_prison; }) == Approx(f.rr_parent_in_prison));
    CHECK(ratio_with([&] { pop.states[v] |= state::influenced; }) == Approx(f.rr_violent_peers));
    CHECK(ratio_with([&] { pop.states[v] |= state::excluded; }) == Approx(f.rr_excluded));
    CHECK(ratio_with([&] { pop.states[v] |= state::neet; }) == Approx(f.rr_neet));
    CHECK(ratio_with([&] { pop.states[v] |= state::neet | state::ever_offended; }) == Approx(f.rr_neet * f.rr_prior_offending));
    CHECK(ratio_with([&] { pop.states[v] |= state::in_custody; }) == 0.0);
    CHECK(ratio_with([&] { pop.states[v] |= state::dead; }) == 0.0);
    // States that carry no hazard of their own.
    CHECK(ratio_with([&] { pop.states[v] |= state::carrying | state::resistant | state::recent_offender | state::ever_sanctioned; }) == Approx(1.0));

    // Suspension counts for suspension_recent_weeks weeks (13): weeks since 0..12.
    CHECK(ratio_with([&] { pop.last_suspended[v] = w.now(); }) == Approx(f.rr_suspended_recent));
    CHECK(ratio_with([&] { pop.last_suspended[v] = static_cast<std::int16_t>(w.week - 12); }) == Approx(f.rr_suspended_recent));
    CHECK(ratio_with([&] { pop.last_suspended[v] = static_cast<std::int16_t>(w.week - 13); }) == Approx(1.0));

    // Substance use from age 15.
    CHECK(ratio_with([&] { pop.traits[v] |= trait::substance_prone; }) == Approx(f.rr_substance_use));
    const double h14 = ratio_with([&] { pop.age_weeks[v] = 15 * weeks_per_year - 1; });
    CHECK(ratio_with([&] { pop.age_weeks[v] = 15 * weeks_per_year - 1; pop.traits[v] |= trait::substance_prone; }) == Approx(h14));

    // Age relative risks: 10-13, 14-17 (reference), 18-24.
    CHECK(ratio_with([&] { pop.age_weeks[v] = 10 * weeks_per_year; }) == Approx(p.violence.age_rr_10_13));
    CHECK(ratio_with([&] { pop.age_weeks[v] = 14 * weeks_per_year - 1; }) == Approx(p.violence.age_rr_10_13));
    CHECK(ratio_with([&] { pop.age_weeks[v] = 14 * weeks_per_year; }) == Approx(1.0));
    CHECK(ratio_with([&] { pop.age_weeks[v] = 18 * weeks_per_year - 1; }) == Approx(1.0));
    CHECK(ratio_with([&] { pop.age_weeks[v] = 18 * weeks_per_year; }) == Approx(p.violence.age_rr_18_24));
    CHECK(ratio_with([&] { pop.age_weeks[v] = 25 * weeks_per_year - 1; }) == Approx(p.violence.age_rr_18_24));

    // Own and ties' victimisation: 1 + (rr - 1) exp(-dt / lag_mean), exactly (float tables) until
    // the excess is below 0.1%, then 1.
    const auto& c = p.contagion;
    auto decayed = [&](double rr, int dt) {
        const double excess = (rr - 1) * std::exp(-dt / c.lag_mean_weeks);
        return std::abs(excess) < 1e-3 ? 1.0 : 1 + excess;
    };
    for (const int dt : {0, 1, 5, 18, 40, 100, 125, 200}) {
        CAPTURE(dt);
        const auto stamp = static_cast<std::int16_t>(w.week - dt);
        const double own = decayed(c.rr_after_victimisation, dt), tie = decayed(c.rr_after_tie_victimised, dt);
        CHECK(ratio_with([&] { pop.last_victimised[v] = stamp; }) == Approx(own).epsilon(1e-6));
        CHECK(ratio_with([&] { pop.last_tie_victimised[v] = stamp; }) == Approx(tie).epsilon(1e-6));
        CHECK(ratio_with([&] { pop.last_victimised[v] = pop.last_tie_victimised[v] = stamp; }) == Approx(own * tie).epsilon(1e-6));
    }
    CHECK(decayed(c.rr_after_victimisation, 125) > 1);  // the table reaches past 100 weeks
    CHECK(decayed(c.rr_after_victimisation, 200) == 1);
}

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

TEST_CASE("school: pupils' mean exclusion and suspension rates are the configured ones, and FSM pupils without SEN are excluded rr_exclusion_fsm times as often as pupils with neither") {
    auto p = isolated(2000);
    p.school.enabled = true;
    p.school.p_perm_exclusion_per_year = 0.5;
    p.school.p_suspension_per_year = 2.0;
    Model m(p, plan);
    World& w = m.world();
    auto& pop = m.population();
    const auto n = pop.size();
    const int leaving = p.school.leaving_age * weeks_per_year;
    const std::uint16_t fsm_sen = trait::fsm | trait::sen;
    double pupil_weeks = 0, exclusions = 0, suspensions = 0;
    double fsm_weeks = 0, fsm_excluded = 0, plain_weeks = 0, plain_excluded = 0;
    bool leavers_untouched = true, marks_agree = true;
    // Many independent single weeks from the same starting point (no one is excluded), so the
    // pupils at risk are the pupils the rates were normalised over.
    for (int round = 0; round < 150; ++round) {
        for (std::uint32_t v = 0; v < n; ++v) {
            pop.states[v] &= static_cast<std::uint16_t>(~state::excluded);
            pop.last_suspended[v] = never;
            w.marks[v] = 0;
        }
        w.week = 200 + round;
        life_events(w);
        for (std::uint32_t v = 0; v < n; ++v) {
            if (pop.age_weeks[v] >= leaving) {
                leavers_untouched &= w.marks[v] == 0 && !(pop.states[v] & state::excluded);
                continue;
            }
            const bool excluded = pop.states[v] & state::excluded;
            marks_agree &= excluded == ((w.marks[v] & mark::excluded) != 0);
            pupil_weeks += 1;
            exclusions += excluded;
            suspensions += (w.marks[v] & mark::suspended) != 0;
            const auto t = pop.traits[v] & fsm_sen;
            if (t == trait::fsm) {
                fsm_weeks += 1;
                fsm_excluded += excluded;
            } else if (t == 0) {
                plain_weeks += 1;
                plain_excluded += excluded;
            }
        }
    }
    CHECK(leavers_untouched);
    CHECK(marks_agree);
    // The configured exclusion figure is an annual probability: weekly 1 - (1 - P)^(1/52).
    const double exclusion_weekly = 1 - std::pow(1 - p.school.p_perm_exclusion_per_year, 1.0 / 52);
    CHECK(share_near(exclusions, pupil_weeks, exclusion_weekly));  // binomial, 5 SE
    const double observed_annual = 1 - std::pow(1 - exclusions / pupil_weeks, 52);
    CHECK(observed_annual == Approx(p.school.p_perm_exclusion_per_year).epsilon(0.1));
    // Suspensions are a rate per pupil-year, P/52 a week.
    CHECK(share_near(suspensions, pupil_weeks, p.school.p_suspension_per_year / 52));  // binomial, 5 SE
    // Ratio of two binomial shares: relative standard error sqrt(1/x1 + 1/x2) (delta method); 5 of them.
    const double ratio = (fsm_excluded / fsm_weeks) / (plain_excluded / plain_weeks);
    CHECK(std::abs(ratio / p.school.rr_exclusion_fsm - 1) < 5 * std::sqrt(1 / fsm_excluded + 1 / plain_excluded));
}

namespace {

struct NeetRun {
    double share = 0;        ///< NEET share of person-weeks at or above the age floor
    double weekly_n = 0;     ///< people at or above the age floor in a week
    double tau = 0;          ///< autocorrelation time of a person's state, 1 / (entry + 1/D)
};

// Runs a NEET-only model and averages the NEET share of those aged `floor_years` and over
// across `weeks` weeks after a burn-in.
NeetRun neet_run(const Parameters& p, int floor_years, int burn_in, int weeks) {
    Model m(p, plan);
    const auto& pop = m.population();
    const int floor = floor_years * weeks_per_year;
    double eligible = 0, neet = 0;
    for (int week = 0; week < burn_in + weeks; ++week) {
        m.step();
        if (week < burn_in) continue;
        for (std::uint32_t v = 0; v < pop.size(); ++v)
            if (pop.age_weeks[v] >= floor) {
                eligible += 1;
                neet += (pop.states[v] & state::neet) != 0;
            }
    }
    const double target = p.neet.prevalence, d = p.neet.spell_mean_weeks;
    return {neet / eligible, eligible / weeks, 1 / (target / (d * (1 - target)) + 1 / d)};
}

// A person's state is autocorrelated over tau weeks, so `weeks` weekly samples of n people hold
// about n * weeks / (2 tau) independent binomial samples; this is 5 standard errors of the mean.
double neet_tolerance(double target, const NeetRun& run, int weeks) {
    return 5 * std::sqrt(target * (1 - target) * 2 * run.tau / (run.weekly_n * weeks));
}

}  // namespace

TEST_CASE("neet: entry and spells balance at neet.prevalence among those past the age floor's transient") {
    auto p = isolated(6000);
    p.neet.enabled = true;
    // New 16-year-olds start outside NEET and reach the equilibrium within a few tau (23 weeks
    // here), so from 18 on the share is the equilibrium e D / (1 + e D) = prevalence.
    constexpr int weeks = 300;
    const auto run = neet_run(p, p.neet.min_age + 2, 150, weeks);
    CAPTURE(run.share);
    CHECK(std::abs(run.share - p.neet.prevalence) < neet_tolerance(p.neet.prevalence, run, weeks));
}

TEST_CASE("neet: prevalence among those aged min_age and over settles at neet.prevalence") {
    auto p = isolated(6000);
    p.neet.enabled = true;
    // Long spells and a high prevalence make a shortfall from the entry of 16-year-olds at 0%
    // (about prevalence * tau / 468 weeks of eligible ages) large against the sampling error.
    p.neet.prevalence = 0.3;
    p.neet.spell_mean_weeks = 52;
    constexpr int weeks = 300;
    const auto run = neet_run(p, p.neet.min_age, 150, weeks);
    CAPTURE(run.share);
    CHECK(std::abs(run.share - p.neet.prevalence) < neet_tolerance(p.neet.prevalence, run, weeks));
}

TEST_CASE("neet: starting prevalence among those of NEET age is the target whatever the share excluded") {
    // With many people permanently excluded (NEET relative risk rr_excluded), the starting draw
    // is normalised by the mean relative risk of those of NEET age (Normalisers::neet_rr_mean).
    auto p = isolated(3000);
    p.school.enabled = true;
    p.school.p_perm_exclusion_per_year = 0.3;
    p.neet.enabled = true;
    p.neet.rr_excluded = 3;
    Model m(p, plan);
    const auto& pop = m.population();
    const int min_age = p.neet.min_age * weeks_per_year;
    double eligible = 0, neet = 0, rr_sum = 0, excluded = 0;
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        if (pop.age_weeks[v] < min_age) continue;
        eligible += 1;
        neet += (pop.states[v] & state::neet) != 0;
        excluded += (pop.states[v] & state::excluded) != 0;
        rr_sum += neet_static_rr(p, pop.states[v]);
    }
    REQUIRE(excluded / eligible > 0.3);
    CHECK(m.world().normalisers.neet_rr_mean == Approx(rr_sum / eligible).epsilon(1e-9));
    CHECK(share_near(neet, eligible, p.neet.prevalence));  // binomial, 5 SE
}

TEST_CASE("justice: arrests, custody (youth and adult, none under 12) and first-time entrants follow the configured probabilities") {
    auto p = isolated(1000);
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 10;
    p.justice.p_recorded_other = 0.5;
    p.justice.p_recorded_knife = 0.5;
    p.justice.p_arrest_given_recorded = 0.5;
    p.justice.p_sanction_given_arrest = 0.3;
    p.justice.p_custody_given_arrest = 0.3;
    p.justice.p_custody_given_arrest_18_24 = 0.6;
    p.justice.custody_weeks_mean = p.justice.custody_weeks_mean_18_24 = 4;
    Model m(p, plan);
    auto& pop = m.population();
    for (auto& s : pop.states) s &= static_cast<std::uint16_t>(~state::ever_sanctioned);  // everyone a possible first-timer
    double recorded = 0, arrests = 0, fte = 0, arrests_unsanctioned = 0;
    double arrests_youth = 0, arrests_adult = 0, custody_youth = 0, custody_adult = 0;
    double arrests_under_12 = 0, custody_under_12 = 0;
    auto group = [&](std::uint32_t v) {
        const int age = pop.age_weeks[v] / weeks_per_year;
        return age < 12 ? 0 : age < 18 ? 1 : 2;
    };
    std::map<std::uint64_t, int> fte_per_person;
    bool fte_only_unsanctioned = true, none_offends_from_custody = true;
    for (int week = 0; week < 25; ++week) {
        std::vector<std::uint16_t> states_before;  // after this week's turnover, before its incidents
        step_phases(m, week, [&] { states_before = pop.states; });
        std::set<std::uint32_t> taken;  // into custody earlier this week
        for (const Event& e : m.events()) {
            const bool was_sanctioned = states_before[e.agent] & state::ever_sanctioned;
            switch (e.type) {
                case EventType::recorded_offence: recorded += 1; break;
                case EventType::arrest:
                    arrests += 1;
                    (group(e.agent) == 0 ? arrests_under_12 : group(e.agent) == 1 ? arrests_youth : arrests_adult) += 1;
                    arrests_unsanctioned += !was_sanctioned;
                    break;
                case EventType::violent_incident: none_offends_from_custody &= taken.count(e.agent) == 0; break;
                case EventType::custody:
                    taken.insert(e.agent);
                    (group(e.agent) == 0 ? custody_under_12 : group(e.agent) == 1 ? custody_youth : custody_adult) += 1;
                    break;
                case EventType::first_time_entrant:
                    fte += 1;
                    fte_only_unsanctioned &= !was_sanctioned;
                    ++fte_per_person[person_id(pop, e.agent)];
                    break;
                default: break;
            }
        }
    }
    REQUIRE(recorded > 2000);
    // Groups of one, so each recorded incident has one offender to arrest. Binomial shares, 5 SE.
    CHECK(share_near(arrests, recorded, p.justice.p_arrest_given_recorded));
    CHECK(share_near(custody_youth, arrests_youth, p.justice.p_custody_given_arrest));
    REQUIRE(arrests_under_12 > 100);
    CHECK(custody_under_12 == 0);  // youth_custody_min_age
    CHECK(share_near(custody_adult, arrests_adult, p.justice.p_custody_given_arrest_18_24));
    CHECK(share_near(fte, arrests_unsanctioned, p.justice.p_sanction_given_arrest));
    CHECK(none_offends_from_custody);  // a person may start several incidents a week, none once in custody
    CHECK(fte_only_unsanctioned);
    CHECK(std::all_of(fte_per_person.begin(), fte_per_person.end(), [](const auto& kv) { return kv.second == 1; }));
}

TEST_CASE("justice: custody removes people from offending until release") {
    auto p = isolated(1000);
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 26;
    p.justice.p_recorded_other = 1;
    p.justice.p_arrest_given_recorded = 1;
    p.justice.p_custody_given_arrest = 1;
    p.justice.custody_weeks_mean = 6;
    Model m(p, plan);
    const auto& pop = m.population();
    bool no_offending_in_custody = true, released_on_time = true;
    for (int week = 0; week < 20; ++week) {
        std::vector<std::uint16_t> states_before;
        std::vector<std::int16_t> until_before;
        step_phases(m, week, [&] {
            states_before = pop.states;
            until_before = pop.custody_until;
        });
        for (const Event& e : m.events())
            if (e.type == EventType::violent_incident) no_offending_in_custody &= !(states_before[e.agent] & state::in_custody);
        for (std::uint32_t v = 0; v < pop.size(); ++v)
            if (states_before[v] & state::in_custody) released_on_time &= until_before[v] > week;
    }
    CHECK(no_offending_in_custody);
    CHECK(released_on_time);
}

TEST_CASE("turnover: over 52 weeks exactly the 24-year-olds leave, as many enter, and ages stay 10-24") {
    auto p = isolated(1000);
    p.neet.enabled = p.school.enabled = p.family.enabled = p.peer_influence.enabled = p.weapons.enabled = true;
    Model m(p, plan);
    const auto& pop = m.population();
    const auto n = pop.size();
    const auto aged_24 = std::count_if(pop.age_weeks.begin(), pop.age_weeks.end(),
                                       [](auto a) { return a >= age_max_years * weeks_per_year; });
    std::size_t entrants = 0, leavers = 0;
    bool ages_ok = true, same_size = true, pairs = true;
    MeasureCube cube(52, 1);
    for (int week = 0; week < 52; ++week) {
        m.step();
        m.measure(cube, week);
        const auto in = count_events(m, EventType::entered_cohort), out = count_events(m, EventType::left_cohort);
        pairs &= in == out;
        entrants += in;
        leavers += out;
        for (const auto a : pop.age_weeks) ages_ok &= a >= age_min_years * weeks_per_year && a < (age_max_years + 1) * weeks_per_year;
        MeasureCount people = 0;
        for (int b = 0; b < age_band_count; ++b) people += cube.at(Measure::population, week, 0, b);
        same_size &= people == n;
    }
    CHECK(same_size);
    CHECK(ages_ok);
    CHECK(pairs);
    CHECK(entrants == leavers);
    CHECK(leavers == static_cast<std::size_t>(aged_24));
    CHECK(cube.total(Measure::leavers, 0, 52) == leavers);
    CHECK(cube.total(Measure::entrants, 0, 52) == entrants);
    // Every leaver was 24 and every entrant is 10: leavers sit in the 18-24 band, entrants in 10-14.
    std::uint64_t leavers_18_24 = 0, entrants_10_14 = 0;
    for (int week = 0; week < 52; ++week) {
        leavers_18_24 += cube.at(Measure::leavers, week, 0, 2);
        entrants_10_14 += cube.at(Measure::entrants, week, 0, 0);
    }
    CHECK(leavers_18_24 == leavers);
    CHECK(entrants_10_14 == entrants);
}

TEST_CASE("turnover: a slot left at 25 is refilled at 10 with nothing carried over; a slot left by death stays vacant") {
    auto p = isolated(500);
    Model m(p, plan);
    World& w = m.world();
    auto& pop = m.population();
    const std::uint32_t old = 5, dead = 6;
    pop.age_weeks[old] = static_cast<std::uint16_t>((age_max_years + 1) * weeks_per_year - 1);
    pop.age_weeks[dead] = static_cast<std::uint16_t>(16 * weeks_per_year);
    pop.states[dead] |= state::dead;
    for (const auto v : {old, dead}) {
        pop.states[v] |= state::carrying | state::influenced | state::neet | state::excluded | state::ever_offended |
                         state::ever_sanctioned | state::parent_in_prison | state::recent_offender;
        for (auto* column : {&pop.carry_until, &pop.influence_until, &pop.neet_until, &pop.parent_prison_until,
                             &pop.custody_until, &pop.last_offence, &pop.last_victimised, &pop.last_tie_victimised,
                             &pop.last_carried, &pop.last_suspended, &pop.last_arrested})
            (*column)[v] = 7;
        std::fill_n(pop.co_offenders.begin() + static_cast<std::ptrdiff_t>(v) * pop.co_offender_capacity,
                    pop.co_offender_capacity, person_id(pop, 1));
    }
    const auto generation_old = pop.generation[old];
    const auto position = std::make_tuple(pop.area[old], pop.neighbourhood[old], pop.household[old], pop.school_class[old]);
    const auto untouched_age = pop.age_weeks[7];
    w.week = 10;
    age_and_turn_over(w);
    CHECK(pop.age_weeks[old] == age_min_years * weeks_per_year);
    CHECK(pop.states[old] == 0);
    CHECK((w.marks[old] & (mark::left | mark::entered)) == (mark::left | mark::entered));
    // The dead person's slot is vacant until the cohort's size calls for someone to move in; the
    // slot keeps ageing with its cohort.
    CHECK(pop.age_weeks[dead] == 16 * weeks_per_year + 1);
    CHECK(pop.states[dead] == state::vacant);
    CHECK((w.marks[dead] & (mark::left | mark::entered)) == mark::left);
    for (const auto v : {old, dead}) {
        CAPTURE(v);
        CHECK(pop.generation[v] == 1);
        for (auto* column : {&pop.carry_until, &pop.influence_until, &pop.neet_until, &pop.parent_prison_until,
                             &pop.custody_until, &pop.last_offence, &pop.last_victimised, &pop.last_tie_victimised,
                             &pop.last_carried, &pop.last_suspended, &pop.last_arrested})
            CHECK((*column)[v] == never);
        CHECK(std::all_of(pop.co_offenders.begin() + static_cast<std::ptrdiff_t>(v) * pop.co_offender_capacity,
                          pop.co_offenders.begin() + static_cast<std::ptrdiff_t>(v + 1) * pop.co_offender_capacity,
                          [](std::uint64_t id) { return id == 0; }));
    }
    CHECK(generation_old == 0);
    CHECK(position == std::make_tuple(pop.area[old], pop.neighbourhood[old], pop.household[old], pop.school_class[old]));
    CHECK(w.marks[old] >> mark::leaver_band_shift == age_band(24));
    CHECK(w.marks[dead] >> mark::leaver_band_shift == age_band(16));
    CHECK(pop.age_weeks[7] == untouched_age + 1);
    CHECK(w.marks[7] == 0);
    // The newcomer's traits come from their own stream: redrawing gives the same person.
    const auto traits = pop.traits[old];
    const auto rr = pop.static_rr[old];
    draw_person(p, m.layout(), plan.seed, 0, old, pop);
    CHECK(pop.traits[old] == traits);
    CHECK(pop.static_rr[old] == rr);
}

namespace {

Parameters everything_on() {
    Parameters p;
    p.population.areas = {{"North", 1000, 900, 1100, 30000, 25.0, 1.0}, {"South", 600, 700, 700, 20000, 12.0, 1.1}};
    p.violence.base_rate_per_year = 2.0;  // plenty of incidents in a few weeks
    p.violence.p_knife_if_not_carrying = 0.05;
    p.violence.p_homicide_given_knife_injury = 0.2;
    p.justice.p_arrest_given_recorded = 0.5;
    return p;
}

}  // namespace

TEST_CASE("measures: flows in the cube equal the week's events, cell by cell, and stocks never exceed the population") {
    const auto p = everything_on();
    Model m(p, plan);
    const auto& pop = m.population();
    constexpr int weeks = 30;
    MeasureCube cube(weeks, 2);
    MeasureCube expected(weeks, 2);
    bool flows_match = true, stocks_bounded = true, ordered = true;
    std::uint64_t homicides = 0;
    std::vector<double> knife_victims_by_area(2, 0.0);  // over the whole run
    for (int week = 0; week < weeks; ++week) {
        m.step();
        m.measure(cube, week);
        auto add = [&](Measure measure, std::uint32_t v) {
            ++expected.at(measure, week, pop.area[v], age_band(pop.age_weeks[v] / weeks_per_year));
        };
        std::uint32_t dead = 0;
        for (const auto s : pop.states) dead += (s & state::dead) != 0;
        for (const Event& e : m.events()) {
            const bool knife = e.flags & incident_flag::knife;
            switch (e.type) {
                case EventType::violent_incident: {
                    // An offender from outside the model (a county line's enforcer): the victim's cell.
                    const auto who = e.agent != no_agent ? e.agent : e.other;
                    add(Measure::violent_incidents, who);
                    if (knife) add(Measure::knife_incidents, who);
                    break;
                }
                case EventType::victimisation: {
                    const bool male = pop.traits[e.agent] & trait::male;
                    add(Measure::victimisations, e.agent);
                    if (male) add(Measure::victimisations_male, e.agent);
                    if (knife) {
                        add(Measure::knife_victimisations, e.agent);
                        if (male) add(Measure::knife_victimisations_male, e.agent);
                        knife_victims_by_area[pop.area[e.agent]] += 1;
                    }
                    if (e.flags & incident_flag::injury) add(Measure::injuries, e.agent);
                    break;
                }
                case EventType::ae_attendance:
                    add(Measure::ae_attendances, e.agent);
                    if (pop.traits[e.agent] & trait::male) add(Measure::ae_attendances_male, e.agent);
                    break;
                case EventType::hospital_admission:
                    if (knife) add(Measure::hospital_admissions_knife_assault_u25, e.agent);
                    if (knife && pop.traits[e.agent] & trait::male)
                        add(Measure::hospital_admissions_knife_assault_u25_male, e.agent);
                    break;
                case EventType::homicide:
                    ++homicides;
                    if (knife) add(Measure::knife_homicides_u25, e.agent);
                    break;
                case EventType::recorded_offence:
                    add(Measure::recorded_violent_offences, e.agent != no_agent ? e.agent : e.other);  // offender's cell, as documented
                    if (knife && e.other != no_agent) add(Measure::recorded_knife_assaults_u25, e.other);  // victim's
                    break;
                case EventType::arrest: add(Measure::arrests, e.agent); break;
                case EventType::custody: add(Measure::custody_entries, e.agent); break;
                case EventType::first_time_entrant: add(Measure::first_time_entrants, e.agent); break;
                case EventType::suspension: add(Measure::suspensions, e.agent); break;
                case EventType::permanent_exclusion: add(Measure::permanent_exclusions, e.agent); break;
                case EventType::parent_imprisoned: add(Measure::parent_imprisonments, e.agent); break;
                case EventType::entered_cohort: add(Measure::entrants, e.agent); break;
                default: break;
            }
        }
        for (const Measure flow : {Measure::violent_incidents, Measure::knife_incidents, Measure::victimisations,
                                   Measure::victimisations_male, Measure::knife_victimisations,
                                   Measure::knife_victimisations_male, Measure::ae_attendances_male,
                                   Measure::hospital_admissions_knife_assault_u25,
                                   Measure::hospital_admissions_knife_assault_u25_male,
                                   Measure::injuries, Measure::ae_attendances, Measure::knife_homicides_u25,
                                   Measure::recorded_violent_offences, Measure::recorded_knife_assaults_u25,
                                   Measure::arrests, Measure::custody_entries, Measure::first_time_entrants,
                                   Measure::suspensions, Measure::permanent_exclusions, Measure::parent_imprisonments,
                                   Measure::entrants})
            for (int a = 0; a < 2; ++a)
                for (int b = 0; b < age_band_count; ++b) flows_match &= cube.at(flow, week, a, b) == expected.at(flow, week, a, b);
        MeasureCount people = 0;
        for (int a = 0; a < 2; ++a)
            for (int b = 0; b < age_band_count; ++b) {
                const auto cell_people = cube.at(Measure::population, week, a, b);
                people += cell_people;
                for (const Measure stock : {Measure::weapon_carrying, Measure::weapon_carrying_past_year,
                                            Measure::victimised_past_year, Measure::neet, Measure::excluded,
                                            Measure::under_peer_influence, Measure::parent_in_prison, Measure::in_custody})
                    stocks_bounded &= cube.at(stock, week, a, b) <= cell_people;
                ordered &= cube.at(Measure::knife_incidents, week, a, b) <= cube.at(Measure::violent_incidents, week, a, b);
                ordered &= cube.at(Measure::injuries, week, a, b) <= cube.at(Measure::victimisations, week, a, b);
                ordered &= cube.at(Measure::weapon_carrying, week, a, b) <= cube.at(Measure::weapon_carrying_past_year, week, a, b);
            }
        // The dead of this week are no longer counted (their slots become vacant next week), nor
        // are vacant slots.
        const auto vacant = static_cast<std::uint32_t>(std::count_if(pop.states.begin(), pop.states.end(), [](auto s) {
            return (s & state::vacant) != 0;
        }));
        CHECK(people + dead + vacant == pop.size());
    }
    CHECK(flows_match);
    CHECK(stocks_bounded);
    CHECK(ordered);
    CHECK(cube.total(Measure::victimisations, 0, weeks) > 1000);
    CHECK(homicides > 0);
    // The expected Home Office measures: every knife victimisation adds the chances of admission,
    // death and recording that resolve_outcomes uses, to within the 1e-12 units they are stored in.
    const auto& vp = p.violence;
    const double p_death = vp.p_injury_knife * vp.p_homicide_given_knife_injury;
    const struct {
        Measure measure;
        double chance;
    } expectations[] = {
        {Measure::hospital_admissions_knife_assault_u25_expected,
         vp.p_injury_knife * vp.p_ae_given_injury_knife * vp.p_admission_given_ae_knife},
        {Measure::knife_homicides_u25_expected, p_death},
        {Measure::recorded_knife_assaults_u25_expected, p_death + (1 - p_death) * p.justice.p_recorded_knife},
    };
    REQUIRE(knife_victims_by_area[0] + knife_victims_by_area[1] > 20);
    for (const auto& [measure, chance] : expectations)
        for (int a = 0; a < 2; ++a) {
            double total = 0;
            for (int week = 0; week < weeks; ++week)
                for (int b = 0; b < age_band_count; ++b) total += static_cast<double>(cube.at(measure, week, a, b)) * info(measure).per_count;
            INFO(info(measure).name << " in area " << a);
            CHECK(total == Approx(knife_victims_by_area[a] * chance).margin(knife_victims_by_area[a] * 1e-11));
        }
}

TEST_CASE("victims: a stranger victim is drawn in proportion to victim weight, within the age gap of the offender") {
    // Carriers weigh 14 and nobody else is special: within the offender's age range the share of
    // victims who carry should be 14 c / (14 c + 1 - c) of those in range, c the carriers' share.
    auto p = isolated(1000);
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 5;
    p.violence.victim_from_graph_share = 0;  // strangers only
    p.violence.victim_weight_carrier = 14;
    p.weapons.enabled = true;
    p.weapons.initial_prevalence = 0.05;
    p.weapons.start_rate_per_year = p.weapons.p_transmission_per_tie_week = p.weapons.p_start_after_victimisation = 0;
    p.weapons.duration_mean_weeks = 1000;  // carriers stay carriers
    Model m(p, plan);
    const auto& pop = m.population();
    double victims = 0, carrier_victims = 0, expected = 0;
    bool within_gap = true;
    for (int week = 0; week < 20; ++week) {
        m.step();
        for (const Event& e : m.events()) {
            if (e.type != EventType::violent_incident || e.other == no_agent) continue;
            const auto offender = e.agent, victim = e.other;
            // In whole years of age: the weights are summed by neighbourhood and year of age.
            within_gap &= std::abs(pop.age_weeks[victim] / weeks_per_year - pop.age_weeks[offender] / weeks_per_year) <= 3;
            // The carriers' share among the offender's neighbours in range, this week.
            double in_range = 0, carriers = 0;
            const auto nb = pop.neighbourhood[offender];
            for (auto u = m.layout().neighbourhood_begin[nb]; u < m.layout().neighbourhood_begin[nb + 1]; ++u) {
                const int age_gap = pop.age_weeks[u] / weeks_per_year - pop.age_weeks[offender] / weeks_per_year;
                if (u == offender || std::abs(age_gap) > 3 || pop.states[u] & state::gone) continue;
                in_range += 1;
                carriers += (pop.states[u] & state::carrying) != 0;
            }
            const double c = carriers / in_range;
            expected += 14 * c / (14 * c + 1 - c);
            victims += 1;
            carrier_victims += (pop.states[victim] & state::carrying) != 0;
        }
    }
    REQUIRE(victims > 2000);
    CHECK(within_gap);
    // A sum of Bernoulli trials with varying p: the variance is at most victims / 4; 5 SE.
    CHECK(std::abs(carrier_victims - expected) < 5 * std::sqrt(victims / 4));
    CHECK(carrier_victims / victims > 0.3);  // 14 x 5% carriers: about 42%, not 5%
}

TEST_CASE("victims: a young adult's incident has a victim aged 25 or over with adult_victim_share_18_24, and no young victim then") {
    auto p = isolated(1000);
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 5;
    p.violence.adult_victim_share_18_24 = 0.4;
    Model m(p, plan);
    const auto& pop = m.population();
    double adult_incidents = 0, without_victim = 0, young_without_victim = 0;
    for (int week = 0; week < 20; ++week) {
        m.step();
        for (const Event& e : m.events()) {
            if (e.type != EventType::violent_incident) continue;
            const bool adult = pop.age_weeks[e.agent] >= 18 * weeks_per_year;
            if (adult) {
                adult_incidents += 1;
                without_victim += e.other == no_agent;
            } else {
                young_without_victim += e.other == no_agent;
            }
        }
    }
    REQUIRE(adult_incidents > 2000);
    // Nearly every incident with a young victim finds one: the share without is the adult victims'.
    CHECK(share_near(without_victim, adult_incidents, 0.4));
    CHECK(young_without_victim < 0.01 * adult_incidents);
}

namespace {

// Incidents with a young victim and how many used a knife, split by `in_second(pop, event)`:
// {first group's incidents, their knife incidents, second group's incidents, their knife incidents}.
// Nobody carries, so every incident's base chance is p_knife_if_not_carrying.
std::array<double, 4> knife_use_by(Parameters p, const std::function<bool(const Population&, const Event&)>& in_second) {
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 5;
    p.violence.p_knife_if_not_carrying = 0.02;
    Model m(p, plan);
    std::array<double, 4> counts{};
    for (int week = 0; week < 20; ++week) {
        m.step();
        for (const Event& e : m.events()) {
            if (e.type != EventType::violent_incident || e.other == no_agent) continue;
            const int at = in_second(m.population(), e) ? 2 : 0;
            counts[at] += 1;
            counts[at + 1] += (e.flags & incident_flag::knife) != 0;
        }
    }
    return counts;
}

}  // namespace

TEST_CASE("knives: incidents involving an 18-24-year-old use a knife knife_rr_18_24 times as often") {
    auto p = isolated(1000);
    p.violence.knife_rr_18_24 = 5;
    const auto [young, young_knife, adult, adult_knife] = knife_use_by(p, [](const Population& pop, const Event& e) {
        return pop.age_weeks[e.agent] >= 18 * weeks_per_year || pop.age_weeks[e.other] >= 18 * weeks_per_year;
    });
    REQUIRE(young > 2000);
    REQUIRE(adult > 2000);
    CHECK(share_near(young_knife, young, 0.02));
    CHECK(share_near(adult_knife, adult, 0.10));
}

TEST_CASE("knives: the odds of knife use are knife_rr_male_victim times as high when the victim is male") {
    auto p = isolated(1000);
    p.violence.knife_rr_male_victim = 4;
    const auto [female, female_knife, male, male_knife] = knife_use_by(
        p, [](const Population& pop, const Event& e) { return (pop.traits[e.other] & trait::male) != 0; });
    REQUIRE(female > 2000);
    REQUIRE(male > 2000);
    CHECK(share_near(female_knife, female, 0.02));
    CHECK(share_near(male_knife, male, 0.02 * 4 / (1 - 0.02 + 0.02 * 4)));
}

TEST_CASE("school: permanent exclusions and suspensions follow their age profiles, peaking at 14") {
    auto p = isolated(3000);
    p.school.enabled = true;
    p.school.p_perm_exclusion_per_year = 0.2;  // many events; every pupil otherwise alike
    p.school.p_suspension_per_year = 2.0;
    p.school.rr_exclusion_fsm = p.school.rr_exclusion_sen = 1;
    Model m(p, plan);
    const auto& pop = m.population();
    std::array<double, 8> pupils{}, exclusions{}, suspensions{};
    for (int week = 0; week < 26; ++week) {
        m.step();
        for (std::uint32_t v = 0; v < pop.size(); ++v) {
            const int age = pop.age_weeks[v] / weeks_per_year;
            if (age < 18 && !(pop.states[v] & (state::gone | state::excluded))) pupils[age - 10] += 1;
        }
        for (const Event& e : m.events()) {
            const int age = pop.age_weeks[e.agent] / weeks_per_year;
            if (e.type == EventType::permanent_exclusion) exclusions[age - 10] += 1;
            if (e.type == EventType::suspension) suspensions[age - 10] += 1;
        }
    }
    // Rate per pupil-week at each age, relative to the profile: the same constant for every age.
    const auto& ex = p.school.exclusion_age_rr;
    const auto& su = p.school.suspension_age_rr;
    const double ex_scale = exclusions[4] / pupils[4] / ex[4], su_scale = suspensions[4] / pupils[4] / su[4];
    for (int i = 0; i < 8; ++i) {
        CAPTURE(i);
        // Poisson counts: 5 SE of the expected count, and no exclusions to speak of at 16-17.
        const double ex_expected = ex_scale * ex[i] * pupils[i], su_expected = su_scale * su[i] * pupils[i];
        CHECK(std::abs(exclusions[i] - ex_expected) < 5 * std::sqrt(ex_expected) + 5);
        CHECK(std::abs(suspensions[i] - su_expected) < 5 * std::sqrt(su_expected) + 5);
    }
    CHECK(exclusions[4] > 10 * exclusions[7]);
}

TEST_CASE("measures: repeat victims are those victimised in two different weeks of the last 52") {
    auto p = isolated(500);
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 20;
    Model m(p, plan);
    const auto& pop = m.population();
    std::map<std::uint64_t, std::set<int>> weeks_victimised;
    MeasureCube cube(30, 1);
    for (int week = 0; week < 30; ++week) {
        m.step();
        m.measure(cube, week);
        for (const Event& e : m.events())
            if (e.type == EventType::victimisation) weeks_victimised[person_id(pop, e.agent)].insert(week);
    }
    std::uint32_t repeat = 0, once_or_more = 0;
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        if (pop.states[v] & state::gone) continue;
        const auto it = weeks_victimised.find(person_id(pop, v));
        if (it == weeks_victimised.end()) continue;
        ++once_or_more;
        repeat += it->second.size() >= 2;
    }
    MeasureCount measured_repeat = 0, measured_victims = 0;
    for (int b = 0; b < age_band_count; ++b) {
        measured_repeat += cube.at(Measure::repeat_victimised_past_year, 29, 0, b);
        measured_victims += cube.at(Measure::victimised_past_year, 29, 0, b);
    }
    REQUIRE(repeat > 100);
    CHECK(measured_repeat == repeat);
    CHECK(measured_victims == once_or_more);
}
