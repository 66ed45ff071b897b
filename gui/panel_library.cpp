// The left column: the scenarios side by side (colour, name, edit, duplicate, remove), the
// bundled library and opening a file.
#include <fmt/format.h>

#include "app.hpp"
#include "text_fit.hpp"

namespace vrusim::gui {

namespace {

void open_file(App& app, const std::filesystem::path& file) {
    try {
        if (app.add(ScenarioDraft::open(file))) app.say(fmt::format("Opened {}.", file.string()));
    } catch (const io::ScenarioError& e) {
        // The loader's messages, every one: the file, line and key of each problem.
        app.say(fmt::format("{} was not opened:\n{}", file.string(), fmt::join(e.problems, "\n")), true);
    }
}

void chosen_list(App& app) {
    ImGui::TextUnformatted("Side by side");
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("The first is the base the others are compared with; click one to edit it.");
    ImGui::PopStyleColor();
    for (std::size_t i = 0; i < app.chosen.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const auto& d = app.chosen[i];
        ImGui::ColorButton("##colour", ImGui::ColorConvertU32ToFloat4(scenario_colours[i]), ImGuiColorEditFlags_NoTooltip,
                           ImVec2(18, 18));
        ImGui::SameLine();
        // The marks stay visible however long the name: the name is cut to make room for them.
        const std::string marks = fmt::format("{}{}", d.modified() ? " *" : "", i == 0 ? "  (base)" : "");
        const float name_room = ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize(marks.c_str()).x;
        const std::string text = fit_text(d.label(), name_room) + marks;
        if (ImGui::Selectable(fmt::format("{}##chosen", text).c_str(), app.editing == static_cast<int>(i)))
            app.edit(static_cast<int>(i));
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s\n%s\n%s\nClick to edit.", d.label().c_str(),
                              d.file().empty() ? "not saved yet" : d.file().string().c_str(),
                              d.modified() ? "changed since opened or saved (*)" : "");
        if (!d.runnable()) {
            ImGui::Indent(28);
            ImGui::TextColored(error_colour, "%zu problem%s: see the editor", d.problems().size(),
                               d.problems().size() == 1 ? "" : "s");
            ImGui::Unindent(28);
        }
        ImGui::Indent(28);
        if (ImGui::SmallButton("Edit")) app.edit(static_cast<int>(i));
        ImGui::SameLine();
        const bool room = app.chosen.size() < max_side_by_side;
        if (!room) ImGui::BeginDisabled();
        if (ImGui::SmallButton("Duplicate")) {
            auto copy = d.duplicate(app.labels());
            if (app.add(std::move(copy))) app.edit(static_cast<int>(app.chosen.size()) - 1);
        }
        if (!room) ImGui::EndDisabled();
        ImGui::SameLine();
        if (i > 0 && ImGui::SmallButton("Make base")) {
            std::swap(app.chosen[0], app.chosen[i]);
            app.editing = -1;
        }
        if (i > 0) ImGui::SameLine();
        if (ImGui::SmallButton("Remove")) {
            if (d.modified()) app.say(fmt::format("Removed \"{}\" with unsaved changes.", d.label()));
            app.chosen.erase(app.chosen.begin() + static_cast<std::ptrdiff_t>(i));
            app.editing = -1;
            ImGui::Unindent(28);
            ImGui::PopID();
            break;
        }
        ImGui::Unindent(28);
        ImGui::PopID();
    }
    if (app.chosen.empty()) ImGui::TextDisabled("(none: add one from the library below)");
}

void library_list(App& app) {
    ImGui::TextUnformatted("Scenario library");
    ImGui::TextDisabled("click to add side by side (up to %zu)", max_side_by_side);
    const float height = std::max(120.0f, ImGui::GetContentRegionAvail().y - 7 * ImGui::GetFrameHeightWithSpacing());
    ImGui::BeginChild("library", ImVec2(0, height), true);
    bool examples = false;
    for (const auto& entry : app.library) {
        if (!examples && entry.file.parent_path().filename() == "examples") {
            examples = true;
            ImGui::Separator();
            ImGui::TextDisabled("examples");
        }
        ImGui::PushID(entry.file.string().c_str());
        if (!entry.problem.empty()) {
            ImGui::TextColored(error_colour, "%s (does not load)", entry.name.c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", entry.problem.c_str());
        } else if (ImGui::Selectable(fit_text(entry.name, ImGui::GetContentRegionAvail().x).c_str())) {
            open_file(app, entry.file);
        } else if (ImGui::IsItemHovered()) {
            ImGui::SetTooltip("%s\n%s", entry.name.c_str(), entry.file.string().c_str());
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
}

void open_box(App& app) {
    ImGui::TextUnformatted("Open a scenario file");
    ImGui::SetNextItemWidth(-80);
    const bool enter = ImGui::InputTextWithHint("##open", "path/to/scenario.yaml", app.open_path.data(), app.open_path.size(),
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Open") || enter) && app.open_path[0] != '\0') {
        const std::filesystem::path file(app.open_path.data());
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec))
            app.say(fmt::format("{} was not opened: {}", file.string(),
                                std::filesystem::exists(file, ec) ? "it is not a file" : "no such file"),
                    true);
        else
            open_file(app, file);
    }
}

}  // namespace

void draw_library_panel(App& app) {
    chosen_list(app);
    ImGui::Separator();
    library_list(app);
    open_box(app);
    if (!app.status.empty()) {
        ImGui::PushTextWrapPos(0);
        if (app.status_is_error) ImGui::TextColored(error_colour, "%s", app.status.c_str());
        else ImGui::TextDisabled("%s", app.status.c_str());
        ImGui::PopTextWrapPos();
    }
}

}  // namespace vrusim::gui
