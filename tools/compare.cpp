// `vrusim compare BASE.h5 OTHER.h5 ...`: plans against a base, paired by replicate (docs/funding.md).
#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <optional>
#include <sstream>

#include "commands.hpp"
#include "compare_tables.hpp"
#include "finished_run.hpp"
#include "io/run_comparison.hpp"
#include "scenario_setup.hpp"

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
        const auto m = measure_named(name);
        if (!m) {
            fmt::print(stderr, "error: --measures: '{}' is not a measure (see docs/outputs.md for their names)\n", name);
            return std::nullopt;
        }
        out.push_back({*m, info(*m).name});
        if (std::count_if(out.begin(), out.end(), [&](const ShownMeasure& s) { return s.label == name; }) > 1) {
            fmt::print(stderr, "error: --measures: '{}' is given twice\n", name);
            return std::nullopt;
        }
    }
    if (out.empty()) {
        fmt::print(stderr, "error: --measures is empty; give comma-separated measure names\n");
        return std::nullopt;
    }
    return out;
}

// The programme/ group every model run's file has (docs/outputs.md), with values a run can write:
// a file without it, or with impossible values in it, is damaged or from an older version.
bool programme_readable(const std::filesystem::path& file, const io::StoredResults& results) {
    const auto& p = results.programme;
    std::string why;
    if (p.years() == 0) why = "it has no programme/ group (written before vrusim recorded the programme's spend?)";
    auto finite_non_negative = [](const std::vector<double>& values) {
        return std::all_of(values.begin(), values.end(), [](double x) { return std::isfinite(x) && x >= 0; });
    };
    if (why.empty() && (!finite_non_negative(p.spend) || !finite_non_negative(p.reached)))
        why = "programme/spend or programme/reached holds a negative or non-finite value";
    for (const auto& [name, values] : p.funding)
        if (why.empty() && !finite_non_negative(values))
            why = fmt::format("programme/funding/{} holds a negative or non-finite value", name);
    for (std::size_t k = 0; why.empty() && k < p.condition_pass.size(); ++k) {
        const bool consistent = std::isfinite(p.condition_value[k]) && p.condition_applies[k] <= 1 &&
                                p.condition_pass[k] <= 1 &&
                                (!p.condition_applies[k] ||
                                 (p.condition_pass[k] == 1) == (p.condition_value[k] >= p.condition_required[k] - 1e-12));
        if (!consistent) why = "programme/conditions does not agree with itself";
    }
    if (why.empty()) return true;
    fmt::print(stderr, "error: {} cannot be compared: {}; run the scenario again with this vrusim\n", file.string(), why);
    return false;
}

// Labels for the runs: file names without .h5, or whole paths where two names are the same.
std::vector<std::string> labels_of(const std::vector<std::filesystem::path>& files) {
    std::vector<std::string> labels;
    for (const auto& f : files) labels.push_back(f.stem().string());
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (std::count(labels.begin(), labels.end(), files[i].stem().string()) > 1)
            for (std::size_t j = 0; j < labels.size(); ++j)
                if (files[j].stem() == files[i].stem()) labels[j] = files[j].string();
    // The same file given twice: numbered.
    for (std::size_t i = 0; i < labels.size(); ++i)
        for (std::size_t j = i + 1, n = 2; j < labels.size(); ++j)
            if (labels[j] == labels[i]) labels[j] += fmt::format(" ({})", n++);
    return labels;
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
    for (std::size_t i = 0; i < options.files.size(); ++i)
        if (!read_finished_run(options.files[i], runs.stored[i], "compare") ||
            !programme_readable(options.files[i], runs.stored[i]))
            return exit_bad_input;
    runs.labels = labels_of(options.files);
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
    int area = -1;
    if (options.area_given && options.area.empty()) {
        fmt::print(stderr, "error: --area is empty; give an area's name, or leave --area out for the whole force area\n");
        return exit_bad_input;
    }
    if (!options.area.empty()) {
        const auto& names = runs.stored.front().meta.area_names;
        const auto at = std::find(names.begin(), names.end(), options.area);
        if (at == names.end()) {
            fmt::print(stderr, "error: --area: no area '{}'; the areas are {}\n", options.area, fmt::join(names, ", "));
            return exit_bad_input;
        }
        area = static_cast<int>(at - names.begin());
        runs.area = options.area;
    }
    try {
        for (std::size_t i = 0; i < runs.stored.size(); ++i)
            runs.years.push_back(io::run_years(runs.stored[i], runs.labels[i], area));
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: cannot read a stored scenario: {}\n", e.what());
        return exit_bad_input;
    }
    // Notes for the reader, on stderr so that CSV and Markdown stay clean.
    for (std::size_t i = 1; i < runs.stored.size(); ++i)
        if (const auto keys = io::model_setting_differences(runs.stored.front(), runs.stored[i]); !keys.empty())
            fmt::print(stderr, "note: {} differs from the base {} in more than its programme and money ({}): its "
                               "differences hold the effect of those settings too\n",
                       runs.labels[i], runs.labels.front(), fmt::join(keys, ", "));
    for (std::size_t i = 1; i < runs.years.size() && area < 0; ++i) {
        if (!(runs.years[i].economics == runs.years.front().economics))
            fmt::print(stderr, "note: {} was run with other economics settings than the base; the base's unit costs "
                               "and discount rate value every plan\n",
                       runs.labels[i]);
        if (runs.years[i].funding_enabled && !runs.years.front().funding_enabled)
            fmt::print(stderr, "note: the base {} has no VRU funding, so {}'s extra spend includes its core function; "
                               "the benefit-cost ratio without it is shown too\n",
                       runs.labels.front(), runs.labels[i]);
    }
    // A closed pipe or a full disk is a write error with a message and exit 1, not an abort.
    try {
        if (options.csv) print_comparison_csv(runs, *shown);
        else if (options.markdown) print_comparison_markdown(runs, *shown);
        else print_comparison_text(runs, *shown);
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "error: cannot write the comparison to standard output: %s\n", e.what());
        return exit_failure;
    }
    return stdout_written();
}

}  // namespace vrusim::cli
