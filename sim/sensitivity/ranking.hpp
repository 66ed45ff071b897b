#pragma once
/// A sensitivity design's factors ranked for a model whose output is noisy (docs/research.md): the
/// Sobol or Morris measures of each factor from the replicates' means at each point, and beside
/// each the value a factor with no effect would show from replicate noise alone, estimated from
/// the replicates themselves (paired under common random numbers), so that a ranking is never
/// read further than the noise allows. Replicate r of every point shares its random numbers, so
/// noise is correlated across the design's points: every interval and test here treats the
/// replicate, not the point, as the independent unit.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "factor.hpp"
#include "morris.hpp"
#include "sobol.hpp"

namespace vrusim::sensitivity {

/// The output at each design point from R replicates under common random numbers (replicate r of
/// every point meets the same random numbers): values[point * replicates + r].
struct ReplicatedOutputs {
    int replicates = 0;
    std::vector<double> values;
    std::size_t points() const { return replicates > 0 ? values.size() / static_cast<std::size_t>(replicates) : 0; }
    double at(std::size_t point, int r) const { return values[point * static_cast<std::size_t>(replicates) + static_cast<std::size_t>(r)]; }
    /// The replicates' mean at each point.
    std::vector<double> means() const;
};

struct FactorSensitivity {
    Factor factor;
    SobolIndices sobol;             ///< sobol designs; 95% intervals from resampling replicates and base rows
    double total_noise = 0;         ///< sobol: the total index a factor with no effect shows on average
                                    ///< from replicate noise (NaN: 1 replicate)
    ElementaryEffects morris;       ///< morris designs (NaN where no step changed the factor)
    Estimate mu;                    ///< morris: mu with its 95% interval, replicates as the unit (t, R - 1 df)
    Estimate mu_star;               ///< morris: mu* with a 95% interval from resampling replicates
    double mu_star_noise = 0;       ///< morris: the mu* a factor with no effect shows on average (NaN: 1 replicate)
    bool clear_of_noise = false;    ///< sobol: the total index's interval lies above total_noise; morris: mu
                                    ///< differs from 0 by a t-test on the replicates, at 5% over all the
                                    ///< factors together (Bonferroni)
};

struct SensitivityRanking {
    bool sobol = false;
    std::vector<FactorSensitivity> factors;  ///< largest total index (sobol) or mu* (morris) first
    double output_mean = 0;                  ///< over the design's points
    double output_sd = 0;                    ///< of the points' means
    double noise_sd = 0;                     ///< of a point's mean from replicate noise (NaN: 1 replicate)
};

/// Sobol indices from outputs at saltelli_points (same order), ranked; `bootstrap` resamples of
/// replicates and base rows together give the intervals.
SensitivityRanking rank_sobol(std::span<const Factor> factors, const ReplicatedOutputs& outputs, int bootstrap,
                              std::uint64_t seed);

/// Morris measures from outputs at `design` (morris_points, same order), ranked.
SensitivityRanking rank_morris(std::span<const Factor> factors, const Points& design, const ReplicatedOutputs& outputs,
                               int bootstrap = 1000, std::uint64_t seed = 1);

}  // namespace vrusim::sensitivity
