// Sensitivity analysis (sim/sensitivity/): the Sobol estimators reproduce the Ishigami function's
// analytical indices and a linear function's exact shares; Morris's elementary effects are exact
// for a linear function and rank the Sobol g-function's factors in their known order.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "sim/sensitivity/morris.hpp"
#include "sim/sensitivity/sobol.hpp"

using namespace vrusim::sensitivity;

namespace {

template <class F>
std::vector<double> evaluate(const Points& p, F&& f) {
    std::vector<double> out;
    for (std::size_t r = 0; r < p.rows(); ++r) out.push_back(f(p.row(r)));
    return out;
}

double ishigami(const double* x) {
    return std::sin(x[0]) + 7 * std::sin(x[1]) * std::sin(x[1]) + 0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}

// Sobol's g-function: factor i matters less as a_i grows.
double g_function(const double* x, const std::vector<double>& a) {
    double g = 1;
    for (std::size_t i = 0; i < a.size(); ++i) g *= (std::abs(4 * x[i] - 2) + a[i]) / (1 + a[i]);
    return g;
}

}  // namespace

TEST_CASE("sobol: the Ishigami function's first-order and total indices within 0.03 of their analytical values") {
    const double pi = std::numbers::pi;
    const std::vector<Factor> factors = {{"x1", -pi, pi}, {"x2", -pi, pi}, {"x3", -pi, pi}};
    const Points p = saltelli_points(factors, 20000, 42);
    REQUIRE(p.rows() == 20000u * 5);
    const auto s = sobol_indices(3, evaluate(p, ishigami), 100, 7);
    // Analytical values for a = 7, b = 0.1 (Ishigami and Homma 1990; Saltelli et al. 2008, 4.5).
    const double first[] = {0.314, 0.442, 0.0}, total[] = {0.558, 0.442, 0.244};
    for (std::size_t i = 0; i < 3; ++i) {
        INFO("x" << i + 1 << ": S " << s[i].first.value << " [" << s[i].first.low << ", " << s[i].first.high << "], ST "
                 << s[i].total.value << " [" << s[i].total.low << ", " << s[i].total.high << "]");
        CHECK(std::abs(s[i].first.value - first[i]) < 0.03);
        CHECK(std::abs(s[i].total.value - total[i]) < 0.03);
        CHECK(s[i].first.low <= s[i].first.value);
        CHECK(s[i].first.value <= s[i].first.high);
        CHECK(s[i].total.low <= s[i].total.value);
        CHECK(s[i].total.value <= s[i].total.high);
        CHECK(s[i].total.high - s[i].total.low < 0.1);
    }
}

TEST_CASE("sobol: a linear function's indices are its terms' shares of the variance, first equal to total") {
    // f = x1 + 2 x2 + 3 x3 on [0, 1]: each term's variance c^2 / 12, shares 1/14, 4/14, 9/14.
    const std::vector<Factor> factors = {{"a", 0, 1}, {"b", 0, 1}, {"c", 0, 1}};
    const Points p = saltelli_points(factors, 20000, 3);
    const auto s = sobol_indices(3, evaluate(p, [](const double* x) { return x[0] + 2 * x[1] + 3 * x[2]; }), 0);
    const double share[] = {1.0 / 14, 4.0 / 14, 9.0 / 14};
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(s[i].first.value == Approx(share[i]).margin(0.02));
        CHECK(s[i].total.value == Approx(share[i]).margin(0.02));
        CHECK(s[i].first.low == s[i].first.value);  // no bootstrap: no interval
    }
}

TEST_CASE("sobol: outputs that do not match the design, or do not vary, are refused") {
    CHECK_THROWS_AS(sobol_indices(3, std::vector<double>(11, 1.0)), std::invalid_argument);
    CHECK_THROWS_AS(sobol_indices(2, std::vector<double>(40, 1.0)), std::invalid_argument);
    CHECK_THROWS_AS(saltelli_points(std::vector<Factor>{}, 10, 1), std::invalid_argument);
}

TEST_CASE("morris: a linear function's elementary effects are its slopes times the ranges, with no spread") {
    const std::vector<Factor> factors = {{"a", 0, 1}, {"b", 10, 20}, {"c", -1, 1}};
    const Points p = morris_points(factors, 10, 4, 5);
    REQUIRE(p.rows() == 10u * 4);
    const auto e = morris_effects(factors, p, evaluate(p, [](const double* x) { return 2 * x[0] - 0.5 * x[1] + x[2]; }));
    CHECK(e[0].mu == Approx(2.0));
    CHECK(e[1].mu == Approx(-5.0));  // -0.5 a unit over a range of 10
    CHECK(e[1].mu_star == Approx(5.0));
    CHECK(e[2].mu == Approx(2.0));
    for (const auto& f : e) CHECK(f.sigma == Approx(0.0).margin(1e-9));
    // Every point inside the factors' ranges.
    for (std::size_t r = 0; r < p.rows(); ++r)
        for (std::size_t i = 0; i < 3; ++i) {
            CHECK(p.row(r)[i] >= factors[i].low);
            CHECK(p.row(r)[i] <= factors[i].high);
        }
}

TEST_CASE("morris: mu* ranks the Sobol g-function's factors in their known order") {
    const std::vector<double> a = {0, 1, 4.5, 9, 99, 99};
    std::vector<Factor> factors;
    for (std::size_t i = 0; i < a.size(); ++i) factors.push_back({"x" + std::to_string(i + 1), 0, 1});
    const Points p = morris_points(factors, 50, 4, 11);
    const auto e = morris_effects(factors, p, evaluate(p, [&](const double* x) { return g_function(x, a); }));
    for (std::size_t i = 0; i + 1 < 4; ++i) {
        INFO("x" << i + 1 << " mu* " << e[i].mu_star << ", x" << i + 2 << " mu* " << e[i + 1].mu_star);
        CHECK(e[i].mu_star > e[i + 1].mu_star);
    }
    CHECK(e[3].mu_star > std::max(e[4].mu_star, e[5].mu_star));
    CHECK(e[0].sigma > 0);  // the g-function's factors interact
}

TEST_CASE("morris: odd levels, too few trajectories or outputs that do not match are refused") {
    const std::vector<Factor> factors = {{"a", 0, 1}};
    CHECK_THROWS_AS(morris_points(factors, 10, 3, 1), std::invalid_argument);
    CHECK_THROWS_AS(morris_points(factors, 1, 4, 1), std::invalid_argument);
    const Points p = morris_points(factors, 4, 4, 1);
    CHECK_THROWS_AS(morris_effects(factors, p, std::vector<double>(3, 0.0)), std::invalid_argument);
}
