#include "frontier.hpp"

#include <stdexcept>

namespace vrusim::optimise {

std::vector<bool> on_frontier(const std::vector<double>& cost, const std::vector<double>& effect) {
    if (cost.size() != effect.size()) throw std::invalid_argument("on_frontier: one effect per cost");
    std::vector<bool> out(cost.size(), true);
    // Quadratic, and fine: a search races tens to hundreds of allocations.
    for (std::size_t i = 0; i < cost.size(); ++i)
        for (std::size_t j = 0; j < cost.size() && out[i]; ++j)
            if (cost[j] <= cost[i] && effect[j] >= effect[i] && (cost[j] < cost[i] || effect[j] > effect[i]))
                out[i] = false;
    return out;
}

}  // namespace vrusim::optimise
