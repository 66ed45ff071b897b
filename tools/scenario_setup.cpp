#include "scenario_setup.hpp"

#include <fmt/core.h>
#include <fmt/format.h>
#include <tbb/info.h>

#include "execution.hpp"
#include "io/edge_list.hpp"
#include "io/output_file.hpp"
#include "io/overrides.hpp"
#include "sim/population.hpp"
#include "programme_report.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <cmath>
#include <cstdio>
#include <string>

namespace vrusim::cli {

int stdout_written() {
    if (std::fflush(stdout) == 0 && !std::ferror(stdout)) return exit_ok;
    std::fprintf(stderr, "error: cannot write to standard output: %s\n", std::strerror(errno));
    return exit_failure;
}

std::filesystem::path default_scenario() { return std::filesystem::path(VRUSIM_SCENARIO_DIR) / "default.yaml"; }

void print_problems(const io::ScenarioError& e) {
    for (const auto& problem : e.problems) fmt::print(stderr, "error: {}\n", problem);
    fmt::print(stderr, "{} problem{} found; nothing was run.\n", e.problems.size(), e.problems.size() == 1 ? "" : "s");
}

bool refuses_verification(const io::LoadedScenario& scenario, std::string_view command) {
    if (!scenario.parameters.verification.enabled) return false;
    fmt::print(stderr, "error: {} runs the model, but this scenario runs the verification mode (verification.enabled "
                       "is true); use vrusim run\n", command);
    return true;
}

int threads_for(const RunOptions& options) {
    if (options.threads > 0) return options.threads;
    return default_threads() > 0 ? default_threads() : tbb::info::default_concurrency();
}

std::optional<io::LoadedScenario> load_for_run(const RunOptions& options, int threads) {
    const auto file = options.scenario.empty() ? default_scenario() : options.scenario;
    try {
        auto scenario = io::load_scenario(file);
        io::apply_overrides(scenario, options.overrides);
        io::check_memory(scenario, std::min(threads, scenario.parameters.run.replicates));
        return scenario;
    } catch (const io::ScenarioError& e) {
        print_problems(e);
        return std::nullopt;
    }
}

int validate_command(const std::filesystem::path& scenario_file, const std::vector<std::string>& overrides) {
    try {
        auto scenario = io::load_scenario(scenario_file);
        io::apply_overrides(scenario, overrides);
        // The memory check run makes, with as many replicates at once as run uses by default.
        io::check_memory(scenario, std::min(tbb::info::default_concurrency(), scenario.parameters.run.replicates));
        const auto& p = scenario.parameters;
        const std::string with = overrides.empty() ? "" : " with the overrides";
        if (p.verification.enabled) {
            const auto& v = p.verification;
            const auto ties = io::load_network_ties(scenario);
            fmt::print("{}{}: valid. Verification mode: the peer-influence process on {} ({} nodes{}), {} replicates "
                       "of {} weeks after {} weeks of burn-in, seed {}.\n",
                       scenario_file.string(), with,
                       v.network == "edge_list" ? io::edge_list_path(scenario).string() : v.network, v.nodes,
                       v.network == "edge_list" ? fmt::format(", {} ties", ties.size()) : "", p.run.replicates,
                       p.run.weeks, p.run.burn_in_weeks, p.run.seed);
            return exit_ok;
        }
        fmt::print("{}{}: valid. {} areas, {} agents simulated per replicate (scale {}), {} replicates of {} weeks "
                   "after {} weeks of burn-in, seed {}.\n",
                   scenario_file.string(), with, p.population.areas.size(),
                   simulated_agent_count(p), p.population.scale, p.run.replicates, p.run.weeks, p.run.burn_in_weeks,
                   p.run.seed);
        print_programme(p);
        return stdout_written();
    } catch (const io::ScenarioError& e) {
        print_problems(e);
        return exit_bad_input;
    } catch (const std::system_error& e) {  // fmt could not write stdout (a closed pipe, a full disk)
        std::fprintf(stderr, "error: cannot write to standard output: %s\n", e.what());
        return exit_failure;
    }
}

std::optional<std::filesystem::path> side_output_directory(const RunOptions& options, const std::filesystem::path& side_file,
                                                           std::string_view kind, std::span<const io::DirectoryOutput> outputs,
                                                           std::string_view command, const io::DirectoryOutput& work) {
    std::string stem = side_file.stem().string();
    if (stem.ends_with(fmt::format(".{}", kind))) stem.resize(stem.size() - kind.size() - 1);
    const std::filesystem::path dir = options.output_given ? options.output : std::filesystem::path(fmt::format("{}-{}", stem, kind));
    std::string problem = dir.empty() ? "-o needs a directory" : io::output_directory_problem(dir, outputs, command, work);
    if (problem.empty()) return dir;
    fmt::print(stderr, "error: {}\n", problem);
    return std::nullopt;
}

std::string work_file_start_problem(const std::filesystem::path& work, bool resume, std::string_view command,
                                    std::string_view held, std::string_view source) {
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(work, ec);
    const bool there = std::filesystem::exists(status);
    if (there && !std::filesystem::is_regular_file(status))  // a FIFO there would block a resume's read
        return fmt::format("{} is not a regular file (a work file {} would keep): remove it", work.string(), command);
    if (there && io::work_file_locked(work))
        return fmt::format("another vrusim {} is writing {} now; wait for it, or use another -o directory", command,
                           work.parent_path().string());
    if (there && !resume)
        return fmt::format("{} holds {} of a run that was stopped or could not write its outputs: --resume continues it "
                           "(the same {} and options), or remove it to start again", work.string(), held, source);
    if (!there && resume)
        return fmt::format("nothing to continue: {} is not there (run without --resume to start)", work.string());
    return "";
}

}  // namespace vrusim::cli
