#pragma once
/// Variance-based sensitivity (Sobol indices) from Saltelli sampling: the first-order index S_i
/// (the share of the output's variance that factor i explains alone) and the total index ST_i
/// (the share it has a part in, with its interactions). Estimators: Saltelli et al. (2010), Comput.
/// Phys. Commun. 181:259, for S_i; Jansen (1999) for ST_i; 95% intervals by bootstrap over the
/// base samples (docs/research.md).
#include <cstdint>
#include <span>
#include <vector>

#include "factor.hpp"

namespace vrusim::sensitivity {

/// The Saltelli design for N base samples and k factors: N (k + 2) points, in blocks of N rows:
/// A, B, then AB_1 ... AB_k (A with factor i's column taken from B). A and B are independent
/// uniform samples over the factors' ranges, drawn from counter-based streams keyed by the seed
/// and the row, so the design is the same on any machine.
Points saltelli_points(std::span<const Factor> factors, int base_samples, std::uint64_t seed);

struct SobolIndices {
    Estimate first;  ///< S_i
    Estimate total;  ///< ST_i
};

/// The indices of each factor from the outputs at saltelli_points (same order), with 95%
/// percentile intervals from `bootstrap` resamples of the base samples (0: none; the interval is
/// the estimate). Throws std::invalid_argument if the outputs do not match the design, or have
/// no variance.
std::vector<SobolIndices> sobol_indices(int factors, std::span<const double> outputs, int bootstrap = 200,
                                        std::uint64_t seed = 1);

}  // namespace vrusim::sensitivity
