// The editor of one scenario, built from the scenario schema (sim/schema.hpp): the intervention mix,
// the funding plan with its year-by-year money and grant conditions, and every model parameter with
// its unit and source as a tooltip. Each field goes through the loader (ScenarioDraft::edit), so a
// refused value stays at its field with the loader's message and Run waits until it is fixed.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "app.hpp"
#include "sim/programme/funding.hpp"
#include "sim/schema.hpp"

namespace vrusim::gui {

namespace {

struct Editing {
    App& app;
    ScenarioDraft& draft;
};

std::string money_text(double pounds) {
    if (!std::isfinite(pounds)) return "-";
    if (std::abs(pounds) >= 1e6) return fmt::format("£{:.2f}m", pounds / 1e6);
    if (std::abs(pounds) >= 1e3) return fmt::format("£{:.0f}k", pounds / 1e3);
    return fmt::format("£{:.0f}", pounds);
}

void meta_tooltip(const FieldMeta& meta, const std::string& key) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
    ImGui::TextUnformatted(key.c_str());
    ImGui::Separator();
    ImGui::TextUnformatted(meta.description.data(), meta.description.data() + meta.description.size());
    if (!meta.unit.empty()) ImGui::Text("Unit: %.*s", static_cast<int>(meta.unit.size()), meta.unit.data());
    ImGui::Text("Expected: %s", expectation(meta).c_str());
    if (!meta.source.empty()) ImGui::Text("Source: %.*s", static_cast<int>(meta.source.size()), meta.source.data());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

// One value: a check box for yes/no, else text the loader reads when the field is left (or on
// Enter); its message in red below when it refuses.
void value_field(Editing& e, const std::string& key, const FieldMeta& meta) {
    ImGui::PushID(key.c_str());
    if (key.ends_with("].catalogue")) {
        // Where a file's intervention starts from: only a file can name it (the loader refuses it here).
        const std::string id = e.draft.field_text(key);
        ImGui::TextDisabled("%s", id.empty() ? "(none)" : id.c_str());
    } else if (meta.type == ValueType::boolean) {
        bool on = e.draft.field_text(key) == "true";
        if (ImGui::Checkbox("##value", &on)) e.draft.edit(key, on ? "true" : "false");
    } else {
        const std::string typing_key = e.draft.label() + "\n" + key;
        const auto typed = e.app.typing.find(typing_key);
        std::array<char, 512> buffer{};
        const std::string shown = typed != e.app.typing.end() ? typed->second : e.draft.field_text(key);
        shown.copy(buffer.data(), buffer.size() - 1);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::InputText("##value", buffer.data(), buffer.size())) e.app.typing[typing_key] = buffer.data();
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            const auto it = e.app.typing.find(typing_key);
            if (it != e.app.typing.end()) {
                const std::string text = it->second;
                e.app.typing.erase(it);
                e.draft.edit(key, text);
            }
        }
    }
    if (ImGui::IsItemHovered()) meta_tooltip(meta, key);
    if (const auto error = e.draft.field_error(key); !error.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(error_colour, "%s", error.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::PopID();
}

// How a value reads to a board: a share as a percentage, pounds with separators, 0 as "never"
// where the schema says so; empty where the value speaks for itself.
std::string reads_as(const FieldMeta& meta, const std::string& text) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) return {};
    const std::string_view unit = meta.unit, what = meta.description;
    if (v == 0 && (what.find("0 = never") != std::string_view::npos || what.find("0 = none") != std::string_view::npos))
        return what.find("0 = never") != std::string_view::npos ? "never" : "none";
    if (unit.starts_with("share") || unit == "probability") return fmt::format("{:.4g}%", 100 * v);
    if (unit.starts_with("pounds")) return money_text(v);
    return {};
}

