#pragma once
/// Tables printed on stdout after a run.
#include <span>
#include <string>

#include "io/results_writer.hpp"
#include "sim/calibration.hpp"

namespace vrusim::cli {

/// A number for a table: about four significant figures, "-" if not finite.
std::string number(double x);

/// Annual mean and 95% interval of every measure across the stored replicates.
void print_summary_table(const io::StoredResults& results);

/// Calibration targets against achieved values; returns how many fall outside their tolerance.
int print_calibration_table(std::span<const CalibrationResult> results);
/// The same as CSV (key, target, low, high, achieved, ci95_low, ci95_high, within).
int print_calibration_csv(std::span<const CalibrationResult> results);

}  // namespace vrusim::cli
