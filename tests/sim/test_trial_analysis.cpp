// In-silico trials' statistics (sim/trial/analysis.hpp): with outcomes drawn from a known
// Bernoulli rate, the simulated power agrees with the analytical two-proportion power (with the
// design effect when clusters are randomised) within its Monte-Carlo error, the null is rejected
// at its nominal rate, the configured effect is recovered within its interval, and the minimum
// detectable effect is the known one. Tolerances: 3.29 Monte-Carlo standard errors (a 1-in-1000
// chance of a false failure), from the fixed seeds below.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim/rng.hpp"
#include "sim/trial/analysis.hpp"

using namespace vrusim;
using namespace vrusim::trial;

namespace {

constexpr double z_999 = 3.29;  // two-sided 99.9%

// A trial of `clusters_per_arm` clusters of `size` people in each arm (size 1 and no clusters:
// people randomised). Each cluster's rate is its arm's rate plus or minus d, d = sqrt(icc p (1 - p)),
// so the outcome's intra-cluster correlation is exactly icc.
TrialData bernoulli_trial(int trial, double p_control, double p_treated, int clusters_per_arm, int size, double icc) {
    TrialData d;
    const bool clustered = size > 1;
    for (int arm = 0; arm < 2; ++arm) {
        const double p = arm ? p_treated : p_control;
        const double spread = std::sqrt(icc * p * (1 - p));
        for (int c = 0; c < clusters_per_arm; ++c) {
            const auto unit = static_cast<std::uint32_t>(arm * clusters_per_arm + c);
            rng::Stream r(20261207, static_cast<std::uint32_t>(trial), unit, 0, rng::Purpose::trial);
            const double rate = p + (r.uniform() < 0.5 ? -spread : spread);
            for (int i = 0; i < size; ++i) {
                d.outcome.push_back(r.uniform() < rate ? 1 : 0);
                d.arm.push_back(static_cast<std::uint8_t>(arm));
                if (clustered) d.cluster.push_back(unit);
            }
        }
    }
    return d;
}

PowerSummary simulate(int trials, double p0, double p1, int clusters_per_arm, int size, double icc) {
    std::vector<Analysis> analyses;
    for (int t = 0; t < trials; ++t) analyses.push_back(analyse(bernoulli_trial(t, p0, p1, clusters_per_arm, size, icc)));
    return summarise_power(analyses);
}

double mc_tolerance(double power, int trials) { return z_999 * std::sqrt(power * (1 - power) / trials); }

}  // namespace

TEST_CASE("trial: a small worked analysis gives the textbook two-proportion test") {
    // 30 of 100 against 18 of 100: pooled 0.24, z = -0.12 / sqrt(0.24 * 0.76 * 0.02) = -1.987, p = 0.0469.
    TrialData d;
    for (int i = 0; i < 100; ++i) d.outcome.push_back(i < 30), d.arm.push_back(0);
    for (int i = 0; i < 100; ++i) d.outcome.push_back(i < 18), d.arm.push_back(1);
    const Analysis a = analyse(d);
    CHECK(a.effect == Approx(-0.12));
    CHECK(a.statistic == Approx(-1.9868).epsilon(1e-4));
    CHECK(a.p_value == Approx(0.04694).epsilon(1e-3));
    CHECK(a.se == Approx(std::sqrt(0.3 * 0.7 / 100 + 0.18 * 0.82 / 100)));
    CHECK(normal_quantile(0.975) == Approx(1.959964).epsilon(1e-6));
}

TEST_CASE("trial: randomising people, the simulated power is the analytical two-proportion power") {
    const int trials = 2000;
    // 20% offend in a year without the intervention, 14% with it; 400 a arm.
    const PowerSummary s = simulate(trials, 0.20, 0.14, 400, 1, 0);
    const double expected = analytical_power(0.20, 0.14, 400);
    INFO("simulated " << s.power << ", analytical " << expected);
    CHECK(expected == Approx(0.618).margin(0.001));  // Fleiss: (0.06 - 1.96 x 0.02656) / 0.02648 = 0.300
    CHECK(std::abs(s.power - expected) < mc_tolerance(expected, trials));
    // The configured effect is recovered: its mean within 3.29 standard errors of the mean.
    CHECK(std::abs(s.mean_effect - (-0.06)) < z_999 * s.sd_effect / std::sqrt(trials));
    // The estimated effect's spread is the known one, sqrt((p0 q0 + p1 q1) / n); the analyses' own
    // standard errors estimate it; the 80%-power MDE is (1.96 + 0.84) times it.
    const double truth = std::sqrt((0.2 * 0.8 + 0.14 * 0.86) / 400);
    const double sd_tolerance = z_999 * truth / std::sqrt(2.0 * (trials - 1));
    CHECK(std::abs(s.sd_effect - truth) < sd_tolerance);
    CHECK(std::abs(s.mean_se - truth) < sd_tolerance);
    CHECK(std::abs(s.mde80 - 2.8016 * truth) < 2.8016 * sd_tolerance);
}

TEST_CASE("trial: with no effect, the test rejects at its nominal 5%") {
    const int trials = 4000;
    const PowerSummary people = simulate(trials, 0.2, 0.2, 300, 1, 0);
    CHECK(std::abs(people.power - 0.05) < mc_tolerance(0.05, trials));
    const PowerSummary schools = simulate(trials, 0.2, 0.2, 12, 30, 0.05);
    CHECK(std::abs(schools.power - 0.05) < mc_tolerance(0.05, trials));
}

TEST_CASE("trial: randomising clusters, the power is the two-proportion power with the design effect") {
    const int trials = 2000;
    // 25 schools a arm, 40 pupils each, ICC 0.03: design effect 1 + 39 x 0.03 = 2.17.
    const double icc = 0.03, design_effect = 1 + 39 * icc;
    const PowerSummary s = simulate(trials, 0.20, 0.13, 25, 40, icc);
    const double expected = analytical_power(0.20, 0.13, 25 * 40, 0.05, design_effect, 48);
    INFO("simulated " << s.power << ", analytical " << expected);
    CHECK(expected > 0.5);
    CHECK(expected < 0.95);
    CHECK(std::abs(s.power - expected) < mc_tolerance(expected, trials));
    // Ignoring the clustering would promise far more power than the design has.
    CHECK(analytical_power(0.20, 0.13, 25 * 40) - s.power > 10 * s.power_mc_se);
    CHECK(std::abs(s.mean_effect - (-0.07)) < z_999 * s.sd_effect / std::sqrt(trials));
}

TEST_CASE("trial: an analysis refuses data it cannot analyse") {
    TrialData d;
    d.outcome = {1, 0, 1};
    d.arm = {1, 1, 1};
    CHECK_THROWS_WITH(analyse(d), Catch::Contains("an arm has no participants"));
    d.arm = {0, 1, 1};
    d.cluster = {1, 2, 2};
    CHECK_THROWS_WITH(analyse(d), Catch::Contains("at least 2 clusters"));
    d.cluster = {1, 1, 2};
    CHECK_THROWS_WITH(analyse(d), Catch::Contains("both arms"));
    d.cluster = {1, 2};
    CHECK_THROWS_WITH(analyse(d), Catch::Contains("differ in length"));
}
