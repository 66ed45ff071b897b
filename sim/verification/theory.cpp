#include "theory.hpp"

#include <cmath>

namespace vrusim::verification {

namespace {
// The root in (0, 1] of a function positive near 0 and negative at 1, by bisection.
template <class F>
double positive_root(const F& f) {
    double lo = 1e-12, hi = 1.0;
    if (!(f(lo) > 0)) return 0.0;
    if (f(hi) >= 0) return 1.0;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (f(mid) > 0 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}
}  // namespace

double weekly_recovery(double duration_mean_weeks) {
    return duration_mean_weeks <= 1.0 ? 1.0 : 1.0 / duration_mean_weeks;
}

double transmissibility(double p, double duration_mean_weeks) {
    const double q = weekly_recovery(duration_mean_weeks);
    return p > 0 ? p / (p + q - p * q) : 0.0;
}

double percolation_final_size(double c, double t) {
    if (!(c * t > 1)) return 0.0;
    return positive_root([&](double s) { return 1.0 - std::exp(-c * t * s) - s; });
}

double sis_mean_field_prevalence(double c, double p, double duration_mean_weeks) {
    const double r = weekly_recovery(duration_mean_weeks);
    const double log_keep = std::log1p(-p);
    return positive_root([&](double i) { return (1.0 - i) * (1.0 - std::exp(c * i * log_keep)) - r * i; });
}

double sis_degree_mean_field_prevalence(double c, double p, double duration_mean_weeks) {
    const double r = weekly_recovery(duration_mean_weeks);
    // Poisson(c) degrees up to where their weight is negligible.
    const int k_max = static_cast<int>(c + 12 * std::sqrt(c) + 20);
    auto infected_at = [&](int k, double theta) {
        // Each of the k neighbours infected independently with chance theta: E[(1 - p)^X], X ~ Bin(k, theta).
        const double infection = 1.0 - std::pow(1.0 - p * theta, k);
        return infection / (r + infection);
    };
    // theta solves theta = sum_k (k pi_k / c) i_k(theta); positive_root finds the endemic root.
    auto weighted = [&](double theta, bool by_degree) {
        double sum = 0, pk = std::exp(-c);  // pi_0
        for (int k = 0; k <= k_max; ++k) {
            if (k > 0) pk *= c / k;
            sum += (by_degree ? k / c : 1.0) * pk * infected_at(k, theta);
        }
        return sum;
    };
    const double theta = positive_root([&](double t) { return weighted(t, true) - t; });
    return theta > 0 ? weighted(theta, false) : 0.0;
}

}  // namespace vrusim::verification
