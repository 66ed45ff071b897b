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

/// The x axis: each point's name in the hover read-out ("2025-26", "2025-26 week 3") and the text
/// under it, empty where a point has no tick (weekly plots mark the years only).
struct XAxis {
    std::vector<std::string> names;
    std::vector<std::string> ticks;
    std::vector<std::string> short_ticks;  ///< used where the ticks do not fit ("24-25"); empty: none
};

/// Financial years from start_year: one point and one tick each.
XAxis year_axis(int start_year, int years);
/// Weeks from 1 April of start_year: a tick at each year's first week.
XAxis week_axis(int start_year, int weeks);

/// Draws the plot in a child region of `size`: `title` above, `unit` on the y axis, the x axis's
/// ticks below (shortened, or every other one, where they would touch); points marked when there
/// are few of them. Lines are drawn widest first, so that plans with the same values show as
/// nested stripes rather than one hiding another.
void time_series_plot(const char* id, const std::string& title, const std::string& unit, const XAxis& x,
                      const std::vector<PlotLine>& lines, ImVec2 size);

}  // namespace vrusim::gui
