#pragma once
/// Scenario files: YAML in, validated Parameters out, every problem named by file, line, column and key.
///
/// A scenario may `extends:` another file (deep merge of maps, lists replaced whole). Validation
/// uses the one schema in sim/schema.hpp, collects every problem before throwing, and then applies
/// the rules between keys (check_consistency).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/parameters.hpp"

namespace vrusim::io {

/// Largest scenario file accepted. Real ones are a few kB; yaml-cpp needs ~100 times a file's size in memory.
inline constexpr std::uintmax_t max_scenario_bytes = std::uintmax_t{2} << 20;

/// Everything wrong with a scenario; what() lists the problems one per line.
struct ScenarioError : std::runtime_error {
    explicit ScenarioError(std::vector<std::string> problems_);
    std::vector<std::string> problems;  ///< each "file:line:column: key: what was expected, got what"
};

/// Where a value was set: a file's display name with 1-based line and column, or line 0 for "command line".
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
};

/// A validated scenario and where it came from.
struct LoadedScenario {
    Parameters parameters;
    std::string name;         ///< top-level `name:`, empty if none
    std::string description;  ///< top-level `description:`, empty if none
    /// Every key with its final value (defaults included): a complete scenario that loads back to the same values.
    std::string resolved_yaml;
    /// Each file's text after a "# --- file: NAME ---" line, then one "# --- override: KEY=VALUE ---" line per override.
    std::string source_text;
    /// The file and its extends chain, child first (for load_scenario_text, the display name first).
    std::vector<std::filesystem::path> files;
    /// Where each key's final value was set ("run.seed", "population.areas[2].name"); keys left at their default are absent.
    std::map<std::string, SourceLocation, std::less<>> origins;
};

/// Load, merge along `extends:` and validate a scenario file; throws ScenarioError.
LoadedScenario load_scenario(const std::filesystem::path& file);
/// The same from text, for tests and the GUI; `extends:` resolves relative to base_dir.
LoadedScenario load_scenario_text(std::string_view yaml, const std::string& display_name,
                                  const std::filesystem::path& base_dir);
/// Set one key from the command line ("run.replicates", "50"; one entry of a record list with
/// "population.areas[2].imd_score" or "county_lines.enforcement_timeline[0].closure_rr").
/// Validated like a file; on error throws ScenarioError naming "command line" and leaves the scenario unchanged.
/// With check_rules false only the value is checked (apply_overrides checks the rules once, after
/// the last override, so that keys changed together are judged together).
void apply_override(LoadedScenario& scenario, std::string_view dotted_key, std::string_view value,
                    bool check_rules = true);
/// The consistency rules (sim/schema_rules.cpp) on a scenario as it stands; throws ScenarioError.
void check_scenario_rules(const LoadedScenario& scenario);
/// Throws ScenarioError at population.scale's location if the replicates run at once would not fit in
/// memory. available_bytes 0 reads what the process may use: MemAvailable from /proc/meminfo, or
/// less under a cgroup memory limit (io/memory_limit.hpp); no check if neither can be read.
void check_memory(const LoadedScenario& scenario, int concurrent_replicates, std::uint64_t available_bytes = 0);
/// A complete scenario with every key's value, as stored in resolved_yaml.
std::string scenario_yaml(const Parameters& parameters, std::string_view name, std::string_view description);

}  // namespace vrusim::io
