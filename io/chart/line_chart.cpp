#include "line_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace vrusim::io::chart {

namespace {

constexpr double label_size = 21, small_size = 18, margin = 32;

bool finite(double x) { return std::isfinite(x); }

}  // namespace

Canvas draw_line_chart(const LineChart& chart, int width, int height) {
    double x_low = std::numeric_limits<double>::infinity(), x_high = -x_low;
    double y_low = chart.y_low, y_high = chart.y_high;
    const bool fit_y = !(y_high > y_low);
    if (fit_y) y_low = std::numeric_limits<double>::infinity(), y_high = -y_low;
    for (const auto& s : chart.series) {
        if (s.y.size() != s.x.size() || (!s.low.empty() && s.low.size() != s.x.size()) ||
            (!s.high.empty() && s.high.size() != s.x.size()))
            throw std::invalid_argument("a line series needs one y (and error bar) per x");
        for (const double x : s.x)
            if (finite(x)) x_low = std::min(x_low, x), x_high = std::max(x_high, x);
        if (fit_y)
            for (const auto* values : {&s.y, &s.low, &s.high})
                for (const double v : *values)
                    if (finite(v)) y_low = std::min(y_low, v), y_high = std::max(y_high, v);
    }
    if (fit_y)
        for (const auto& r : chart.references) y_low = std::min(y_low, r.y), y_high = std::max(y_high, r.y);
    if (!finite(x_low)) x_low = 0, x_high = 1;
    if (!finite(y_low)) y_low = 0, y_high = 1;
    const auto x_ticks = nice_ticks(chart.x_from_zero ? std::min(0.0, x_low) : x_low, x_high);
    const auto y_ticks = nice_ticks(y_low, y_high);
    const double x_from = x_ticks.front(), x_to = x_ticks.back();
    const double y_from = y_ticks.front(), y_to = y_ticks.back();
    const double x_step = x_ticks.size() > 1 ? x_ticks[1] - x_ticks[0] : 1;
    const double y_step = y_ticks.size() > 1 ? y_ticks[1] - y_ticks[0] : 1;

    Canvas c(width, height);
    double y = draw_heading(c, chart.title, chart.subtitle, margin);
    y += 16 + label_size;
    double lx = margin;
    for (const auto& s : chart.series) {
        if (s.joined) c.line(lx, y - label_size * 0.35, lx + 28, y - label_size * 0.35, s.colour, 3);
        else c.fill(lx + 9, y - label_size * 0.35 - 5, lx + 20, y - label_size * 0.35 + 6, s.colour);
        c.text(lx + 36, y, s.name, label_size, ink);
        lx += 36 + c.text_width(s.name, label_size) + 32;
    }

    double y_label_width = 0;
    for (const double t : y_ticks) y_label_width = std::max(y_label_width, c.text_width(tick_text(t, y_step), small_size));
    const double left = margin + label_size + 16 + y_label_width + 12, right = width - margin - 120;
    const double top = y + 44, bottom = height - margin - label_size - 16 - small_size - 16;
    const auto px = [&](double v) { return left + (v - x_from) / (x_to - x_from) * (right - left); };
    const auto py = [&](double v) { return bottom - (v - y_from) / (y_to - y_from) * (bottom - top); };

    for (const double t : y_ticks) {
        c.line(left, py(t), right, py(t), grid_grey, 1);
        c.text(left - 12, py(t) + small_size * 0.35, tick_text(t, y_step), small_size, ink, Align::right);
    }
    for (const double t : x_ticks) {
        c.line(px(t), top, px(t), bottom, grid_grey, 1);
        c.text(px(t), bottom + 16 + small_size, tick_text(t, x_step), small_size, ink, Align::centre);
    }
    c.line(left, bottom, right, bottom, axis_grey, 2);
    c.line(left, top, left, bottom, axis_grey, 2);
    c.text((left + right) / 2, height - margin, chart.x_axis, label_size, ink, Align::centre);
    // The y axis' label across the top of its ticks (the canvas draws no rotated text).
    c.text(margin, top - 8, chart.y_axis, small_size, ink);

    for (const auto& r : chart.references) {
        c.line(left, py(r.y), right, py(r.y), r.colour, 2, 8);
        c.text(right + 8, py(r.y) + small_size * 0.35, r.name, small_size, r.colour);
    }
    for (const auto& s : chart.series) {
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (!finite(s.x[i]) || !finite(s.y[i])) continue;
            if (s.joined && i + 1 < s.x.size() && finite(s.x[i + 1]) && finite(s.y[i + 1]))
                c.line(px(s.x[i]), py(s.y[i]), px(s.x[i + 1]), py(s.y[i + 1]), s.colour, 3);
            const double lo = s.low.empty() ? NAN : s.low[i], hi = s.high.empty() ? NAN : s.high[i];
            if (finite(lo) && finite(hi)) {
                c.line(px(s.x[i]), py(lo), px(s.x[i]), py(hi), s.colour, 2);
                c.line(px(s.x[i]) - 6, py(lo), px(s.x[i]) + 6, py(lo), s.colour, 2);
                c.line(px(s.x[i]) - 6, py(hi), px(s.x[i]) + 6, py(hi), s.colour, 2);
            }
            c.fill(px(s.x[i]) - 5, py(s.y[i]) - 5, px(s.x[i]) + 6, py(s.y[i]) + 6, s.colour);
        }
    }
    return c;
}

}  // namespace vrusim::io::chart
