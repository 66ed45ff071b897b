// `vrusim drift`: is a results file's baseline stationary? (docs/model.md 5.5)
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "finished_run.hpp"
#include "io/results_writer.hpp"
#include "sim/population.hpp"
#include "sim/stationarity.hpp"

namespace vrusim::cli {

namespace {

// The measures the stationarity criterion names, then the Home Office three (trend only).
constexpr Measure level_measures[] = {Measure::violent_incidents, Measure::knife_incidents, Measure::victimisations,
                                      Measure::weapon_carrying, Measure::exploitation_starts};
// The Home Office three through their expected values (docs/outputs.md): the same mean as the
// counts with a fraction of the noise, so a trend shows sooner.
constexpr Measure trend_measures[] = {Measure::hospital_admissions_knife_assault_u25_expected,
                                      Measure::recorded_knife_assaults_u25_expected,
                                      Measure::knife_homicides_u25_expected};

// drift writes nothing, so an interrupt ends it at once with run's exit code (only
// async-signal-safe calls here).
extern "C" void stop_drift(int signal) {
    constexpr char message[] = "drift: stopped by a signal.\n";
    (void)!write(STDERR_FILENO, message, sizeof message - 1);
    _exit(128 + signal);
}

constexpr std::size_t max_subsets = 200'000;

}  // namespace

int drift_command(const DriftOptions& options) {
    std::vector<io::StoredResults> runs(options.files.size());
    for (std::size_t i = 0; i < options.files.size(); ++i) {
        if (!read_finished_run(options.files[i], runs[i], "drift")) return exit_bad_input;
        // Pooled only as replicates of one model: one version and scenario as the first file's,
        // and independent streams (a seed of its own).
        for (std::size_t j = 0; j < i; ++j) {
            if (j > 0 && runs[j].meta.seed != runs[i].meta.seed) continue;
            const auto a = options.files[j].string(), b = options.files[i].string();
            const auto conflicts = io::pooling_conflicts(runs[j], runs[i], a, b);
            if (conflicts.empty()) continue;
            fmt::print(stderr, "error: {} and {} cannot be pooled as replicates of one model (runs of one scenario "
                               "by one version, differing only in run.seed and run.replicates):\n",
                       a, b);
            constexpr std::size_t shown = 10;
            for (std::size_t c = 0; c < std::min(shown, conflicts.size()); ++c) fmt::print(stderr, "  {}\n", conflicts[c]);
            if (conflicts.size() > shown) fmt::print(stderr, "  and {} more\n", conflicts.size() - shown);
            return exit_bad_input;
        }
    }
    // Only now: reading a file probes it in a child process, which must not inherit the handler.
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal, stop_drift);
    const auto& results = runs.front();
    const int years = results.weeks / weeks_per_year;
    std::size_t replicates = 0;
    for (const auto& r : runs) replicates += r.replicates_done.size();
    const std::string described = options.files.size() == 1 ? options.files.front().string()
                                                            : fmt::format("{} runs", options.files.size());
    // The criterion needs the spread across replicates, so at least two of them.
    if (years < 2 || replicates < 2) {
        fmt::print(stderr, "error: {} {} {} complete reported year{} and {} finished replicate{}; drift needs at least "
                           "2 years (e.g. run with --set run.weeks=520) and 2 replicates\n",
                   described, options.files.size() == 1 ? "has" : "have", years, years == 1 ? "" : "s", replicates,
                   replicates == 1 ? "" : "s");
        return exit_bad_input;
    }
    if (options.subsets > 0) {
        const auto sets = subset_count(static_cast<int>(replicates), options.subsets);
        if (static_cast<std::size_t>(options.subsets) > replicates) {
            fmt::print(stderr, "error: --subsets {}: there are only {} replicates to choose from\n", options.subsets,
                       replicates);
            return exit_bad_input;
        }
        if (sets > static_cast<double>(max_subsets)) {
            fmt::print(stderr, "error: --subsets {} with {} replicates makes {:.3g} sets, and at most {} are checked: "
                               "pool fewer replicates, or choose a size nearer 2 or {}\n",
                       options.subsets, replicates, sets, max_subsets, replicates);
            return exit_bad_input;
        }
    }
    std::vector<std::pair<Measure, bool>> chosen;  // (measure, judged on its level)
    if (options.measures_given && options.measures.empty()) {
        fmt::print(stderr, "error: --measures is empty; give comma-separated measure names, or leave it out\n");
        return exit_bad_input;
    }
    if (options.measures.empty()) {
        for (Measure m : level_measures) chosen.emplace_back(m, true);
        for (Measure m : trend_measures) chosen.emplace_back(m, false);
    } else {
        // getline drops a last empty item, so a trailing comma is caught here.
        if (const auto end = options.measures.find_last_not_of(" \t");
            end != std::string::npos && options.measures[end] == ',') {
            fmt::print(stderr, "error: --measures '{}' ends with a comma; separate names with single commas\n",
                       options.measures);
            return exit_bad_input;
        }
        std::stringstream list(options.measures);
        for (std::string item; std::getline(list, item, ',');) {
            // Spaces around a name are ignored; an empty item (",,") is an error.
            const auto first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
            const std::string name = first == std::string::npos ? "" : item.substr(first, last - first + 1);
            if (name.empty()) {
                fmt::print(stderr, "error: --measures '{}' has an empty name; separate names with single commas\n",
                           options.measures);
                return exit_bad_input;
            }
            const auto m = measure_named(name);
            if (!m) {
                fmt::print(stderr, "error: no measure '{}'; the names are in docs/outputs.md\n", name);
                return exit_bad_input;
            }
            if (std::find(chosen.begin(), chosen.end(), std::pair{*m, true}) == chosen.end()) chosen.emplace_back(*m, true);
        }
    }
    DriftCriteria criteria;
    std::string seeds;
    for (const auto& r : runs) seeds += fmt::format("{}{}", seeds.empty() ? "" : ", ", r.meta.seed);
    fmt::print("{} (seed{} {}): {} replicate{}, {} years. Each year against the settled level (mean of years {}-{}), "
               "in %; a year passes within {:.1f}% + {:.0f} SE, the SE from the spread across replicates pooled over "
               "the years outside the settled ones and, apart, over the settled ones.\n\n",
               described, runs.size() == 1 ? "" : "s", seeds, replicates, replicates == 1 ? "" : "s", years,
               years >= criteria.settled_from ? criteria.settled_from : 1, std::min(years, criteria.settled_to),
               100 * criteria.tolerance, criteria.standard_errors);
    int failures = 0, judged = 0;
    std::vector<std::uint8_t> any_failed;  // per set of --subsets replicates: failed on some measure
    for (const auto& [m, judged_on_level] : chosen) {
        std::vector<double> values;  // every run's finished replicates, one after another
        for (std::size_t f = 0; f < runs.size(); ++f) {
            const auto& all = runs[f].values[static_cast<int>(m)];
            if (all.empty()) {
                fmt::print(stderr, "error: {} has no dataset for {} (written by an older version?)\n",
                           options.files[f].string(), info(m).name);
                return exit_bad_input;
            }
            const std::size_t per_replicate = all.size() / std::max(1, runs[f].meta.replicates);
            for (int r : runs[f].replicates_done)
                values.insert(values.end(), all.begin() + r * per_replicate, all.begin() + (r + 1) * per_replicate);
        }
        const auto annual = annual_values(values, static_cast<int>(replicates), results.weeks, results.areas, info(m).kind);
        const auto report = check_drift(annual, criteria);
        if (report.settled == 0) {
            fmt::print("{:<38} settled level 0: nothing to compare a year with  n/a\n", info(m).name);
            continue;
        }
        ++judged;
        const bool ok = judged_on_level ? report.stationary() : !report.trend_significant();
        failures += !ok;
        std::string row;
        for (const auto& y : report.years) row += fmt::format(" {:+5.1f}", 100 * y.relative);
        // The first year is outside the settled window unless the run is shorter than it; the last
        // is inside it for runs of up to settled_to years.
        const double se_outside = report.years.empty() ? 0 : report.years.front().se;
        const double se_settled = report.years.empty() ? 0 : report.years[std::min(years, criteria.settled_to) - 1].se;
        fmt::print("{:<38} settled {:>9.4g}{}\n{:<38} SE {:.1f}% (settled years {:.1f}%)  trend {:+.2f}%/yr [{:+.2f}, {:+.2f}]  {}\n",
                   info(m).name, report.settled, row, "", 100 * se_outside, 100 * se_settled, 100 * report.trend,
                   100 * report.trend_ci_low, 100 * report.trend_ci_high,
                   ok ? "ok" : (judged_on_level ? "DRIFTS" : "TREND"));
        std::fflush(stdout);  // rows already judged survive an interrupt (the handler exits at once)
        if (options.subsets > 0) {
            const auto f = failures_in_subsets(annual, options.subsets, criteria, max_subsets, true);
            const auto& failed = judged_on_level ? f.level_failed : f.trend_failed;
            if (any_failed.empty()) any_failed.assign(failed.size(), 0);
            for (std::size_t i = 0; i < failed.size(); ++i) any_failed[i] |= failed[i];
            const auto failures_here = judged_on_level ? f.level_failures : f.trend_failures;
            fmt::print("{:<38} sets of {}: {} of {} fail ({:.1f}%)\n", "", options.subsets, failures_here, f.sets,
                       100.0 * static_cast<double>(failures_here) / static_cast<double>(f.sets));
            std::fflush(stdout);
        }
    }
    fmt::print("\nMeasures named with --measures, and by default the first five, are judged on every year's level; "
               "the Home Office three (rare events) on their trend only (its 95% interval must include 0).\n");
    if (options.subsets > 0 && !any_failed.empty()) {
        const auto any = static_cast<std::size_t>(std::count(any_failed.begin(), any_failed.end(), 1));
        fmt::print("Sets of {}: the check applied to every set of {} of these replicates. If the model is stationary, "
                   "the share that fail is the chance that a run of {} replicates fails by chance: on some measure "
                   "above, {} of {} ({:.1f}%).\n",
                   options.subsets, options.subsets, options.subsets, any, any_failed.size(),
                   100.0 * static_cast<double>(any) / static_cast<double>(any_failed.size()));
    }
    if (judged == 0) {
        fmt::print(stderr, "error: every measure asked for is 0 in the settled years, so nothing was judged\n");
        return exit_failure;
    }
    return failures == 0 ? exit_ok : exit_failure;
}

}  // namespace vrusim::cli
