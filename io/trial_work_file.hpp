#pragma once
/// A trial's work file (DIR/trial.partial, docs/research.md): each simulated trial's participants
/// appended as it finishes, so that `vrusim trial --resume` continues an interrupted run with the
/// trials already done. A trial's entry carries a checksum; a torn last entry (a kill part-way
/// through a write) is cut off on resume and that trial simulated again.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/trial/simulate.hpp"

namespace vrusim::io {

/// The file's first line names the format; the second the trial it belongs to (`key`: a hash of
/// the scenario as the trial runs it, every key's value, and the design), so a resume with other
/// settings is refused.
std::string trial_work_key(const std::string& scenario_yaml, const trial::Design& design);

/// Makes a new work file (it must not exist); throws std::runtime_error naming it and the reason.
void create_trial_work(const std::filesystem::path& file, const std::string& key);

/// The trials a work file holds, by trial number (below `trials`; nullopt for one not done), the
/// file cut back to its last whole entry (`cut_bytes`, if given, says how much went: a torn or
/// damaged entry and everything after it). Throws std::runtime_error if it is not a trial's work
/// file or belongs to another trial (its message says which).
std::vector<std::optional<trial::Record>> resume_trial_work(const std::filesystem::path& file, const std::string& key,
                                                            int trials, std::uintmax_t* cut_bytes = nullptr);

/// Appends one finished trial and flushes it to the disk; throws std::runtime_error on failure.
/// Not thread-safe: the caller serialises calls.
void append_trial_work(const std::filesystem::path& file, int trial_number, const trial::Record& record);

}  // namespace vrusim::io
