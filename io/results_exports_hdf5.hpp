#pragma once
// The results file's /exports group and its root attributes (docs/outputs.md). Internal to
// io/results_writer.cpp and io/results_exports.cpp.
#include <hdf5.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "results_exports.hpp"
#include "sim/export/tables.hpp"

namespace vrusim::io {

/// Root attributes saying what the run exports (nothing written when it exports nothing).
void write_export_attributes(hid_t file, const ExportOptions& options);
/// What a file's root attributes say it exports (all off for a file without them).
ExportOptions read_export_attributes(hid_t file);
/// How `stored` differs from `now`, for a resume's refusal ("" if it does not).
std::string export_difference(const ExportOptions& stored, const ExportOptions& now);

/// Writes /exports: the names of event types and layers, then each replicate's tables from
/// `tables_of(replicate)`, compressed; returns what the limit cut. `before_each` is called before
/// each replicate's tables (a stop requested meanwhile throws from it).
ExportCut write_exports_group(hid_t file, const ExportOptions& options, int replicates,
                              const std::function<ExportTables(int replicate)>& tables_of,
                              const std::function<void()>& before_each = {});

}  // namespace vrusim::io
