#pragma once
/// Patterns the model is not fitted to, measured over a run, for the validation table in
/// docs/model.md section 8.4: the gradient of serious violence between areas, the share of
/// offending attributable to contagion, the concentration of victims in the network of people
/// who are arrested or offend with them, and victimisation of boys and girls.
#include <cstdint>
#include <vector>

#include "ensemble.hpp"
#include "parameters.hpp"

namespace vrusim {

/// A share with nothing to count in a replicate (e.g. no 16-17s offended in a tiny sample) is NaN.
struct PatternResult {
    /// By area: police-recorded violent incidents with an injury or a knife a year per 1,000
    /// residents of all ages (represented), placed in the victim's area (the offender's when the
    /// victim is 25 or over).
    std::vector<double> serious_violence_per_1000;
    /// Share of offending attributable to contagion: sum over people and weeks of h (1 - 1 / C)
    /// over the sum of h, where h is the offending hazard and C the product of the two contagion
    /// multipliers (own and tie victimisation).
    double contagion_share = 0;
    /// The co-arrest network: people arrested in the reported period and their remembered
    /// co-offenders at the arrest, as a share of everyone who was in the population.
    double network_population_share = 0;
    /// Share of the people injured by violence in the period who were in that network.
    double injured_victims_in_network = 0;
    /// Share of victimisations borne by the 5% of victims victimised most often in the period.
    double top_5pc_victims_share = 0;
    /// Share of the violent incidents started in the period (drug-market violence aside) that were
    /// started by the 6% of everyone in the population who started most, and the share of
    /// everyone who started any.
    double top_6pc_offenders_share = 0;
    /// The same for one reported year at a time (the 2% of the population who started most), a
    /// mean over the complete years.
    double top_2pc_offenders_share_year = 0;
    double offended_in_period_share = 0;
    /// Frequency, one reported year at a time (a mean over the complete years): of the people who
    /// started any incident in the year (drug-market violence aside), the share who started six or
    /// more (the survey's "frequent offenders"), and the share of the year's incidents they started.
    double frequent_share_of_offenders = 0;
    double frequent_share_of_incidents = 0;
    /// The share of the year's incidents started by the 28% of starters who started most (the
    /// survey's frequent offenders were 28% of its offenders), a mean over the complete years.
    double top_28pc_of_starters_share = 0;
    /// Shares of boys and of girls aged 13-17 victimised in the past 52 weeks, at the end of each
    /// reported year (pooled over the years).
    double victimised_past_year_boys_13_17 = 0;
    double victimised_past_year_girls_13_17 = 0;
    /// Share of 13-17s who committed violence in the past 52 weeks, at the same moments, and the
    /// share of those who were also victimised in those weeks (the victim-offender overlap).
    double offended_past_year_13_17 = 0;
    double victimised_given_offended_13_17 = 0;
    /// Of the 18-24s victimised in the past 52 weeks, at the same moments, the share victimised
    /// more than once in them (repeat victims).
    double repeat_victims_share_18_24 = 0;
    /// Persistence, by sex [girls, boys], at the same moments: the share of 17-year-olds who have
    /// ever committed violence (cumulative prevalence by 17) and the share of 16-17s who did in the
    /// past 52 weeks (annual prevalence at the peak ages).
    double ever_offended_at_17[2] = {};
    double offended_past_year_16_17[2] = {};
    /// Of the 16-17s who committed violence in the first reported year, the share of those still in
    /// the population four years later (aged 20-21) who did in that year, the fifth; and the same
    /// for the 16-17s who did not (NaN when the run is shorter than five years).
    double offending_again_at_20_21 = 0;
    double offending_at_20_21_without = 0;
};

/// Runs one replicate (burn-in, then the reported weeks) and measures the patterns.
PatternResult measure_patterns(const Parameters& parameters, const RunPlan& plan);

}  // namespace vrusim
