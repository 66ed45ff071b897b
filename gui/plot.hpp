#pragma once
/// The explorer's time-series plot, drawn with ImGui's draw lists (Debian has no ImPlot): each
/// scenario's yearly mean as a line over its 95% band, labelled axes and a hover read-out.
#include <imgui.h>

#include <string>
#include <vector>

#include "series.hpp"

namespace vrusim::gui {

struct PlotLine {
    std::string label;
    ImU32 colour = 0;
    std::vector<YearPoint> points;
};

/// Draws the plot in a child region of `size`: `title` above, `unit` on the y axis, one tick per
/// x label (financial years).
void time_series_plot(const char* id, const std::string& title, const std::string& unit,
                      const std::vector<std::string>& x_labels, const std::vector<PlotLine>& lines, ImVec2 size);

}  // namespace vrusim::gui
