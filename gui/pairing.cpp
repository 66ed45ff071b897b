#include "pairing.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "io/scenario_diff.hpp"

namespace vrusim::gui {

std::vector<std::string> pairing_problems(const std::vector<io::LoadedScenario>& scenarios,
                                          const std::vector<std::string>& labels) {
    std::vector<std::string> problems;
    for (std::size_t i = 0; i < scenarios.size(); ++i)
        if (scenarios[i].parameters.verification.enabled)
            problems.push_back(fmt::format("{} is a verification-mode scenario: the explorer compares the model's "
                                           "scenarios (run it with vrusim run)",
                                           labels[i]));
    // The same people, replicates and years: the keys that set them must match the base's.
    constexpr std::string_view paired[] = {"population.", "graph.",           "run.seed:",      "run.replicates:",
                                           "run.weeks:",  "run.burn_in_weeks:", "run.start_year:"};
    for (std::size_t i = 1; i < scenarios.size(); ++i)
        for (const auto& d : io::scenario_differences(scenarios.front().resolved_yaml, scenarios[i].resolved_yaml,
                                                      fmt::format("in {}", labels.front()),
                                                      fmt::format("in {}", labels[i])))
            if (std::ranges::any_of(paired, [&](std::string_view k) { return d.starts_with(k); }))
                problems.push_back(fmt::format("{} cannot be paired with the base (a comparison needs the same people, "
                                               "seed and years): {}",
                                               labels[i], d));
    return problems;
}

}  // namespace vrusim::gui
