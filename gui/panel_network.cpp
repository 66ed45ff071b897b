// The network view: a sample of the social graph around a county line, drawn on a canvas with each
// layer's colour (gui/network_sample.hpp builds it on a thread of its own; no file is touched).
#include <fmt/format.h>

#include <chrono>

#include "app.hpp"

namespace vrusim::gui {

namespace {

// Okabe and Ito's palette again: the line and its runners vermillion, each layer its own colour;
// school classes, the most numerous ties, in grey (orange was too near the runners' vermillion).
constexpr ImU32 tie_colours[network_tie_kinds] = {IM_COL32(213, 94, 0, 255), IM_COL32(0, 114, 178, 255),
                                                  IM_COL32(0, 158, 115, 255), IM_COL32(128, 128, 128, 255),
                                                  IM_COL32(204, 121, 167, 255)};
constexpr const char* tie_names[network_tie_kinds] = {"runs for the line", "household", "friendship", "school class",
                                                      "co-offending"};

ImU32 node_colour(NetworkRole role) {
    switch (role) {
        case NetworkRole::line:
        case NetworkRole::runner: return tie_colours[0];
        case NetworkRole::household: return tie_colours[1];
        case NetworkRole::friend_: return tie_colours[2];
        case NetworkRole::classmate: return tie_colours[3];
        default: return tie_colours[4];
    }
}

const char* role_name(NetworkRole role) {
    switch (role) {
        case NetworkRole::line: return "the county line";
        case NetworkRole::runner: return "runner";
        case NetworkRole::household: return "household member of a runner";
        case NetworkRole::friend_: return "friend of a runner";
        case NetworkRole::classmate: return "classmate of a runner";
        default: return "co-offender of a runner";
    }
}

void legend() {
    for (int k = 0; k < network_tie_kinds; ++k) {
        if (k > 0) ImGui::SameLine(0, 24);
        ImGui::ColorButton(fmt::format("##tie{}", k).c_str(), ImGui::ColorConvertU32ToFloat4(tie_colours[k]),
                           ImGuiColorEditFlags_NoTooltip, ImVec2(18, 18));
        ImGui::SameLine();
        ImGui::TextUnformatted(tie_names[k]);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
    ImGui::TextWrapped("Dots are people, coloured by how they are tied to the runners; a dark ring: criminally "
                       "exploited; a small square: offended in the last year. The line is the large square.");
    ImGui::PopStyleColor();
}

void canvas(const NetworkSample& s) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::GetContentRegionAvail();
    ImGui::InvisibleButton("canvas", size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(255, 255, 255, 255));
    const float side = std::min(size.x, size.y) - 40;
    const ImVec2 corner(origin.x + (size.x - side) / 2, origin.y + (size.y - side) / 2);
    auto at = [&](const NetworkNode& n) { return ImVec2(corner.x + n.x * side, corner.y + n.y * side); };
    for (const auto& e : s.edges)
        draw->AddLine(at(s.nodes[e.a]), at(s.nodes[e.b]), (tie_colours[static_cast<int>(e.kind)] & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 150),
                      e.kind == NetworkTie::line ? 3.0f : 1.5f);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const NetworkNode* hovered = nullptr;
    for (const auto& n : s.nodes) {
        const ImVec2 p = at(n);
        const float r = n.role == NetworkRole::line ? 14.0f : n.role == NetworkRole::runner ? 8.0f : 6.0f;
        if (n.role == NetworkRole::line) draw->AddRectFilled(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), node_colour(n.role));
        else if (n.offended) draw->AddRectFilled(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), node_colour(n.role));
        else draw->AddCircleFilled(p, r, node_colour(n.role));
        if (n.exploited) draw->AddCircle(p, r + 3, IM_COL32(40, 40, 40, 255), 0, 2.0f);
        if (ImGui::IsItemHovered() && std::hypot(mouse.x - p.x, mouse.y - p.y) <= r + 3) hovered = &n;
    }
    if (hovered) {
        if (hovered->role == NetworkRole::line)
            ImGui::SetTooltip("The county line: run from %s, supplying %s", s.hub.c_str(), s.market.c_str());
        else
            ImGui::SetTooltip("%s, aged %d%s%s", role_name(hovered->role), hovered->age,
                              hovered->exploited ? "; criminally exploited" : "", hovered->offended ? "; offended in the last year" : "");
    }
}

}  // namespace

void draw_network_panel(App& app) {
    auto& n = app.network;
    if (n.pending.valid() && n.pending.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        try {
            n.sample = n.pending.get();
        } catch (const std::exception& e) {
            n.sample.reset();
            app.say(fmt::format("The network could not be drawn: {}", e.what()), true);
        }
    }
    n.scenario = std::clamp(n.scenario, 0, static_cast<int>(app.chosen.size()) - 1);
    ImGui::TextWrapped("The people around a county line: one replicate of a scenario run to the end of its burn-in (a "
                       "%.0f%% sample at most: a line's ties are a person's, whatever the sample's size), and its "
                       "busiest live line's runners with their households, classmates, friends and co-offenders.",
                       100 * network_max_scale);
    ImGui::SetNextItemWidth(400);
    if (ImGui::BeginCombo("scenario", app.chosen[static_cast<std::size_t>(n.scenario)].label().c_str())) {
        for (std::size_t i = 0; i < app.chosen.size(); ++i)
            if (ImGui::Selectable(app.chosen[i].label().c_str(), n.scenario == static_cast<int>(i))) n.scenario = static_cast<int>(i);
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    const bool busy = n.pending.valid();
    const auto& draft = app.chosen[static_cast<std::size_t>(n.scenario)];
    if (busy || !draft.runnable()) ImGui::BeginDisabled();
    if (ImGui::Button(busy ? "Drawing..." : "Draw the network")) start_network_sample(app);
    if (busy || !draft.runnable()) ImGui::EndDisabled();
    if (!n.sample) return;
    const NetworkSample& s = *n.sample;
    if (!s.note.empty()) {
        ImGui::TextColored(warning_colour, "%s", s.note.c_str());
        return;
    }
    ImGui::TextWrapped("%s: week %d, %d live lines; this one run from %s into %s, %zu runners from the area and %d brought from "
                "its hub, %d cuckooed homes%s",
                n.sample_label.c_str(), s.week, s.lines_live, s.hub.c_str(), s.market.c_str(),
                static_cast<std::size_t>(std::count_if(s.nodes.begin(), s.nodes.end(), [](const NetworkNode& x) { return x.role == NetworkRole::runner; })),
                s.external_runners, s.trap_houses, s.truncated ? "; more people are tied than shown" : "");
    legend();
    canvas(s);
}

void start_network_sample(App& app) {
    auto& n = app.network;
    const auto& draft = app.chosen[static_cast<std::size_t>(n.scenario)];
    Parameters p = draft.scenario().parameters;
    p.population.scale = std::min(p.population.scale, network_max_scale);
    n.sample_label = draft.label();
    n.pending = std::async(std::launch::async, [p] { return sample_county_line(p); });
}

}  // namespace vrusim::gui
