#include "rates.hpp"

#include <algorithm>
#include <cmath>

namespace vrusim {

double weekly_probability_from_rate(double per_year) {
    return -std::expm1(-per_year / weeks_per_year);
}

double weekly_probability_from_annual(double p_year) {
    if (p_year >= 1.0) return 1.0;
    return -std::expm1(std::log1p(-p_year) / weeks_per_year);
}

double entry_rate_for_mean_prevalence(double target, double spell_mean, double span_weeks) {
    // Someone t weeks into the span is in the state with probability
    // pi * (1 - exp(-t / tau)), pi = e D / (1 + e D), tau = D / (1 + e D); averaged over the span
    // that is pi * (1 - tau / T * (1 - exp(-T / tau))), increasing in e: solve by bisection.
    target = std::clamp(target, 0.0, 0.999);
    auto mean_prevalence = [&](double e) {
        const double pi = e * spell_mean / (1 + e * spell_mean), tau = spell_mean / (1 + e * spell_mean);
        return pi * (1 - tau / span_weeks * -std::expm1(-span_weeks / tau));
    };
    double lo = 0, hi = 1;
    if (mean_prevalence(hi) < target) return hi;
    for (int i = 0; i < 100; ++i) {
        const double mid = (lo + hi) / 2;
        (mean_prevalence(mid) < target ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}

std::vector<float> decay_table(double rr, double mean_weeks) {
    std::vector<float> table;
    if (mean_weeks <= 0 || rr == 1.0) return table;
    for (int dt = 0;; ++dt) {
        const double excess = (rr - 1.0) * std::exp(-dt / mean_weeks);
        if (std::abs(excess) < 1e-3 || dt > 100000) break;
        table.push_back(static_cast<float>(1.0 + excess));
    }
    return table;
}

std::vector<double> any_of_table(double p, int k_max) {
    std::vector<double> table(static_cast<std::size_t>(k_max) + 1);
    for (int k = 0; k <= k_max; ++k) table[k] = -std::expm1(k * std::log1p(-std::min(p, 1.0 - 1e-15)));
    return table;
}

Rates derive_rates(const Parameters& p) {
    Rates r;
    constexpr int ties_max = 255;
    r.influence_by_ties = any_of_table(p.peer_influence.p_transmission_per_tie_week, ties_max);
    r.carrying_by_ties = any_of_table(p.weapons.p_transmission_per_tie_week, ties_max);
    r.offending_base_weekly = p.violence.base_rate_per_year / weeks_per_year;
    for (int age = 0; age <= age_max_years; ++age) {
        r.age_rr[age] = static_cast<float>(age < 14 ? p.violence.age_rr_10_13
                                           : age < 18 ? 1.0
                                                      : p.violence.age_rr_18_24);
    }
    if (p.contagion.enabled) {
        r.victimised_rr = decay_table(p.contagion.rr_after_victimisation, p.contagion.lag_mean_weeks);
        r.tie_victimised_rr = decay_table(p.contagion.rr_after_tie_victimised, p.contagion.lag_mean_weeks);
    }
    r.carry_start_weekly = weekly_probability_from_rate(p.weapons.start_rate_per_year);
    r.suspension_weekly = p.school.p_suspension_per_year / weeks_per_year;  // events per pupil, a rate
    r.exclusion_weekly = weekly_probability_from_annual(p.school.p_perm_exclusion_per_year);
    auto profile = [](const std::vector<double>& by_age, std::array<float, age_max_years + 1>& out) {
        for (int age = 0; age <= age_max_years; ++age) {
            const int i = std::clamp(age - age_min_years, 0, static_cast<int>(by_age.size()) - 1);
            out[age] = by_age.empty() ? 1.0f : static_cast<float>(by_age[static_cast<std::size_t>(i)]);
        }
    };
    profile(p.school.exclusion_age_rr, r.exclusion_age_rr);
    profile(p.school.suspension_age_rr, r.suspension_age_rr);
    // Entry rates that give the target prevalence across the eligible ages, allowing for people
    // who arrive at the youngest eligible age outside the state.
    r.neet_entry_weekly = entry_rate_for_mean_prevalence(
        p.neet.prevalence, p.neet.spell_mean_weeks, (age_max_years + 1 - p.neet.min_age) * weeks_per_year);
    r.parent_prison_weekly = entry_rate_for_mean_prevalence(
        p.family.parent_prison_prevalence, p.family.parent_prison_weeks_mean, (18 - age_min_years) * weeks_per_year);

    const auto& pmf = p.violence.group_size_pmf;
    r.group_size_max = static_cast<int>(std::min<std::size_t>(pmf.size(), r.group_size_cdf.size()));
    double total = 0;
    for (int i = 0; i < r.group_size_max; ++i) total += pmf[i];
    double acc = 0;
    for (int i = 0; i < r.group_size_max; ++i) {
        acc += pmf[i] / total;
        r.group_size_cdf[i] = acc;
    }
    if (r.group_size_max > 0) r.group_size_cdf[r.group_size_max - 1] = 1.0;
    return r;
}

}  // namespace vrusim
