// `vrusim sweep SWEEP.yaml -o DIR/`: a base scenario, factors and a design (io/sweep.hpp); every
// point validated before the first runs, then run as a batch (shared burn-ins, resumable) into
// DIR/point-NNN.h5, with DIR/sweep.yaml (the sweep as run) and DIR/index.csv (docs/batch.md).
#include <fmt/core.h>
#include <fmt/format.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <span>
#include <sstream>

#include "batch.hpp"
#include "commands.hpp"
#include "io/comparison_csv.hpp"
#include "io/output_file.hpp"
#include "io/run_comparison.hpp"
#include "io/scenario_loader.hpp"
#include "io/sweep.hpp"
#include "progress.hpp"
#include "scenario_setup.hpp"
#include "sensitivity_report.hpp"
#include "sim/economics/comparison.hpp"

namespace vrusim::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view sweep_marker = "# vrusim sweep as run";
constexpr std::string_view index_marker = "point,file,";

// The measures index.csv reports: the Home Office three (expected values, as compare's economics
// use them), then the local ones a board reads.
constexpr Measure index_measures[] = {Measure::hospital_admissions_knife_assault_u25_expected,
                                      Measure::recorded_knife_assaults_u25_expected,
                                      Measure::knife_homicides_u25_expected,
                                      Measure::knife_incidents,
                                      Measure::recorded_violent_offences,
                                      Measure::victimisations,
                                      Measure::first_time_entrants,
                                      Measure::permanent_exclusions,
                                      Measure::children_criminally_exploited,
                                      Measure::programme_starts};

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The first lines in which two texts differ, for a refused resume.
std::string first_differences(const std::string& was, const std::string& now) {
    std::istringstream a(was), b(now);
    std::string la, lb, out;
    int shown = 0;
    for (int line = 1; shown < 4 && (std::getline(a, la) ? 1 : 0) + (std::getline(b, lb) ? 1 : 0) > 0; ++line) {
        if (la == lb) continue;
        out += fmt::format("\n  line {}: was '{}', now '{}'", line, la, lb);
        ++shown;
        la.clear();
        lb.clear();
    }
    return out;
}

std::string index_csv(const io::SweepFile& sweep, const std::vector<io::SweepPoint>& points,
                      std::span<const BatchMember> members) {
    std::string out(index_marker);
    for (const auto& f : sweep.factors) out += io::csv_text(f.key) + ",";
    for (std::size_t i = 0; i < std::size(index_measures); ++i) {
        const auto name = std::string(info(index_measures[i]).name);
        out += fmt::format("{0}_mean,{0}_low,{0}_high,{0}_difference,{0}_difference_low,{0}_difference_high", name);
        out += i + 1 < std::size(index_measures) ? "," : "\n";
    }
    const auto base = io::run_years(io::read_results(members.front().output), "base");
    for (std::size_t p = 0; p < members.size(); ++p) {
        if (stop_was_requested()) throw Interrupted{};
        const auto run = io::run_years(io::read_results(members[p].output), members[p].label);
        out += fmt::format("{},{},", p, io::csv_text(members[p].output.filename().string()));
        for (std::size_t f = 0; f < sweep.factors.size(); ++f) {
            const auto& v = points[p].values[f];
            out += io::csv_text(v.empty() ? io::value_text_of(members[p].scenario.parameters, sweep.factors[f].key) : v) + ",";
        }
        for (std::size_t i = 0; i < std::size(index_measures); ++i) {
            const auto c = compare_measure(base, run, index_measures[i]);
            const auto level = io::nonnegative(c.value);  // a count or a stock, as compare prints it
            out += fmt::format("{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g}", level.mean, level.low, level.high,
                               c.difference.mean, c.difference.low, c.difference.high);
            out += i + 1 < std::size(index_measures) ? "," : "\n";
        }
    }
    return out;
}

}  // namespace

