#include "bar_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vrusim::io::chart {

namespace {

constexpr double title_size = 30, label_size = 21, small_size = 18;
constexpr double bar_height = 20, bar_gap = 4, row_gap = 16, margin = 32;

bool finite(double x) { return std::isfinite(x); }

}  // namespace

Canvas draw_bar_chart(const BarChart& chart, int width) {
    const std::size_t rows = chart.rows.size();
    double lowest = 0, highest = 0;
    for (const auto& s : chart.series) {
        if (s.value.size() != rows || (!s.low.empty() && s.low.size() != rows) || (!s.high.empty() && s.high.size() != rows))
            throw std::invalid_argument("a bar series needs one value (and whisker) per row");
        for (const auto* values : {&s.value, &s.low, &s.high})
            for (const double v : *values)
                if (finite(v)) lowest = std::min(lowest, v), highest = std::max(highest, v);
    }
    for (const auto& m : chart.markers) {
        if (m.value.size() != rows) throw std::invalid_argument("a row marker needs one value per row");
        for (const double v : m.value)
            if (finite(v)) lowest = std::min(lowest, v), highest = std::max(highest, v);
    }
    const auto ticks = nice_ticks(lowest, highest);
    const double from = ticks.front(), to = ticks.back(), step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;

    // Measure with a scratch canvas (the font's widths), then draw at the size the rows need.
    Canvas probe(1, 1);
    double label_width = 0;
    for (const auto& r : chart.rows) label_width = std::max(label_width, probe.text_width(r, label_size));
    label_width = std::min(label_width + 16, width * 0.45);
    const double series_count = static_cast<double>(std::max<std::size_t>(chart.series.size(), 1));
    const double row_height = series_count * bar_height + (series_count - 1) * bar_gap + row_gap;
    const double top = margin + title_size + (chart.subtitle.empty() ? 0 : small_size + 10) + 16 + label_size + 14;
    const double plot_height = row_height * static_cast<double>(rows);
    const int height = static_cast<int>(top + plot_height + 16 + small_size + 12 + label_size + margin);
    Canvas c(width, height);
    const double left = margin + label_width, right = width - margin;
    const auto x_of = [&](double v) { return left + (v - from) / (to - from) * (right - left); };

    double y = draw_heading(c, chart.title, chart.subtitle, margin);
    // Legend: a swatch and a name per series and marker.
    y += 16 + label_size;
    double x = margin;
    for (const auto& s : chart.series) {
        c.fill(x, y - label_size * 0.75, x + 28, y, s.colour);
        c.text(x + 36, y, s.name, label_size, ink);
        x += 36 + c.text_width(s.name, label_size) + 32;
    }
    for (const auto& m : chart.markers) {
        c.line(x + 14, y - label_size * 0.9, x + 14, y + 2, m.colour, 3, 4);
        c.text(x + 28, y, m.name, label_size, ink);
        x += 28 + c.text_width(m.name, label_size) + 32;
    }

    // Grid and axis.
    const double bottom = top + plot_height;
    for (const double t : ticks) {
        c.line(x_of(t), top, x_of(t), bottom, t == 0 ? axis_grey : grid_grey, t == 0 ? 2 : 1);
        c.text(x_of(t), bottom + 16 + small_size, tick_text(t, step), small_size, ink, Align::centre);
    }
    c.text((left + right) / 2, bottom + 16 + small_size + 12 + label_size, chart.axis, label_size, ink, Align::centre);

    for (std::size_t r = 0; r < rows; ++r) {
        const double row_top = top + row_height * static_cast<double>(r) + row_gap / 2;
        const double middle = row_top + (row_height - row_gap) / 2;
        c.text(left - 12, middle + label_size * 0.35, chart.rows[r], label_size, ink, Align::right);
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            const auto& series = chart.series[s];
            const double bar_top = row_top + static_cast<double>(s) * (bar_height + bar_gap);
            if (finite(series.value[r])) c.fill(x_of(0), bar_top, x_of(series.value[r]), bar_top + bar_height, series.colour);
            const double lo = series.low.empty() ? NAN : series.low[r], hi = series.high.empty() ? NAN : series.high[r];
            if (finite(lo) && finite(hi)) {
                const double mid = bar_top + bar_height / 2;
                c.line(x_of(lo), mid, x_of(hi), mid, ink, 2);
                c.line(x_of(lo), mid - 6, x_of(lo), mid + 6, ink, 2);
                c.line(x_of(hi), mid - 6, x_of(hi), mid + 6, ink, 2);
            }
        }
        for (const auto& m : chart.markers)
            if (finite(m.value[r]))
                c.line(x_of(m.value[r]), row_top - 4, x_of(m.value[r]), row_top + row_height - row_gap + 4, m.colour, 3, 4);
    }
    return c;
}

}  // namespace vrusim::io::chart
