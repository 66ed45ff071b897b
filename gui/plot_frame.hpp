#pragma once
/// What the explorer's charts share: a bordered child region with a title and a unit line, and a
/// value axis drawn as grid lines with tick labels.
#include <imgui.h>

#include <string>

#include "plot_scale.hpp"

namespace vrusim::gui {

struct PlotFrame {
    ImDrawList* draw = nullptr;
    ImVec2 origin;  ///< top left of the region's content
    ImVec2 avail;   ///< its size
    float content_top = 0;  ///< screen y below the title and unit (which wrap in a narrow chart)
    float line_height = 0;
    ImU32 grid = 0, text = 0;
};

/// Begins a child region of `size` (end it with ImGui::EndChild) with `title` and, in grey, `unit`,
/// each wrapped to the region's width.
PlotFrame begin_plot(const char* id, const std::string& title, const std::string& unit, ImVec2 size);
/// The width of the widest tick label of a value axis.
float tick_label_width(const Axis& axis);
/// Horizontal grid lines at the axis's ticks across [left, right], labelled left of `left`;
/// `y_at` maps a value to a screen y.
template <class YAt>
void draw_value_axis(const PlotFrame& f, const Axis& axis, float left, float right, YAt y_at) {
    for (const double t : axis.ticks) {
        const float y = y_at(t);
        f.draw->AddLine(ImVec2(left, y), ImVec2(right, y), f.grid);
        const std::string label = tick_label(t, axis.step);
        f.draw->AddText(ImVec2(left - 6 - ImGui::CalcTextSize(label.c_str()).x, y - f.line_height / 2), f.text, label.c_str());
    }
}

}  // namespace vrusim::gui
