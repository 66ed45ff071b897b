#include "stationarity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace vrusim {

AnnualValues annual_values(std::span<const ReplicateResult> replicates, Measure measure) {
    if (replicates.empty()) return {};
    const auto& first = replicates.front().measures;
    std::vector<double> values;
    for (const auto& r : replicates) {
        for (const auto c : r.measures.measure(measure)) values.push_back(static_cast<double>(c) * info(measure).per_count);
    }
    return annual_values(values, static_cast<int>(replicates.size()), first.weeks(), first.areas(), info(measure).kind);
}

bool DriftReport::stationary() const {
    return std::all_of(years.begin(), years.end(), [](const YearDrift& y) { return y.within; });
}

bool DriftReport::trend_significant() const { return trend_ci_low > 0 || trend_ci_high < 0; }

DriftReport check_drift(const AnnualValues& annual, const DriftCriteria& criteria) {
    DriftReport report;
    const int years = annual.years, replicates = annual.replicates;
    if (years == 0 || replicates == 0) return report;
    const int from = years >= criteria.settled_from ? criteria.settled_from - 1 : 0;
    const int to = std::min(years, criteria.settled_to);
    auto value = [&](int r, int y) { return annual.values[static_cast<std::size_t>(r) * years + y]; };

    std::vector<double> settled(replicates), slope(replicates);
    std::vector<std::vector<double>> relative(years, std::vector<double>(replicates));
    const double mean_year = (years - 1) / 2.0;
    double sxx = 0;
    for (int y = 0; y < years; ++y) sxx += (y - mean_year) * (y - mean_year);
    for (int r = 0; r < replicates; ++r) {
        double sum = 0;
        for (int y = from; y < to; ++y) sum += value(r, y);
        settled[r] = sum / (to - from);
        double sxy = 0;
        for (int y = 0; y < years; ++y) {
            relative[y][r] = settled[r] != 0 ? value(r, y) / settled[r] - 1 : 0;
            sxy += (y - mean_year) * value(r, y);
        }
        slope[r] = sxx > 0 && settled[r] != 0 ? sxy / sxx / settled[r] : 0;
    }
    report.settled = summarise(settled).mean;
    // Four replicates estimate the spread badly in any one year, so the years' variances are
    // pooled, but in two groups: a year inside the settled window is part of the level it is
    // compared with and varies less about it (for independent years, 5/6 of a year's variance
    // against 7/6 outside, and more outside once years are correlated through the same people).
    auto settled_year = [&](int y) { return y >= from && y < to; };
    std::vector<CellSummary> by_year;
    double pooled_variance[2] = {0, 0};
    int group_years[2] = {0, 0};
    for (int y = 0; y < years; ++y) {
        by_year.push_back(summarise(relative[y]));
        const int g = settled_year(y);
        if (replicates > 1) pooled_variance[g] += by_year.back().sd * by_year.back().sd;
        ++group_years[g];
    }
    for (int y = 0; y < years; ++y) {
        const int g = settled_year(y);
        YearDrift d;
        d.relative = by_year[y].mean;
        d.se = replicates > 1 ? std::sqrt(pooled_variance[g] / group_years[g] / replicates) : 0;
        d.within = std::abs(d.relative) <= criteria.tolerance + criteria.standard_errors * d.se;
        report.years.push_back(d);
    }
    const CellSummary t = summarise(slope);
    report.trend = t.mean;
    report.trend_ci_low = replicates > 1 ? t.ci95_low : std::numeric_limits<double>::quiet_NaN();
    report.trend_ci_high = replicates > 1 ? t.ci95_high : std::numeric_limits<double>::quiet_NaN();
    return report;
}

double subset_count(int n, int k) {
    if (k < 0 || k > n) return 0;
    double sets = 1;
    for (int i = 0; i < k; ++i) sets = sets * (n - i) / (i + 1);
    return std::round(sets);
}

SubsetFailures failures_in_subsets(const AnnualValues& annual, int k, const DriftCriteria& criteria,
                                   std::size_t max_sets, bool record_sets) {
    SubsetFailures out;
    const int n = annual.replicates;
    if (k < 2 || k > n || subset_count(n, k) > static_cast<double>(max_sets)) return out;
    std::vector<int> chosen(static_cast<std::size_t>(k));
    std::iota(chosen.begin(), chosen.end(), 0);
    AnnualValues subset{k, annual.years, std::vector<double>(static_cast<std::size_t>(k) * annual.years)};
    for (;;) {
        for (int i = 0; i < k; ++i)
            std::copy_n(annual.values.begin() + static_cast<std::ptrdiff_t>(chosen[i]) * annual.years, annual.years,
                        subset.values.begin() + static_cast<std::ptrdiff_t>(i) * annual.years);
        const DriftReport report = check_drift(subset, criteria);
        ++out.sets;
        const bool level = !report.stationary(), trend = report.trend_significant();
        out.level_failures += level;
        out.trend_failures += trend;
        if (record_sets) {
            out.level_failed.push_back(level);
            out.trend_failed.push_back(trend);
        }
        // The next set in lexicographic order: advance the last index that can move.
        int i = k - 1;
        while (i >= 0 && chosen[i] == n - k + i) --i;
        if (i < 0) break;
        ++chosen[i];
        for (int j = i + 1; j < k; ++j) chosen[j] = chosen[j - 1] + 1;
    }
    return out;
}

}  // namespace vrusim
