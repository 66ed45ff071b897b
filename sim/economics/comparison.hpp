#pragma once
/// Plans compared with a base run under common random numbers (docs/funding.md): each measure's
/// yearly mean with its 95% interval, the difference against the base paired by replicate, the
/// cost, the social value of the harms averted, the benefit-cost ratio and the cost per harm
/// averted. Pure arithmetic on totals by year: `vrusim compare` and the explorer both call it.
#include <string>
#include <vector>

#include "../measures.hpp"
#include "../parameters.hpp"

namespace vrusim {

/// A mean across replicates with its 95% interval (Student t); low and high NaN with one replicate.
struct Interval {
    double mean = 0;
    double low = 0;
    double high = 0;
};

/// One run reduced to financial years.
struct RunYears {
    std::string label;
    int replicates = 0;
    int years = 0;
    std::vector<int> weeks_in_year;  ///< [year]: 52, or fewer in a last part-year
    /// [measure] -> [replicate * years + year]: the year's total (flows) or its weekly mean (stocks),
    /// summed over areas and age bands.
    std::vector<std::vector<double>> totals;
    std::vector<double> spend;  ///< [replicate * years + year], pounds: interventions, evaluation and core
    std::vector<double> core;   ///< [year], pounds: the core function (the same in every replicate)
    bool funding_enabled = false;
    EconomicsParams economics;

    double at(Measure m, int r, int y) const {
        return totals[static_cast<std::size_t>(m)][static_cast<std::size_t>(r) * years + y];
    }
};

/// A measure's yearly mean over the run in one run, and its difference from the base.
struct MeasureComparison {
    Interval value;       ///< a year: flows per 52 weeks, stocks the mean week
    Interval difference;  ///< run minus base, paired by replicate (zero for the base itself)
    /// The smallest difference a run of this many replicates would detect with 80% power at the 5%
    /// level, from the spread of the paired differences: (t(0.975) + t(0.80)) x sd / sqrt(n);
    /// NaN with fewer than 2 replicates.
    double detectable = 0;
};

/// What a run's programme costs and buys against the base, over the whole run, paired by replicate.
struct EconomicComparison {
    Interval cost;          ///< extra spend, discounted, pounds
    Interval value;         ///< social value of the harms averted, discounted, pounds
    Interval benefit_cost;  ///< value / cost (NaN when the cost is 0); its interval is the value's / mean cost
    Interval cost_without_core;          ///< extra spend on interventions and their evaluation only
    Interval benefit_cost_without_core;  ///< value / cost_without_core
    /// Per Home Office measure (home_office_measures): harms averted over the run (base minus run,
    /// undiscounted) and the cost per harm averted (mean discounted cost / discounted harms
    /// averted, its interval from theirs; +inf where the interval reaches 0 or below).
    std::vector<Interval> averted;
    std::vector<Interval> cost_per_averted;
};

/// The three measures the Home Office sets every VRU, as expected values (each knife
/// victimisation's chance of the outcome): the same mean as the counts with a fraction of their
/// noise, so that harms averted and their cost are not mostly the chance of a rare count.
inline constexpr Measure home_office_measures[] = {Measure::hospital_admissions_knife_assault_u25_expected,
                                                   Measure::recorded_knife_assaults_u25_expected,
                                                   Measure::knife_homicides_u25_expected};

/// The unit of a measure's yearly figure: "admissions a year" for a flow, "people, mean week" for a stock.
std::string unit_a_year(Measure m);

/// Replicate r's value of a measure a year over the run: flows per 52 weeks, stocks the mean week.
double yearly(const RunYears& run, Measure m, int r);

/// `run` against `base` for one measure (they must have the same replicates and years).
MeasureComparison compare_measure(const RunYears& base, const RunYears& run, Measure m);
/// The economics of `run` against `base`, valued with `economics` (the base's).
EconomicComparison compare_economics(const RunYears& base, const RunYears& run, const EconomicsParams& economics);

/// The smallest mean difference n paired replicates of this spread detect with 80% power at the
/// 5% level (two-sided t): (t(0.975) + t(0.80)) x sd / sqrt(n); NaN with fewer than 2.
double detectable_difference(double sd, int n);

/// Mean and 95% interval of replicate values.
Interval mean_interval(const std::vector<double>& values);

}  // namespace vrusim
