#include "plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "plot_frame.hpp"
#include "sim/programme/funding.hpp"

namespace vrusim::gui {

namespace {

ImU32 with_alpha(ImU32 colour, int alpha) {
    return (colour & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

}  // namespace

XAxis year_axis(int start_year, int years) {
    XAxis x;
    for (int y = 0; y < years; ++y) {
        x.names.push_back(financial_year_label(start_year + y));
        x.short_ticks.push_back(x.names.back().substr(2));  // "2024-25" -> "24-25"
    }
    x.ticks = x.names;
    return x;
}

XAxis week_axis(int start_year, int weeks) {
    XAxis x;
    for (int w = 0; w < weeks; ++w) {
        const std::string year = financial_year_label(start_year + w / 52);
        x.names.push_back(fmt::format("{} week {}", year, w % 52 + 1));
        x.ticks.push_back(w % 52 == 0 ? year : std::string());
    }
    return x;
}

void time_series_plot(const char* id, const std::string& title, const std::string& unit, const XAxis& x,
                      const std::vector<PlotLine>& lines, ImVec2 size) {
    const PlotFrame f = begin_plot(id, title, unit, size);
    ImDrawList* draw = f.draw;
    const ImVec2 origin = f.origin, avail = f.avail;
    const float line_height = f.line_height;
    const ImU32 grid = f.grid, text = f.text;

    double lo = INFINITY, hi = -INFINITY;
    for (const auto& line : lines)
        for (const auto& p : line.points) lo = std::min(lo, p.low), hi = std::max(hi, p.high);
    const Axis axis = nice_axis(lo, hi, 5, true);
    const float label_width = tick_label_width(axis);

    // The plotting area: below the title and unit, left of the tick labels, above the year labels.
    const ImVec2 top_left(origin.x + label_width + 12, f.content_top + 0.6f * line_height);
    const ImVec2 bottom_right(origin.x + avail.x - 12, origin.y + avail.y - 1.8f * line_height);
    auto y_at = [&](double v) {
        return bottom_right.y - static_cast<float>((v - axis.low) / (axis.high - axis.low)) * (bottom_right.y - top_left.y);
    };
    const auto n = static_cast<int>(x.names.size());
    auto x_at = [&](int i) {
        return n <= 1 ? (top_left.x + bottom_right.x) / 2
                      : top_left.x + 20 + (bottom_right.x - top_left.x - 40) * static_cast<float>(i) / static_cast<float>(n - 1);
    };
    draw_value_axis(f, axis, top_left.x, bottom_right.x, y_at);
    const bool weekly = n > 0 && static_cast<int>(x.ticks.size()) == n && n > 20;
    // Ticks that would touch: the short form, else every other one.
    const float spacing = n > 1 ? x_at(1) - x_at(0) : bottom_right.x - top_left.x;
    float widest = 0;
    for (const auto& t : x.ticks) widest = std::max(widest, ImGui::CalcTextSize(t.c_str()).x);
    const bool shorten = !weekly && widest + 8 > spacing && x.short_ticks.size() == x.ticks.size();
    float widest_short = 0;
    for (const auto& t : x.short_ticks) widest_short = std::max(widest_short, ImGui::CalcTextSize(t.c_str()).x);
    const int every = weekly ? 1 : std::max(1, static_cast<int>(std::ceil(((shorten ? widest_short : widest) + 8) / spacing)));
    for (int i = 0; i < n && i < static_cast<int>(x.ticks.size()); ++i) {
        const std::string& tick = (shorten ? x.short_ticks : x.ticks)[static_cast<std::size_t>(i)];
        if (tick.empty() || i % every != 0) continue;
        const float w = ImGui::CalcTextSize(tick.c_str()).x;
        // Weekly: the year's name starts at its first week; yearly: centred on the point.
        draw->AddText(ImVec2(weekly ? x_at(i) : x_at(i) - w / 2, bottom_right.y + 4), text, tick.c_str());
        if (weekly) draw->AddLine(ImVec2(x_at(i), top_left.y), ImVec2(x_at(i), bottom_right.y), grid);
    }
    draw->AddRect(top_left, bottom_right, grid);
    const auto count = static_cast<float>(lines.size());
    for (std::size_t l = 0; l < lines.size(); ++l) {
        const auto& line = lines[l];
        const auto m = std::min(n, static_cast<int>(line.points.size()));
        // The first line widest, each later one narrower on top of it.
        const float width = (n <= 40 ? 3.0f : 2.0f) + 2.2f * (count - 1 - static_cast<float>(l));
        for (int i = 0; i + 1 < m; ++i) {  // the band, one quadrilateral per year to the next
            const auto& a = line.points[static_cast<std::size_t>(i)];
            const auto& b = line.points[static_cast<std::size_t>(i) + 1];
            draw->AddQuadFilled(ImVec2(x_at(i), y_at(a.high)), ImVec2(x_at(i + 1), y_at(b.high)),
                                ImVec2(x_at(i + 1), y_at(b.low)), ImVec2(x_at(i), y_at(a.low)),
                                with_alpha(line.colour, 35));
        }
        for (int i = 0; i < m; ++i) {
            const auto& p = line.points[static_cast<std::size_t>(i)];
            if (i + 1 < m)
                draw->AddLine(ImVec2(x_at(i), y_at(p.mean)),
                              ImVec2(x_at(i + 1), y_at(line.points[static_cast<std::size_t>(i) + 1].mean)), line.colour,
                              width);
            if (n <= 40) draw->AddCircleFilled(ImVec2(x_at(i), y_at(p.mean)), width / 2 + 2.5f, line.colour);
        }
    }
    // Hover: the nearest year's values of every line.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (n > 0 && mouse.x >= top_left.x && mouse.x <= bottom_right.x && mouse.y >= top_left.y && mouse.y <= bottom_right.y) {
        int nearest = 0;
        for (int i = 1; i < n; ++i)
            if (std::abs(x_at(i) - mouse.x) < std::abs(x_at(nearest) - mouse.x)) nearest = i;
        draw->AddLine(ImVec2(x_at(nearest), top_left.y), ImVec2(x_at(nearest), bottom_right.y), text);
        ImGui::BeginTooltip();
        ImGui::TextUnformatted(x.names[static_cast<std::size_t>(nearest)].c_str());
        for (const auto& line : lines)
            if (nearest < static_cast<int>(line.points.size())) {
                const auto& p = line.points[static_cast<std::size_t>(nearest)];
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(line.colour), "%s: %.3g [%.3g, %.3g]",
                                   line.label.c_str(), p.mean, p.low, p.high);
            }
        ImGui::EndTooltip();
    }
    ImGui::EndChild();
}

}  // namespace vrusim::gui
