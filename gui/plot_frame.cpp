#include "plot_frame.hpp"

#include <algorithm>

namespace vrusim::gui {

PlotFrame begin_plot(const char* id, const std::string& title, const std::string& unit, ImVec2 size) {
    ImGui::BeginChild(id, size, true);
    PlotFrame f;
    f.draw = ImGui::GetWindowDrawList();
    f.origin = ImGui::GetCursorScreenPos();
    f.avail = ImGui::GetContentRegionAvail();
    f.line_height = ImGui::GetTextLineHeight();
    f.grid = ImGui::GetColorU32(ImGuiCol_Separator, 0.5f);
    f.text = ImGui::GetColorU32(ImGuiCol_Text);
    ImGui::TextWrapped("%s", title.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.3f, 0.3f, 0.3f, 1.0f));
    ImGui::TextWrapped("%s", unit.c_str());
    ImGui::PopStyleColor();
    f.content_top = ImGui::GetCursorScreenPos().y;
    return f;
}

float tick_label_width(const Axis& axis) {
    float width = 0;
    for (const double t : axis.ticks) width = std::max(width, ImGui::CalcTextSize(tick_label(t, axis.step).c_str()).x);
    return width;
}

}  // namespace vrusim::gui
