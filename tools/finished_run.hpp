#pragma once
/// Reading a finished run's results file for a command that judges or compares runs.
#include <filesystem>
#include <string_view>

#include "io/results_writer.hpp"

namespace vrusim::cli {

/// Reads `file` into `results` if it is a finished run of the model whose data match its
/// attributes; otherwise prints why (naming `command`) and returns false.
bool read_finished_run(const std::filesystem::path& file, io::StoredResults& results, std::string_view command);

}  // namespace vrusim::cli
