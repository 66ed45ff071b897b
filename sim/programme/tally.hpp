#pragma once
/// What one replicate's programme did, by financial year and intervention, for the results
/// file's programme/ group (docs/outputs.md) and `vrusim compare`.
#include <array>
#include <string_view>
#include <vector>

namespace vrusim {

/// Age groups of programme reach: the modelled cohort, and adults the setting serves beside them.
inline constexpr std::array<std::string_view, 2> programme_age_groups = {"24 and under", "25 and over"};

struct ProgrammeTally {
    int years = 0;          ///< reported financial years
    int interventions = 0;  ///< in scenario order
    /// People who started, represented (simulated / population.scale): [year][intervention][age group].
    std::vector<double> reached;
    /// Pounds spent: [year][intervention].
    std::vector<double> spend;

    std::size_t reached_index(int y, int i, int g) const {
        return (static_cast<std::size_t>(y) * interventions + i) * programme_age_groups.size() + g;
    }
    std::size_t spend_index(int y, int i) const { return static_cast<std::size_t>(y) * interventions + i; }
    double& reached_at(int y, int i, int g) { return reached[reached_index(y, i, g)]; }
    double reached_at(int y, int i, int g) const { return reached[reached_index(y, i, g)]; }
    double& spend_at(int y, int i) { return spend[spend_index(y, i)]; }
    double spend_at(int y, int i) const { return spend[spend_index(y, i)]; }

    bool operator==(const ProgrammeTally&) const = default;
};

}  // namespace vrusim
