#include "comparison_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "app.hpp"
#include "export_file.hpp"

namespace vrusim::gui {

namespace {

std::string g3(double x) { return std::isfinite(x) ? fmt::format("{:.3g}", x) : "-"; }

std::string interval_text(const Interval& i, bool sign = false) {
    const auto f = [&](double x) {
        return !std::isfinite(x) ? std::string("-") : sign ? fmt::format("{:+.3g}", x) : fmt::format("{:.3g}", x);
    };
    return std::isfinite(i.low) ? fmt::format("{} [{}, {}]", f(i.mean), f(i.low), f(i.high)) : f(i.mean);
}

// "£2.24m", "−£148k", "£765": the sign before the pound sign, three significant figures at most.
std::string pounds(double x) {
    if (!std::isfinite(x)) return "-";
    const double a = std::abs(x);
    const std::string sign = x < 0 ? "-" : "";
    if (a >= 1e6) return fmt::format("{}£{:.3g}m", sign, a / 1e6);
    if (a >= 1e3) return fmt::format("{}£{:.3g}k", sign, a / 1e3);
    return fmt::format("{}£{:.0f}", sign, a);
}

// A money interval; a cost with no spread (the plan's money is the same in every replicate) alone.
std::string pounds_interval(const Interval& i) {
    if (!std::isfinite(i.low) || (i.low == i.mean && i.high == i.mean)) return pounds(i.mean);
    return fmt::format("{} [{} to {}]", pounds(i.mean), pounds(i.low), pounds(i.high));
}

// Cost per harm averted, as `vrusim compare` words it.
std::string cost_each(const Interval& c) {
    if (std::isnan(c.mean)) return "no extra spend";
    if (!std::isfinite(c.mean)) return std::isfinite(c.low) ? fmt::format("none averted on average (at best {})", pounds(c.low)) : "none averted";
    return fmt::format("{} [{}, {}]", pounds(c.mean), pounds(c.low), std::isfinite(c.high) ? pounds(c.high) : "no bound");
}

void coloured(const ComparedRun& r) { ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(r.colour), "%s", r.label.c_str()); }

void measures_table(const std::vector<ComparedRun>& runs, const std::vector<io::ShownMeasure>& shown) {
    if (!ImGui::BeginTable("measures", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("measure", 0, 2.2f);
    ImGui::TableSetupColumn("scenario", 0, 2.2f);
    ImGui::TableSetupColumn("a year\n[95% interval]", 0, 1.6f);
    ImGui::TableSetupColumn("difference from the base\n[95% interval] (%)", 0, 1.9f);
    ImGui::TableSetupColumn("smallest\ndetectable", 0, 0.8f);
    ImGui::TableHeadersRow();
    ImGui::PushTextWrapPos(0);  // every cell wraps at its column's edge
    const RunYears& base = runs.front().run->years;
    for (const auto& s : shown) {
        const double base_mean = compare_measure(base, base, s.measure).value.mean;
        for (std::size_t f = 0; f < runs.size(); ++f) {
            const auto c = compare_measure(base, runs[f].run->years, s.measure);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (f == 0) ImGui::TextWrapped("%s (%s)", s.label.data(), unit_a_year(s.measure).c_str());
            ImGui::TableNextColumn();
            coloured(runs[f]);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(interval_text(io::nonnegative(c.value)).c_str());
            ImGui::TableNextColumn();
            if (f == 0) {
                ImGui::TextDisabled("(base)");
                continue;
            }
            if (c.difference.mean == 0 && c.difference.low == 0 && c.difference.high == 0) {
                // Every replicate the same as the base's: the plan changed nothing this run could see.
                ImGui::TextDisabled("none in any replicate");
                ImGui::TableNextColumn();
                ImGui::TextDisabled("-");
                continue;
            }
            const std::string percent = base_mean != 0 ? fmt::format("\n({:+.1f}%)", 100 * c.difference.mean / base_mean) : "";
            // A difference whose interval excludes zero is shown in full colour; one that does not, greyed.
            const bool clear = std::isfinite(c.difference.low) && (c.difference.low > 0 || c.difference.high < 0);
            if (clear) ImGui::Text("%s%s", interval_text(c.difference, true).c_str(), percent.c_str());
            else ImGui::TextDisabled("%s%s", interval_text(c.difference, true).c_str(), percent.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(g3(c.detectable).c_str());
        }
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTable();
}

void economics_table(const std::vector<ComparedRun>& runs) {
    if (runs.size() < 2) return;
    const RunYears& base = runs.front().run->years;
    const auto& e0 = base.economics;
    ImGui::TextWrapped("Cost and value against %s over the run, discounted at %.1f%% a year; harms valued at the Home "
                       "Office unit costs of crime (2015/16 prices) x %s, on the measures' expected values.",
                       runs.front().label.c_str(), 100 * e0.discount_rate, g3(e0.price_factor).c_str());
    const int columns = 4 + static_cast<int>(std::size(home_office_measures));
    if (!ImGui::BeginTable("economics", columns, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("plan", 0, 1.4f);
    ImGui::TableSetupColumn("extra spend\nwith the core\n(interventions and\nevaluation only)", 0, 1.5f);
    ImGui::TableSetupColumn("value of the\nharms averted\n[95% interval]", 0, 1.6f);
    ImGui::TableSetupColumn("benefit-cost\nratio with the\ncore (without it)", 0, 1.3f);
    for (const Measure m : home_office_measures)
        ImGui::TableSetupColumn(fmt::format("cost per\n{}\naverted", std::string(info(m).unit).substr(0, std::string(info(m).unit).find('/'))).c_str(), 0, 1.4f);
    ImGui::TableHeadersRow();
    for (std::size_t f = 1; f < runs.size(); ++f) {
        const auto e = compare_economics(base, runs[f].run->years, e0);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0);
        coloured(runs[f]);
        ImGui::TableNextColumn();
        if (e.cost.mean < 0) ImGui::TextWrapped("saves %s\n(%s)", pounds(-e.cost.mean).c_str(), pounds(e.cost_without_core.mean).c_str());
        else ImGui::TextWrapped("%s\n(%s)", pounds_interval(e.cost).c_str(), pounds(e.cost_without_core.mean).c_str());
        ImGui::TableNextColumn();
        if (e.value.mean < 0)
            ImGui::TextWrapped("harms added worth %s\n[%s to %s]", pounds(-e.value.mean).c_str(), pounds(-e.value.high).c_str(),
                               pounds(-e.value.low).c_str());
        else ImGui::TextWrapped("%s", pounds_interval(e.value).c_str());
        ImGui::TableNextColumn();
        if (e.cost.mean <= 0) ImGui::TextWrapped("no ratio: it costs no more than the base");
        else ImGui::TextWrapped("%s\n(%s)", interval_text(e.benefit_cost).c_str(), interval_text(e.benefit_cost_without_core).c_str());
        for (std::size_t k = 0; k < std::size(home_office_measures); ++k) {
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", cost_each(e.cost_per_averted[k]).c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s averted over the run", interval_text(e.averted[k]).c_str());
        }
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
    ImGui::PushStyleColor(ImGuiCol_Text, caveat_colour);
    ImGui::TextWrapped(
        "How to read it: the intervals cover the simulation's chance only, not the uncertainty in the interventions' "
        "effects, the unit costs or the share of violence without injury counted (economics.counted_share); a price "
        "factor of 1 means 2015/16 prices against today's spend (no deflator); partners' match in kind is not costed. "
        "Each cost per harm charges the whole extra spend to that one harm, so the columns do not add up; \"no "
        "bound\": this run cannot show that the plan averts any. Most of the value is usually non-fatal violence "
        "(docs/funding.md, \"How to read it\").");
    ImGui::PopStyleColor();
}

// One row per plan and condition, a column per year: PASS or FAIL with the share against its minimum.
void conditions_table(const std::vector<ComparedRun>& runs) {
    const io::StoredProgramme* first = nullptr;
    for (const auto& r : runs)
        if (r.run->stored.programme.funding_enabled && !first) first = &r.run->stored.programme;
    if (!first) return;
    ImGui::TextUnformatted("Grant conditions by financial year");
    const int columns = 2 + first->years();
    if (!ImGui::BeginTable("conditions", columns, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("plan", 0, 1.6f);
    ImGui::TableSetupColumn("condition", 0, 2.0f);
    for (const auto& y : first->financial_years) ImGui::TableSetupColumn(y.c_str(), 0, 1.0f);
    ImGui::TableHeadersRow();
    constexpr const char* what[] = {"interventions / grant", "evaluation / interventions", "match funding / grant"};
    for (const auto& r : runs) {
        const auto& p = r.run->stored.programme;
        if (!p.funding_enabled) continue;
        for (std::size_t c = 0; c < p.condition_names.size(); ++c) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (c == 0) {  // wrapped, not cut: a plan's name and its condition are read in full
                ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(r.colour));
                ImGui::TextWrapped("%s", r.label.c_str());
                ImGui::PopStyleColor();
            }
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s (at least %.0f%%)", c < std::size(what) ? what[c] : p.condition_names[c].c_str(),
                               100 * p.condition_required[c]);
            for (int y = 0; y < p.years() && y < columns - 2; ++y) {
                ImGui::TableNextColumn();
                const auto at = static_cast<std::size_t>(y) * p.condition_names.size() + c;
                if (!p.condition_applies[at]) ImGui::TextDisabled("n/a");
                else if (p.condition_pass[at]) ImGui::TextColored(ImVec4(0, 0.45f, 0.2f, 1), "PASS %.0f%%", 100 * p.condition_value[at]);
                else ImGui::TextColored(error_colour, "FAIL %.0f%%", 100 * p.condition_value[at]);
            }
        }
    }
    ImGui::EndTable();
}

void reach_table(const std::vector<ComparedRun>& runs) {
    for (const auto& r : runs) {
        const auto& p = r.run->stored.programme;
        if (p.count() == 0) continue;
        if (!ImGui::TreeNode(r.label.c_str(), "Reach and spend over the run: %s", r.label.c_str())) continue;
        if (ImGui::BeginTable("reach", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
            for (const char* h : {"intervention", "reached, 24 and under", "25 and over", "spend", "per participant"})
                ImGui::TableSetupColumn(h);
            ImGui::TableHeadersRow();
            for (int i = 0; i < p.count(); ++i) {
                const auto t = io::intervention_totals(p, i);
                const double all = t.young.mean + t.adults.mean;
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(p.interventions[static_cast<std::size_t>(i)].c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(g3(t.young.mean).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(g3(t.adults.mean).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(pounds(t.spend).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(all > 0 ? pounds(t.spend / all).c_str() : "-");
            }
            ImGui::EndTable();
        }
        ImGui::TreePop();
    }
}

}  // namespace

std::string_view measure_title(Measure m) {
    switch (m) {
        case Measure::hospital_admissions_knife_assault_u25_expected: return "Knife-assault admissions, victims under 25 (expected)";
        case Measure::recorded_knife_assaults_u25_expected: return "Recorded knife assaults, victims under 25 (expected)";
        case Measure::knife_homicides_u25_expected: return "Knife homicides, victims under 25 (expected)";
        default: break;
    }
    // The others: their description without the HDF5 file's "cell" wording, made once.
    static const std::vector<std::string> titles = [] {
        std::vector<std::string> out;
        for (const auto& i : measure_info(MeasureSet::model)) {
            std::string title(i.description);
            for (const std::string_view cut : {" (offender's cell)", " (victim's cell)", ", victim's cell", " in the cell"})
                for (auto at = title.find(cut); at != std::string::npos; at = title.find(cut)) title.erase(at, cut.size());
            if (const auto at = title.find("; "); at != std::string::npos) title.erase(at);
            out.push_back(title);
        }
        return out;
    }();
    return titles[static_cast<std::size_t>(m)];
}

io::ComparedRuns compared_runs(const std::vector<ComparedRun>& runs) {
    io::ComparedRuns out;
    for (const auto& r : runs) {
        out.labels.push_back(r.label);
        out.stored.push_back(r.run->stored);
        out.years.push_back(r.run->years);
        out.years.back().label = r.label;
    }
    return out;
}

std::vector<io::ShownMeasure> shown_measures(int extra) {
    std::vector<io::ShownMeasure> shown;
    for (const Measure m : home_office_measures) shown.push_back({m, measure_title(m)});
    if (extra >= 0 && std::ranges::find(home_office_measures, static_cast<Measure>(extra)) == std::end(home_office_measures))
        shown.push_back({static_cast<Measure>(extra), measure_title(static_cast<Measure>(extra))});
    return shown;
}

void comparison_table_view(App& app, const std::vector<ComparedRun>& runs) {
    const auto shown = shown_measures(app.view.measure);
    if (ImGui::Button("Copy CSV")) {
        ImGui::SetClipboardText(io::comparison_csv(compared_runs(runs), shown).c_str());
        app.say("The comparison is on the clipboard as CSV (the columns of vrusim compare --csv).");
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(420);
    ImGui::InputTextWithHint("##csv", "path/to/comparison.csv", app.csv_path.data(), app.csv_path.size());
    ImGui::SameLine();
    if (ImGui::Button("Export CSV") && app.csv_path[0] != '\0') {
        try {
            const std::filesystem::path file = std::filesystem::absolute(app.csv_path.data());
            const auto mine = app.written.find(file);
            app.written[file] = write_file_atomically(file, io::comparison_csv(compared_runs(runs), shown),
                                                      mine == app.written.end() ? std::nullopt : std::optional(mine->second));
            app.say(fmt::format("Wrote {}.", file.string()));
        } catch (const std::exception& e) {
            app.say(e.what(), true);
        }
    }
    ImGui::BeginChild("table");
    ImGui::TextWrapped("A year over the run: mean [95%% interval over %d replicates]; difference from the base paired by "
                       "replicate (common random numbers), greyed where its interval includes zero; smallest "
                       "detectable: the smallest difference this many simulation replicates would find with 80%% power "
                       "at the 5%% level.",
                       runs.front().run->years.replicates);
    measures_table(runs, shown);
    ImGui::PushStyleColor(ImGuiCol_Text, caveat_colour);
    ImGui::TextWrapped(
        "As expected values the three Home Office measures are fixed shares of knife victimisations (about 12%%, 70%% "
        "and 0.7%%): they move together, so read them as one result, not three. The 95%% interval is the uncertainty "
        "of the model's mean, not the range of a real year's count; 'smallest detectable' is for these simulation "
        "replicates, not for a real evaluation, and real year-to-year changes are far larger than a programme's "
        "modelled effect.");
    ImGui::PopStyleColor();
    if (app.full) economics_table(runs);
    else
        ImGui::TextColored(warning_colour, "Cost, value, benefit-cost ratio and cost per harm averted: in a Full run "
                                           "only (a quick sample's harms are too few to value).");
    conditions_table(runs);
    reach_table(runs);
    app.table_overflow = ImGui::GetScrollMaxY();
    ImGui::EndChild();
}

}  // namespace vrusim::gui
