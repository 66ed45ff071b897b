#pragma once
/// In-silico trials (docs/research.md, "In-silico trials and power"): one simulated trial analysed
/// as the real trial would be, and the power of a design from many simulated trials, each a
/// replicate with its own randomisation. Pure statistics: the model supplies the outcomes
/// (sim/trial/ next), the tests a known Bernoulli rate.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace vrusim::trial {

/// One trial's participants: a binary outcome over the follow-up, the arm (1 = offered the
/// intervention, 0 = control) and the unit randomised (a school or neighbourhood for a cluster
/// trial; ignored when the trial randomises people).
struct TrialData {
    std::vector<std::uint8_t> outcome;
    std::vector<std::uint8_t> arm;
    std::vector<std::uint32_t> cluster;  ///< empty: people were randomised
};

/// A trial's analysis: the risk difference (treated minus control) and its test.
struct Analysis {
    double control_rate = 0, treated_rate = 0;
    double effect = 0;     ///< treated_rate - control_rate
    double se = 0;         ///< its standard error: unpooled (people) or cluster-robust CR1 (clusters)
    double statistic = 0;  ///< z (people: pooled-variance two-proportion test) or t (clusters: effect / se)
    double df = std::numeric_limits<double>::infinity();  ///< t's degrees of freedom: clusters - 2 (infinite for z)
    double p_value = 1;    ///< two-sided
    int n_control = 0, n_treated = 0;
    int clusters_control = 0, clusters_treated = 0;
};

/// Analyses one trial. People randomised: the two-proportion z-test with the pooled variance
/// (the chi-squared test without continuity correction). Clusters randomised: the difference of
/// the arms' proportions with a cluster-robust (CR1) standard error and a t test on clusters - 2
/// degrees of freedom, as a trial randomising schools analyses them. Throws
/// std::invalid_argument if an arm is empty (or has fewer than 2 clusters) or the columns differ
/// in length.
Analysis analyse(const TrialData& data);

/// What many simulated trials of one design say.
struct PowerSummary {
    int trials = 0;
    double alpha = 0.05;
    double power = 0;          ///< share of trials whose analysis finds the effect (p < alpha)
    double power_mc_se = 0;    ///< its Monte-Carlo standard error, sqrt(power (1 - power) / trials)
    double mean_effect = 0;    ///< the estimated effect's sampling distribution: mean, sd, 2.5% and 97.5% points
    double sd_effect = 0;
    double effect_p2_5 = 0, effect_p97_5 = 0;
    double mean_control_rate = 0;
    double mean_se = 0;        ///< the analyses' own standard errors, on average (sd_effect is the truth they estimate)
    double mde80 = 0;          ///< minimum detectable effect at 80% power: (q(1 - alpha/2) + q(0.8)) sd_effect
};

/// Summarises the analyses of one design's trials (at least 2).
PowerSummary summarise_power(std::span<const Analysis> analyses, double alpha = 0.05);

/// Standard normal distribution function and quantile.
double normal_cdf(double x);
double normal_quantile(double p);

/// Analytical power of the two-proportion test of p_control against p_treated with n_per_arm
/// people in each arm (Fleiss's formula: pooled variance under the null, unpooled under the
/// alternative), with the sample divided by a design effect for clusters (1 + (m - 1) ICC) and the
/// critical value from t on `df` degrees of freedom (infinite: the normal).
double analytical_power(double p_control, double p_treated, double n_per_arm, double alpha = 0.05,
                        double design_effect = 1, double df = std::numeric_limits<double>::infinity());

}  // namespace vrusim::trial
