#include "stationarity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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
    // The spread across replicates is about the same every year, and a handful of replicates
    // estimate it badly in any one year, so the years' variances are pooled.
    double pooled_variance = 0;
    std::vector<CellSummary> by_year;
    for (int y = 0; y < years; ++y) {
        by_year.push_back(summarise(relative[y]));
        if (replicates > 1) pooled_variance += by_year.back().sd * by_year.back().sd / years;
    }
    const double se = replicates > 1 ? std::sqrt(pooled_variance / replicates) : 0;
    for (int y = 0; y < years; ++y) {
        YearDrift d;
        d.relative = by_year[y].mean;
        d.se = se;
        d.within = std::abs(d.relative) <= criteria.tolerance + criteria.standard_errors * d.se;
        report.years.push_back(d);
    }
    const CellSummary t = summarise(slope);
    report.trend = t.mean;
    report.trend_ci_low = replicates > 1 ? t.ci95_low : std::numeric_limits<double>::quiet_NaN();
    report.trend_ci_high = replicates > 1 ? t.ci95_high : std::numeric_limits<double>::quiet_NaN();
    return report;
}

}  // namespace vrusim
