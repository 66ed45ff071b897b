#pragma once
/// The tables `vrusim compare` prints: text for the terminal, CSV, Markdown (docs/funding.md).
#include <string>
#include <string_view>
#include <vector>

#include "io/comparison_csv.hpp"
#include "sim/economics/comparison.hpp"

namespace vrusim::cli {

using io::ComparedRuns;
using io::ShownMeasure;

void print_comparison_text(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown);
/// io::comparison_csv, printed.
void print_comparison_csv(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown);
void print_comparison_markdown(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown);

}  // namespace vrusim::cli
