#include "overrides.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <utility>

namespace vrusim::io {

void apply_overrides(LoadedScenario& scenario, const std::vector<std::string>& assignments) {
    std::vector<std::string> problems;
    std::vector<std::pair<std::string_view, std::string_view>> seen;  // key, the whole assignment
    for (const auto& assignment : assignments) {
        const auto eq = assignment.find('=');
        if (eq == std::string::npos) {
            problems.push_back(fmt::format("command line: --set {}: expected KEY=VALUE", assignment));
            continue;
        }
        const std::string_view key = std::string_view(assignment).substr(0, eq);
        const auto earlier = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == key; });
        if (earlier != seen.end()) {
            problems.push_back(fmt::format("command line: {} is given twice ({} and {}); give each key once", key,
                                           earlier->second, assignment));
            continue;
        }
        seen.emplace_back(key, assignment);
    }
    if (!problems.empty()) throw ScenarioError(std::move(problems));
    for (const auto& assignment : assignments) {
        const auto eq = assignment.find('=');
        apply_override(scenario, std::string_view(assignment).substr(0, eq), std::string_view(assignment).substr(eq + 1));
    }
}

}  // namespace vrusim::io
