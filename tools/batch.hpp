#pragma once
/// Running several scenarios into one directory, one results file each, sharing burn-ins
/// (docs/batch.md): the core of `vrusim run A B ... -o DIR/` and `vrusim sweep`.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "io/results_writer.hpp"
#include "io/scenario_loader.hpp"

namespace vrusim::cli {

/// One scenario of a batch: what it is called in messages, the loaded scenario and its results file.
struct BatchMember {
    std::string label;  ///< the scenario file, or the sweep's point, in messages
    io::LoadedScenario scenario;
    std::filesystem::path output;
    io::ResultsMetadata meta;                   ///< filled by run_batch
    std::unique_ptr<io::ResultsWriter> writer;  ///< null when already complete (a resume)
    bool created = false;                       ///< this command made its work file
};

/// Why -o cannot be a batch's directory (missing, or a file), or nothing.
std::optional<std::string> output_dir_problem(const RunOptions& options);

/// Runs every member's replicates not yet stored into options.output (made if missing), with
/// progress on stderr counting `unit_noun` ("scenario", "point"); members that differ only after
/// the burn-in share it. Refuses (exit 2, with a message) outputs written twice, members that
/// cannot be paired (seed, replicates, weeks), outputs a single run would refuse. Returns exit_ok
/// when every file is complete, else the exit code (after its message). `before_running`, if
/// given, is called once the checks have passed and the work files are open (a sweep writes its
/// sweep.yaml there); an exception from it ends the run as a failure.
int run_batch(const RunOptions& options, std::vector<BatchMember>& members, const char* unit_noun,
              const std::function<void()>& before_running = {});

}  // namespace vrusim::cli
