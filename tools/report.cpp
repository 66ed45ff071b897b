#include "report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/summary.hpp"

namespace vrusim::cli {

std::string number(double x) {
    if (!std::isfinite(x)) return "-";
    if (x == 0) return "0";
    const double a = std::abs(x);
    if (a >= 1000) return fmt::format("{:.0f}", x);
    if (a >= 10) return fmt::format("{:.1f}", x);
    if (a >= 0.1) return fmt::format("{:.2f}", x);
    return fmt::format("{:.4f}", x);
}

namespace {

// Measures and targets are counts, rates or shares, never negative, so the t interval's lower end
// is shown truncated at 0 (with few replicates it can fall below), and a share's upper end at 1.
std::string interval(const CellSummary& s, double ceiling = HUGE_VAL) {
    return std::isfinite(s.ci95_low)
               ? fmt::format("[{}, {}]", number(std::max(0.0, s.ci95_low)), number(std::min(ceiling, s.ci95_high)))
               : "-";
}

// A target's largest possible value: 1 for a share, none otherwise.
double ceiling_of(const CalibrationTarget& t) { return std::string_view(t.unit) == "share" ? 1.0 : HUGE_VAL; }

// Verification runs: each stock at the last reported week and each flow summed over the weeks, as
// shares of the nodes (for SIR, recovered at the end is the final size).
void print_verification_table(const io::StoredResults& results) {
    const auto& meta = results.meta;
    const int replicates = static_cast<int>(results.replicates_done.size());
    const auto table = measure_info(MeasureSet::verification);
    fmt::print("\n{} (verification mode) — {} replicate{}, {} weeks, {} nodes\n",
               meta.scenario_name.empty() ? "scenario" : meta.scenario_name, replicates, replicates == 1 ? "" : "s",
               meta.weeks, meta.agents);
    fmt::print("Share of the nodes: stocks at the end of the last week, flows summed over the weeks; mean across "
               "replicates [95% confidence interval of the mean].\n\n");
    fmt::print("{:<20} {:>10} {:>24}\n", "measure", "mean", "95% CI");
    const auto cells = static_cast<std::size_t>(results.areas) * results.bands;
    const auto per_replicate_cells = static_cast<std::size_t>(results.weeks) * cells;
    for (std::size_t m = 0; m < table.size(); ++m) {
        const auto& values = results.values[m];
        if (values.empty()) continue;
        std::vector<double> shares;
        for (const int r : results.replicates_done) {
            const std::size_t first = static_cast<std::size_t>(r) * per_replicate_cells;
            const std::size_t from = table[m].kind == MeasureKind::stock ? first + per_replicate_cells - cells : first;
            double sum = 0;
            for (std::size_t i = from; i < first + per_replicate_cells; ++i) sum += values[i];
            shares.push_back(sum / meta.agents);
        }
        const CellSummary s = summarise(shares);
        // A stock is a share of the nodes (at most 1); summed new infections of SIS can pass 1.
        const double ceiling = table[m].kind == MeasureKind::stock ? 1.0 : HUGE_VAL;
        fmt::print("{:<20} {:>10} {:>24}\n", table[m].name, number(s.mean), interval(s, ceiling));
    }
}

}  // namespace

void print_summary_table(const io::StoredResults& results) {
    if (results.meta.measure_set == MeasureSet::verification) {
        print_verification_table(results);
        return;
    }
    const auto& meta = results.meta;
    const int replicates = static_cast<int>(results.replicates_done.size());
    fmt::print("\n{} — {} replicate{}, {} weeks from April {}, represented population aged 10-24: {:.0f}\n",
               meta.scenario_name.empty() ? "scenario" : meta.scenario_name, replicates, replicates == 1 ? "" : "s",
               meta.weeks, meta.start_year, meta.population_10_24);
    if (meta.weeks < 52) {
        fmt::print("(fewer than 52 reported weeks: no annual summary; the file holds the weekly values)\n");
        return;
    }
    fmt::print("Annual values for the represented population: mean across replicates [95% confidence interval of "
               "the mean]; flows are totals a year, stocks are people at a time (mean over weeks).\n\n");
    fmt::print("{:<46} {:>12} {:>24} {:>14}\n", "measure", "mean", "95% CI", "per 100k 10-24");
    for (int m = 0; m < measure_count; ++m) {
        const auto& info = measure_info()[m];
        const auto& values = results.values[m];
        if (values.empty()) continue;
        const AnnualValues annual = annual_values(values, static_cast<int>(results.values[m].size() /
                                                                           (static_cast<std::size_t>(results.weeks) *
                                                                            results.areas * results.bands)),
                                                  results.weeks, results.areas, info.kind);
        // Each replicate's mean over its complete years, then the spread across replicates.
        std::vector<double> per_replicate;
        for (int r = 0; r < annual.replicates; ++r) {
            double sum = 0;
            for (int y = 0; y < annual.years; ++y) sum += annual.values[static_cast<std::size_t>(r) * annual.years + y];
            if (std::isfinite(sum)) per_replicate.push_back(sum / annual.years);
        }
        const CellSummary s = summarise(per_replicate);
        fmt::print("{:<46} {:>12} {:>24} {:>14}\n", info.name, number(s.mean), interval(s),
                   number(s.mean / meta.population_10_24 * 1e5));
    }
}

int print_calibration_csv(std::span<const CalibrationResult> results) {
    int outside = 0;
    fmt::print("key,target,low,high,achieved,ci95_low,ci95_high,within\n");
    for (const auto& r : results) {
        outside += !r.within();
        // As in the table: no interval with one replicate, lower ends truncated at 0, shares' upper at 1.
        const auto& a = r.achieved;
        const std::string low = std::isfinite(a.ci95_low) ? fmt::format("{}", std::max(0.0, a.ci95_low)) : "";
        const std::string high =
            std::isfinite(a.ci95_high) ? fmt::format("{}", std::min(ceiling_of(*r.target), a.ci95_high)) : "";
        // An empty field when there was nothing to measure.
        const std::string achieved = std::isfinite(a.mean) ? fmt::format("{}", a.mean) : "";
        fmt::print("{},{},{},{},{},{},{},{}\n", r.target->key, r.target->target, r.target->low, r.target->high, achieved,
                   low, high, r.within() ? 1 : 0);
    }
    return outside;
}

int print_calibration_table(std::span<const CalibrationResult> results) {
    int outside = 0;
    fmt::print("\n{:<36} {:>10} {:>17} {:>10} {:>22}  {}\n", "target", "published", "tolerance", "achieved",
               "95% CI", "");
    for (const auto& r : results) {
        const auto& t = *r.target;
        const bool ok = r.within();
        outside += !ok;
        fmt::print("{:<36} {:>10} {:>17} {:>10} {:>22}  {}\n", t.key, number(t.target),
                   fmt::format("[{}, {}]", number(t.low), number(t.high)), number(r.achieved.mean),
                   interval(r.achieved, ceiling_of(t)),
                   ok ? "ok" : std::isfinite(r.achieved.mean) ? "OUTSIDE" : "OUTSIDE (nothing to measure: no one in the denominator)");
    }
    fmt::print("\nUnits and sources:\n");
    for (const auto& r : results) fmt::print("  {}: {} ({}). Source: {}\n", r.target->key, r.target->description,
                                             r.target->unit, r.target->source);
    return outside;
}

}  // namespace vrusim::cli
