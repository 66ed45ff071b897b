#pragma once
/// A horizontal bar chart (one row per item, one bar per series, optional whiskers and markers),
/// drawn on a Canvas: the sensitivity table's ranking as a picture.
#include <string>
#include <vector>

#include "canvas.hpp"
#include "ticks.hpp"

namespace vrusim::io::chart {

struct BarSeries {
    std::string name;
    Colour colour;
    std::vector<double> value;      ///< one per row
    std::vector<double> low, high;  ///< a whisker per row (empty, or NaN for none)
};

/// A short vertical tick per row (e.g. the noise floor), NaN for none.
struct RowMarker {
    std::string name;
    Colour colour;
    std::vector<double> value;
};

struct BarChart {
    std::string title;
    std::string subtitle;
    std::string axis;               ///< the value axis' label, with its unit
    std::vector<std::string> rows;  ///< top to bottom
    std::vector<BarSeries> series;
    std::vector<RowMarker> markers;
};

/// The chart, `width` pixels wide and as tall as its rows need. Throws std::invalid_argument if a
/// series or marker does not have one value per row.
Canvas draw_bar_chart(const BarChart& chart, int width = 1400);

}  // namespace vrusim::io::chart
