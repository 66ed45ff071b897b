#pragma once
/// Command-line overrides ("key=value", from --set, --replicates and --seed) applied to a loaded scenario.
#include <string>
#include <vector>

#include "scenario_loader.hpp"

namespace vrusim::io {

/// Applies the assignments in order, each validated like a file (apply_override). A malformed
/// assignment or a key given twice is refused, all such problems at once, before any is applied,
/// rather than the last one silently winning; throws ScenarioError naming "command line".
void apply_overrides(LoadedScenario& scenario, const std::vector<std::string>& assignments);

}  // namespace vrusim::io
