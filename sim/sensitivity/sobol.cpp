#include "sobol.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/rng.hpp"

namespace vrusim::sensitivity {

namespace {

struct Sums {
    double variance = 0;
    std::vector<double> first, total;
};

// The estimators over the base samples `rows` (indices into 0..N-1, repeats allowed).
Sums estimate(int k, std::size_t n, std::span<const double> f, std::span<const std::size_t> rows) {
    const double* a = f.data();
    const double* b = f.data() + n;
    double sum = 0, sum_sq = 0;
    for (const std::size_t j : rows) {
        sum += a[j] + b[j];
        sum_sq += a[j] * a[j] + b[j] * b[j];
    }
    const double count = 2.0 * static_cast<double>(rows.size());
    Sums s;
    s.variance = (sum_sq - sum * sum / count) / (count - 1);
    s.first.assign(static_cast<std::size_t>(k), 0);
    s.total.assign(static_cast<std::size_t>(k), 0);
    for (int i = 0; i < k; ++i) {
        const double* ab = f.data() + (2 + static_cast<std::size_t>(i)) * n;
        double first = 0, total = 0;
        for (const std::size_t j : rows) {
            first += b[j] * (ab[j] - a[j]);
            total += (a[j] - ab[j]) * (a[j] - ab[j]);
        }
        const double m = static_cast<double>(rows.size());
        s.first[static_cast<std::size_t>(i)] = first / m / s.variance;
        s.total[static_cast<std::size_t>(i)] = total / (2 * m) / s.variance;
    }
    return s;
}

}  // namespace

Points saltelli_points(std::span<const Factor> factors, int base_samples, std::uint64_t seed) {
    if (factors.empty() || base_samples < 2) throw std::invalid_argument("a Saltelli design needs factors and at least 2 base samples");
    const int k = static_cast<int>(factors.size());
    const auto n = static_cast<std::size_t>(base_samples);
    const auto width = static_cast<std::size_t>(k);
    Points p;
    p.factors = k;
    p.values.assign(n * (width + 2) * width, 0);
    auto at = [&](std::size_t block, std::size_t row) { return p.values.data() + (block * n + row) * width; };
    for (std::size_t j = 0; j < n; ++j) {
        rng::Stream draws(seed, 0, j, 0, rng::Purpose::sensitivity_design);
        for (std::size_t i = 0; i < width; ++i) {
            const Factor& f = factors[i];
            at(0, j)[i] = f.low + draws.uniform() * (f.high - f.low);
            at(1, j)[i] = f.low + draws.uniform() * (f.high - f.low);
        }
        for (std::size_t i = 0; i < width; ++i) {
            std::copy(at(0, j), at(0, j) + width, at(2 + i, j));
            at(2 + i, j)[i] = at(1, j)[i];
        }
    }
    return p;
}

double percentile(std::vector<double> values, double q) {
    std::sort(values.begin(), values.end());
    const double at = q * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(at));
    const auto hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (at - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

std::vector<SobolIndices> sobol_indices(int factors, std::span<const double> outputs, int bootstrap, std::uint64_t seed) {
    const auto blocks = static_cast<std::size_t>(factors) + 2;
    if (factors < 1 || outputs.size() % blocks != 0 || outputs.size() / blocks < 2)
        throw std::invalid_argument("the outputs do not match a Saltelli design of this many factors");
    const std::size_t n = outputs.size() / blocks;
    std::vector<std::size_t> all(n);
    for (std::size_t j = 0; j < n; ++j) all[j] = j;
    const Sums point = estimate(factors, n, outputs, all);
    if (!(point.variance > 0)) throw std::invalid_argument("the output does not vary: no variance to share out");
    std::vector<SobolIndices> out(static_cast<std::size_t>(factors));
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].first = {point.first[i], point.first[i], point.first[i]};
        out[i].total = {point.total[i], point.total[i], point.total[i]};
    }
    if (bootstrap <= 0) return out;
    std::vector<std::vector<double>> first(out.size()), total(out.size());
    std::vector<std::size_t> rows(n);
    for (int b = 0; b < bootstrap; ++b) {
        rng::Stream draws(seed, 0, static_cast<std::uint64_t>(b), 1, rng::Purpose::sensitivity_design);
        for (auto& r : rows) r = std::min(n - 1, static_cast<std::size_t>(draws.uniform() * static_cast<double>(n)));
        const Sums s = estimate(factors, n, outputs, rows);
        for (std::size_t i = 0; i < out.size(); ++i) {
            first[i].push_back(s.first[i]);
            total[i].push_back(s.total[i]);
        }
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].first.low = percentile(first[i], 0.025);
        out[i].first.high = percentile(first[i], 0.975);
        out[i].total.low = percentile(total[i], 0.025);
        out[i].total.high = percentile(total[i], 0.975);
    }
    return out;
}

}  // namespace vrusim::sensitivity
