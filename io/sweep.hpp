#pragma once
/// Sweep files (`vrusim sweep SWEEP.yaml`, docs/batch.md): a base scenario, the factors to vary and
/// a design, expanded into points, each a scenario validated like a file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "scenario_loader.hpp"
#include "sim/sensitivity/factor.hpp"

namespace vrusim::io {

enum class SweepDesign { grid, latin_hypercube, one_at_a_time, morris, sobol };

/// A sensitivity design's output (morris, sobol; docs/research.md): one measure's yearly mean over
/// the run, or its difference from a comparison scenario run with the same factor values.
struct SensitivityOutput {
    std::string measure;                ///< a measure's name (vrusim schema lists them)
    std::filesystem::path compared_with;  ///< empty, or a scenario file (resolved like base)
    SourceLocation where;               ///< the output entry in the sweep file
};

/// One factor: a scenario key and the values it takes (text, as --set takes them), or a range.
struct SweepFactor {
    std::string key;                  ///< e.g. "funding.taper", "programme.interventions[0].places_per_year"
    std::vector<std::string> values;  ///< listed values; empty when a range is given
    bool has_range = false;
    double low = 0, high = 0;         ///< the range, inclusive
    int steps = 0;                    ///< grid and one-at-a-time: evenly spaced values over the range
    bool integer = false;             ///< the key takes whole numbers: range values are rounded (a
                                      ///< sensitivity design's estimators see the rounded values)
    SourceLocation where;             ///< the factor's entry in the sweep file
};

struct SweepFile {
    std::filesystem::path file;
    std::string name;
    std::filesystem::path base;        ///< the base scenario, resolved against the sweep file's directory
    std::vector<std::string> set;      ///< "key=value" applied at every point, as --set
    std::vector<std::string> set_where;  ///< each set entry's "file:line:col", for its problems
    SweepDesign design = SweepDesign::grid;
    int points = 0;                    ///< Latin hypercube: the number of points
    std::uint64_t design_seed = 1;     ///< Latin hypercube, morris, sobol: the seed of its draws
    int base_samples = 0;              ///< sobol: N (N (k + 2) points)
    int trajectories = 0;              ///< morris: r (r (k + 1) points)
    int levels = 4;                    ///< morris: the grid's levels p (even)
    int bootstrap = 200;               ///< sobol: bootstrap resamples for the intervals
    SensitivityOutput output;          ///< morris, sobol
    std::vector<SweepFactor> factors;
};

/// One point of a sweep: the value each factor takes there (text), empty for the base point.
struct SweepPoint {
    std::vector<std::string> values;
};

/// Reads and checks a sweep file; throws ScenarioError naming file, line and key, with every
/// problem found.
SweepFile load_sweep(const std::filesystem::path& file);

/// True for the designs that end in a sensitivity table (morris, sobol).
bool is_sensitivity(SweepDesign design);

/// The design's points: point 0 is the base (no factor changed); then the full grid, the Latin
/// hypercube's points, each factor's values one at a time with the others at the base, or the
/// morris or sobol design's rows (sensitivity_design, in order).
std::vector<SweepPoint> expand_sweep(const SweepFile& sweep);

/// A morris or sobol sweep's design as numbers, integer keys rounded: the rows that points 1, 2, ...
/// of expand_sweep run, and that the estimators read.
sensitivity::Points sensitivity_design(const SweepFile& sweep);

/// The factors as the estimators see them (key and range).
std::vector<sensitivity::Factor> sensitivity_factors(const SweepFile& sweep);

/// The base scenario with the sweep's `set` and `overrides` (from the command line) applied, then
/// the point's values; every point is checked, and every problem reported at once (with the sweep
/// file's line of the factor, and the point), as a ScenarioError.
std::vector<LoadedScenario> sweep_scenarios(const SweepFile& sweep, const std::vector<SweepPoint>& points,
                                            const std::vector<std::string>& overrides);

/// The same points applied to another base (a sensitivity output's compared_with scenario): with
/// `plan` (the sweep's own base, set and overrides applied), keys naming an entry of the plan's
/// lists act on the entry of the same name in this base (areas, interventions; a list without
/// names, the same entry at the same index), and are left out where this base has none (an
/// intervention of the plan, compared with no programme).
std::vector<LoadedScenario> sweep_scenarios(const SweepFile& sweep, const std::filesystem::path& base,
                                            const std::vector<SweepPoint>& points,
                                            const std::vector<std::string>& overrides, const LoadedScenario* plan);

/// The value a key has in a scenario, as text (for index.csv's base row).
std::string value_text_of(const Parameters& parameters, const std::string& key);

/// The sweep as run, for DIR/sweep.yaml: its settings, then each point's values.
std::string resolved_sweep_yaml(const SweepFile& sweep, const std::vector<SweepPoint>& points,
                                const std::vector<std::string>& overrides);

}  // namespace vrusim::io
