#pragma once
/// The explorer's plot axes, without a window (tested in tests/gui/): an axis covering a range with
/// ticks at 1, 2 or 5 x 10^k, and the tick labels a board reads.
#include <string>
#include <vector>

namespace vrusim::gui {

struct Axis {
    double low = 0;             ///< first tick, at or below the data
    double high = 1;            ///< last tick, at or above the data
    double step = 1;            ///< distance between ticks: 1, 2 or 5 x 10^k
    std::vector<double> ticks;  ///< low, low + step, ..., high
};

/// An axis covering [lo, hi] with about `target` intervals between ticks (Heckbert's "nice
/// numbers", Graphics Gems 1990). With `from_zero` a range of positive values starts at 0 (counts
/// are read against zero); an empty or one-point range is widened around its value.
Axis nice_axis(double lo, double hi, int target = 5, bool from_zero = true);

/// A tick's label: thousands separated by commas, as many decimals as the step needs and no more
/// ("12,500", "0.25", "-3").
std::string tick_label(double value, double step);

/// A sample's share of the population as a percentage a reader takes in at once: two significant
/// figures below 10% ("0.72%"), whole numbers above ("25%"), and "100%" for the whole population
/// (never "1e+02%").
std::string percent_text(double share);

}  // namespace vrusim::gui
