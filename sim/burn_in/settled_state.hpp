#pragma once
/// One replicate's state at the end of its burn-in: what every scenario that shares the burn-in
/// continues from (docs/batch.md, "Shared burn-in").
///
/// The population, graph and layout are synthesised and the burn-in simulated once; each scenario
/// then copies the dynamic columns and shares the static layout and graph. A scenario continued
/// from here gives bit-identical results to one run from scratch, because nothing a scenario may
/// change without changing its burn-in key (burn_in_key) acts before the first reported week.
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/county_lines.hpp"
#include "sim/ensemble.hpp"
#include "sim/graph.hpp"
#include "sim/population.hpp"
#include "sim/world.hpp"

namespace vrusim {

struct SettledState {
    RunPlan plan;                               ///< the seed and replicate it was simulated for
    std::uint64_t key = 0;                      ///< burn_in_key of the parameters it was simulated with (checked on use)
    std::shared_ptr<const Layout> layout;       ///< static: shared, never copied
    std::shared_ptr<const SocialGraph> graph;   ///< static: shared, never copied
    Population pop;                             ///< every column as the burn-in left it
    CountyLines county_lines;                   ///< empty when the feature is off
    std::vector<std::uint8_t> marks;
    std::vector<std::uint8_t> offences;
    Normalisers normalisers;                    ///< computed from the initial population, kept as drawn
    int weeks_done = 0;                         ///< the burn-in's weeks
    std::uint32_t agents_at_start = 0;          ///< people at synthesis (ReplicateResult::agents)
};

}  // namespace vrusim
