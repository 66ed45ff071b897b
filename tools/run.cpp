#include <fmt/core.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <string>
#include <variant>

#include "commands.hpp"
#include "execution.hpp"
#include "io/edge_list.hpp"
#include "io/output_file.hpp"
#include "io/results_metadata.hpp"
#include "io/results_writer.hpp"
#include "io/schema_markdown.hpp"
#include "progress.hpp"
#include "report.hpp"
#include "scenario_setup.hpp"
#include "sim/calibration.hpp"
#include "sim/burn_in/shared_run.hpp"
#include "sim/ensemble.hpp"
#include "sim/population.hpp"
#include "sim/verification/run.hpp"

namespace vrusim::cli {

namespace {

std::int64_t weeks_of(const Parameters& p, std::size_t replicates) {
    return static_cast<std::int64_t>(replicates) * (p.run.burn_in_weeks + p.run.weeks);
}

/// Runs `work` with Ctrl-C turned into a clean stop; returns false if interrupted.
bool run_stoppable(Reporter& reporter, const std::function<void()>& work) {
    catch_stop_signals();
    try {
        work();
    } catch (const Interrupted&) {
        reporter.finish_line();
        return false;
    }
    reporter.finish_line();
    return true;
}

/// Runs the plans (calibrate, patterns); returns false if interrupted.
bool run_plans(const Parameters& p, std::span<const RunPlan> plans, Reporter& reporter) {
    return run_stoppable(reporter, [&] { run_ensemble(p, plans, reporter); });
}

/// Runs the replicates `run` still needs through the program's executor (MPI ranks in
/// vrusim-mpi), as a batch does; the verification mode, which has no model burn-in, runs here
/// on the edge list `ties`. Returns false if interrupted.
bool run_needed(const Parameters& p, std::span<const RunPlan> plans, Reporter& reporter,
                std::span<const verification::Tie> ties, io::SettledCache* cache, const ExportOptions& exports) {
    if (p.verification.enabled)
        return run_stoppable(reporter, [&] {
            run_ensemble(plans, p.run.burn_in_weeks + p.run.weeks, verification::replicate_runner(p, ties), reporter);
        });
    const std::vector<Parameters> scenarios{p};
    const auto units = make_shared_units(scenarios, [&](int, int replicate) {
        return std::none_of(plans.begin(), plans.end(), [&](const RunPlan& plan) { return plan.replicate == replicate; });
    });
    return run_stoppable(reporter, [&] { run_units(scenarios, units, reporter, cache, exports); });
}

/// The items of a comma-separated list, spaces around them dropped (an empty item kept, to be refused).
std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> items;
    if (text.find_first_not_of(' ') == std::string_view::npos) return items;
    for (std::size_t at = 0;;) {
        const auto comma = std::min(text.find(',', at), text.size());
        auto item = text.substr(at, comma - at);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        items.emplace_back(item);
        if (comma == text.size()) return items;
        at = comma + 1;
    }
}

/// What --export, --export-weeks and --export-limit ask for, or a message saying what is wrong.
std::variant<ExportOptions, std::string> export_options(const RunOptions& options, const Parameters& p) {
    ExportOptions out;
    if (!options.export_given) {
        if (options.export_weeks_given || options.export_limit_given)
            return std::string("--export-weeks and --export-limit go with --export events,network");
        return out;
    }
    if (!units_run_here()) return std::string("--export is not available under vrusim-mpi yet; run it with vrusim");
    if (p.verification.enabled) return std::string("--export records the model's events; the verification mode has none");
    for (const auto& kind : split_list(options.export_kinds)) {
        if (kind == "events") out.events = true;
        else if (kind == "network") out.network = true;
        else return fmt::format("--export: unknown '{}' (expected events, network or events,network)", kind);
    }
    if (!out.any()) return std::string("--export needs events, network or events,network");
    if (options.export_weeks_given && !out.network) return std::string("--export-weeks needs --export network");
    if (out.network) {
        if (!options.export_weeks_given) out.network_weeks = {p.run.weeks - 1};
        for (const auto& text : split_list(options.export_weeks)) {
            int week = -1;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), week);
            if (ec != std::errc{} || end != text.data() + text.size() || week < 0 || week >= p.run.weeks)
                return fmt::format("--export-weeks: '{}' is not a reported week (expected whole numbers from 0 to {}, "
                                   "run.weeks - 1)", text, p.run.weeks - 1);
            out.network_weeks.push_back(week);
        }
        if (out.network_weeks.empty()) return std::string("--export-weeks needs at least one week");
        std::sort(out.network_weeks.begin(), out.network_weeks.end());
        out.network_weeks.erase(std::unique(out.network_weeks.begin(), out.network_weeks.end()), out.network_weeks.end());
    }
    if (!(options.export_limit_mib >= 1 && options.export_limit_mib <= 1 << 24))
        return fmt::format("--export-limit: expected MiB from 1 to 16777216 (16 TiB), got {}", options.export_limit_mib);
    out.limit_bytes = static_cast<std::uint64_t>(options.export_limit_mib * 1024 * 1024);
    return out;
}

}  // namespace

