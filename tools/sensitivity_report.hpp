#pragma once
/// The end of a morris or sobol sweep (docs/research.md): the output at every point and replicate,
/// the factors ranked with the noise each measure would show without them, written as
/// DIR/sensitivity.csv, DIR/sensitivity.png and DIR/sensitivity-outputs.csv, and the table printed.
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "batch.hpp"
#include "io/sweep.hpp"

namespace vrusim::cli {

/// The files the report writes into a sweep's directory, with how each begins (so that a sweep
/// replaces only files a sweep wrote).
struct ReportFile {
    std::string_view name;
    std::string_view begins_with;
};
inline constexpr ReportFile sensitivity_files[] = {{"sensitivity.csv", "rank,factor,"},
                                                   {"sensitivity-outputs.csv", "point,"},
                                                   {"sensitivity.png", "\x89PNG"}};

/// The design's output does not vary, so there is nothing to rank (its outputs are written).
struct NoSensitivity : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// `members` are the sweep's points (point 0, the base, first); `compared` is empty or the same
/// points from output.compared_with. Prints the table on stdout. Throws std::runtime_error if a
/// file cannot be written, NoSensitivity, Interrupted on a stop.
void write_sensitivity_report(const io::SweepFile& sweep, std::span<const BatchMember> members,
                              std::span<const BatchMember> compared, const std::filesystem::path& dir);

}  // namespace vrusim::cli
