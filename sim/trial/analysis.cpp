#include "analysis.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "sim/summary.hpp"

namespace vrusim::trial {

namespace {

// Two-sided p-value of a statistic: normal (df infinite) or Student's t.
double two_sided_p(double statistic, double df) {
    const double x = std::abs(statistic);
    const double upper = std::isinf(df) ? 1.0 - normal_cdf(x) : 1.0 - student_t_cdf(x, df);
    return std::clamp(2.0 * upper, 0.0, 1.0);
}

double quantile(double p, double df) { return std::isinf(df) ? normal_quantile(p) : student_t_quantile(p, df); }

}  // namespace

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double normal_quantile(double p) {
    if (!(p > 0 && p < 1)) return std::numeric_limits<double>::quiet_NaN();
    double lo = -40, hi = 40;  // bisection: the distribution function is monotone
    for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
        const double mid = 0.5 * (lo + hi);
        (normal_cdf(mid) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

Analysis analyse(const TrialData& d) {
    const std::size_t n = d.outcome.size();
    const bool clustered = !d.cluster.empty();
    if (d.arm.size() != n || (clustered && d.cluster.size() != n))
        throw std::invalid_argument("trial analysis: outcome, arm and cluster columns differ in length");
    Analysis a;
    double events[2] = {0, 0};
    for (std::size_t i = 0; i < n; ++i) {
        const int arm = d.arm[i] ? 1 : 0;
        (arm ? a.n_treated : a.n_control) += 1;
        events[arm] += d.outcome[i] ? 1 : 0;
    }
    if (a.n_control == 0 || a.n_treated == 0) throw std::invalid_argument("trial analysis: an arm has no participants");
    const double n0 = a.n_control, n1 = a.n_treated;
    a.control_rate = events[0] / n0;
    a.treated_rate = events[1] / n1;
    a.effect = a.treated_rate - a.control_rate;
    if (!clustered) {
        a.se = std::sqrt(a.control_rate * (1 - a.control_rate) / n0 + a.treated_rate * (1 - a.treated_rate) / n1);
        const double pooled = (events[0] + events[1]) / (n0 + n1);
        const double se0 = std::sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1));
        a.statistic = se0 > 0 ? a.effect / se0 : 0;
        a.p_value = se0 > 0 ? two_sided_p(a.statistic, a.df) : 1;
        return a;
    }
    // Cluster-robust variance of each arm's mean: the clusters' summed residuals, CR1's G / (G - 1).
    std::map<std::uint32_t, double> residual_sum[2];  // per arm: cluster -> its residuals' sum
    for (std::size_t i = 0; i < n; ++i) {
        const int arm = d.arm[i] ? 1 : 0;
        const double rate = arm ? a.treated_rate : a.control_rate;
        residual_sum[arm][d.cluster[i]] += (d.outcome[i] ? 1.0 : 0.0) - rate;
    }
    if (std::any_of(d.cluster.begin(), d.cluster.end(), [&](std::uint32_t c) {
            return residual_sum[0].count(c) && residual_sum[1].count(c);
        }))
        throw std::invalid_argument("trial analysis: a cluster has participants in both arms");
    a.clusters_control = static_cast<int>(residual_sum[0].size());
    a.clusters_treated = static_cast<int>(residual_sum[1].size());
    if (a.clusters_control < 2 || a.clusters_treated < 2)
        throw std::invalid_argument("trial analysis: each arm needs at least 2 clusters");
    double variance = 0;
    for (int arm = 0; arm < 2; ++arm) {
        const double g = static_cast<double>(residual_sum[arm].size());
        const double people = arm ? n1 : n0;
        double sum = 0;
        for (const auto& [cluster, r] : residual_sum[arm]) sum += r * r;
        variance += g / (g - 1) * sum / (people * people);
    }
    a.se = std::sqrt(variance);
    a.df = a.clusters_control + a.clusters_treated - 2;
    a.statistic = a.se > 0 ? a.effect / a.se : 0;
    a.p_value = a.se > 0 ? two_sided_p(a.statistic, a.df) : 1;
    return a;
}

PowerSummary summarise_power(std::span<const Analysis> analyses, double alpha) {
    if (analyses.size() < 2) throw std::invalid_argument("trial power: needs at least 2 simulated trials");
    PowerSummary s;
    s.trials = static_cast<int>(analyses.size());
    s.alpha = alpha;
    std::vector<double> effects;
    double df_sum = 0;
    for (const Analysis& a : analyses) {
        s.power += a.p_value < alpha ? 1 : 0;
        effects.push_back(a.effect);
        s.mean_control_rate += a.control_rate;
        s.mean_se += a.se;
        df_sum += std::isinf(a.df) ? 0 : a.df;
    }
    const double t = s.trials;
    s.power /= t;
    s.power_mc_se = std::sqrt(s.power * (1 - s.power) / t);
    s.mean_control_rate /= t;
    s.mean_se /= t;
    for (const double e : effects) s.mean_effect += e / t;
    for (const double e : effects) s.sd_effect += (e - s.mean_effect) * (e - s.mean_effect);
    s.sd_effect = std::sqrt(s.sd_effect / (t - 1));
    s.effect_p2_5 = percentile(effects, 0.025);
    s.effect_p97_5 = percentile(effects, 0.975);
    const double df = std::isinf(analyses.front().df) ? std::numeric_limits<double>::infinity() : df_sum / t;
    s.mde80 = (quantile(1 - alpha / 2, df) + quantile(0.8, df)) * s.sd_effect;
    return s;
}

double analytical_power(double p0, double p1, double n, double alpha, double design_effect, double df) {
    const double effective = n / design_effect;
    const double pooled = (p0 + p1) / 2;
    const double se_null = std::sqrt(2 * pooled * (1 - pooled) / effective);
    const double se_alternative = std::sqrt((p0 * (1 - p0) + p1 * (1 - p1)) / effective);
    const double critical = quantile(1 - alpha / 2, df);
    return normal_cdf((std::abs(p1 - p0) - critical * se_null) / se_alternative);
}

}  // namespace vrusim::trial
