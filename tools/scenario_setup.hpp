#pragma once
/// Loading a scenario for a command: file, overrides, memory check, with errors printed the same way.
#include <optional>

#include "commands.hpp"
#include "io/scenario_loader.hpp"

namespace vrusim::cli {

/// Loads the scenario named in the options (or the default), applies the overrides and checks
/// memory for the replicates that will run at once; prints problems to stderr and returns
/// nothing on bad input.
std::optional<io::LoadedScenario> load_for_run(const RunOptions& options, int threads);

/// Prints a scenario error's problems to stderr, one per line.
void print_problems(const io::ScenarioError& e);

}  // namespace vrusim::cli
