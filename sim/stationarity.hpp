#pragma once
/// Is a run's baseline stationary? Each year of a measure against the level the run settles to,
/// and the trend across years, both from the spread across replicates (docs/model.md 5.5).
///
/// Pure functions over annual values, so the `vrusim drift` command (reading a results file) and
/// the stationarity test (running in memory) apply the same criteria.
#include <cstdint>
#include <vector>

#include "ensemble.hpp"
#include "summary.hpp"

namespace vrusim {

struct DriftCriteria {
    int settled_from = 5;         ///< first year (1-based) of the settled period
    int settled_to = 10;          ///< last year of it, inclusive (clipped to the years run)
    double tolerance = 0.015;     ///< a year may differ from the settled level by this share ...
    double standard_errors = 3;   ///< ... plus this many standard errors of the difference
};

struct YearDrift {
    double relative = 0;  ///< mean across replicates of (year / settled level - 1)
    double se = 0;        ///< its standard error: the replicates' spread, pooled over the years inside the settled
                          ///< window or over those outside it, as this year is (0 with one replicate)
    bool within = true;
};

struct DriftReport {
    double settled = 0;              ///< mean across replicates of the settled level
    std::vector<YearDrift> years;    ///< one per complete year
    double trend = 0;                ///< least-squares slope across years, as a share of the settled level a year
    double trend_ci_low = 0, trend_ci_high = 0;  ///< its 95% interval across replicates (NaN with one replicate)
    /// Every year within its tolerance.
    bool stationary() const;
    /// The trend's 95% interval excludes 0.
    bool trend_significant() const;
};

/// Annual values of one measure from replicates held in memory (all areas and bands).
AnnualValues annual_values(std::span<const ReplicateResult> replicates, Measure measure);

/// Compares each year of `annual` with the replicate's own settled level (years settled_from to
/// settled_to, or all years if the run is shorter than settled_from).
DriftReport check_drift(const AnnualValues& annual, const DriftCriteria& criteria = {});

/// How often the criterion fails on runs of `k` replicates: applied to every set of k of the
/// replicates in `annual`. If the model is stationary, this is the chance that a run of k
/// replicates fails the check by chance (a false alarm), which a verdict on one run is read with.
struct SubsetFailures {
    std::size_t sets = 0;            ///< sets of k replicates checked (0: too many to check, or k too large)
    std::size_t level_failures = 0;  ///< sets with some year outside its tolerance
    std::size_t trend_failures = 0;  ///< sets with a significant trend
    /// Per set, in the order the sets are taken (the same for every measure of a run), whether it
    /// failed each way; filled only when asked for, to combine measures.
    std::vector<std::uint8_t> level_failed, trend_failed;
};
/// The number of sets of k among n replicates (n choose k), as a double so that it cannot overflow.
double subset_count(int n, int k);
SubsetFailures failures_in_subsets(const AnnualValues& annual, int k, const DriftCriteria& criteria = {},
                                   std::size_t max_sets = 200'000, bool record_sets = false);

}  // namespace vrusim
