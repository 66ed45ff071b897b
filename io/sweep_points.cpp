// A sweep's points (io/sweep.hpp): the designs expanded, applied to the base scenario and checked,
// and the sweep as run written back.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <variant>

#include "overrides.hpp"
#include "scenario_yaml.hpp"
#include "sim/schema.hpp"
#include "sim/sensitivity/morris.hpp"
#include "sim/sensitivity/sobol.hpp"
#include "sweep.hpp"

namespace vrusim::io {

namespace {

// The values a grid or one-at-a-time design takes for a factor.
std::vector<std::string> levels(const SweepFactor& f) {
    if (!f.has_range) return f.values;
    std::vector<std::string> out;
    for (int i = 0; i < f.steps; ++i) {
        const double x = f.low + (f.high - f.low) * i / (f.steps - 1);
        out.push_back(f.integer ? fmt::format("{}", std::llround(x)) : fmt::format("{}", x));
    }
    return out;
}

// splitmix64: a counter-based stream for the design's draws, the same on every platform.
struct DesignStream {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }
};

std::string located(const SourceLocation& at) { return fmt::format("{}:{}:{}", at.file, at.line, at.column); }

// The key that names, in scenario `to`, what `key` names in `from`: an entry of a list found by its
// name (areas, interventions), or in a list whose entries have no name the same entry at the same
// index; "" if `to` has no such entry. Keys outside lists are the same.
std::string key_in(const LoadedScenario& from, const LoadedScenario& to, const std::string& key) {
    const auto open = key.find('['), close = key.find("].");
    if (open == std::string::npos || close == std::string::npos) return key;
    const std::string list_key = key.substr(0, open);
    const Field* list = find_field(list_key);
    if (list == nullptr || list->type != ValueType::record_list) return key;
    const std::size_t index = std::stoul(key.substr(open + 1, close - open - 1));
    const auto entry_text = [&](const LoadedScenario& s, std::size_t i, std::string_view member) {
        return value_text_of(s.parameters, fmt::format("{}[{}].{}", list_key, i, member));
    };
    if (index >= list->record_count(from.parameters)) return "";
    const std::size_t count = list->record_count(to.parameters);
    if (find_record_field(*list, "name") != nullptr) {
        const std::string name = entry_text(from, index, "name");
        for (std::size_t j = 0; j < count; ++j)
            if (entry_text(to, j, "name") == name) return fmt::format("{}[{}]{}", list_key, j, key.substr(close + 1));
        return "";
    }
    if (index >= count) return "";
    for (const auto& member : list->record_fields)
        if (entry_text(from, index, member.key) != entry_text(to, index, member.key)) return "";
    return key;
}

// The assignments ("key=value") as they apply to `to`: keys naming entries of `from` moved to the
// same entries of `to`, and those `to` lacks left out.
std::vector<std::string> assignments_in(const LoadedScenario& from, const LoadedScenario& to,
                                        const std::vector<std::string>& assignments) {
    std::vector<std::string> out;
    for (const auto& a : assignments) {
        const auto eq = a.find('=');
        if (eq == std::string::npos) {
            out.push_back(a);  // malformed: refused by apply_overrides as it would be for the plan
            continue;
        }
        if (const auto key = key_in(from, to, a.substr(0, eq)); !key.empty()) out.push_back(key + a.substr(eq));
    }
    return out;
}

}  // namespace

bool is_sensitivity(SweepDesign design) { return design == SweepDesign::morris || design == SweepDesign::sobol; }

std::vector<sensitivity::Factor> sensitivity_factors(const SweepFile& sweep) {
    std::vector<sensitivity::Factor> out;
    for (const auto& f : sweep.factors) out.push_back({f.key, f.low, f.high});
    return out;
}

sensitivity::Points sensitivity_design(const SweepFile& sweep) {
    const auto factors = sensitivity_factors(sweep);
    sensitivity::Points design = sweep.design == SweepDesign::sobol
                                     ? sensitivity::saltelli_points(factors, sweep.base_samples, sweep.design_seed)
                                     : sensitivity::morris_points(factors, sweep.trajectories, sweep.levels, sweep.design_seed);
    const auto k = static_cast<std::size_t>(design.factors);
    for (std::size_t i = 0; i < design.values.size(); ++i)
        if (sweep.factors[i % k].integer) design.values[i] = static_cast<double>(std::llround(design.values[i]));
    return design;
}

