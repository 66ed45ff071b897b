#pragma once
/// The tables `vrusim compare` prints: text for the terminal, CSV, Markdown (docs/funding.md).
#include <string>
#include <string_view>
#include <vector>

#include "io/results_writer.hpp"
#include "sim/economics/comparison.hpp"

namespace vrusim::cli {

/// A measure in the comparison and how its row is headed.
struct ShownMeasure {
    Measure measure;
    std::string_view label;
};

/// The runs compared, the first the base: their labels, files read back and yearly totals.
struct ComparedRuns {
    std::vector<std::string> labels;
    std::vector<io::StoredResults> stored;
    std::vector<RunYears> years;
    std::string area;  ///< the measures are this area's; empty: the whole force area
};

void print_comparison_text(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown);
/// One row per measure and run (scenario, measure, unit, year, mean, low, high, difference,
/// difference_low, difference_high, note), then the economics and grant-condition rows.
void print_comparison_csv(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown);
void print_comparison_markdown(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown);

}  // namespace vrusim::cli
