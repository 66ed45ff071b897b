#pragma once
/// Weekly rates and lookup tables derived once from the parameters, so the weekly loop only
/// multiplies and compares.
#include <array>
#include <vector>

#include "parameters.hpp"
#include "population.hpp"

namespace vrusim {

/// Weekly probability of at least one event for an event that happens `per_year` times a year
/// (a Poisson rate).
double weekly_probability_from_rate(double per_year);
/// Weekly probability matching an annual probability `p_year` (1 - (1 - p)^(1/52)).
double weekly_probability_from_annual(double p_year);

struct Rates {
    double offending_base_weekly = 0;       ///< weekly hazard of the reference person
    std::array<float, age_max_years + 1> age_rr{};  ///< indexed by age in years
    std::vector<float> victimised_rr;       ///< [weeks since own victimisation], 1 beyond the table
    std::vector<float> tie_victimised_rr;   ///< [weeks since a tie's victimisation]
    double carry_start_weekly = 0;
    /// [k] = probability that at least one of k exposed ties transmits (k capped at the table's end).
    std::vector<double> influence_by_ties;
    std::vector<double> carrying_by_ties;
    double suspension_weekly = 0;           ///< before normalisation by the pupils' mean relative risk
    std::array<float, age_max_years + 1> exclusion_age_rr{};   ///< by age in years (school.exclusion_age_rr; the 17 value beyond)
    std::array<float, age_max_years + 1> suspension_age_rr{};
    double exclusion_weekly = 0;
    double neet_entry_weekly = 0;           ///< before normalisation by the mean relative risk
    double parent_prison_weekly = 0;
    std::array<double, 8> group_size_cdf{}; ///< cumulative, group sizes 1..8
    int group_size_max = 1;
};

/// Derives the weekly rates from the parameters.
Rates derive_rates(const Parameters& p);

/// Weekly entry probability into a state with spells of `spell_mean` weeks such that the
/// prevalence, averaged over people spread evenly over `span_weeks` of eligible age who all
/// arrive at the start of the span outside the state, equals `target`.
double entry_rate_for_mean_prevalence(double target, double spell_mean, double span_weeks);

/// Table of 1 - (1 - p)^k for k = 0..k_max.
std::vector<double> any_of_table(double p, int k_max);

/// Exposure multiplier `1 + (rr - 1) exp(-dt / mean)` tabulated by weeks since the exposure,
/// until it is within 0.1% of 1.
std::vector<float> decay_table(double rr, double mean_weeks);

}  // namespace vrusim