// A table of keys: what each means (hover: the key, unit, bounds, source), its value, its unit and
// how the value reads.
template <class Rows>
void field_table(Editing& e, const char* id, const Rows& rows, const std::string& prefix) {
    if (!ImGui::BeginTable(id, 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
    ImGui::TableSetupColumn("setting", ImGuiTableColumnFlags_WidthStretch, 1.8f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn("unit", ImGuiTableColumnFlags_WidthStretch, 0.9f);
    for (const auto& row : rows) {
        const FieldMeta& meta = row;
        const std::string key = prefix + std::string(meta.key);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // The description says what the setting is; the key, for the YAML file, in grey below.
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(meta.description.data(), meta.description.data() + meta.description.size());
        ImGui::PopTextWrapPos();
        if (ImGui::IsItemHovered()) meta_tooltip(meta, key);
        const auto leaf = prefix.empty() ? meta.leaf() : meta.key;
        ImGui::TextDisabled("%.*s", static_cast<int>(leaf.size()), leaf.data());
        ImGui::TableNextColumn();
        value_field(e, key, meta);
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(0);
        const std::string reading = reads_as(meta, e.draft.field_text(key));
        ImGui::Text("%.*s%s%s", static_cast<int>(meta.unit.size()), meta.unit.data(), reading.empty() ? "" : ": ", reading.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();
}

void area_combo(Editing& e, const std::string& key) {
    const std::string current = e.draft.field_text(key);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo(("##" + key).c_str(), current.empty() ? "every area" : current.c_str())) {
        if (ImGui::Selectable("every area", current.empty())) e.draft.edit(key, "");
        for (const auto& area : e.draft.scenario().parameters.population.areas)
            if (ImGui::Selectable(area.name.c_str(), area.name == current)) e.draft.edit(key, area.name);
        ImGui::EndCombo();
    }
    if (const auto error = e.draft.field_error(key); !error.empty()) ImGui::TextColored(error_colour, "%s", error.c_str());
}

void interventions_tab(Editing& e, int& detail) {
    const Field* list = find_field("programme.interventions");
    auto member = [&](std::string_view name) -> const FieldMeta& { return *find_record_field(*list, name); };
    const auto& interventions = e.draft.scenario().parameters.programme.interventions;
    if (interventions.empty()) ImGui::TextDisabled("No interventions: this is a baseline with no programme.");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp;
    if (!interventions.empty() && ImGui::BeginTable("interventions", 9, flags)) {
        ImGui::TableSetupColumn("on", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableSetupColumn("intervention", ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn("area", ImGuiTableColumnFlags_WidthStretch, 1.6f);
        ImGui::TableSetupColumn("paid by", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("places a year\nor £ a year", ImGuiTableColumnFlags_WidthStretch, 1.3f);
        ImGui::TableSetupColumn("money it\nplans a year", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("starts\n(week)", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableSetupColumn("stops (week;\n0: runs on)", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
        ImGui::TableHeadersRow();
        for (std::size_t i = 0; i < interventions.size(); ++i) {
            const InterventionSpec& in = interventions[i];
            const std::string at = fmt::format("programme.interventions[{}].", i);
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            value_field(e, at + "enabled", member("enabled"));
            ImGui::TableNextColumn();
            value_field(e, at + "name", member("name"));
            ImGui::TableNextColumn();
            area_combo(e, at + "area");
            ImGui::TableNextColumn();
            int by = in.budget_per_year > 0 ? 1 : 0;
            ImGui::SetNextItemWidth(-1);
            if (ImGui::Combo("##paid", &by, "places\0budget\0"))
                if (const auto why = e.draft.pay_by_budget(i, by == 1); !why.empty()) e.app.say(why, true);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Places a year (the cost follows from the unit cost), or a budget a year (the places "
                                  "are what it buys)");
            ImGui::TableNextColumn();
            if (in.budget_per_year > 0) value_field(e, at + "budget_per_year", member("budget_per_year"));
            else value_field(e, at + "places_per_year", member("places_per_year"));
            ImGui::TableNextColumn();
            ImGui::Text("%s", money_text(planned_money_per_year(in)).c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%.0f places for 10-24s a year%s; fixed %s, %s a participant", planned_places_per_year(in),
                                  in.adult_places_per_year > 0 ? fmt::format(" and {:.0f} for adults", in.adult_places_per_year).c_str() : "",
                                  money_text(in.cost_fixed_per_year).c_str(), money_text(in.cost_per_participant).c_str());
            ImGui::TableNextColumn();
            value_field(e, at + "start_week", member("start_week"));
            ImGui::TableNextColumn();
            value_field(e, at + "end_week", member("end_week"));
            ImGui::TableNextColumn();
            if (ImGui::SmallButton("more")) detail = static_cast<int>(i);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every setting of this intervention, below the table");
            ImGui::SameLine();
            if (ImGui::SmallButton("copy")) e.draft.duplicate_intervention(i);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("A copy at the end of the list (e.g. for another area)");
            ImGui::SameLine();
            if (ImGui::SmallButton("remove")) {
                e.draft.remove_intervention(i);
                detail = -1;
                ImGui::PopID();
                break;
            }
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::TextWrapped("To add an intervention in another area, copy its row and choose the area; to change its money, "
                       "pay it by budget. Weeks count from the first reported week (April %d), 52 a year: week 52 is "
                       "April %d.",
                       e.draft.scenario().parameters.run.start_year, e.draft.scenario().parameters.run.start_year + 1);
    if (detail >= 0 && detail < static_cast<int>(interventions.size())) {
        ImGui::Separator();
        ImGui::Text("Every setting of %s", interventions[static_cast<std::size_t>(detail)].name.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("close")) detail = -1;
        else field_table(e, "detail", list->record_fields, fmt::format("programme.interventions[{}].", detail));
    }
}

void funding_plan_table(const Parameters& p) {
    const FundingPlan plan = plan_funding(p);
    if (plan.years.empty()) return;
    ImGui::TextUnformatted("The plan year by year (before any run: the money is a function of the scenario)");
    const int columns = 1 + static_cast<int>(plan.years.size());
    if (!ImGui::BeginTable("plan", columns, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) return;
    ImGui::TableSetupColumn("");
    for (const auto& y : plan.years) ImGui::TableSetupColumn(financial_year_label(y.year).c_str());
    ImGui::TableHeadersRow();
    auto row = [&](const char* name, auto get) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name);
        for (const auto& y : plan.years) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(money_text(get(y)).c_str());
        }
    };
    row("grant", [](const FundingYear& y) { return y.grant; });
    row("match", [](const FundingYear& y) { return y.match; });
    row("core function", [](const FundingYear& y) { return y.core; });
    row("interventions", [](const FundingYear& y) { return y.interventions; });
    row("evaluation", [](const FundingYear& y) { return y.evaluation; });
    row("sustained by partners", [](const FundingYear& y) { return y.partners; });
    row("separate streams", [](const FundingYear& y) { return y.separate; });
    if (plan.enabled && !plan.years.front().conditions.empty()) {
        for (std::size_t c = 0; c < plan.years.front().conditions.size(); ++c) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("condition: %s", plan.years.front().conditions[c].name.c_str());
            for (const auto& y : plan.years) {
                ImGui::TableNextColumn();
                const GrantCondition& g = y.conditions[c];
                if (!g.applies) ImGui::TextDisabled("n/a");
                else if (g.pass) ImGui::TextColored(ImVec4(0, 0.45f, 0.2f, 1), "PASS %.0f%%", 100 * g.value);
                else ImGui::TextColored(error_colour, "FAIL %.0f%% < %.0f%%", 100 * g.value, 100 * g.required);
            }
        }
    }
    ImGui::EndTable();
}

void funding_tab(Editing& e) {
    for (const auto& section : schema_sections())
        if (section.key == "funding") field_table(e, "funding", section.fields, "");
    if (e.draft.runnable()) funding_plan_table(e.draft.scenario().parameters);
    else ImGui::TextDisabled("The plan by year shows when the problems above are fixed.");
}

void parameters_tab(Editing& e) {
    ImGui::TextDisabled("Hover a key for its meaning, unit and source (docs/scenario-schema.md; docs/model.md).");
    for (const auto& section : schema_sections()) {
        if (section.key.empty() || section.key == "funding" || section.key == "verification") continue;
        const std::string title(section.title);
        if (!ImGui::CollapsingHeader(title.c_str())) continue;
        ImGui::PushID(section.key.data(), section.key.data() + section.key.size());
        std::vector<Field> plain;
        for (const Field& f : section.fields)
            if (f.type != ValueType::record_list) plain.push_back(f);
        field_table(e, "keys", plain, "");
        for (const Field& f : section.fields) {
            if (f.type != ValueType::record_list || f.key == "programme.interventions") continue;
            const std::size_t n = f.record_count(e.draft.scenario().parameters);
            for (std::size_t r = 0; r < n; ++r) {
                const std::string at = fmt::format("{}[{}].", f.key, r);
                const std::string name = e.draft.field_text(at + "name");
                if (ImGui::TreeNode(at.c_str(), "%.*s %zu%s%s", static_cast<int>(f.record_noun.size()),
                                    f.record_noun.data(), r + 1, name.empty() ? "" : ": ", name.c_str())) {
                    field_table(e, "record", f.record_fields, at);
                    ImGui::TreePop();
                }
            }
        }
        ImGui::PopID();
    }
}

void header(Editing& e) {
    const Field* name = find_field("name");
    const Field* description = find_field("description");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Name");
    ImGui::SameLine(140);
    ImGui::SetNextItemWidth(600);
    ImGui::BeginGroup();
    value_field(e, "name", *name);
    ImGui::EndGroup();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Description");
    ImGui::SameLine(140);
    ImGui::BeginGroup();
    value_field(e, "description", *description);
    ImGui::EndGroup();
    ImGui::TextDisabled("File: %s", e.draft.file().empty() ? "not saved yet" : e.draft.file().string().c_str());

    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Save as");
    ImGui::SameLine(140);
    ImGui::SetNextItemWidth(600);
    ImGui::InputTextWithHint("##save", "path/to/new-scenario.yaml", e.app.save_path.data(), e.app.save_path.size());
    ImGui::SameLine();
    const bool can = e.draft.runnable() && e.app.save_path[0] != '\0';
    if (!can) ImGui::BeginDisabled();
    if (ImGui::Button("Save")) {
        try {
            e.draft.save(e.app.save_path.data());
            e.app.say(fmt::format("Saved \"{}\" to {}: `vrusim run` gives the same results with it.", e.draft.label(),
                                  e.draft.file().string()));
        } catch (const std::exception& x) {
            e.app.say(x.what(), true);
        }
    }
    if (!can) ImGui::EndDisabled();
    if (!e.draft.runnable() && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Fix the problems listed first.");
    const auto problems = e.draft.problems();
    if (!problems.empty()) {
        ImGui::TextColored(error_colour, "%zu problem%s: Run and Save wait until %s fixed", problems.size(),
                           problems.size() == 1 ? "" : "s", problems.size() == 1 ? "it is" : "they are");
        ImGui::PushTextWrapPos(0);
        for (const auto& p : problems) ImGui::BulletText("%s", p.c_str());
        ImGui::PopTextWrapPos();
    }
}

}  // namespace

void draw_editor_panel(App& app) {
    auto& draft = app.chosen[static_cast<std::size_t>(app.editing)];
    Editing e{app, draft};
    header(e);
    ImGui::Separator();
    auto tab = [&](const char* name) {
        const bool bring = app.editor_tab == name;
        if (bring) app.editor_tab.clear();
        return ImGui::BeginTabItem(name, nullptr, bring ? ImGuiTabItemFlags_SetSelected : 0);
    };
    if (ImGui::BeginTabBar("editor")) {
        if (tab("Interventions")) {
            ImGui::BeginChild("interventions");
            interventions_tab(e, app.intervention_detail);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        if (tab("Funding")) {
            ImGui::BeginChild("funding");
            funding_tab(e);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        if (tab("Model parameters")) {
            ImGui::BeginChild("parameters");
            parameters_tab(e);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

}  // namespace vrusim::gui
