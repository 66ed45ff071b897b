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

/// Calls step(i, before, after, share) for each step of a Morris design: the rows before and after
/// it, the factor i that moved, and its move as a share of the factor's range. A step that moved no
/// factor (an integer value rounded back) is skipped.
template <class Step>
void for_each_step(std::span<const Factor> factors, const Points& points, Step&& step) {
    const std::size_t k = factors.size();
    for (std::size_t start = 0; start + k < points.rows(); start += k + 1)
        for (std::size_t s = 0; s < k; ++s) {
            const double* before = points.row(start + s);
            const double* after = points.row(start + s + 1);
            for (std::size_t i = 0; i < k; ++i)
                if (after[i] != before[i])
                    step(i, start + s, start + s + 1, (after[i] - before[i]) / (factors[i].high - factors[i].low));
        }
}

/// Each factor's elementary effects from one output per point (morris_points' order).
std::vector<std::vector<double>> elementary_effects(std::span<const Factor> factors, const Points& points,
                                                    std::span<const double> outputs);

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
