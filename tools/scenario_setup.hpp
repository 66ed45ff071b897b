#pragma once
/// Loading a scenario for a command: file, overrides, memory check, with errors printed the same way.
#include <optional>
#include <string_view>

#include "commands.hpp"
#include "io/scenario_loader.hpp"

namespace vrusim::cli {

/// Worker threads a run uses: --threads, or the program's default (all cores for vrusim; execution.hpp).
int threads_for(const RunOptions& options);

/// Loads the scenario named in the options (or the default), applies the overrides and checks
/// memory for the replicates that will run at once; prints problems to stderr and returns
/// nothing on bad input.
std::optional<io::LoadedScenario> load_for_run(const RunOptions& options, int threads);

/// True, with a message on stderr, if the scenario runs the verification mode, which `command`
/// (one that compares the model with its targets or patterns) cannot use.
bool refuses_verification(const io::LoadedScenario& scenario, std::string_view command);

/// Prints a scenario error's problems to stderr, one per line.
void print_problems(const io::ScenarioError& e);

/// Flushes stdout: exit_ok, or an error message and exit_failure if it could not be written.
int stdout_written();

}  // namespace vrusim::cli
