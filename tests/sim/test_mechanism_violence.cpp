// Violence in isolation: incident counts, accomplices, the hazard's factors, victims and knives.
// Each mechanism in isolation against its analytical expectation. Seeds are fixed; every
// statistical tolerance is 5 standard errors of the binomial (or Poisson, geometric) sampling
// spread, stated beside it, so a correct model fails about once in 3.5 million checks.
#include <catch2/catch.hpp>

#include "mechanisms_fixture.hpp"

using namespace vrusim;
using namespace vrusim::testing::mechanisms;

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

TEST_CASE("victims: people of 25 and over victimise 18-24s at outside_offender_rate_18_24, with no offender agent and no arrest") {
    auto p = isolated();
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 0;  // no young offender: every incident is from outside
    p.violence.outside_offender_rate_18_24 = 5;
    p.violence.p_knife_outside_offender = 0.3;
    p.justice.p_recorded_other = p.justice.p_recorded_knife = p.justice.p_arrest_given_recorded = 1;
    Model m(p, plan);
    const auto& pop = m.population();
    constexpr int weeks = 20;
    double expected = 0, incidents = 0, victimisations = 0, knives = 0, arrests = 0;
    bool victims_adults = true, no_offender = true;
    for (int week = 0; week < weeks; ++week) {
        // The mean a week: rate / 52 per 18-24-year-old who can be a victim (not in custody).
        step_phases(m, week, [&] {
            for (std::uint32_t v = 0; v < pop.size(); ++v)
                if (pop.age_weeks[v] >= 18 * weeks_per_year && !(pop.states[v] & (state::in_custody | state::gone)))
                    expected += p.violence.outside_offender_rate_18_24 / weeks_per_year;
        });
        for (const Event& e : m.events()) {
            if (e.type == EventType::violent_incident) {
                incidents += 1;
                no_offender &= e.agent == no_agent;
                knives += (e.flags & incident_flag::knife) != 0;
            }
            if (e.type == EventType::victimisation) {
                victimisations += 1;
                victims_adults &= pop.age_weeks[e.agent] >= 18 * weeks_per_year;
            }
            arrests += e.type == EventType::arrest;
        }
    }
    // Poisson counts summed over neighbourhoods and weeks: 5 standard deviations.
    CHECK(std::abs(incidents - expected) < 5 * std::sqrt(expected));
    CHECK(victimisations == incidents);
    CHECK(victims_adults);
    CHECK(no_offender);
    CHECK(arrests == 0);  // recorded, but there is no one in the model to arrest
    CHECK(share_near(knives, incidents, p.violence.p_knife_outside_offender));
}

TEST_CASE("victims: with outside_offender_rate_18_24 at 0 (the default) nothing changes") {
    auto p = isolated();
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 10;
    REQUIRE(p.violence.outside_offender_rate_18_24 == 0);
    const auto off = run_replicate(p, plan);
    p.violence.p_knife_outside_offender = 0.9;  // irrelevant while the rate is 0
    const auto again = run_replicate(p, plan);
    CHECK(off.state_hash == again.state_hash);
}