int sweep_command(const RunOptions& options, const fs::path& sweep_file) {
    const int threads = threads_for(options);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    if (const auto problem = output_dir_problem(options)) {
        fmt::print(stderr, "error: {}\n", *problem);
        return exit_bad_input;
    }
    io::SweepFile sweep;
    std::vector<io::SweepPoint> points;
    std::vector<BatchMember> members, compared;  // compared: the points from output.compared_with
    try {
        sweep = io::load_sweep(sweep_file);
        points = io::expand_sweep(sweep);
        auto scenarios = io::sweep_scenarios(sweep, points, options.overrides);
        // Each unit holds the settled state beside the point it runs: two populations' columns.
        io::check_memory(scenarios.front(), std::min(2 * threads, 2 * scenarios.front().parameters.run.replicates));
        if (scenarios.front().parameters.verification.enabled) {
            fmt::print(stderr, "error: {}: the base runs the verification mode, which a sweep does not run (run its "
                               "variants one at a time with vrusim run)\n", sweep_file.string());
            return exit_bad_input;
        }
        const int width = std::max(3, static_cast<int>(fmt::format("{}", points.size() - 1).size()));
        for (std::size_t p = 0; p < scenarios.size(); ++p)
            members.push_back({fmt::format("point {}", p), std::move(scenarios[p]),
                               options.output / fmt::format("point-{:0{}}.h5", p, width), {}, {}, false});
        if (!sweep.output.compared_with.empty()) {
            auto others = io::sweep_scenarios(sweep, sweep.output.compared_with, points, options.overrides,
                                              &members.front().scenario);
            for (std::size_t p = 0; p < others.size(); ++p)
                compared.push_back({fmt::format("point {} ({})", p, sweep.output.compared_with.filename().string()),
                                    std::move(others[p]), options.output / fmt::format("compared-{:0{}}.h5", p, width),
                                    {}, {}, false});
        }
    } catch (const io::ScenarioError& e) {
        print_problems(e);
        return exit_bad_input;
    }
    const std::string resolved = io::resolved_sweep_yaml(sweep, points, options.overrides);
    const fs::path resolved_file = options.output / "sweep.yaml", index_file = options.output / "index.csv";
    std::error_code ec;
    if (options.resume) {
        if (!fs::exists(resolved_file, ec)) {
            fmt::print(stderr, "error: cannot resume: {} does not exist (there is no interrupted sweep in {})\n",
                       resolved_file.string(), options.output.string());
            return exit_bad_input;
        }
        if (const auto was = read_file(resolved_file); was != resolved) {
            fmt::print(stderr, "error: cannot resume: the sweep differs from the one run in {} (its sweep.yaml):{}\n"
                               "Run it into a new directory, or put the sweep file and the command's options back as they were.\n",
                       options.output.string(), first_differences(was, resolved));
            return exit_bad_input;
        }
    }
    // Files a sweep writes into DIR: one of those names that a sweep did not write is never
    // replaced, on a resume as on a first run.
    std::vector<std::pair<fs::path, std::string_view>> written{{index_file, index_marker}};
    if (!options.resume) written.emplace_back(resolved_file, sweep_marker);
    for (const auto& f : sensitivity_files) written.emplace_back(options.output / f.name, f.begins_with);
    for (const auto& [file, marker] : written)
        if (fs::exists(fs::symlink_status(file, ec)) &&
            !(fs::is_regular_file(fs::symlink_status(file, ec)) && io::file_begins_with(file, marker))) {
            fmt::print(stderr, "error: {} exists and is not one a sweep wrote; it would be replaced. Name "
                               "another -o directory, or move the file\n", file.string());
            return exit_bad_input;
        }
    if (!options.quiet)
        fmt::print(stderr, "sweep: {} points (point 0 is the base){}, {} replicate{} each; every point is valid\n",
                   points.size(), compared.empty() ? "" : fmt::format(", each also run as {}", sweep.output.compared_with.filename().string()),
                   members.front().scenario.parameters.run.replicates,
                   members.front().scenario.parameters.run.replicates == 1 ? "" : "s");
    const std::size_t point_count = members.size();
    for (auto& c : compared) members.push_back(std::move(c));  // run together: they share burn-ins
    const std::span<const BatchMember> point_members = std::span(members).first(point_count),
                                       compared_members = std::span(members).subspan(point_count);
    // Written once every check has passed and the work files are open, before the first replicate.
    // An index of an earlier sweep in DIR (a sweep wrote it, or it would have been refused above)
    // goes, so that no index stands beside points it does not describe.
    auto write_resolved = [&] {
        if (options.resume) return;
        io::write_whole_file(resolved_file, resolved);
        std::error_code ignored;
        fs::remove(index_file, ignored);
        for (const auto& f : sensitivity_files) fs::remove(options.output / f.name, ignored);
    };
    if (const int code = run_batch(options, members, "point", write_resolved); code != exit_ok) return code;
    // The reports, each from the finished points: a failure names its own file, and a resume
    // writes them again without running anything.
    const auto report = [&](const std::string& what, const std::function<void()>& write) {
        try {
            write();
            return exit_ok;
        } catch (const Interrupted&) {
            fmt::print(stderr, "stopped by {} while writing {}: every point is complete; the same command with "
                               "--resume writes it.\n", stop_signal_name(), what);
            return interrupted_exit();
        } catch (const NoSensitivity& e) {
            fmt::print(stderr, "error: {}\n", e.what());
            return exit_bad_input;
        } catch (const std::exception& e) {
            fmt::print(stderr, "error: the points are complete, but {} could not be written: {}; once the cause is "
                               "fixed, the same command with --resume writes it\n", what, e.what());
            return exit_failure;
        }
    };
    if (!options.quiet) fmt::print(stderr, "sweep: writing {} ({} points)\n", index_file.string(), points.size());
    if (const int code = report(index_file.string(),
                                [&] { io::write_whole_file(index_file, index_csv(sweep, points, point_members)); });
        code != exit_ok)
        return code;
    if (!options.quiet)
        fmt::print(stderr, "sweep: wrote {} ({} points: the factors' values, each measure a year with its 95% "
                           "interval and the difference from point 0, the base, paired by replicate)\n",
                   index_file.string(), points.size());
    if (io::is_sensitivity(sweep.design)) {
        if (!options.quiet) fmt::print(stderr, "sweep: writing the sensitivity table\n");
        return report("the sensitivity report (" + (options.output / "sensitivity.*").string() + ")",
                      [&] { write_sensitivity_report(sweep, point_members, compared_members, options.output); });
    }
    return exit_ok;
}

}  // namespace vrusim::cli
