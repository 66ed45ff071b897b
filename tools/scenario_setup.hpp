#pragma once
/// Loading a scenario for a command: file, overrides, memory check, with errors printed the same way.
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "io/output_file.hpp"
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

/// The output directory of a command run from a side file (trial, optimise): -o, or by default the
/// file's name without .yaml and its `kind` (x.trial.yaml -> x-trial/), checked to take the
/// outputs (io::output_directory_problem); nothing, after a message on stderr, if it cannot.
std::optional<std::filesystem::path> side_output_directory(const RunOptions& options, const std::filesystem::path& side_file,
                                                           std::string_view kind, std::span<const io::DirectoryOutput> outputs,
                                                           std::string_view command, const io::DirectoryOutput& work);

/// Why a command keeping its finished pieces in a work file (trial.partial, optimise.partial) cannot
/// start as asked, or "": another `vrusim <command>` is writing it; it holds `held` (e.g. "the
/// simulated trials") of a stopped run and --resume was not given; or --resume with none there.
/// `source` names what a resume must keep the same (e.g. "trial file").
std::string work_file_start_problem(const std::filesystem::path& work, bool resume, std::string_view command,
                                    std::string_view held, std::string_view source);

/// Flushes stdout: exit_ok, or an error message and exit_failure if it could not be written.
int stdout_written();

}  // namespace vrusim::cli
