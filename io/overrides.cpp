#include "overrides.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <utility>

namespace vrusim::io {

namespace {

// The key as the schema reads it, so that two spellings of one key are seen as one: surrounding
// spaces go, and list indices lose leading zeros (areas[01] is areas[1]).
std::string canonical_key(std::string_view key) {
    while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) key.remove_prefix(1);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
    std::string out;
    for (std::size_t i = 0; i < key.size(); ++i) {
        out += key[i];
        if (key[i] != '[') continue;
        std::size_t j = i + 1;
        while (j + 1 < key.size() && key[j] == '0' && key[j + 1] >= '0' && key[j + 1] <= '9') ++j;
        i = j - 1;
    }
    return out;
}

}  // namespace

void apply_overrides(LoadedScenario& scenario, const std::vector<std::string>& assignments) {
    std::vector<std::string> problems;
    std::vector<std::pair<std::string, std::string_view>> seen;  // canonical key, the whole assignment
    for (const auto& assignment : assignments) {
        const auto eq = assignment.find('=');
        if (eq == std::string::npos) {
            problems.push_back(fmt::format("command line: --set {}: expected KEY=VALUE", assignment));
            continue;
        }
        const std::string key = canonical_key(std::string_view(assignment).substr(0, eq));
        if (key.empty()) {
            problems.push_back(fmt::format("command line: --set {}: the key before '=' is empty", assignment));
            continue;
        }
        if (key == "extends") {
            problems.push_back(fmt::format("command line: --set {}: extends cannot be set from the command line; "
                                           "write a scenario file with that extends: line and run it", assignment));
            continue;
        }
        const auto earlier = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
        if (earlier != seen.end()) {
            problems.push_back(fmt::format("command line: {} is given twice ({} and {}); give each key once", key,
                                           earlier->second, assignment));
            continue;
        }
        seen.emplace_back(key, assignment);
    }
    if (!problems.empty()) throw ScenarioError(std::move(problems));
    // Every bad value is reported, as a scenario file's are, not only the first; the scenario
    // changes only if all of them, and the rules, pass.
    LoadedScenario next = scenario;
    for (const auto& assignment : assignments) {
        const auto eq = assignment.find('=');
        try {
            apply_override(next, std::string_view(assignment).substr(0, eq),
                           std::string_view(assignment).substr(eq + 1), false);
        } catch (const ScenarioError& e) {
            problems.insert(problems.end(), e.problems.begin(), e.problems.end());
        }
    }
    if (!problems.empty()) throw ScenarioError(std::move(problems));
    // The rules once, on the scenario with every override: keys changed together are judged together.
    check_scenario_rules(next);
    scenario = std::move(next);
}

}  // namespace vrusim::io
