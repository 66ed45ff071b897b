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

/// Writes each run to DIR/<file_stem(label)>.h5 (numbered if two labels give one name) as
/// `vrusim run` would have written it, and returns the files. Checks every path before writing any:
/// a missing directory, a path `vrusim run -o` would refuse, or an existing file this program did
/// not write (or that changed since, `written`) throws std::runtime_error and writes nothing.
/// `written` gains the files' stamps.
std::vector<std::filesystem::path> export_results(const std::filesystem::path& dir,
                                                  const std::vector<std::pair<std::string, const FinishedRun*>>& runs,
                                                  std::map<std::filesystem::path, FileStamp>& written);

}  // namespace vrusim::gui
