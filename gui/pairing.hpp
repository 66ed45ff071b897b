#pragma once
/// Which scenarios the explorer can set side by side: model scenarios (not verification mode) with
/// the same people, seed and reported years, so that replicate i of each is paired with replicate i
/// of the base under common random numbers, as `vrusim compare` requires of results files.
#include <string>
#include <vector>

#include "io/scenario_loader.hpp"

namespace vrusim::gui {

/// Why the scenarios, as they will run (quick or full), cannot be compared (each problem in a
/// sentence naming the scenario and the key), or empty if they can: a verification-mode scenario;
/// another population or graph set-up, seed, replicate count, run length, burn-in or start year
/// than the first (the base).
std::vector<std::string> pairing_problems(const std::vector<io::LoadedScenario>& scenarios,
                                          const std::vector<std::string>& labels);

}  // namespace vrusim::gui
