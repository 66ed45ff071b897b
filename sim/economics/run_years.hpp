#pragma once
/// A run reduced to financial years (RunYears), the form `vrusim compare` and the explorer compare:
/// from the replicates in memory (the explorer's runs, several scenarios in one command) or, through
/// io::run_years, from a results file. Both fill the yearly totals with the same code, so a run
/// compared from memory and from its file gives the same figures.
#include <functional>
#include <span>
#include <string>

#include "../ensemble.hpp"
#include "comparison.hpp"

namespace vrusim {

/// One week's represented value of measure m (its position in the model's measure set) in
/// replicate r, summed over the cells counted (areas and age bands).
using WeekValue = std::function<double(std::size_t m, int r, int week)>;

/// Sets `run`'s years, weeks_in_year and totals (every measure of the model's set) for `replicates`
/// replicates of `weeks` reported weeks: a flow's total over each financial year, a stock's weekly
/// mean.
void fill_year_totals(RunYears& run, int replicates, int weeks, const WeekValue& value);

/// A run reduced to financial years from its replicates (in any order; one per replicate number
/// 0..n-1), with the spend of its programme and funding plan and the scenario's economics; the
/// measures of one area only if `area` >= 0 (the spend stays the whole programme's). The same
/// figures io::run_years reads from the run's results file.
RunYears run_years_of(const Parameters& p, std::span<const ReplicateResult> results, std::string label,
                      int area = -1);

}  // namespace vrusim
