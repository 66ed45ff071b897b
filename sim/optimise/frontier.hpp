#pragma once
/// The cost-effect frontier of allocations (docs/research.md, "Budget optimiser"): those no other
/// allocation beats on both counts, costing no more and averting more, or averting as much for less.
#include <vector>

namespace vrusim::optimise {

/// [i]: true when no j has cost[j] <= cost[i] and effect[j] >= effect[i] with one of them strict.
std::vector<bool> on_frontier(const std::vector<double>& cost, const std::vector<double>& effect);

}  // namespace vrusim::optimise
