#include "run_comparison.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "scenario_diff.hpp"
#include "scenario_loader.hpp"
#include "sim/economics/run_years.hpp"
#include "sim/population.hpp"

namespace vrusim::io {

std::vector<std::string> pairing_conflicts(const StoredResults& a, const StoredResults& b, std::string_view a_label,
                                           std::string_view b_label) {
    std::vector<std::string> out;
    auto differ = [&](std::string_view what, const auto& x, const auto& y) {
        if (x != y) out.push_back(fmt::format("{}: {} in {}, {} in {}", what, x, a_label, y, b_label));
    };
    differ("vrusim version", a.vrusim_version, b.vrusim_version);
    if (a.vrusim_version == b.vrusim_version)
        differ("model sources (hash)", a.vrusim_source.empty() ? "not recorded" : a.vrusim_source,
               b.vrusim_source.empty() ? "not recorded" : b.vrusim_source);
    differ("run.seed", a.meta.seed, b.meta.seed);
    differ("run.replicates", a.meta.replicates, b.meta.replicates);
    differ("run.weeks", a.meta.weeks, b.meta.weeks);
    differ("run.burn_in_weeks", a.meta.burn_in_weeks, b.meta.burn_in_weeks);
    differ("run.start_year", a.meta.start_year, b.meta.start_year);
    differ("population.scale", a.meta.scale, b.meta.scale);
    differ("areas", fmt::format("{}", fmt::join(a.meta.area_names, ", ")),
           fmt::format("{}", fmt::join(b.meta.area_names, ", ")));
    // The same people under common random numbers: the population and its ties must be the same.
    for (const auto& d : scenario_differences(a.meta.resolved_yaml, b.meta.resolved_yaml, fmt::format("in {}", a_label),
                                              fmt::format("in {}", b_label)))
        if ((d.starts_with("population.") && !d.starts_with("population.scale:")) || d.starts_with("graph."))
            out.push_back(d);  // the scale is named above, from the file's attribute
    for (const auto* run : {&a, &b})
        if (run->meta.measure_set != MeasureSet::model)
            out.push_back(fmt::format("{} holds a verification-mode run, not the model's measures",
                                      run == &a ? a_label : b_label));
    return out;
}

std::vector<std::string> model_setting_differences(const StoredResults& a, const StoredResults& b) {
    constexpr std::string_view plan_sections[] = {"programme", "funding", "economics", "population",
                                                  "graph",     "run",     "name",      "description"};
    auto in_section = [](std::string_view key, std::string_view section) {
        return key == section || (key.starts_with(section) && key.size() > section.size() && key[section.size()] == '.');
    };
    std::vector<std::string> keys;
    for (const auto& d : scenario_differences(a.meta.resolved_yaml, b.meta.resolved_yaml)) {
        const std::string key = d.substr(0, d.find(':'));
        if (std::ranges::none_of(plan_sections, [&](std::string_view s) { return in_section(key, s); }))
            keys.push_back(key);
    }
    return keys;
}

RunYears run_years(const StoredResults& results, std::string label, int area) {
    const auto& meta = results.meta;
    RunYears run;
    run.label = std::move(label);
    const std::size_t cells_per_week = static_cast<std::size_t>(results.areas) * results.bands;
    fill_year_totals(run, meta.replicates, meta.weeks, [&](std::size_t m, int r, int w) {
        if (m >= results.values.size() || results.values[m].empty()) return 0.0;
        const auto& values = results.values[m];
        const std::size_t first = (static_cast<std::size_t>(r) * meta.weeks + w) * cells_per_week;
        double week = 0;
        for (std::size_t c = 0; c < cells_per_week; ++c)
            if (area < 0 || static_cast<int>(c) / results.bands == area) week += values[first + c];
        return week;
    });
    const auto& programme = results.programme;
    run.spend.assign(static_cast<std::size_t>(run.replicates) * run.years, 0.0);
    const auto* evaluation = programme.funding_item("evaluation");
    const auto* core = programme.funding_item("core");
    run.funding_enabled = programme.funding_enabled;
    run.core.assign(static_cast<std::size_t>(run.years), 0.0);
    for (int y = 0; y < std::min(run.years, programme.years()) && core; ++y)
        run.core[static_cast<std::size_t>(y)] = (*core)[static_cast<std::size_t>(y)];
    for (int r = 0; r < run.replicates; ++r)
        for (int y = 0; y < std::min(run.years, programme.years()); ++y) {
            double spend = (evaluation ? (*evaluation)[static_cast<std::size_t>(y)] : 0.0) +
                           (core ? (*core)[static_cast<std::size_t>(y)] : 0.0);
            for (int i = 0; i < programme.count(); ++i) spend += programme.spend_at(r, y, i);
            run.spend[static_cast<std::size_t>(r) * run.years + y] = spend;
        }
    // The unit costs and discount rate the scenario was run with.
    run.economics = load_scenario_text(meta.resolved_yaml, run.label, ".").parameters.economics;
    return run;
}

}  // namespace vrusim::io
