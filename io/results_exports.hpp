#pragma once
/// The events and network a run exports (`vrusim run --export`, sim/export/tables.hpp) in its
/// results file: /exports (docs/outputs.md, "Events and network").
///
/// While the run is under way each finished replicate's tables wait in a file of their own in
/// OUT.exports.partial/, written whole (a temporary, fsync, rename) before the replicate is marked
/// done in the work file, so the work file's promise holds: a full disk stops the run, never
/// damages what is stored. Finishing copies them, compressed, into the results file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/export/tables.hpp"

namespace vrusim::io {

/// The directory of a run's waiting export files: OUT.exports.partial.
std::filesystem::path exports_work_dir(const std::filesystem::path& out);
/// The waiting export file of one replicate in that directory.
std::filesystem::path exports_work_file(const std::filesystem::path& out, int replicate);

/// Why a run exporting into OUT cannot keep its waiting exports in OUT.exports.partial, or "":
/// something there that is not a directory (a link, a file), or a directory it cannot write in.
std::string exports_work_dir_problem(const std::filesystem::path& out);
/// Removes the waiting export files of OUT that vrusim wrote (they start with its signature;
/// anything else in the directory is left), then the directory if that left it empty.
void clear_exports_work_dir(const std::filesystem::path& out);

/// Where an export was cut by its limit: (replicate, last whole week of events) for replicates
/// whose events stopped early, (replicate, week) for snapshots left out. Empty: nothing was cut.
struct ExportCut {
    std::vector<std::pair<int, int>> events_stopped;
    std::vector<std::pair<int, int>> snapshots_skipped;
    bool any() const { return !events_stopped.empty() || !snapshots_skipped.empty(); }
};
/// A line for the user saying what was cut ("" if nothing), naming --export-limit.
std::string export_cut_message(const ExportCut& cut, int weeks);

/// A replicate's tables as bytes, named by replicate and scenario hash, with a checksum.
std::string encode_exports(const ExportTables& tables, int replicate, std::uint64_t scenario_hash);
/// The tables back; nullopt if the bytes are damaged or name another replicate or scenario.
std::optional<ExportTables> decode_exports(std::string_view bytes, int replicate, std::uint64_t scenario_hash);
/// Reads and decodes a waiting export file; nullopt if it is missing or cannot be used.
std::optional<ExportTables> read_exports_work_file(const std::filesystem::path& file, int replicate,
                                                   std::uint64_t scenario_hash);

/// A replicate's /exports tables read back from a finished results file. Throws
/// std::runtime_error if the file has no export of that replicate.
ExportTables read_exports(const std::filesystem::path& results_file, int replicate);
/// What a results file says it exported (its /exports attributes); nullopt if it exported nothing.
std::optional<ExportOptions> read_export_options(const std::filesystem::path& results_file);

}  // namespace vrusim::io
