// `vrusim run A.yaml B.yaml ... -o DIR/`: several scenarios under common random numbers, each
// into DIR/<file name>.h5, sharing the burn-in where they can (docs/batch.md), then the comparison.
#include <fmt/core.h>
#include <fmt/format.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <system_error>

#include "commands.hpp"
#include "io/output_file.hpp"
#include "io/results_metadata.hpp"
#include "io/results_writer.hpp"
#include "progress.hpp"
#include "scenario_setup.hpp"
#include "sim/burn_in/shared_run.hpp"

namespace vrusim::cli {

namespace fs = std::filesystem;

namespace {

/// One scenario of the run: where it came from, what it writes, and its writer once opened.
struct Member {
    fs::path file;
    io::LoadedScenario scenario;
    fs::path output;
    io::ResultsMetadata meta;
    std::unique_ptr<io::ResultsWriter> writer;  // null when already complete (a resume)
    bool created = false;                       // this command made its work file
};

std::optional<std::string> output_dir_problem(const RunOptions& options) {
    if (!options.output_given || options.output.empty())
        return std::string("several scenarios need -o DIR/: each one's results go to DIR/<scenario file name>.h5");
    std::error_code ec;
    if (fs::exists(options.output, ec) && !fs::is_directory(options.output, ec))
        return fmt::format("-o {}: several scenarios write one results file each into a directory, and this is not "
                           "one; name a directory (it is made if missing)", options.output.string());
    return std::nullopt;
}

// Common random numbers pair replicate r of every scenario: one seed, replicate count and length.
std::optional<std::string> pairing_problem(const std::vector<Member>& members) {
    const auto& first = members.front();
    const auto& a = first.scenario.parameters.run;
    for (const auto& m : members) {
        const auto& b = m.scenario.parameters.run;
        const auto differs = [&](const char* key, auto x, auto y) -> std::optional<std::string> {
            if (x == y) return std::nullopt;
            return fmt::format("{} has {} {} and {} has {}: scenarios run together are paired replicate by replicate, "
                               "so they need one {}; give it with --set {}=VALUE (or --seed, --replicates)",
                               first.file.string(), key, x, m.file.string(), y, key, key);
        };
        if (auto p = differs("run.seed", a.seed, b.seed)) return p;
        if (auto p = differs("run.replicates", a.replicates, b.replicates)) return p;
        if (auto p = differs("run.weeks", a.weeks, b.weeks)) return p;
    }
    return std::nullopt;
}

// A scenario whose results file a resume finds complete (the run stopped while the files were
// being finished): kept if it is this scenario's, by this build; anything else is refused.
bool complete_and_same(const Member& m) { return io::is_complete_results_of(m.output, m.meta); }

// Opens every scenario's work file, or none: a refusal for the third scenario removes the work
// files this command made for the first two (they hold no replicates).
void open_writers(std::vector<Member>& members, bool resume) {
    try {
        for (auto& m : members) {
            const auto partial = io::partial_path(m.output);
            if (resume && !fs::exists(partial) && complete_and_same(m)) continue;
            m.created = !resume;
            m.writer = std::make_unique<io::ResultsWriter>(m.output, m.meta, resume);
        }
    } catch (...) {
        for (auto& m : members) {
            if (!m.created || !m.writer) continue;
            m.writer.reset();
            std::error_code ignored;
            fs::remove(io::partial_path(m.output), ignored);
        }
        throw;
    }
}

}  // namespace

int run_many_command(const RunOptions& options, const std::vector<fs::path>& files) {
    const int threads = threads_for(options);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    if (const auto problem = output_dir_problem(options)) {
        fmt::print(stderr, "error: {}\n", *problem);
        return exit_bad_input;
    }
    std::vector<Member> members;
    bool bad = false;
    for (const auto& file : files) {
        RunOptions one = options;
        one.scenario = file;
        // Each unit holds the settled state beside the scenario it runs: two populations' columns.
        auto scenario = load_for_run(one, 2 * threads);
        if (!scenario) {
            bad = true;
            continue;
        }
        if (scenario->parameters.verification.enabled) {
            fmt::print(stderr, "error: {}: the verification mode runs one scenario at a time (vrusim run {})\n",
                       file.string(), file.string());
            bad = true;
            continue;
        }
        members.push_back({file, std::move(*scenario), options.output / (file.stem().string() + ".h5"), {}, {}, false});
    }
    if (bad) return exit_bad_input;
    std::map<fs::path, fs::path> by_output;
    for (const auto& m : members)
        if (const auto [at, added] = by_output.emplace(m.output, m.file); !added) {
            fmt::print(stderr, "error: {} and {} would both write {}; give the scenario files different names\n",
                       at->second.string(), m.file.string(), m.output.string());
            return exit_bad_input;
        }
    if (const auto problem = pairing_problem(members)) {
        fmt::print(stderr, "error: {}\n", *problem);
        return exit_bad_input;
    }
    std::error_code ec;
    fs::create_directories(options.output, ec);
    if (ec) {
        fmt::print(stderr, "error: -o {}: cannot make the directory: {}\n", options.output.string(), ec.message());
        return exit_bad_input;
    }
    std::vector<fs::path> inputs;
    for (const auto& m : members) inputs.insert(inputs.end(), m.scenario.files.begin(), m.scenario.files.end());
    for (auto& m : members) {
        if (options.resume && !fs::exists(io::partial_path(m.output))) {
            if (complete_and_same(m)) continue;
        } else if (const auto problem = io::output_path_problem(m.output, inputs)) {
            fmt::print(stderr, "error: {}: {}\n", m.file.string(), *problem);
            return exit_bad_input;
        }
    }
    try {
        for (auto& m : members) m.meta = io::results_metadata(m.scenario);
        open_writers(members, options.resume);
        std::vector<Parameters> parameters;
        for (const auto& m : members) parameters.push_back(m.scenario.parameters);
        const auto units = make_shared_units(parameters, [&](int s, int r) {
            const auto& writer = members[static_cast<std::size_t>(s)].writer;
            if (!writer) return true;
            const auto done = writer->completed_replicates();
            return std::find(done.begin(), done.end(), r) != done.end();
        });
        std::size_t results = 0, already = 0;
        std::int64_t weeks = 0;
        for (const auto& unit : units) {
            results += unit.scenarios.size();
            weeks += unit_weeks(parameters, unit);
        }
        for (const auto& p : parameters) already += static_cast<std::size_t>(p.run.replicates);
        already -= results;
        if (!options.quiet) {
            fmt::print(stderr, "run: {} scenarios, {} scenario replicates to run{} in {} work unit{} (a burn-in each, "
                               "shared by the scenarios that differ only after it), {} threads, writing {}\n",
                       members.size(), results, already ? fmt::format(" ({} already done)", already) : "",
                       units.size(), units.size() == 1 ? "" : "s", threads, options.output.string());
            for (const auto& m : members)
                if (!m.writer) fmt::print(stderr, "run: {} is already complete; kept\n", m.output.string());
        }
        Reporter reporter(
            [&](const ReplicateResult& r) { members[static_cast<std::size_t>(r.plan.scenario)].writer->replicate_done(r); },
            results, weeks, options.quiet, "scenario replicates");
        catch_stop_signals();
        try {
            run_shared_ensemble(parameters, units, reporter);
        } catch (const Interrupted&) {
            reporter.finish_line();
            fmt::print(stderr, "stopped by {}: completed replicates are saved in each scenario's .partial file in {}; "
                               "continue with the same command and --resume.\n",
                       stop_signal_name(), options.output.string());
            return interrupted_exit();
        }
        reporter.finish_line();
        for (auto& m : members) {
            if (!m.writer) continue;
            m.writer->finish();
            if (!options.quiet) fmt::print(stderr, "run: wrote {}\n", m.output.string());
        }
    } catch (const io::OutputPathError& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_bad_input;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        fmt::print(stderr, "The replicates completed so far are kept in the .partial files in {}; once the cause is "
                           "fixed, continue with the same command and --resume.\n", options.output.string());
        return exit_failure;
    }
    CompareOptions compare;
    for (const auto& m : members) compare.files.push_back(m.output);
    return compare_command(compare);
}

}  // namespace vrusim::cli
