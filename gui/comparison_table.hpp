#pragma once
/// The explorer's comparison table: the figures `vrusim compare` prints, from the same library
/// code (compare_measure, compare_economics, io::comparison_csv): measures with intervals and the
/// difference from the base, spend, value, benefit-cost ratio, cost per harm averted, reach and the
/// grant conditions by year; copied or exported as the command line's CSV.
#include <imgui.h>

#include <string>
#include <vector>

#include "io/comparison_csv.hpp"
#include "series.hpp"

namespace vrusim::gui {

struct App;

struct ComparedRun {
    const FinishedRun* run;
    std::string label;
    ImU32 colour;
};

/// A board's title for each Home Office measure ("Knife-assault admissions, victims under 25"),
/// else the measure's name.
std::string_view measure_title(Measure m);

/// The runs as `vrusim compare` reads them from their files (labels, stored meta and programme,
/// yearly totals), for io::comparison_csv.
io::ComparedRuns compared_runs(const std::vector<ComparedRun>& runs);
/// The measures the table and CSV show: the three Home Office measures, and `extra` if it is another.
std::vector<io::ShownMeasure> shown_measures(int extra);

/// Draws the table and its Copy CSV and Export CSV buttons.
void comparison_table_view(App& app, const std::vector<ComparedRun>& runs);

}  // namespace vrusim::gui
