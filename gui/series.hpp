#pragma once
/// What the explorer plots, without a window (tested in tests/gui/): a measure of one run by
/// financial year, the replicates' mean with its 95% interval.
#include <vector>

#include "sim/economics/comparison.hpp"

namespace vrusim::gui {

/// One financial year of a measure: the replicates' mean and its 95% interval (Student t, its low
/// end at 0 at the least, as counts are; low and high equal the mean with one replicate).
struct YearPoint {
    double mean = 0, low = 0, high = 0;
};

/// The measure by financial year (flows: the year's total, scaled to 52 weeks in a last part-year;
/// stocks: its weekly mean).
std::vector<YearPoint> by_year(const RunYears& run, Measure m);

}  // namespace vrusim::gui
