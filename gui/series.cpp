#include "series.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "io/results_metadata.hpp"
#include "sim/economics/run_years.hpp"
#include "sim/population.hpp"
#include "sim/summary.hpp"

namespace vrusim::gui {

namespace {

bool is_flow(Measure m) { return info(m).kind == MeasureKind::flow; }

YearPoint point_of(const std::vector<double>& values) {
    const auto s = summarise(values);
    YearPoint p{s.mean, s.ci95_low, s.ci95_high};
    if (!std::isfinite(p.low) || !std::isfinite(p.high)) p.low = p.high = p.mean;
    p.low = std::max(0.0, p.low);  // counts are never negative: the band stops at 0
    return p;
}

// One replicate's week of the measure for the people selected, as represented people.
double week_value(const FinishedRun& run, const ReplicateResult& r, Measure m, int week, Selection s) {
    const auto& cube = r.measures;
    double count = 0;
    for (int a = 0; a < cube.areas(); ++a) {
        if (s.area >= 0 && a != s.area) continue;
        for (int b = 0; b < age_band_count; ++b)
            if (s.band < 0 || b == s.band) count += static_cast<double>(cube.at(m, week, a, b));
    }
    return count * info(m).per_count / run.scenario.parameters.population.scale;
}

}  // namespace

FinishedRun finished_run(io::LoadedScenario scenario, std::vector<ReplicateResult> replicates, const std::string& label) {
    std::ranges::sort(replicates, {}, [](const ReplicateResult& r) { return r.plan.replicate; });
    FinishedRun run;
    run.years = run_years_of(scenario.parameters, replicates, label);
    run.stored.meta = io::results_metadata(scenario);
    run.stored.status = "complete";
    run.stored.programme = io::programme_record(run.stored.meta, replicates);
    run.scenario = std::move(scenario);
    run.replicates = std::move(replicates);
    return run;
}

std::vector<YearPoint> by_year(const RunYears& run, Measure m) {
    std::vector<YearPoint> points;
    for (int y = 0; y < run.years; ++y) {
        const double to_year = is_flow(m) ? 52.0 / run.weeks_in_year[static_cast<std::size_t>(y)] : 1.0;
        std::vector<double> values;
        for (int r = 0; r < run.replicates; ++r) values.push_back(run.at(m, r, y) * to_year);
        points.push_back(point_of(values));
    }
    return points;
}

std::vector<YearPoint> by_year(const FinishedRun& run, Measure m, Selection s) {
    const int weeks = run.scenario.parameters.run.weeks;
    const int years = (weeks + weeks_per_year - 1) / weeks_per_year;
    std::vector<YearPoint> points;
    for (int y = 0; y < years; ++y) {
        const int first = y * weeks_per_year, last = std::min(weeks, first + weeks_per_year);
        std::vector<double> values;
        for (const auto& r : run.replicates) {
            double total = 0;
            for (int w = first; w < last; ++w) total += week_value(run, r, m, w, s);
            values.push_back(total * (is_flow(m) ? 52.0 : 1.0) / (last - first));
        }
        points.push_back(point_of(values));
    }
    return points;
}

std::vector<YearPoint> by_week(const FinishedRun& run, Measure m, Selection s) {
    std::vector<YearPoint> points;
    for (int w = 0; w < run.scenario.parameters.run.weeks; ++w) {
        std::vector<double> values;
        for (const auto& r : run.replicates) values.push_back(week_value(run, r, m, w, s));
        points.push_back(point_of(values));
    }
    return points;
}

std::vector<Interval> difference_by_area(const FinishedRun& base, const FinishedRun& run, Measure m, int band) {
    const int weeks = run.scenario.parameters.run.weeks;
    const auto areas = static_cast<int>(run.scenario.parameters.population.areas.size());
    if (base.replicates.size() != run.replicates.size() || base.scenario.parameters.run.weeks != weeks ||
        base.scenario.parameters.population.areas.size() != run.scenario.parameters.population.areas.size())
        throw std::invalid_argument("difference_by_area: the runs are not paired");
    std::vector<Interval> out;
    for (int a = 0; a < areas; ++a) {
        const Selection s{a, band};
        std::vector<double> differences;
        for (std::size_t r = 0; r < run.replicates.size(); ++r) {
            double d = 0;
            for (int w = 0; w < weeks; ++w)
                d += week_value(run, run.replicates[r], m, w, s) - week_value(base, base.replicates[r], m, w, s);
            differences.push_back(d * (is_flow(m) ? 52.0 : 1.0) / weeks);
        }
        out.push_back(mean_interval(differences));
    }
    return out;
}

}  // namespace vrusim::gui
