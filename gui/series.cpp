#include "series.hpp"

#include <algorithm>
#include <cmath>

#include "sim/summary.hpp"

namespace vrusim::gui {

std::vector<YearPoint> by_year(const RunYears& run, Measure m) {
    const bool flow = measure_info(MeasureSet::model)[static_cast<std::size_t>(m)].kind == MeasureKind::flow;
    std::vector<YearPoint> points;
    for (int y = 0; y < run.years; ++y) {
        const double to_year = flow ? 52.0 / run.weeks_in_year[static_cast<std::size_t>(y)] : 1.0;
        std::vector<double> values;
        for (int r = 0; r < run.replicates; ++r) values.push_back(run.at(m, r, y) * to_year);
        const auto s = summarise(values);
        YearPoint p{s.mean, s.ci95_low, s.ci95_high};
        if (!std::isfinite(p.low) || !std::isfinite(p.high)) p.low = p.high = p.mean;
        p.low = std::max(0.0, p.low);  // counts are never negative: the band stops at 0
        points.push_back(p);
    }
    return points;
}

}  // namespace vrusim::gui
