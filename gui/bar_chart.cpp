#include "bar_chart.hpp"

#include <algorithm>
#include <cmath>

#include "plot_frame.hpp"

namespace vrusim::gui {

void difference_bar_chart(const char* id, const std::string& title, const std::string& unit,
                          const std::vector<std::string>& categories, const std::vector<BarGroup>& groups, ImVec2 size) {
    const PlotFrame f = begin_plot(id, title, unit, size);
    ImDrawList* draw = f.draw;
    const ImVec2 origin = f.origin, avail = f.avail;
    const float line_height = f.line_height;
    const ImU32 grid = f.grid, text = f.text;

    double lo = 0, hi = 0;  // zero always in view: the bars are read against it
    for (const auto& g : groups)
        for (const auto& v : g.values)
            for (const double x : {v.mean, v.low, v.high})
                if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    const Axis axis = nice_axis(lo, hi, 6, false);
    float name_width = 0;
    for (const auto& c : categories) name_width = std::max(name_width, ImGui::CalcTextSize(c.c_str()).x);

    const ImVec2 top_left(origin.x + name_width + 16, f.content_top + 0.6f * line_height);
    const ImVec2 bottom_right(origin.x + avail.x - 36, origin.y + avail.y - 1.8f * line_height);  // room for the last tick
    auto x_at = [&](double v) {
        return top_left.x + static_cast<float>((v - axis.low) / (axis.high - axis.low)) * (bottom_right.x - top_left.x);
    };
    for (const double t : axis.ticks) {
        const float x = x_at(t);
        draw->AddLine(ImVec2(x, top_left.y), ImVec2(x, bottom_right.y), t == 0 ? text : grid, t == 0 ? 2.0f : 1.0f);
        const std::string label = tick_label(t, axis.step);
        draw->AddText(ImVec2(x - ImGui::CalcTextSize(label.c_str()).x / 2, bottom_right.y + 4), text, label.c_str());
    }
    const auto rows = static_cast<float>(std::max<std::size_t>(1, categories.size()));
    const float row_height = (bottom_right.y - top_left.y) / rows;
    const auto bars = static_cast<float>(std::max<std::size_t>(1, groups.size()));
    const float bar_height = std::min(22.0f, row_height * 0.8f / bars);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (std::size_t c = 0; c < categories.size(); ++c) {
        const float row_top = top_left.y + row_height * static_cast<float>(c);
        const float row_mid = row_top + row_height / 2;
        draw->AddText(ImVec2(top_left.x - 8 - ImGui::CalcTextSize(categories[c].c_str()).x, row_mid - line_height / 2),
                      text, categories[c].c_str());
        const float first = row_mid - bar_height * bars / 2;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if (c >= groups[g].values.size()) continue;
            const Interval& v = groups[g].values[c];
            const float y0 = first + bar_height * static_cast<float>(g), y1 = y0 + bar_height * 0.85f;
            draw->AddRectFilled(ImVec2(std::min(x_at(0), x_at(v.mean)), y0), ImVec2(std::max(x_at(0), x_at(v.mean)), y1),
                                groups[g].colour);
            if (std::isfinite(v.low) && std::isfinite(v.high)) {
                const float ym = (y0 + y1) / 2;
                draw->AddLine(ImVec2(x_at(v.low), ym), ImVec2(x_at(v.high), ym), text, 1.5f);
                draw->AddLine(ImVec2(x_at(v.low), y0 + 3), ImVec2(x_at(v.low), y1 - 3), text, 1.5f);
                draw->AddLine(ImVec2(x_at(v.high), y0 + 3), ImVec2(x_at(v.high), y1 - 3), text, 1.5f);
            }
        }
        if (mouse.y >= row_top && mouse.y < row_top + row_height && mouse.x >= origin.x && mouse.x <= bottom_right.x) {
            draw->AddRect(ImVec2(origin.x + 2, row_top), ImVec2(bottom_right.x, row_top + row_height), grid);
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(categories[c].c_str());
            for (const auto& g : groups)
                if (c < g.values.size())
                    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(g.colour), "%s: %+.3g [%+.3g, %+.3g]", g.label.c_str(),
                                       g.values[c].mean, g.values[c].low, g.values[c].high);
            ImGui::EndTooltip();
        }
    }
    draw->AddRect(top_left, bottom_right, grid);
    if (lo == 0 && hi == 0) {  // nothing to draw is a finding, said in words
        const char* none = "No difference in any area: every replicate of every plan equals the base's.";
        const ImVec2 w = ImGui::CalcTextSize(none);
        draw->AddText(ImVec2((top_left.x + bottom_right.x - w.x) / 2, (top_left.y + bottom_right.y - w.y) / 2), text, none);
    }
    ImGui::EndChild();
}

void stacked_bar_chart(const char* id, const std::string& title, const std::string& unit,
                       const std::vector<std::string>& categories, const std::vector<Stack>& stacks,
                       const std::vector<ImU32>& colours, ImVec2 size) {
    const PlotFrame f = begin_plot(id, title, unit, size);
    ImDrawList* draw = f.draw;
    const ImVec2 origin = f.origin, avail = f.avail;
    const float line_height = f.line_height;
    const ImU32 grid = f.grid, text = f.text;
    double top = 0;
    for (std::size_t c = 0; c < categories.size(); ++c) {
        double sum = 0;
        for (const auto& s : stacks)
            if (c < s.values.size() && s.values[c] > 0) sum += s.values[c];
        top = std::max(top, sum);
    }
    const Axis axis = nice_axis(0, top, 5, true);
    const ImVec2 top_left(origin.x + tick_label_width(axis) + 12, f.content_top + 0.6f * line_height);
    const ImVec2 bottom_right(origin.x + avail.x - 12, origin.y + avail.y - 1.8f * line_height);
    auto y_at = [&](double v) {
        return bottom_right.y - static_cast<float>((v - axis.low) / (axis.high - axis.low)) * (bottom_right.y - top_left.y);
    };
    draw_value_axis(f, axis, top_left.x, bottom_right.x, y_at);
    const auto n = static_cast<float>(std::max<std::size_t>(1, categories.size()));
    const float slot = (bottom_right.x - top_left.x) / n;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (std::size_t c = 0; c < categories.size(); ++c) {
        const float x0 = top_left.x + slot * static_cast<float>(c) + slot * 0.15f, x1 = x0 + slot * 0.7f;
        const float w = ImGui::CalcTextSize(categories[c].c_str()).x;
        draw->AddText(ImVec2((x0 + x1 - w) / 2, bottom_right.y + 4), text, categories[c].c_str());
        double base = 0;
        for (std::size_t s = 0; s < stacks.size(); ++s) {
            const double v = c < stacks[s].values.size() ? stacks[s].values[c] : 0;
            if (v <= 0) continue;
            const ImVec2 a(x0, y_at(base + v)), b(x1, y_at(base));
            draw->AddRectFilled(a, b, colours[s % colours.size()]);
            draw->AddRect(a, b, IM_COL32(255, 255, 255, 200));
            if (mouse.x >= a.x && mouse.x <= b.x && mouse.y >= a.y && mouse.y <= b.y)
                ImGui::SetTooltip("%s, %s: %s", stacks[s].label.c_str(), categories[c].c_str(), tick_label(v, 1).c_str());
            base += v;
        }
    }
    draw->AddRect(top_left, bottom_right, grid);
    ImGui::EndChild();
}

}  // namespace vrusim::gui