int run_command(const RunOptions& options) {
    const int threads = threads_for(options);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    const auto scenario = load_for_run(options, threads);
    if (!scenario) return exit_bad_input;
    const auto& p = scenario->parameters;
    std::vector<verification::Tie> ties;
    try {
        ties = io::load_network_ties(*scenario);
    } catch (const io::ScenarioError& e) {
        print_problems(e);
        return exit_bad_input;
    }
    const auto exports = export_options(options, p);
    if (const auto* problem = std::get_if<std::string>(&exports)) {
        fmt::print(stderr, "error: {}\n", *problem);
        return exit_bad_input;
    }
    auto output = options.output;
    const auto stem = (options.scenario.empty() ? default_scenario() : options.scenario).stem().string();
    if (output.empty() && !options.output_given) output = stem + ".h5";
    // -o DIR/ (an existing directory, or a name ending in /) takes DIR/<scenario>.h5, as several
    // scenarios do, so that a script passing one file or many names its output the same way.
    // DIR/ is made if missing (its last directory only), as a run of several scenarios makes it.
    bool made_dir = false;
    if (std::error_code ec; !output.empty() && !output.has_filename() && !std::filesystem::exists(output, ec))
        made_dir = std::filesystem::create_directory(output, ec);  // a missing parent: refused just below
    if (std::error_code ec; !output.empty() && (!output.has_filename() || std::filesystem::is_directory(output, ec)))
        output /= stem + ".h5";
    // Checked before anything runs: a run must never end by destroying what the user named.
    if (const auto problem = io::output_path_problem(output, scenario->files)) {
        fmt::print(stderr, "error: -o: {}\n", *problem);
        std::error_code ignored;
        if (made_dir) std::filesystem::remove(output.parent_path(), ignored);
        return exit_bad_input;
    }
    try {
        const auto partial = io::partial_path(output);
        io::ResultsMetadata meta = io::results_metadata(*scenario, ties);
        meta.exports = std::get<ExportOptions>(exports);
        const auto cache = open_burn_in_cache(options);
        io::ResultsWriter writer(output, meta, options.resume);
        std::vector<RunPlan> plans = make_plans(p);
        const auto done = writer.completed_replicates();
        std::erase_if(plans, [&](const RunPlan& plan) {
            return std::find(done.begin(), done.end(), plan.replicate) != done.end();
        });
        if (!options.quiet)
            fmt::print(stderr, "run: {} {} per replicate, {} replicate{} to run{}, {} thread{}, writing {}\n",
                       meta.agents, p.verification.enabled ? "nodes" : "agents", plans.size(), plans.size() == 1 ? "" : "s",
                       done.empty() ? "" : fmt::format(" ({} already done)", done.size()), threads, threads == 1 ? "" : "s",
                       partial.string());
        Reporter reporter([&](const ReplicateResult& r) { writer.replicate_done(r); }, plans.size(),
                          weeks_of(p, plans.size()), options.quiet);
        const bool finished = run_needed(p, plans, reporter, ties, cache.get(), meta.exports);
        print_burn_in_cache_use(cache.get(), options.quiet);
        const std::string kept = meta.exports.any()
                                     ? fmt::format("{} (their exports in {}/)", partial.string(),
                                                   io::exports_work_dir(output).string())
                                     : partial.string();
        if (!finished) {
            fmt::print(stderr, "stopped by {}: completed replicates are saved in {}; continue with the same command "
                               "and --resume.\n", stop_signal_name(), kept);
            return interrupted_exit();
        }
        // Finishing copies the exports too (a minute or more for a large one): a stop meanwhile
        // leaves the results file untouched and every replicate for a resume.
        writer.set_stop_check([] {
            if (stop_was_requested()) throw Interrupted{};
        });
        if (meta.exports.any() && !options.quiet) fmt::print(stderr, "run: finishing {} with its export\n", output.string());
        try {
            writer.finish();
        } catch (const Interrupted&) {
            fmt::print(stderr, "stopped by {} while finishing: every replicate is saved in {}; continue with the same "
                               "command and --resume.\n", stop_signal_name(), kept);
            return interrupted_exit();
        }
        if (!options.quiet) fmt::print(stderr, "run: wrote {}\n", output.string());
        if (const auto cut = io::export_cut_message(writer.export_cut(), p.run.weeks); !cut.empty())
            fmt::print(stderr, "warning: {}\n", cut);
        print_summary_table(io::read_results(output));
        return exit_ok;
    } catch (const io::OutputPathError& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_bad_input;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        // A failure of the file system (a full disk, say) keeps the replicates already stored.
        if (std::error_code ec; std::filesystem::exists(io::partial_path(output), ec))
            fmt::print(stderr, "The replicates completed so far are kept in {}; once the cause is fixed, continue "
                               "with the same command and --resume.\n", io::partial_path(output).string());
        return exit_failure;
    }
}

int calibrate_command(const RunOptions& options) {
    const int threads = threads_for(options);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    const auto scenario = load_for_run(options, threads);
    if (!scenario) return exit_bad_input;
    if (refuses_verification(*scenario, "calibrate")) return exit_bad_input;
    const auto& p = scenario->parameters;
    if (p.run.weeks < weeks_per_year) {
        fmt::print(stderr, "error: calibrate needs at least 52 reported weeks (run.weeks is {})\n", p.run.weeks);
        return exit_bad_input;
    }
    const auto plans = make_plans(p);
    Reporter reporter({}, plans.size(), weeks_of(p, plans.size()), options.quiet);
    reporter.keep = true;
    try {
        if (!run_plans(p, plans, reporter)) return interrupted_exit();
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_failure;
    }
    const auto results = evaluate_calibration(p, reporter.kept);
    const int outside = options.csv ? print_calibration_csv(results) : print_calibration_table(results);
    return outside == 0 ? exit_ok : exit_failure;
}

int schema_command() {
    const std::string text = io::schema_markdown();
    std::fwrite(text.data(), 1, text.size(), stdout);
    return stdout_written();
}

}  // namespace vrusim::cli
