// `vrusim compare BASE.h5 OTHER.h5 ...`: plans against a base, paired by replicate (docs/funding.md).
#include <fmt/core.h>

#include <cstdio>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "compare_tables.hpp"
#include "finished_run.hpp"
#include "io/run_comparison.hpp"

namespace vrusim::cli {

namespace {

// The Home Office measures, then the local ones a board reads (product.md), then the reach.
constexpr ShownMeasure default_measures[] = {
    {Measure::hospital_admissions_knife_assault_u25, "Knife-assault hospital admissions, victim under 25 (Home Office)"},
    {Measure::recorded_knife_assaults_u25, "Police-recorded knife assaults, victim under 25 (Home Office)"},
    {Measure::knife_homicides_u25, "Knife homicides, victim under 25 (Home Office)"},
    {Measure::knife_incidents, "Knife crime: violent incidents with a knife"},
    {Measure::recorded_violent_offences, "Violent offences recorded by the police"},
    {Measure::victimisations, "Victims of violence"},
    {Measure::injuries, "Victims injured"},
    {Measure::first_time_entrants, "First-time entrants to the justice system"},
    {Measure::suspensions, "School suspensions"},
    {Measure::permanent_exclusions, "Permanent exclusions from school"},
    {Measure::children_criminally_exploited, "Children in the exploited state"},
    {Measure::custody_entries, "Entries to custody"},
    {Measure::programme_starts, "People starting an intervention"},
};

std::optional<std::vector<ShownMeasure>> chosen_measures(const CompareOptions& options) {
    if (!options.measures_given) return std::vector<ShownMeasure>(std::begin(default_measures), std::end(default_measures));
    std::vector<ShownMeasure> out;
    std::stringstream names(options.measures);
    std::string name;
    while (std::getline(names, name, ',')) {
        bool found = false;
        for (int m = 0; m < measure_count && !found; ++m)
            if (info(static_cast<Measure>(m)).name == name) {
                out.push_back({static_cast<Measure>(m), info(static_cast<Measure>(m)).name});
                found = true;
            }
        if (!found) {
            fmt::print(stderr, "error: --measures: '{}' is not a measure (see docs/outputs.md for their names)\n", name);
            return std::nullopt;
        }
    }
    if (out.empty()) {
        fmt::print(stderr, "error: --measures is empty; give comma-separated measure names\n");
        return std::nullopt;
    }
    return out;
}

}  // namespace

int compare_command(const CompareOptions& options) {
    if (options.files.size() < 2) {
        fmt::print(stderr, "error: compare needs a base results file and at least one other\n");
        return exit_bad_input;
    }
    if (options.csv && options.markdown) {
        fmt::print(stderr, "error: give --csv or --markdown, not both\n");
        return exit_bad_input;
    }
    const auto shown = chosen_measures(options);
    if (!shown) return exit_bad_input;
    ComparedRuns runs;
    runs.stored.resize(options.files.size());
    for (std::size_t i = 0; i < options.files.size(); ++i) {
        if (!read_finished_run(options.files[i], runs.stored[i], "compare")) return exit_bad_input;
        runs.labels.push_back(options.files[i].stem().string());
    }
    for (std::size_t i = 1; i < options.files.size(); ++i) {
        const auto a = options.files.front().string(), b = options.files[i].string();
        const auto conflicts = io::pairing_conflicts(runs.stored.front(), runs.stored[i], a, b);
        if (conflicts.empty()) continue;
        fmt::print(stderr, "error: {} and {} cannot be paired replicate by replicate (runs of the same people and "
                           "random numbers: one version, seed, replicate count, run length and population):\n",
                   a, b);
        for (const auto& c : conflicts) fmt::print(stderr, "  {}\n", c);
        fmt::print(stderr, "Run both scenarios with the same --seed and --replicates by the same vrusim.\n");
        return exit_bad_input;
    }
    try {
        for (std::size_t i = 0; i < runs.stored.size(); ++i)
            runs.years.push_back(io::run_years(runs.stored[i], runs.labels[i]));
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: cannot read a stored scenario: {}\n", e.what());
        return exit_bad_input;
    }
    if (options.csv) print_comparison_csv(runs, *shown);
    else if (options.markdown) print_comparison_markdown(runs, *shown);
    else print_comparison_text(runs, *shown);
    std::fflush(stdout);
    return std::ferror(stdout) ? exit_failure : exit_ok;
}

}  // namespace vrusim::cli
