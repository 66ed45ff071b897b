#include "ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace vrusim::sensitivity {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The variance of the mean over replicates of (y(p) - y(q)), paired by replicate; of y(p) alone if q < 0.
double noise_variance(const ReplicatedOutputs& o, std::size_t p, std::ptrdiff_t q) {
    const int r = o.replicates;
    if (r < 2) return nan;
    double sum = 0, sum_sq = 0;
    for (int k = 0; k < r; ++k) {
        const double d = o.at(p, k) - (q < 0 ? 0.0 : o.at(static_cast<std::size_t>(q), k));
        sum += d;
        sum_sq += d * d;
    }
    return (sum_sq - sum * sum / r) / (r - 1) / r;
}

void summarise(SensitivityRanking& out, const ReplicatedOutputs& outputs) {
    const auto means = outputs.means();
    const double n = static_cast<double>(means.size());
    double sum = 0, sum_sq = 0, noise = 0;
    for (std::size_t p = 0; p < means.size(); ++p) {
        sum += means[p];
        sum_sq += means[p] * means[p];
        noise += noise_variance(outputs, p, -1) / n;
    }
    out.output_mean = sum / n;
    out.output_sd = n > 1 ? std::sqrt(std::max(0.0, (sum_sq - sum * sum / n) / (n - 1))) : 0;
    out.noise_sd = std::sqrt(noise);
}

void check(const ReplicatedOutputs& outputs, std::size_t rows) {
    if (outputs.replicates < 1 || outputs.values.size() != rows * static_cast<std::size_t>(outputs.replicates))
        throw std::invalid_argument("the outputs do not match the design");
}

}  // namespace

std::vector<double> ReplicatedOutputs::means() const {
    std::vector<double> out(points(), 0.0);
    for (std::size_t p = 0; p < out.size(); ++p) {
        for (int r = 0; r < replicates; ++r) out[p] += at(p, r);
        out[p] /= replicates;
    }
    return out;
}

SensitivityRanking rank_sobol(std::span<const Factor> factors, const ReplicatedOutputs& outputs, int bootstrap,
                              std::uint64_t seed) {
    const std::size_t k = factors.size();
    if (k == 0 || outputs.points() % (k + 2) != 0) throw std::invalid_argument("the outputs do not match the Saltelli design");
    const std::size_t n = outputs.points() / (k + 2);
    check(outputs, n * (k + 2));
    const auto means = outputs.means();
    const auto indices = sobol_indices(static_cast<int>(k), means, bootstrap, seed);
    // The estimator's variance: of the means over A and B.
    double sum = 0, sum_sq = 0;
    for (std::size_t j = 0; j < 2 * n; ++j) sum += means[j], sum_sq += means[j] * means[j];
    const double count = 2.0 * static_cast<double>(n);
    const double variance = (sum_sq - sum * sum / count) / (count - 1);
    SensitivityRanking out;
    out.sobol = true;
    for (std::size_t i = 0; i < k; ++i) {
        FactorSensitivity f;
        f.factor = factors[i];
        f.sobol = indices[i];
        // Jansen's total index is mean((f(A) - f(AB_i))^2) / 2V: noise alone adds the variance
        // of the paired difference of the two points' means.
        double noise = 0;
        for (std::size_t j = 0; j < n; ++j)
            noise += noise_variance(outputs, j, static_cast<std::ptrdiff_t>((2 + i) * n + j)) / static_cast<double>(n);
        f.total_noise = noise / (2 * variance);
        f.clear_of_noise = std::isfinite(f.total_noise) && f.sobol.total.low > f.total_noise;
        out.factors.push_back(f);
    }
    summarise(out, outputs);
    std::stable_sort(out.factors.begin(), out.factors.end(), [](const auto& a, const auto& b) {
        return a.sobol.total.value > b.sobol.total.value;
    });
    return out;
}

SensitivityRanking rank_morris(std::span<const Factor> factors, const Points& design, const ReplicatedOutputs& outputs) {
    const std::size_t k = factors.size();
    check(outputs, design.rows());
    const auto effects = morris_effects(factors, design, outputs.means());
    // Each step's noise: the paired difference of its two points' means, over the step's share.
    std::vector<double> noise(k, 0.0);
    std::vector<int> steps(k, 0);
    for (std::size_t start = 0; start < design.rows(); start += k + 1)
        for (std::size_t s = 0; s < k; ++s) {
            const double* before = design.row(start + s);
            const double* after = design.row(start + s + 1);
            for (std::size_t i = 0; i < k; ++i) {
                if (after[i] == before[i]) continue;
                const double share = (after[i] - before[i]) / (factors[i].high - factors[i].low);
                noise[i] += noise_variance(outputs, start + s + 1, static_cast<std::ptrdiff_t>(start + s)) / (share * share);
                ++steps[i];
            }
        }
    SensitivityRanking out;
    for (std::size_t i = 0; i < k; ++i) {
        FactorSensitivity f;
        f.factor = factors[i];
        f.morris = effects[i];
        // With no effect, each elementary effect is noise ~ N(0, s^2): |effect| averages
        // s sqrt(2/pi), and the mean of n of them has a standard deviation s sqrt(1 - 2/pi) / sqrt(n).
        // s itself is estimated from n steps of R - 1 degrees of freedom each (relative standard
        // error about 1 / sqrt(2 n (R - 1))). The threshold is 3 combined standard errors above
        // the floor: a factor with no effect passes it about once in 700 (a screen of many factors
        // should not call one clear by chance).
        const double s = steps[i] > 0 ? std::sqrt(noise[i] / steps[i]) : nan;
        const double n = std::max(steps[i], 1), degrees = n * (outputs.replicates - 1);
        f.mu_star_noise = s * std::sqrt(2 / std::numbers::pi);
        const double spread = s * std::sqrt(1 - 2 / std::numbers::pi) / std::sqrt(n);
        const double floor_error = f.mu_star_noise / std::sqrt(2 * degrees);
        f.mu_star_threshold = f.mu_star_noise + 3 * std::hypot(spread, floor_error);
        f.clear_of_noise = std::isfinite(f.mu_star_threshold) && f.morris.mu_star > f.mu_star_threshold;
        out.factors.push_back(f);
    }
    summarise(out, outputs);
    std::stable_sort(out.factors.begin(), out.factors.end(),
                     [](const auto& a, const auto& b) { return a.morris.mu_star > b.morris.mu_star; });
    return out;
}

}  // namespace vrusim::sensitivity
