#pragma once
// The problems a loader reports (a ScenarioError's lines, one per line), or "" if it loaded: how the
// side files' tests (sweeps, trials, optimisers) check every problem is named at its line.
#include <functional>
#include <string>

#include "io/scenario_loader.hpp"

namespace vrusim::testing {

inline std::string problems_of(const std::function<void()>& load) {
    try {
        load();
    } catch (const io::ScenarioError& e) {
        std::string all;
        for (const auto& p : e.problems) all += p + "\n";
        return all;
    }
    return "";
}

}  // namespace vrusim::testing
