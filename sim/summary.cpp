#include "summary.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "population.hpp"

namespace vrusim {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Continued fraction of the regularised incomplete beta function, by the modified Lentz method;
// converges quickly for x < (a + 1) / (a + b + 2), and the caller uses the symmetry otherwise.
double beta_continued_fraction(double a, double b, double x) {
    constexpr double tiny = 1e-300;
    constexpr double eps = 1e-15;
    auto guard = [](double v) { return std::abs(v) < tiny ? tiny : v; };
    double c = 1.0;
    double d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
    double h = d;
    for (int m = 1; m <= 1000; ++m) {
        const double two_m = 2.0 * m;
        const double even = m * (b - m) * x / ((a + two_m - 1.0) * (a + two_m));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        h *= d * c;
        const double odd = -(a + m) * (a + b + m) * x / ((a + two_m) * (a + two_m + 1.0));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        const double step = d * c;
        h *= step;
        if (std::abs(step - 1.0) < eps) break;
    }
    return h;
}

double incomplete_beta(double a, double b, double x) {
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    const double log_front =
        std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    if (x < (a + 1.0) / (a + b + 2.0)) return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
    return 1.0 - std::exp(log_front) * beta_continued_fraction(b, a, 1.0 - x) / b;
}

// P(T <= t) for t >= 0.
double student_t_cdf_upper_half(double t, double df) {
    return 1.0 - 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t));
}

// Type 7 (numpy's default): linear interpolation between the order statistics around (n - 1) p.
double sorted_percentile(std::span<const double> sorted, double p) {
    const double h = static_cast<double>(sorted.size() - 1) * std::clamp(p, 0.0, 1.0);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

CellSummary summarise_with_t(std::span<const double> values, double t_975, std::vector<double>& sorted) {
    CellSummary s;
    s.n = static_cast<int>(values.size());
    if (s.n == 0) return {0, nan, nan, nan, nan, nan, nan};
    double sum = 0;
    for (double v : values) sum += v;
    s.mean = sum / s.n;
    if (s.n > 1) {
        double squares = 0;
        for (double v : values) squares += (v - s.mean) * (v - s.mean);
        s.sd = std::sqrt(squares / (s.n - 1));
        const double half_width = t_975 * s.sd / std::sqrt(static_cast<double>(s.n));
        s.ci95_low = s.mean - half_width;
        s.ci95_high = s.mean + half_width;
    } else {
        s.sd = s.ci95_low = s.ci95_high = nan;
    }
    sorted.assign(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    s.p2_5 = sorted_percentile(sorted, 0.025);
    s.p97_5 = sorted_percentile(sorted, 0.975);
    return s;
}

// Summaries are taken many times with the same few replicate counts (the drift check over every
// set of k replicates calls this years + 1 times a set), so the quantile is kept per count.
double t_975_for(std::size_t n) {
    if (n < 2) return nan;
    constexpr std::size_t cached = 1024;
    if (n >= cached) return student_t_quantile(0.975, static_cast<double>(n - 1));
    thread_local std::array<double, cached> by_n{};  // 0 = not computed yet (a quantile is never 0)
    double& t = by_n[n];
    if (t == 0) t = student_t_quantile(0.975, static_cast<double>(n - 1));
    return t;
}
}  // namespace

double student_t_quantile(double p, double df) {
    if (!(p > 0.0 && p < 1.0) || !(df > 0.0)) return nan;
    if (p < 0.5) return -student_t_quantile(1.0 - p, df);
    if (p == 0.5) return 0.0;
    double lo = 0.0;
    double hi = 1.0;
    while (student_t_cdf_upper_half(hi, df) < p && hi < 1e300) hi *= 2.0;
    // Bisection: the CDF is monotone and cheap enough, and callers cache the result per df.
    for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (student_t_cdf_upper_half(mid, df) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

double student_t_cdf(double t, double df) {
    if (std::isnan(t) || !(df > 0.0)) return nan;
    return t >= 0 ? student_t_cdf_upper_half(t, df) : 1.0 - student_t_cdf_upper_half(-t, df);
}

double percentile(std::span<const double> values, double p) {
    if (values.empty()) return nan;
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    return sorted_percentile(sorted, p);
}

CellSummary summarise(std::span<const double> values) {
    std::vector<double> sorted;
    return summarise_with_t(values, t_975_for(values.size()), sorted);
}

SummaryCells summarise_cells(std::span<const double> values, int replicates) {
    if (replicates <= 0 || values.size() % static_cast<std::size_t>(replicates) != 0)
        throw std::invalid_argument("summarise_cells: values are not [replicate][cell]");
    const std::size_t reps = static_cast<std::size_t>(replicates);
    const std::size_t cells = values.size() / reps;
    SummaryCells out;
    out.n = replicates;
    for (auto* v : {&out.mean, &out.sd, &out.ci95_low, &out.ci95_high, &out.p2_5, &out.p97_5}) v->resize(cells);
    const double t_975 = t_975_for(reps);
    std::vector<double> column(reps);
    std::vector<double> sorted;
    for (std::size_t c = 0; c < cells; ++c) {
        for (std::size_t r = 0; r < reps; ++r) column[r] = values[r * cells + c];
        const CellSummary s = summarise_with_t(column, t_975, sorted);
        out.mean[c] = s.mean;
        out.sd[c] = s.sd;
        out.ci95_low[c] = s.ci95_low;
        out.ci95_high[c] = s.ci95_high;
        out.p2_5[c] = s.p2_5;
        out.p97_5[c] = s.p97_5;
    }
    return out;
}

AnnualValues annual_values(std::span<const double> values, int replicates, int weeks, int areas,
                           MeasureKind kind) {
    const std::size_t per_week = static_cast<std::size_t>(areas) * age_band_count;
    const std::size_t per_replicate = static_cast<std::size_t>(weeks) * per_week;
    if (replicates < 0 || weeks < 0 || areas < 0 || values.size() != replicates * per_replicate)
        throw std::invalid_argument("annual_values: values are not [replicate][week][area][band]");
    AnnualValues out;
    out.replicates = replicates;
    out.years = weeks / weeks_per_year;
    out.values.assign(static_cast<std::size_t>(replicates) * out.years, 0.0);
    for (int r = 0; r < replicates; ++r) {
        for (int y = 0; y < out.years; ++y) {
            const auto first = values.begin() + r * per_replicate + y * weeks_per_year * per_week;
            double total = 0;
            for (auto it = first; it != first + weeks_per_year * per_week; ++it) total += *it;
            // A stock is a head count at each week's end: its year is the mean week, not the sum.
            out.values[r * out.years + y] = kind == MeasureKind::stock ? total / weeks_per_year : total;
        }
    }
    return out;
}

}  // namespace vrusim
