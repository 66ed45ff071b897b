// The results of the scenarios side by side: any measure by year or week for the force area or
// one area and age band, with 95% bands; the difference from the base by area; money by year; and
// the comparison table. Everything is drawn from runs kept in memory: switching views reruns nothing.
#include <fmt/format.h>

#include "app.hpp"
#include "bar_chart.hpp"
#include "comparison_table.hpp"
#include "export_results.hpp"
#include "plot.hpp"
#include "plot_scale.hpp"
#include "text_fit.hpp"
#include "sim/programme/funding.hpp"

namespace vrusim::gui {

namespace {

struct Labelled {
    const FinishedRun* run;
    std::string label;
    ImU32 colour;
};

std::string area_name(const App& app, int area) {
    return area < 0 ? "the force area" : app.chosen.front().scenario().parameters.population.areas[static_cast<std::size_t>(area)].name;
}

std::string who(const App& app) {
    const std::string ages = app.view.band < 0 ? "10-24" : std::string(age_band_names[static_cast<std::size_t>(app.view.band)]);
    return fmt::format("{}, ages {}", area_name(app, app.view.area), ages);
}

// The measure, area and age band pickers shared by the views.
void pickers(App& app, bool allow_home_office, bool allow_area) {
    const auto table = measure_info(MeasureSet::model);
    // Measures by what they mean; the dataset name (for vrusim compare --measures) on hover.
    std::string current = app.view.measure < 0 ? "the three Home Office measures"
                                               : std::string(measure_title(static_cast<Measure>(app.view.measure)));
    if (!allow_home_office && app.view.measure < 0) current = std::string(measure_title(home_office_measures[0]));
    constexpr float combo_width = 420;
    ImGui::SetNextItemWidth(combo_width);
    const float preview_room = combo_width - ImGui::GetFrameHeight() - 2 * ImGui::GetStyle().FramePadding.x;
    if (ImGui::BeginCombo("measure", fit_text(current, preview_room).c_str())) {
        if (allow_home_office && ImGui::Selectable("the three Home Office measures", app.view.measure < 0)) app.view.measure = -1;
        for (std::size_t m = 0; m < table.size(); ++m) {
            const std::string title(measure_title(static_cast<Measure>(m)));
            if (ImGui::Selectable(fmt::format("{}##{}", title, m).c_str(), app.view.measure == static_cast<int>(m)))
                app.view.measure = static_cast<int>(m);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\n%s (%s, %s)", title.c_str(), table[m].name.data(), table[m].unit.data(),
                                  table[m].kind == MeasureKind::flow ? "a flow: counted each week" : "a stock: people at a week's end");
        }
        ImGui::EndCombo();
    }
    if (allow_area) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(190);
        if (ImGui::BeginCombo("area", area_name(app, app.view.area).c_str())) {
            if (ImGui::Selectable("the force area", app.view.area < 0)) app.view.area = -1;
            const auto& areas = app.chosen.front().scenario().parameters.population.areas;
            for (std::size_t a = 0; a < areas.size(); ++a)
                if (ImGui::Selectable(areas[a].name.c_str(), app.view.area == static_cast<int>(a))) app.view.area = static_cast<int>(a);
            ImGui::EndCombo();
        }
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(100);
    const std::string band = app.view.band < 0 ? "10-24" : std::string(age_band_names[static_cast<std::size_t>(app.view.band)]);
    if (ImGui::BeginCombo("ages", band.c_str())) {
        if (ImGui::Selectable("10-24", app.view.band < 0)) app.view.band = -1;
        for (int b = 0; b < age_band_count; ++b)
            if (ImGui::Selectable(age_band_names[static_cast<std::size_t>(b)].data(), app.view.band == b)) app.view.band = b;
        ImGui::EndCombo();
    }
}

// One entry a plan, all on one line: each gets an equal share of the width and a label longer
// than its share is cut with an ellipsis (the whole label on hover), so no plan loses its entry.
void legend(const std::vector<Labelled>& runs) {
    const float spacing = 30, swatch = 18;
    const float share = (ImGui::GetContentRegionAvail().x - spacing * static_cast<float>(runs.size() - 1)) /
                        static_cast<float>(runs.size());
    const float text_room = std::max(60.0f, share - swatch - ImGui::GetStyle().ItemSpacing.x);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (i > 0) ImGui::SameLine(0, spacing);
        ImGui::ColorButton(fmt::format("##legend{}", i).c_str(), ImGui::ColorConvertU32ToFloat4(runs[i].colour),
                           ImGuiColorEditFlags_NoTooltip, ImVec2(swatch, swatch));
        ImGui::SameLine();
        const std::string full = runs[i].label + (i == 0 ? " (base)" : "");
        const std::string shown = fit_text(full, text_room);
        ImGui::TextUnformatted(shown.c_str());
        if (shown != full && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", full.c_str());
    }
}

// "admissions a year", "admissions/week", "people, mean week", "people at the week's end".
std::string unit_of(Measure m, bool weekly) {
    if (!weekly) return unit_a_year(m);
    const auto& i = info(m);
    return std::string(i.unit) + (i.kind == MeasureKind::stock ? " at the week's end" : "");
}

void measures_view(App& app, const std::vector<Labelled>& runs) {
    pickers(app, true, true);
    ImGui::SameLine();
    int weekly = app.view.weekly ? 1 : 0;
    ImGui::RadioButton("years", &weekly, 0);
    ImGui::SameLine();
    ImGui::RadioButton("weeks", &weekly, 1);
    app.view.weekly = weekly == 1;
    legend(runs);
    const Selection s{app.view.area, app.view.band};
    const int start_year = app.chosen.front().scenario().parameters.run.start_year;
    const int weeks = runs.front().run->scenario.parameters.run.weeks;
    const XAxis x = app.view.weekly ? week_axis(start_year, weeks) : year_axis(start_year, (weeks + 51) / 52);
    auto lines_of = [&](Measure m) {
        std::vector<PlotLine> lines;
        for (const auto& r : runs)
            lines.push_back({r.label, r.colour, app.view.weekly ? by_week(*r.run, m, s) : by_year(*r.run, m, s)});
        return lines;
    };
    const float height = std::max(300.0f, ImGui::GetContentRegionAvail().y - 3 * ImGui::GetTextLineHeightWithSpacing());
    if (app.view.measure < 0) {
        const float width = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
        for (std::size_t k = 0; k < std::size(home_office_measures); ++k) {
            const Measure m = home_office_measures[k];
            time_series_plot(fmt::format("plot{}", k).c_str(), std::string(measure_title(m)),
                             fmt::format("expected {}, 95% band", unit_of(m, app.view.weekly)), x, lines_of(m),
                             ImVec2(width, height));
            if (k + 1 < std::size(home_office_measures)) ImGui::SameLine();
        }
    } else {
        const auto m = static_cast<Measure>(app.view.measure);
        time_series_plot("plot", std::string(measure_title(m)),
                         fmt::format("{}, {}; mean and 95% band", unit_of(m, app.view.weekly), who(app)), x, lines_of(m),
                         ImVec2(0, height));
    }
    ImGui::PushStyleColor(ImGuiCol_Text, caveat_colour);
    ImGui::TextWrapped("%s. Bands: 95%% intervals over %d replicates%s.", who(app).c_str(),
                        runs.front().run->years.replicates,
                        app.full ? "" : fmt::format(" of a {} sample; jumps from year to year are chance, not effects",
                                                    percent_text(runs.front().run->scenario.parameters.population.scale)).c_str());
    ImGui::PopStyleColor();
}

void by_area_view(App& app, const std::vector<Labelled>& runs) {
    pickers(app, false, false);
    if (runs.size() < 2) {
        ImGui::TextDisabled("Add a plan beside the base to see where among the areas the difference falls.");
        return;
    }
    const Measure m = app.view.measure < 0 ? home_office_measures[0] : static_cast<Measure>(app.view.measure);
    const auto& areas = runs.front().run->scenario.parameters.population.areas;
    std::vector<std::string> names;
    for (const auto& a : areas) names.push_back(a.name);
    std::vector<BarGroup> groups;
    for (std::size_t f = 1; f < runs.size(); ++f)
        groups.push_back({runs[f].label, runs[f].colour, difference_by_area(*runs.front().run, *runs[f].run, m, app.view.band)});
    legend(runs);
    difference_bar_chart("by_area", fmt::format("{} against {}, by area (ages {})", measure_title(m), runs.front().label,
                                                app.view.band < 0 ? "10-24" : age_band_names[static_cast<std::size_t>(app.view.band)].data()),
                         fmt::format("difference, {} over the run; paired by replicate, 95% interval", unit_of(m, false)),
                         names, groups, ImVec2(0, std::max(300.0f, ImGui::GetContentRegionAvail().y - 3.5f * ImGui::GetTextLineHeightWithSpacing())));
    ImGui::PushStyleColor(ImGuiCol_Text, caveat_colour);
    ImGui::TextWrapped("A bar whose interval crosses zero is no evidence of a difference in that area. With %zu areas, "
                       "about one interval in 20 excludes zero by chance alone: an area's bar is a question to look into, "
                       "not a finding.",
                       names.size());
    ImGui::PopStyleColor();
}

// One scenario's spend by intervention and year: the replicates' mean of what each spent (the
// money its funding plan gives it), with the planned money in the hover.
void money_by_intervention(App& app, const std::vector<Labelled>& runs) {
    auto& pick = app.view.money_scenario;
    if (pick < 0) {  // first shown: the first plan with a programme
        pick = 0;
        for (std::size_t i = 0; i < runs.size(); ++i)
            if (!runs[i].run->scenario.parameters.programme.interventions.empty()) {
                pick = static_cast<int>(i);
                break;
            }
    }
    pick = std::clamp(pick, 0, static_cast<int>(runs.size()) - 1);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##whose", runs[static_cast<std::size_t>(pick)].label.c_str())) {
        for (std::size_t i = 0; i < runs.size(); ++i)
            if (ImGui::Selectable(runs[i].label.c_str(), pick == static_cast<int>(i))) pick = static_cast<int>(i);
        ImGui::EndCombo();
    }
    const FinishedRun& run = *runs[static_cast<std::size_t>(pick)].run;
    const Parameters& p = run.scenario.parameters;
    const FundingPlan plan = plan_funding(p);
    const auto& interventions = p.programme.interventions;
    if (interventions.empty() || run.replicates.empty()) {
        ImGui::TextDisabled("No programme: nothing is spent.");
        return;
    }
    const int years = run.replicates.front().programme.years;
    // Each intervention's mean spend by year, then evaluation and the core function: the stacks.
    std::vector<Stack> stacks;
    for (std::size_t i = 0; i < interventions.size(); ++i) {
        Stack stack{interventions[i].name, {}};
        for (int y = 0; y < years; ++y) {
            double spent = 0;
            for (const auto& r : run.replicates) spent += r.programme.spend_at(y, static_cast<int>(i));
            stack.values.push_back(spent / static_cast<double>(run.replicates.size()));
        }
        stacks.push_back(std::move(stack));
    }
    for (const auto& [name, field] : {std::pair{"evaluation", &FundingYear::evaluation}, std::pair{"core function", &FundingYear::core}}) {
        Stack stack{name, {}};
        for (int y = 0; y < years; ++y)
            stack.values.push_back(y < static_cast<int>(plan.years.size()) ? plan.years[static_cast<std::size_t>(y)].*field : 0);
        stacks.push_back(std::move(stack));
    }
    // Okabe and Ito's seven colours, then Tol's muted ones: the table below is the legend.
    static const std::vector<ImU32> colours = {
        IM_COL32(0, 114, 178, 255),   IM_COL32(230, 159, 0, 255),  IM_COL32(0, 158, 115, 255),
        IM_COL32(213, 94, 0, 255),    IM_COL32(86, 180, 233, 255), IM_COL32(204, 121, 167, 255),
        IM_COL32(240, 228, 66, 255),  IM_COL32(51, 34, 136, 255),  IM_COL32(136, 204, 238, 255),
        IM_COL32(68, 170, 153, 255),  IM_COL32(17, 119, 51, 255),  IM_COL32(153, 153, 51, 255),
        IM_COL32(221, 204, 119, 255), IM_COL32(204, 102, 119, 255), IM_COL32(136, 34, 85, 255),
        IM_COL32(170, 68, 153, 255)};
    std::vector<std::string> year_names;
    for (int y = 0; y < years; ++y) year_names.push_back(financial_year_label(p.run.start_year + y));
    const float chart = std::max(260.0f, ImGui::GetContentRegionAvail().y * 0.55f);
    stacked_bar_chart("stacked", "Spend by intervention and year", "pounds, mean of the replicates; hover a block",
                      year_names, stacks, colours, ImVec2(0, chart));
    if (!ImGui::BeginTable("money", 1 + years, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("spend (hover: planned)", ImGuiTableColumnFlags_WidthStretch, 2.5f);
    for (const auto& y : year_names) ImGui::TableSetupColumn(y.c_str(), ImGuiTableColumnFlags_WidthFixed, 78);
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < stacks.size(); ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::ColorButton(fmt::format("##stack{}", i).c_str(), ImGui::ColorConvertU32ToFloat4(colours[i % colours.size()]),
                           ImGuiColorEditFlags_NoTooltip, ImVec2(14, 14));
        ImGui::SameLine();
        const std::string shown = fit_text(stacks[i].label, ImGui::GetContentRegionAvail().x);
        ImGui::TextUnformatted(shown.c_str());
        if (shown != stacks[i].label && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", stacks[i].label.c_str());
        for (int y = 0; y < years; ++y) {
            const double pounds = stacks[i].values[static_cast<std::size_t>(y)];
            ImGui::TableNextColumn();
            if (pounds <= 0) ImGui::TextDisabled("-");
            else ImGui::Text("£%s", fmt::format("{:.0f}k", pounds / 1e3).c_str());
            if (i < interventions.size() && ImGui::IsItemHovered() && y < static_cast<int>(plan.years.size()))
                ImGui::SetTooltip("planned £%.0f; funded %.0f%%", plan.years[static_cast<std::size_t>(y)].planned[i],
                                  100 * plan.years[static_cast<std::size_t>(y)].share[i]);
        }
    }
    ImGui::EndTable();
}

void money_view(App& app, const std::vector<Labelled>& runs) {
    const int start_year = app.chosen.front().scenario().parameters.run.start_year;
    const XAxis x = year_axis(start_year, runs.front().run->years.years);
    std::vector<PlotLine> lines;
    for (const auto& r : runs) {
        const RunYears& y = r.run->years;
        std::vector<YearPoint> points;
        for (int year = 0; year < y.years; ++year) {
            std::vector<double> values;
            for (int rep = 0; rep < y.replicates; ++rep) values.push_back(y.spend[static_cast<std::size_t>(rep) * y.years + year]);
            const Interval i = mean_interval(values);
            points.push_back({i.mean, std::isfinite(i.low) ? i.low : i.mean, std::isfinite(i.high) ? i.high : i.mean});
        }
        lines.push_back({r.label, r.colour, points});
    }
    legend(runs);
    const float width = ImGui::GetContentRegionAvail().x * 0.36f;
    time_series_plot("spend", "Spend by financial year", "pounds, undiscounted: interventions, evaluation, core", x, lines,
                     ImVec2(width, std::max(300.0f, ImGui::GetContentRegionAvail().y - 10)));
    ImGui::SameLine();
    ImGui::BeginChild("by_intervention", ImVec2(0, std::max(300.0f, ImGui::GetContentRegionAvail().y - 10)), true);
    money_by_intervention(app, runs);
    ImGui::EndChild();
}

// In quick mode a plan's places are sampled with the population: with few of them in the sample,
// plans cannot differ visibly, and the window says so rather than show a null as a finding.
void quick_sample_warning(const App& app, const std::vector<Labelled>& runs) {
    if (app.full) return;
    double sampled = 0, planned = 0;
    for (const auto& r : runs) {
        const Parameters& p = r.run->scenario.parameters;
        double places = 0;
        for (const auto& in : p.programme.interventions)
            if (in.enabled) places += planned_places_per_year(in);
        if (places > planned) planned = places, sampled = places * p.population.scale;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, warning_colour);
    if (planned > 0 && sampled < 100)
        ImGui::TextWrapped("The quick sample holds about %.0f of the programme's %.0f places a year: too few for the plans "
                           "to differ visibly here. Compare plans with a Full run.",
                           sampled, planned);
    if (runs.front().run->scenario.parameters.population.scale < 0.1)
        ImGui::TextWrapped("Quick levels can differ from a full run's by a fifth or more (a small sample has few "
                           "neighbourhoods in each area): read their shape, not their values.");
    ImGui::PopStyleColor();
}

// Export: the runs as results files (the command line's layout) into a directory, and the window
// as it is drawn (the view shown: plots or the table) as a PNG.
void export_row(App& app, const std::vector<Labelled>& runs) {
    ImGui::SetNextItemWidth(360);
    ImGui::InputTextWithHint("##export", "directory, or a .png file", app.export_dir.data(), app.export_dir.size());
    ImGui::SameLine();
    if (ImGui::Button("Export results (HDF5)") && app.export_dir[0] != '\0') {
        std::vector<std::pair<std::string, const FinishedRun*>> files;
        for (const auto& r : runs) files.emplace_back(r.label, r.run);
        try {
            const auto written = export_results(app.export_dir.data(), files, app.written);
            app.say(fmt::format("Wrote {} results file{} in {}: read them with vrusim compare, Python or R.", written.size(),
                                written.size() == 1 ? "" : "s", app.export_dir.data()));
        } catch (const std::exception& e) {
            app.say(e.what(), true);
        }
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("One file per scenario shown, named after it, in the directory above (docs/outputs.md)");
    ImGui::SameLine();
    if (ImGui::Button("Save PNG") && app.export_dir[0] != '\0') {
        const std::filesystem::path file(app.export_dir.data());
        if (file.extension() != ".png") app.say("Save PNG: give a file name ending in .png above.", true);
        else app.png_request = file.string();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The window as it is now (the plots or the table shown) as a PNG image");
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
    export_row(app, runs);
    if (app.full)
        ImGui::TextColored(ImVec4(0, 0.4f, 0.2f, 1), "FULL RUN: each scenario's whole population and its %d replicates: "
                           "figures to minute.", runs.front().run->years.replicates);
    quick_sample_warning(app, runs);
    if (!not_run.empty())
        ImGui::TextColored(warning_colour, "Not shown until run again (changed or added since the last run): %s",
                           fmt::format("{}", fmt::join(not_run, "; ")).c_str());
    auto tab = [&](const char* name) {
        const bool bring = app.results_tab == name;
        if (bring) app.results_tab.clear();
        return ImGui::BeginTabItem(name, nullptr, bring ? ImGuiTabItemFlags_SetSelected : 0);
    };
    if (ImGui::BeginTabBar("results")) {
        if (tab("Measures")) {
            measures_view(app, runs);
            ImGui::EndTabItem();
        }
        if (tab("By area")) {
            by_area_view(app, runs);
            ImGui::EndTabItem();
        }
        if (tab("Money")) {
            money_view(app, runs);
            ImGui::EndTabItem();
        }
        if (tab("Table")) {
            std::vector<ComparedRun> compared;
            for (const auto& r : runs) compared.push_back({r.run, r.label, r.colour});
            comparison_table_view(app, compared);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

}  // namespace vrusim::gui
