#pragma once
/// Screening by elementary effects (Morris 1991, Technometrics 33:161; mu* of Campolongo et al.
/// 2007): r trajectories over a grid of p levels, each moving one factor at a time by
/// Delta = p / (2 (p - 1)) of its range, in a random order. A factor's elementary effect is the
/// change in the output over its step, in units of its range; mu* (the mean absolute effect)
/// ranks the factors, and sigma (the effects' standard deviation) flags interactions or
/// non-linearity.
#include <cstdint>
#include <span>
#include <vector>

#include "factor.hpp"

namespace vrusim::sensitivity {

/// r trajectories of k + 1 points each (rows r (k + 1)), on `levels` levels (even, at least 2).
Points morris_points(std::span<const Factor> factors, int trajectories, int levels, std::uint64_t seed);

struct ElementaryEffects {
    double mu = 0;       ///< mean effect
    double mu_star = 0;  ///< mean absolute effect
    double sigma = 0;    ///< standard deviation of the effects
};

/// Each factor's summary from the outputs at `points` (morris_points, same order). Throws
/// std::invalid_argument if the outputs do not match the points.
std::vector<ElementaryEffects> morris_effects(std::span<const Factor> factors, const Points& points,
                                              std::span<const double> outputs);

}  // namespace vrusim::sensitivity
