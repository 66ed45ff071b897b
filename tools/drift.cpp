// `vrusim drift`: is a results file's baseline stationary? (docs/model.md 5.5)
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "commands.hpp"
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

std::optional<Measure> measure_named(std::string_view name) {
    for (int m = 0; m < measure_count; ++m)
        if (measure_info()[m].name == name) return static_cast<Measure>(m);
    return std::nullopt;
}

}  // namespace

int drift_command(const DriftOptions& options) {
    io::StoredResults results;
    try {
        results = io::read_results(options.file);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_bad_input;
    }
    // An unfinished run's work file, or one being written, would be judged on part of its replicates.
    if (results.status != "complete") {
        fmt::print(stderr, "error: {} is not a finished run (status '{}', {} of {} replicates done); finish it with "
                           "vrusim run --resume and check the finished file\n",
                   options.file.string(), results.status, results.replicates_done.size(), results.meta.replicates);
        return exit_bad_input;
    }
    if (results.meta.measure_set != MeasureSet::model) {
        fmt::print(stderr, "error: {} holds a verification-mode run; drift checks the model's measures\n",
                   options.file.string());
        return exit_bad_input;
    }
    const int years = results.weeks / weeks_per_year;
    const auto& done = results.replicates_done;
    // The criterion needs the spread across replicates, so at least two of them.
    if (years < 2 || done.size() < 2) {
        fmt::print(stderr, "error: {} has {} complete reported year{} and {} finished replicate{}; drift needs at least "
                           "2 years (e.g. run with --set run.weeks=520) and 2 replicates\n",
                   options.file.string(), years, years == 1 ? "" : "s", done.size(), done.size() == 1 ? "" : "s");
        return exit_bad_input;
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
    fmt::print("{}: {} replicate{}, {} years. Each year against the settled level (mean of years {}-{}), in %; a "
               "year passes within {:.1f}% + {:.0f} SE, the SE from the spread across replicates pooled over the "
               "years (shown once per measure).\n\n",
               options.file.string(), done.size(), done.size() == 1 ? "" : "s", years,
               years >= criteria.settled_from ? criteria.settled_from : 1, std::min(years, criteria.settled_to),
               100 * criteria.tolerance, criteria.standard_errors);
    int failures = 0;
    for (const auto& [m, judged_on_level] : chosen) {
        const auto& all = results.values[static_cast<int>(m)];
        if (all.empty()) {
            fmt::print(stderr, "error: {} has no dataset for {} (written by an older version?)\n", options.file.string(),
                       info(m).name);
            return exit_bad_input;
        }
        const std::size_t per_replicate = all.size() / (results.meta.replicates > 0 ? results.meta.replicates : 1);
        std::vector<double> values;
        for (int r : done) values.insert(values.end(), all.begin() + r * per_replicate, all.begin() + (r + 1) * per_replicate);
        const auto report = check_drift(annual_values(values, static_cast<int>(done.size()), results.weeks,
                                                      results.areas, info(m).kind),
                                        criteria);
        if (report.settled == 0) {
            fmt::print("{:<38} settled level 0: nothing to compare a year with  n/a\n", info(m).name);
            continue;
        }
        const bool ok = judged_on_level ? report.stationary() : !report.trend_significant();
        failures += !ok;
        std::string row;
        for (const auto& y : report.years) row += fmt::format(" {:+5.1f}", 100 * y.relative);
        const double se = report.years.empty() ? 0 : report.years.front().se;
        fmt::print("{:<38} settled {:>9.4g}{}\n{:<38} SE {:.1f}%  trend {:+.2f}%/yr [{:+.2f}, {:+.2f}]  {}\n", info(m).name,
                   report.settled, row, "", 100 * se, 100 * report.trend, 100 * report.trend_ci_low,
                   100 * report.trend_ci_high, ok ? "ok" : (judged_on_level ? "DRIFTS" : "TREND"));
    }
    fmt::print("\nMeasures named with --measures, and by default the first five, are judged on every year's level; "
               "the Home Office three (rare events) on their trend only (its 95% interval must include 0).\n");
    return failures == 0 ? exit_ok : exit_failure;
}

}  // namespace vrusim::cli
