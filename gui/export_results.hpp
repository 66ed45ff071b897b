#pragma once
/// Exporting the explorer's runs as results files in the command line's layout (docs/outputs.md),
/// which `vrusim compare` and the Python and R examples read. Called on the render thread only:
/// Debian's HDF5 is not thread-safe, and the worker never touches it.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "export_file.hpp"
#include "series.hpp"

namespace vrusim::gui {

/// A file name for a scenario's label: lower case letters, digits and dashes ("Grant tapers 20% a
/// year" -> "grant-tapers-20-a-year"), "scenario" if nothing is left.
std::string file_stem(const std::string& label);

/// Which existing results files an export may replace: only those this program wrote and nobody
/// changed since (the window), or also any complete results file, as `vrusim run -o` does (the
/// headless mode, whose command a script repeats).
enum class Replace { own_files, results_files };

/// The files an export of runs with these labels writes in DIR: DIR/<file_stem(label)>.h5,
/// numbered if two labels give one name. Throws std::runtime_error naming the first problem: a
/// missing directory, a path `vrusim run -o` would refuse, an existing file `replace` does not
/// allow, or the work file of a run or export that was stopped.
std::vector<std::filesystem::path> export_files(const std::filesystem::path& dir, const std::vector<std::string>& labels,
                                                const std::map<std::filesystem::path, FileStamp>& written,
                                                Replace replace = Replace::own_files);

/// Writes each run to its export_files() path as `vrusim run` would have written it, and returns
/// the files; every path is checked before any is written (a problem throws and writes nothing).
/// `written` gains the files' stamps.
std::vector<std::filesystem::path> export_results(const std::filesystem::path& dir,
                                                  const std::vector<std::pair<std::string, const FinishedRun*>>& runs,
                                                  std::map<std::filesystem::path, FileStamp>& written,
                                                  Replace replace = Replace::own_files);

}  // namespace vrusim::gui
