#pragma once
/// Statistics across replicates: mean, spread, a 95% interval for the mean and percentiles.
///
/// Pure functions, no I/O: the HDF5 writer, the command line's tables and the GUI's bands all
/// summarise through here, so the numbers agree wherever they are shown.
#include <cstddef>
#include <span>
#include <vector>

#include "measures.hpp"

namespace vrusim {

/// Summary of one cell (one measure, week, area, band) across n replicates.
struct CellSummary {
    int n = 0;
    double mean = 0;
    double sd = 0;         ///< sample standard deviation (n - 1 denominator); NaN when n < 2
    double ci95_low = 0;   ///< mean -/+ t(0.975, n - 1) * sd / sqrt(n); NaN when n < 2
    double ci95_high = 0;
    double p2_5 = 0;       ///< 2.5th percentile of the replicate values (numpy's default, type 7)
    double p97_5 = 0;      ///< 97.5th percentile
};

/// Summaries of many cells, one vector per statistic, each indexed by cell.
struct SummaryCells {
    int n = 0;
    std::vector<double> mean, sd, ci95_low, ci95_high, p2_5, p97_5;
};

/// Quantile p (0 < p < 1) of Student's t distribution with df > 0 degrees of freedom.
double student_t_quantile(double p, double df);
/// P(T <= t) for Student's t distribution with df > 0 degrees of freedom.
double student_t_cdf(double t, double df);

/// Quantile p (0..1) of a sample by linear interpolation between order statistics (type 7).
double percentile(std::span<const double> values, double p);

/// Mean, sd, 95% confidence interval for the mean and 2.5/97.5 percentiles of `values`.
CellSummary summarise(std::span<const double> values);

/// Summarises each cell across replicates; `values` is [replicate][cell] flattened.
SummaryCells summarise_cells(std::span<const double> values, int replicates);

/// Per-replicate annual values of one measure, [replicate][year] flattened.
struct AnnualValues {
    int replicates = 0;
    int years = 0;  ///< complete 52-week years; trailing weeks of a part year are left out
    std::vector<double> values;
};

/// Annual totals (flows) or annual means over weeks (stocks) over all areas and bands, per
/// replicate, from `values` laid out [replicate][week][area][band] flattened.
AnnualValues annual_values(std::span<const double> values, int replicates, int weeks, int areas,
                           MeasureKind kind);

}  // namespace vrusim
