#pragma once
/// The explorer's bar chart of differences, drawn with ImGui's draw lists: one row per category
/// (an area), one bar per plan with its 95% interval as a whisker, against a zero line.
#include <imgui.h>

#include <string>
#include <vector>

#include "sim/economics/comparison.hpp"

namespace vrusim::gui {

struct BarGroup {
    std::string label;
    ImU32 colour = 0;
    std::vector<Interval> values;  ///< one per category
};

/// Draws the chart in a child region of `size`: `title` above, `unit` on the x axis, categories
/// down the left; hover a row for its figures.
void difference_bar_chart(const char* id, const std::string& title, const std::string& unit,
                          const std::vector<std::string>& categories, const std::vector<BarGroup>& groups, ImVec2 size);

}  // namespace vrusim::gui