std::vector<SweepPoint> expand_sweep(const SweepFile& sweep) {
    const std::size_t k = sweep.factors.size();
    std::vector<SweepPoint> points{SweepPoint{std::vector<std::string>(k)}};  // the base
    if (is_sensitivity(sweep.design)) {
        const auto design = sensitivity_design(sweep);
        for (std::size_t r = 0; r < design.rows(); ++r) {
            SweepPoint p;
            // fmt's shortest form reads back as the same double, which the estimators use.
            for (std::size_t f = 0; f < k; ++f) p.values.push_back(fmt::format("{}", design.row(r)[f]));
            points.push_back(std::move(p));
        }
    } else if (sweep.design == SweepDesign::grid) {
        std::vector<std::vector<std::string>> level(k);
        for (std::size_t f = 0; f < k; ++f) level[f] = levels(sweep.factors[f]);
        std::vector<std::size_t> at(k, 0);
        for (;;) {
            SweepPoint p;
            for (std::size_t f = 0; f < k; ++f) p.values.push_back(level[f][at[f]]);
            points.push_back(std::move(p));
            std::size_t f = k;
            while (f > 0 && ++at[f - 1] == level[f - 1].size()) at[--f] = 0;  // the last factor fastest
            if (f == 0) break;
        }
    } else if (sweep.design == SweepDesign::one_at_a_time) {
        for (std::size_t f = 0; f < k; ++f)
            for (const auto& v : levels(sweep.factors[f])) {
                SweepPoint p{std::vector<std::string>(k)};
                p.values[f] = v;
                points.push_back(std::move(p));
            }
    } else {
        const auto n = static_cast<std::size_t>(sweep.points);
        std::vector<SweepPoint> drawn(n, SweepPoint{std::vector<std::string>(k)});
        for (std::size_t f = 0; f < k; ++f) {
            DesignStream stream{sweep.design_seed * 0x100000001b3ULL + f};
            std::vector<std::size_t> stratum(n);
            for (std::size_t i = 0; i < n; ++i) stratum[i] = i;
            for (std::size_t i = n; i > 1; --i) std::swap(stratum[i - 1], stratum[stream.below(i)]);
            const auto& factor = sweep.factors[f];
            for (std::size_t i = 0; i < n; ++i) {
                const double u = (static_cast<double>(stratum[i]) + stream.uniform()) / static_cast<double>(n);
                if (factor.has_range) {
                    const double x = factor.low + u * (factor.high - factor.low);
                    drawn[i].values[f] = factor.integer ? fmt::format("{}", std::llround(x)) : fmt::format("{}", x);
                } else {
                    const auto count = factor.values.size();
                    drawn[i].values[f] = factor.values[std::min(count - 1, static_cast<std::size_t>(u * static_cast<double>(count)))];
                }
            }
        }
        points.insert(points.end(), drawn.begin(), drawn.end());
    }
    return points;
}

std::vector<LoadedScenario> sweep_scenarios(const SweepFile& sweep, const std::vector<SweepPoint>& points,
                                            const std::vector<std::string>& overrides) {
    return sweep_scenarios(sweep, sweep.base, points, overrides, nullptr);
}

std::vector<LoadedScenario> sweep_scenarios(const SweepFile& sweep, const std::filesystem::path& base_file,
                                            const std::vector<SweepPoint>& points,
                                            const std::vector<std::string>& overrides, const LoadedScenario* plan) {
    LoadedScenario base = load_scenario(base_file);
    const std::string what = plan ? fmt::format("{} (output.compared_with)", base_file.filename().string()) : "";
    try {
        apply_overrides(base, plan ? assignments_in(*plan, base, sweep.set) : sweep.set);
    } catch (const ScenarioError& e) {
        // Each entry's own problems at its line in the sweep file (as the command line's --set are
        // "command line: KEY: ..."); then whatever only the entries together break.
        std::vector<std::string> problems;
        const auto assignments = plan ? assignments_in(*plan, base, sweep.set) : sweep.set;
        for (std::size_t i = 0; i < assignments.size(); ++i) {
            LoadedScenario trial = base;
            try {
                apply_overrides(trial, {assignments[i]});
            } catch (const ScenarioError& one) {
                const std::string where = i < sweep.set_where.size() ? sweep.set_where[i] : sweep.file.string();
                for (std::string p : one.problems) {
                    if (p.starts_with("command line: ")) p.erase(0, 14);
                    problems.push_back(fmt::format("{}: set.{}{}", where, p, plan ? " (applied to " + what + ")" : ""));
                }
            }
        }
        if (problems.empty())
            for (const auto& p : e.problems)
                problems.push_back(fmt::format("{}: set{}: {}", sweep.file.string(), plan ? " applied to " + what : "", p));
        throw ScenarioError(std::move(problems));
    }
    apply_overrides(base, plan ? assignments_in(*plan, base, overrides) : overrides);
    // Each factor's key in this base: the plan's entries found by name in a compared scenario.
    std::vector<std::string> keys;
    for (const auto& f : sweep.factors) keys.push_back(plan ? key_in(*plan, base, f.key) : f.key);
    std::vector<LoadedScenario> out;
    // Problems by where and what, with the points they occur at: a bad value is one problem
    // however many points of the grid carry it.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> problems;
    auto note = [&](std::string problem, std::size_t point) {
        for (auto& [text, at] : problems)
            if (text == problem) {
                at.push_back(point);
                return;
            }
        problems.push_back({std::move(problem), {point}});
    };
    for (std::size_t i = 0; i < points.size(); ++i) {
        LoadedScenario s = base;
        std::size_t f = 0;
        try {
            for (f = 0; f < sweep.factors.size(); ++f)
                if (!points[i].values[f].empty() && !keys[f].empty()) apply_override(s, keys[f], points[i].values[f], false);
            f = sweep.factors.size();
            check_scenario_rules(s);
        } catch (const ScenarioError& e) {
            std::string where = f < sweep.factors.size()
                                    ? fmt::format("{}: factors[{}] ({} = {})", located(sweep.factors[f].where), f,
                                                  sweep.factors[f].key, points[i].values[f])
                                    : sweep.file.string();
            if (plan) where += " applied to " + what;
            for (auto p : e.problems) {
                // The loader names a single value's source "command line"; here it is the sweep file.
                if (p.starts_with("command line: ")) p.erase(0, std::string_view("command line: ").size());
                note(fmt::format("{}: {}", where, p), i);
            }
            continue;
        }
        out.push_back(std::move(s));
    }
    if (problems.empty()) return out;
    std::vector<std::string> messages;
    for (const auto& [text, at] : problems) {
        std::string list;
        for (std::size_t k = 0; k < std::min<std::size_t>(at.size(), 5); ++k) list += (k ? ", " : "") + std::to_string(at[k]);
        if (at.size() > 5) list += fmt::format(" and {} more", at.size() - 5);
        if (messages.size() < 20) messages.push_back(fmt::format("{} (at point{} {})", text, at.size() == 1 ? "" : "s", list));
    }
    throw ScenarioError(std::move(messages));
}

