// The results: the three Home Office measures by financial year for every scenario with its 95%
// band, and the comparison against the base with the same library code as `vrusim compare`.
#include <fmt/format.h>

#include "app.hpp"
#include "plot.hpp"
#include "sim/programme/funding.hpp"

namespace vrusim::gui {

namespace {

struct Shown {
    Measure measure;
    const char* title;
};
constexpr Shown home_office[] = {
    {Measure::hospital_admissions_knife_assault_u25_expected, "Knife-assault admissions, victims under 25"},
    {Measure::recorded_knife_assaults_u25_expected, "Recorded knife assaults, victims under 25"},
    {Measure::knife_homicides_u25_expected, "Knife homicides, victims under 25"}};

struct Labelled {
    const RunYears* run;
    std::string label;
    ImU32 colour;
};

void comparison_table(const std::vector<Labelled>& runs) {
    if (!ImGui::BeginTable("comparison", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) return;
    ImGui::TableSetupColumn("measure (a year)");
    ImGui::TableSetupColumn("scenario");
    ImGui::TableSetupColumn("mean [95% interval]");
    ImGui::TableSetupColumn("difference from the base, paired by replicate");
    ImGui::TableHeadersRow();
    for (const auto& shown : home_office)
        for (std::size_t f = 0; f < runs.size(); ++f) {
            const auto c = compare_measure(*runs.front().run, *runs[f].run, shown.measure);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (f == 0) ImGui::TextUnformatted(shown.title);
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(runs[f].colour), "%s", runs[f].label.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.3g [%.3g, %.3g]", c.value.mean, c.value.low, c.value.high);
            ImGui::TableNextColumn();
            if (f == 0) ImGui::TextDisabled("(base)");
            else ImGui::Text("%+.3g [%+.3g, %+.3g]", c.difference.mean, c.difference.low, c.difference.high);
        }
    ImGui::EndTable();
}

}  // namespace

void draw_results_panel(App& app) {
    if (app.chosen.empty()) {
        ImGui::TextDisabled("Add scenarios from the library on the left, then press Run.");
        return;
    }
    const auto shown = app.shown_runs();
    std::vector<Labelled> runs;
    std::vector<std::string> not_run;
    for (std::size_t i = 0; i < shown.size(); ++i) {
        if (shown[i]) runs.push_back({shown[i], app.chosen[i].label(), scenario_colours[i]});
        else not_run.push_back(app.chosen[i].label());
    }
    if (!shown.front()) {
        ImGui::TextDisabled("Press Run to see the base (%s) and the plans side by side.", app.chosen.front().label().c_str());
        return;
    }
    if (!not_run.empty())
        ImGui::TextColored(warning_colour, "Not shown until run again (changed or added since the last run): %s",
                           fmt::format("{}", fmt::join(not_run, "; ")).c_str());
    const auto& first = app.chosen.front().scenario().parameters;
    std::vector<std::string> years;
    for (int y = 0; y < runs.front().run->years; ++y) years.push_back(financial_year_label(first.run.start_year + y));
    const float width = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    for (std::size_t k = 0; k < std::size(home_office); ++k) {
        std::vector<PlotLine> lines;
        for (const auto& r : runs) lines.push_back({r.label, r.colour, by_year(*r.run, home_office[k].measure)});
        time_series_plot(fmt::format("plot{}", k).c_str(), home_office[k].title,
                         "expected " + unit_a_year(home_office[k].measure) + ", 95% band", years, lines,
                         ImVec2(width, 430));
        if (k + 1 < std::size(home_office)) ImGui::SameLine();
    }
    if (!app.full)
        ImGui::TextDisabled("Bands: the spread of %d replicates of a %.0f%% sample. Jumps from year to year are chance, "
                            "not effects; run in full for figures to read.",
                            quick_replicates, 100 * quick_scale);
    comparison_table(runs);
}

}  // namespace vrusim::gui
