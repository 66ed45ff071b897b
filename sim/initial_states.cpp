#include "initial_states.hpp"

#include <algorithm>
#include <cmath>

#include "phases.hpp"

namespace vrusim {

namespace {

rng::Stream state_stream(const World& w, std::uint32_t v, int which) {
    return rng::Stream(w.seed, w.replicate, person_id(w.pop, v), -which, rng::Purpose::synthesis_state);
}

std::int16_t weeks_from_now(const World& w, int weeks) { return static_cast<std::int16_t>(w.week + weeks); }

}  // namespace

double equilibrium_share(double e, double spell_mean, int t) {
    const double pi = e * spell_mean / (1 + e * spell_mean), tau = spell_mean / (1 + e * spell_mean);
    return pi * -std::expm1(-t / tau);
}

void draw_initial_states(World& w, std::uint32_t v, bool spells) {
    const auto& p = w.p;
    auto& pop = w.pop;
    auto s = state_stream(w, v, 1);
    auto& st = pop.states[v];
    const int age_w = pop.age_weeks[v];
    const int age = age_w / weeks_per_year;
    const int weeks_since_10 = age_w - age_min_years * weeks_per_year;
    // The first two draws are taken whether or not they are used, so the later ones never move.
    const double u_influenced = s.uniform(), u_carrying = s.uniform();
    if (spells && p.peer_influence.enabled && u_influenced < p.peer_influence.initial_prevalence) {
        st |= state::influenced;
        pop.influence_until[v] = weeks_from_now(w, s.spell_weeks(p.peer_influence.duration_mean_weeks));
    }
    if (spells && p.weapons.enabled && u_carrying < p.weapons.initial_prevalence) {
        st |= state::carrying;
        pop.carry_until[v] = weeks_from_now(w, s.spell_weeks(p.weapons.duration_mean_weeks));
    }
    if (p.family.enabled && age < 18 &&
        s.bernoulli(equilibrium_share(w.rates.parent_prison_weekly, p.family.parent_prison_weeks_mean, weeks_since_10))) {
        st |= state::parent_in_prison;
        pop.parent_prison_until[v] = weeks_from_now(w, s.spell_weeks(p.family.parent_prison_weeks_mean));
    }
    if (p.school.enabled) {
        // Exposure since 10: each school week at that age's exclusion rate.
        const int school_until = std::min(age_w, p.school.leaving_age * weeks_per_year);
        double exposure = 0;
        for (int week = age_min_years * weeks_per_year; week < school_until; week += weeks_per_year)
            exposure += std::min(weeks_per_year, school_until - week) * static_cast<double>(w.rates.exclusion_age_rr[week / weeks_per_year]);
        const double rr = school_static_rr(p, pop.traits[v]) / w.normalisers.exclusion_rr_mean;
        if (exposure > 0 && s.bernoulli(-std::expm1(-w.rates.exclusion_weekly * rr * exposure))) st |= state::excluded;
    }
}

void draw_initial_neet(World& w, std::uint32_t v) {
    const auto& np = w.p.neet;
    auto& pop = w.pop;
    const int weeks_eligible = pop.age_weeks[v] - np.min_age * weeks_per_year;
    if (!np.enabled || weeks_eligible < 0) return;
    auto s = state_stream(w, v, 2);
    auto& st = pop.states[v];
    const double entry = w.rates.neet_entry_weekly / w.normalisers.neet_rr_mean * neet_static_rr(w.p, st);
    if (s.bernoulli(equilibrium_share(entry, np.spell_mean_weeks, weeks_eligible))) {
        st |= state::neet;
        pop.neet_until[v] = weeks_from_now(w, s.spell_weeks(np.spell_mean_weeks));
    }
}

void draw_initial_history(World& w, std::uint32_t v) {
    if (!w.p.violence.enabled) return;
    const auto& j = w.p.justice;
    auto& pop = w.pop;
    const double per_offence_sanction = j.p_recorded_other * j.p_arrest_given_recorded * j.p_sanction_given_arrest;
    auto s = state_stream(w, v, 3);
    // The hazard now, with its age multiplier replaced by the sum of the multipliers of the weeks
    // lived since 10 (a 20-year-old spent four years at the 14-17 rate, not ten at the 18-24 one).
    const int age_w = pop.age_weeks[v];
    const int age = age_w / weeks_per_year;
    double age_weeks_weighted = (age_w - age * weeks_per_year) * static_cast<double>(w.rates.age_rr[age]);
    // The same weeks weighted by the chance of arrest then (higher at 18-24), for the sanction draw.
    const double adult_arrest_rr =
        j.p_arrest_given_recorded > 0 ? arrest_probability(j, true) / j.p_arrest_given_recorded : 1.0;
    const auto arrest_rr = [adult_arrest_rr](int years) { return years >= 18 ? adult_arrest_rr : 1.0; };
    double sanction_weeks_weighted = age_weeks_weighted * arrest_rr(age);
    // A proneness that changes from birthday to birthday had other values in the years before:
    // a stationary AR(1) run backwards from today's value (it is reversible), from its own
    // stream, each past year weighted by its proneness relative to today's.
    const auto& vp = w.p.violence;
    const double rho = vp.offending_proneness_year_correlation, sigma = vp.offending_proneness_sigma;
    const double f = vp.offending_proneness_fixed_share;
    const bool changing = rho < 1 && f < 1 && sigma > 0;
    const double fixed = changing && f > 0 ? proneness_draws(w.seed, w.replicate, person_id(pop, v)).fixed : 0.0;
    auto path = state_stream(w, v, 4);
    double z = pop.proneness_z[v];
    for (int y = age - 1; y >= age_min_years; --y) {
        double relative = 1;
        if (changing) {
            const double before = next_proneness(z, fixed, rho, f, path.normal());
            relative = std::exp(sigma * (before - pop.proneness_z[v]));
            z = before;
        }
        age_weeks_weighted += weeks_per_year * w.rates.age_rr[y] * relative;
        sanction_weeks_weighted += weeks_per_year * w.rates.age_rr[y] * relative * arrest_rr(y);
    }
    const double rr_now = w.rates.age_rr[age];
    const double hazard = offending_hazard(w, v);
    // history_rr stands for the contagion and peer influence a person met before the run, which
    // the hazard now does not show (docs/model.md 5.3).
    const double expected = rr_now > 0 ? hazard / rr_now * age_weeks_weighted * w.p.violence.history_rr : 0.0;
    auto& st = pop.states[v];
    // One draw decides both "ever" and "in the last year" (nested events), so recent offenders,
    // the sources of peer influence, are there from the first week.
    const double last_year = std::min(expected, rr_now > 0 ? hazard * w.p.violence.history_rr * weeks_per_year : 0.0);
    const double u = s.uniform();
    if (u < -std::expm1(-expected)) st |= state::ever_offended;
    if (u < -std::expm1(-last_year)) pop.last_offence[v] = static_cast<std::int16_t>(w.week - 1 - static_cast<int>(s.below(weeks_per_year)));
    const double expected_sanctionable = rr_now > 0 ? hazard / rr_now * sanction_weeks_weighted * w.p.violence.history_rr : 0.0;
    if (s.bernoulli(-std::expm1(-expected_sanctionable * per_offence_sanction))) st |= state::ever_sanctioned | state::ever_offended;
}

void draw_initial_custody(World& w, std::uint32_t v) {
    const auto& p = w.p;
    const auto& j = p.justice;
    auto& pop = w.pop;
    if (!p.violence.enabled) return;
    const int age_w = pop.age_weeks[v];
    const int eligible_weeks = age_w - j.youth_custody_min_age * weeks_per_year;
    if (eligible_weeks <= 0) return;
    const bool adult = age_w >= 18 * weeks_per_year;
    // Weekly chance of a custodial arrest: the incidents the person starts, each recorded, then an
    // arrest, then custody. history_rr stands for the contagion and influence the hazard now does
    // not show, as for the histories. Incidents joined as an accomplice and knife incidents
    // (recorded more often) are left out. The young adults' stock starts about 12% above the
    // settled one (with accomplices' incidents, 20%), which the burn-in shrinks to about 0.6%
    // (docs/model.md 5.3).
    const double custody = adult ? j.p_custody_given_arrest_18_24 : j.p_custody_given_arrest;
    const double entry =
        offending_hazard(w, v) * p.violence.history_rr * j.p_recorded_other * arrest_probability(j, adult) * custody;
    const double stay = adult ? j.custody_weeks_mean_18_24 : j.custody_weeks_mean;
    // Its own stream (index 5), so no earlier draw moves.
    auto s = state_stream(w, v, 5);
    if (!s.bernoulli(equilibrium_share(entry, stay, adult ? age_w - 18 * weeks_per_year : eligible_weeks))) return;
    pop.states[v] |= state::in_custody | state::ever_offended;
    pop.custody_until[v] = weeks_from_now(w, s.spell_weeks(stay));
}

void draw_newcomer_states(World& w, std::uint32_t v) {
    draw_initial_states(w, v, false);
    draw_initial_neet(w, v);
    draw_initial_history(w, v);
}

}  // namespace vrusim
