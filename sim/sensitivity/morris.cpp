#include "morris.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "sim/rng.hpp"

namespace vrusim::sensitivity {

Points morris_points(std::span<const Factor> factors, int trajectories, int levels, std::uint64_t seed) {
    if (factors.empty() || trajectories < 2 || levels < 2 || levels % 2 != 0)
        throw std::invalid_argument("a Morris design needs factors, at least 2 trajectories and an even number of levels");
    const auto k = factors.size();
    const double step = static_cast<double>(levels) / (2.0 * (levels - 1));  // Delta, as a share of the range
    Points p;
    p.factors = static_cast<int>(k);
    p.values.reserve(static_cast<std::size_t>(trajectories) * (k + 1) * k);
    std::vector<double> x(k);
    std::vector<std::size_t> order(k);
    for (int t = 0; t < trajectories; ++t) {
        // A subject above any design row's (rows of a Saltelli design use small subjects).
        rng::Stream draws(seed, 0, (std::uint64_t{1} << 40) + static_cast<std::uint64_t>(t), 0, rng::Purpose::sensitivity_design);
        // The start: a level in the lower half of the grid, so that the step up stays inside [0, 1].
        for (auto& v : x)
            v = std::floor(draws.uniform() * (levels / 2)) / (levels - 1);
        std::iota(order.begin(), order.end(), std::size_t{0});
        for (std::size_t i = k; i > 1; --i)
            std::swap(order[i - 1], order[std::min(i - 1, static_cast<std::size_t>(draws.uniform() * static_cast<double>(i)))]);
        auto emit = [&] {
            for (std::size_t i = 0; i < k; ++i) p.values.push_back(factors[i].low + x[i] * (factors[i].high - factors[i].low));
        };
        emit();
        for (const std::size_t i : order) {
            x[i] += step;
            emit();
        }
    }
    return p;
}

std::vector<std::vector<double>> elementary_effects(std::span<const Factor> factors, const Points& points,
                                                    std::span<const double> outputs) {
    const auto k = factors.size();
    if (points.factors != static_cast<int>(k) || outputs.size() != points.rows() || points.rows() % (k + 1) != 0)
        throw std::invalid_argument("the outputs do not match the Morris design");
    std::vector<std::vector<double>> effects(k);
    for_each_step(factors, points, [&](std::size_t i, std::size_t before, std::size_t after, double share) {
        effects[i].push_back((outputs[after] - outputs[before]) / share);
    });
    return effects;
}

std::vector<ElementaryEffects> morris_effects(std::span<const Factor> factors, const Points& points,
                                              std::span<const double> outputs) {
    const auto k = factors.size();
    const auto effects = elementary_effects(factors, points, outputs);
    std::vector<ElementaryEffects> out(k);
    for (std::size_t i = 0; i < k; ++i) {
        const auto& e = effects[i];
        const double n = static_cast<double>(e.size());
        if (e.empty()) continue;
        for (const double v : e) {
            out[i].mu += v / n;
            out[i].mu_star += std::abs(v) / n;
        }
        double ss = 0;
        for (const double v : e) ss += (v - out[i].mu) * (v - out[i].mu);
        out[i].sigma = e.size() > 1 ? std::sqrt(ss / (n - 1)) : 0;
    }
    return out;
}

}  // namespace vrusim::sensitivity
