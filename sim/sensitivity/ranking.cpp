#include "ranking.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "sim/rng.hpp"
#include "sim/summary.hpp"

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

void describe_outputs(SensitivityRanking& out, const ReplicatedOutputs& outputs) {
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

// Outputs with replicates drawn with replacement (replicate r of every point drawn together).
ReplicatedOutputs resampled_replicates(const ReplicatedOutputs& o, rng::Stream& draws) {
    ReplicatedOutputs out{o.replicates, std::vector<double>(o.values.size())};
    std::vector<int> pick(static_cast<std::size_t>(o.replicates));
    for (auto& r : pick) r = std::min(o.replicates - 1, static_cast<int>(draws.uniform() * o.replicates));
    for (std::size_t p = 0; p < o.points(); ++p)
        for (int r = 0; r < o.replicates; ++r)
            out.values[p * static_cast<std::size_t>(o.replicates) + static_cast<std::size_t>(r)] = o.at(p, pick[static_cast<std::size_t>(r)]);
    return out;
}

double mean_abs(const std::vector<double>& v) {
    double sum = 0;
    for (const double x : v) sum += std::abs(x);
    return v.empty() ? nan : sum / static_cast<double>(v.size());
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
    auto indices = sobol_indices(static_cast<int>(k), means, 0, seed);
    // Intervals: replicates and base rows resampled together (noise is shared by a replicate's points).
    std::vector<std::vector<double>> first(k), total(k);
    std::vector<double> rows(means.size());
    for (int b = 0; b < bootstrap; ++b) {
        rng::Stream draws(seed, 1, static_cast<std::uint64_t>(b), 2, rng::Purpose::sensitivity_design);
        const auto drawn = outputs.replicates > 1 ? resampled_replicates(outputs, draws).means() : means;
        for (std::size_t j = 0; j < n; ++j) {
            const auto row = std::min(n - 1, static_cast<std::size_t>(draws.uniform() * static_cast<double>(n)));
            for (std::size_t block = 0; block < k + 2; ++block) rows[block * n + j] = drawn[block * n + row];
        }
        try {
            const auto s = sobol_indices(static_cast<int>(k), rows, 0, seed);
            for (std::size_t i = 0; i < k; ++i) first[i].push_back(s[i].first.value), total[i].push_back(s[i].total.value);
        } catch (const std::invalid_argument&) {
            // a resample with no variance has no indices: left out
        }
    }
    for (std::size_t i = 0; i < k && !first[i].empty(); ++i) {
        indices[i].first.low = percentile(first[i], 0.025), indices[i].first.high = percentile(first[i], 0.975);
        indices[i].total.low = percentile(total[i], 0.025), indices[i].total.high = percentile(total[i], 0.975);
    }
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
        // Jansen's total index is mean((f(A) - f(AB_i))^2) / 2V: noise alone adds, on average, the
        // variance of the paired difference of the two points' means.
        double noise = 0;
        for (std::size_t j = 0; j < n; ++j)
            noise += noise_variance(outputs, j, static_cast<std::ptrdiff_t>((2 + i) * n + j)) / static_cast<double>(n);
        f.total_noise = noise / (2 * variance);
        f.clear_of_noise = std::isfinite(f.total_noise) && bootstrap > 0 && f.sobol.total.low > f.total_noise;
        out.factors.push_back(f);
    }
    describe_outputs(out, outputs);
    std::stable_sort(out.factors.begin(), out.factors.end(), [](const auto& a, const auto& b) {
        return a.sobol.total.value > b.sobol.total.value;
    });
    return out;
}

SensitivityRanking rank_morris(std::span<const Factor> factors, const Points& design, const ReplicatedOutputs& outputs,
                               int bootstrap, std::uint64_t seed) {
    const std::size_t k = factors.size();
    check(outputs, design.rows());
    const auto means = outputs.means();
    const auto effects = morris_effects(factors, design, means);
    const int replicates = outputs.replicates;
    // Each replicate's mu: its own elementary effects' mean. Replicates are independent, so the
    // spread of these is the honest noise of mu, however correlated a replicate's points are.
    std::vector<std::vector<double>> mu_by_replicate(k);
    std::vector<double> y(design.rows());
    for (int r = 0; r < replicates; ++r) {
        for (std::size_t p = 0; p < y.size(); ++p) y[p] = outputs.at(p, r);
        const auto e = elementary_effects(factors, design, y);
        for (std::size_t i = 0; i < k; ++i) {
            double sum = 0;
            for (const double v : e[i]) sum += v;
            mu_by_replicate[i].push_back(e[i].empty() ? nan : sum / static_cast<double>(e[i].size()));
        }
    }
    // mu*'s interval: replicates resampled.
    std::vector<std::vector<double>> mu_star_drawn(k);
    for (int b = 0; b < (replicates > 1 ? bootstrap : 0); ++b) {
        rng::Stream draws(seed, 2, static_cast<std::uint64_t>(b), 3, rng::Purpose::sensitivity_design);
        const auto e = elementary_effects(factors, design, resampled_replicates(outputs, draws).means());
        for (std::size_t i = 0; i < k; ++i)
            if (!e[i].empty()) mu_star_drawn[i].push_back(mean_abs(e[i]));
    }
    // Each step's noise, for the average mu* a factor without effect shows: the paired difference
    // of its two points' means over the step's share.
    std::vector<double> noise(k, 0.0);
    std::vector<int> steps(k, 0);
    for_each_step(factors, design, [&](std::size_t i, std::size_t before, std::size_t after, double share) {
        noise[i] += noise_variance(outputs, after, static_cast<std::ptrdiff_t>(before)) / (share * share);
        ++steps[i];
    });
    // A t-test of mu = 0 for each factor at 5% over all of them together (Bonferroni).
    const double t = replicates > 1 ? student_t_quantile(1 - 0.025 / static_cast<double>(k), replicates - 1) : nan;
    const double t95 = replicates > 1 ? student_t_quantile(0.975, replicates - 1) : nan;
    SensitivityRanking out;
    for (std::size_t i = 0; i < k; ++i) {
        FactorSensitivity f;
        f.factor = factors[i];
        f.morris = effects[i];
        f.mu_star = {f.morris.mu_star, f.morris.mu_star, f.morris.mu_star};
        if (!mu_star_drawn[i].empty())
            f.mu_star.low = percentile(mu_star_drawn[i], 0.025), f.mu_star.high = percentile(mu_star_drawn[i], 0.975);
        const CellSummary by_replicate = vrusim::summarise(mu_by_replicate[i]);
        const double se = by_replicate.sd / std::sqrt(static_cast<double>(replicates));
        f.mu = {f.morris.mu, f.morris.mu - t95 * se, f.morris.mu + t95 * se};
        // With no effect, an elementary effect is noise ~ N(0, s^2), and |effect| averages s sqrt(2/pi).
        const double s = steps[i] > 0 ? std::sqrt(noise[i] / steps[i]) : nan;
        f.mu_star_noise = s * std::sqrt(2 / std::numbers::pi);
        f.clear_of_noise = std::isfinite(se) && steps[i] > 0 && std::abs(f.morris.mu) > t * se;
        if (steps[i] == 0) {  // its value never changed (an integer range that rounds to one)
            f.morris = {nan, nan, nan};
            f.mu = f.mu_star = {nan, nan, nan};
        }
        out.factors.push_back(f);
    }
    describe_outputs(out, outputs);
    std::stable_sort(out.factors.begin(), out.factors.end(),
                     [](const auto& a, const auto& b) { return a.morris.mu_star > b.morris.mu_star; });
    return out;
}

}  // namespace vrusim::sensitivity
