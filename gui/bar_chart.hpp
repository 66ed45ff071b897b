#pragma once
/// The explorer's bar charts, drawn with ImGui's draw lists: differences by category (an area),
/// one bar per plan with its 95% interval as a whisker against a zero line; and stacked bars (spend
/// by intervention and year).
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


struct Stack {
    std::string label;                ///< what a segment is (an intervention)
    std::vector<double> values;       ///< one per category (a year), stacked in this order
};

/// A stacked bar chart: one bar per category (a financial year), one coloured segment per stack,
/// the y axis from zero; hover a segment for its label and value. Colours cycle through `colours`.
void stacked_bar_chart(const char* id, const std::string& title, const std::string& unit,
                       const std::vector<std::string>& categories, const std::vector<Stack>& stacks,
                       const std::vector<ImU32>& colours, ImVec2 size);

}  // namespace vrusim::gui
