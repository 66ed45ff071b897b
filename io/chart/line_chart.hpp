#pragma once
/// A line chart (series of points joined by lines, optional vertical error bars, horizontal
/// reference lines), drawn on a Canvas: an in-silico trial's power curve as a picture.
#include <string>
#include <vector>

#include "canvas.hpp"
#include "ticks.hpp"

namespace vrusim::io::chart {

struct LineSeries {
    std::string name;
    Colour colour;
    std::vector<double> x, y;       ///< points, in order of x
    std::vector<double> low, high;  ///< an error bar per point (empty, or NaN for none)
    bool joined = true;             ///< false: points only (a scatter)
};

/// A dashed horizontal line across the plot at y (e.g. 80% power), named at its right end.
struct ReferenceLine {
    std::string name;
    Colour colour;
    double y = 0;
};

struct LineChart {
    std::string title;
    std::string subtitle;
    std::string x_axis, y_axis;  ///< the axes' labels, with their units
    std::vector<LineSeries> series;
    std::vector<ReferenceLine> references;
    double y_low = 0, y_high = 0;  ///< the y axis' range; equal: fitted to the data
    bool x_from_zero = true;       ///< the x axis starts at 0 (else fitted to the data)
};

/// The chart, width x height pixels. Throws std::invalid_argument if a series' columns differ in
/// length.
Canvas draw_line_chart(const LineChart& chart, int width = 1400, int height = 800);

}  // namespace vrusim::io::chart
