#pragma once
/// The comparison of runs against a base as CSV: what `vrusim compare --csv` prints and what the
/// explorer copies or exports, from one code (docs/funding.md, "Comparing plans").
#include <string>
#include <string_view>
#include <vector>

#include "results_writer.hpp"
#include "sim/economics/comparison.hpp"

namespace vrusim::io {

/// A measure in the comparison and how its row is headed.
struct ShownMeasure {
    Measure measure;
    std::string_view label;
};

/// The runs compared, the first the base: their labels, stored results (read from files, or built
/// in memory: meta and programme) and yearly totals.
struct ComparedRuns {
    std::vector<std::string> labels;
    std::vector<StoredResults> stored;
    std::vector<RunYears> years;
    std::string area;  ///< the measures are this area's; empty: the whole force area
};

/// A CSV field: as it is, or quoted (quotes doubled) if it holds a comma, a quote or a line break;
/// text a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
/// return, and not a number) gets a leading ' first.
std::string csv_text(std::string_view text);

/// A measure's interval with its low end at 0 at the least: counts are never negative.
Interval nonnegative(Interval i);

/// An intervention's totals over the run: people reached (mean of the replicates, low and high
/// their range) and pounds spent (mean).
struct InterventionTotals {
    Interval young, adults;
    double spend = 0;
};
InterventionTotals intervention_totals(const StoredProgramme& p, int intervention);

/// One row per measure and run (scenario, measure, unit, year, mean, low, high, difference,
/// difference_low, difference_high, note, detectable), then the economics, reach, spend and
/// grant-condition rows.
std::string comparison_csv(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown);

}  // namespace vrusim::io
