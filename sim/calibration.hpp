#pragma once
/// Calibration targets: the published figures the default scenario must reproduce, and how a
/// set of replicates compares with them. `vrusim calibrate`, the calibration test and the table
/// in docs/model.md all use this one list.
#include <span>
#include <string_view>
#include <vector>

#include "ensemble.hpp"
#include "parameters.hpp"
#include "summary.hpp"

namespace vrusim {

struct CalibrationYear;

struct CalibrationTarget {
    std::string_view key;
    std::string_view description;
    double target;     ///< the published (or derived) figure
    double low, high;  ///< tolerance: the replicate mean must fall inside
    std::string_view unit;
    std::string_view source;
    double (*value)(const CalibrationYear&);  ///< the model's value in one replicate's reported year
};

struct CalibrationResult {
    const CalibrationTarget* target;
    CellSummary achieved;  ///< across replicates, each replicate's mean over its complete years
    /// False also when there was nothing to measure (the mean is NaN).
    bool within() const { return achieved.mean >= target->low && achieved.mean <= target->high; }
};

/// The targets, in the order they are reported.
std::span<const CalibrationTarget> calibration_targets();

/// Compares replicates of a run (at least one complete 52-week reported year) with the targets.
std::vector<CalibrationResult> evaluate_calibration(const Parameters& p, std::span<const ReplicateResult> replicates);

}  // namespace vrusim