std::string value_text_of(const Parameters& parameters, const std::string& key) {
    // Text as it is (no YAML quotes): what a factor's values look like in index.csv.
    auto text = [](const Value& v) { return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : value_text(v); };
    if (const Field* f = find_field(key); f != nullptr && f->get != nullptr) return text(f->get(parameters));
    const auto open = key.find('['), close = key.find("].");
    const Field* list = open == std::string::npos ? nullptr : find_field(key.substr(0, open));
    if (list == nullptr || close == std::string::npos) return "";
    const std::size_t index = std::stoul(key.substr(open + 1, close - open - 1));
    const RecordField* member = find_record_field(*list, key.substr(close + 2));
    if (member == nullptr || index >= list->record_count(parameters)) return "";
    return text(member->get(parameters, index));
}

std::string resolved_sweep_yaml(const SweepFile& sweep, const std::vector<SweepPoint>& points,
                                const std::vector<std::string>& overrides) {
    YAML::Emitter out;
    out << YAML::Comment("vrusim sweep as run (a resume compares itself with this file)") << YAML::Newline;
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << sweep.name;
    out << YAML::Key << "base" << YAML::Value << sweep.base.string();
    out << YAML::Key << "set" << YAML::Value << YAML::Flow << sweep.set;
    out << YAML::Key << "command_line_set" << YAML::Value << YAML::Flow << overrides;
    constexpr const char* names[] = {"grid", "latin_hypercube", "one_at_a_time", "morris", "sobol"};
    out << YAML::Key << "design" << YAML::Value << names[static_cast<int>(sweep.design)];
    if (sweep.design == SweepDesign::latin_hypercube) out << YAML::Key << "points" << YAML::Value << sweep.points;
    if (sweep.design == SweepDesign::sobol) {
        out << YAML::Key << "base_samples" << YAML::Value << sweep.base_samples;
        out << YAML::Key << "bootstrap" << YAML::Value << sweep.bootstrap;
    }
    if (sweep.design == SweepDesign::morris) {
        out << YAML::Key << "trajectories" << YAML::Value << sweep.trajectories;
        out << YAML::Key << "levels" << YAML::Value << sweep.levels;
    }
    if (sweep.design == SweepDesign::latin_hypercube || is_sensitivity(sweep.design))
        out << YAML::Key << "design_seed" << YAML::Value << sweep.design_seed;
    if (is_sensitivity(sweep.design)) {
        out << YAML::Key << "output" << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "measure" << YAML::Value << sweep.output.measure;
        out << YAML::Key << "compared_with" << YAML::Value << sweep.output.compared_with.string();
        out << YAML::EndMap;
    }
    std::vector<std::string> keys;
    for (const auto& f : sweep.factors) keys.push_back(f.key);
    out << YAML::Key << "factors" << YAML::Value << YAML::Flow << keys;
    out << YAML::Key << "point_values" << YAML::Value << YAML::BeginSeq;
    for (const auto& p : points) {
        std::vector<std::string> shown;
        for (const auto& v : p.values) shown.push_back(v.empty() ? "base" : v);
        out << YAML::Flow << shown;
    }
    out << YAML::EndSeq << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace vrusim::io
