#include "app.hpp"

#include "plot_scale.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "pairing.hpp"
#include "sim/population.hpp"

namespace vrusim::gui {

bool App::add(ScenarioDraft draft) {
    if (chosen.size() >= max_side_by_side) {
        say(fmt::format("At most {} scenarios side by side: remove one first.", max_side_by_side), true);
        return false;
    }
    const auto taken = labels();
    if (std::ranges::find(taken, draft.label()) != taken.end()) {
        // Another copy of a scenario already shown: numbered, so the legend tells them apart.
        for (int n = 2;; ++n) {
            const std::string label = fmt::format("{} ({})", draft.label(), n);
            if (std::ranges::find(taken, label) == taken.end()) {
                draft.edit("name", label);
                break;
            }
        }
    }
    chosen.push_back(std::move(draft));
    return true;
}

std::vector<std::string> App::labels() const {
    std::vector<std::string> out;
    for (const auto& d : chosen) out.push_back(d.label());
    return out;
}

const App::AsRun& App::as_run_of(const ScenarioDraft& draft) const {
    const std::tuple key{draft.revision(), full, full ? 0.0 : quick_scale()};
    if (const auto it = as_run_memo.find(key); it != as_run_memo.end()) return it->second;
    if (as_run_memo.size() > 64) as_run_memo.clear();  // old revisions: recomputed if ever asked again
    AsRun entry;
    try {
        entry.scenario = full ? draft.scenario() : quick_version(draft.scenario(), std::get<2>(key));
        entry.key = run_key(*entry.scenario);
    } catch (const io::ScenarioError& e) {
        entry.scenario.reset();
        entry.problems = e.problems;
    }
    return as_run_memo.emplace(key, std::move(entry)).first->second;
}

std::vector<std::string> App::as_run(std::vector<io::LoadedScenario>& to_run) const {
    to_run.clear();
    std::vector<std::string> problems;
    for (const auto& d : chosen)
        for (const auto& p : d.problems()) problems.push_back(fmt::format("{}: {}", d.label(), p));
    if (!problems.empty()) return problems;
    for (const auto& d : chosen) {
        const AsRun& a = as_run_of(d);
        if (!a.scenario) return a.problems;
        to_run.push_back(*a.scenario);
        to_run.back().name = d.label();  // the label shown, whatever the revision's name was
    }
    return pairing_problems(to_run, labels());
}

const std::vector<std::string>& App::run_blockers() {
    std::string state = full ? "full" : fmt::format("quick {}", quick_scale());
    for (const auto& d : chosen) state += fmt::format("\n{}\n{}", d.revision(), d.label());
    if (state != blockers_for) {
        std::vector<io::LoadedScenario> to_run;
        blockers = chosen.empty() ? std::vector<std::string>{"no scenario chosen"} : as_run(to_run);
        blockers_for = std::move(state);
    }
    return blockers;
}

void App::start_runs() {
    std::vector<io::LoadedScenario> to_run;
    run_problems = as_run(to_run);
    if (!run_problems.empty() || worker.state() == RunWorker::State::running) return;
    std::vector<io::LoadedScenario> missing;
    std::vector<std::string> missing_labels;
    pending_keys.clear();
    for (std::size_t i = 0; i < to_run.size(); ++i) {
        const std::string key = as_run_of(chosen[i]).key;
        if (cache.contains(key) || std::ranges::find(pending_keys, key) != pending_keys.end()) continue;
        pending_keys.push_back(key);
        missing.push_back(std::move(to_run[i]));
        missing_labels.push_back(chosen[i].label());
    }
    if (missing.empty()) {
        say("Every scenario's run is already here: nothing to run again.");
        return;
    }
    worker.start(std::move(missing), std::move(missing_labels));
}

void App::collect() {
    if (worker.state() != RunWorker::State::done || pending_keys.empty()) return;
    auto runs = worker.results();
    for (std::size_t i = 0; i < runs.size() && i < pending_keys.size(); ++i) cache[pending_keys[i]] = std::move(runs[i]);
    pending_keys.clear();
}

std::vector<const FinishedRun*> App::shown_runs() const {
    std::vector<const FinishedRun*> shown;
    for (const auto& d : chosen) {
        const FinishedRun* run = nullptr;
        if (d.runnable()) {
            const auto it = cache.find(as_run_of(d).key);
            if (it != cache.end()) run = &it->second;
        }
        shown.push_back(run);
    }
    return shown;
}

void App::edit(int index) {
    if (editing != index) intervention_detail = -1;
    editing = index;
    show_editor = true;
}

double App::full_run_seconds() const {
    // The weekly loop's measured speed on the 2-core reference machine, less a margin for the
    // window (docs/performance.md: three full Thames Valley scenarios in the explorer, 1,275 s).
    constexpr double agent_weeks_a_second = 3.8e6;
    double agent_weeks = 0;
    for (const auto& d : chosen) {
        const auto& p = d.scenario().parameters;
        if (!d.runnable() || cache.contains(as_run_of(d).key)) continue;
        agent_weeks += represented_10_24(p) * p.population.scale * (p.run.burn_in_weeks + p.run.weeks) * p.run.replicates;
    }
    return agent_weeks / agent_weeks_a_second;
}

double App::quick_scale() const { return chosen.empty() ? 0 : quick_scale_of(chosen.front().scenario().parameters); }

std::string App::quick_sample_text() const {
    if (chosen.empty()) return "small";
    return percent_text(quick_scale());
}

void App::say(std::string text, bool error) {
    status = std::move(text);
    status_is_error = error;
}

namespace {

void draw_top_bar(App& app) {
    ImGui::TextUnformatted("vrusim explorer");
    ImGui::SameLine(0, 40);
    int mode = app.full ? 1 : 0;
    const bool running = app.worker.state() == RunWorker::State::running;
    if (running) ImGui::BeginDisabled();
    ImGui::RadioButton("Quick estimate", &mode, 0);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("A sample of the population (%s) and %d replicates: seconds, for exploring.",
                          app.quick_sample_text().c_str(), quick_replicates);
    ImGui::SameLine();
    ImGui::RadioButton("Full run", &mode, 1);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Each scenario's own population and replicates: minutes, for figures to minute.");
    app.full = mode == 1;
    ImGui::SameLine(0, 30);
    const auto& blocking = app.run_blockers();
    if (!blocking.empty()) ImGui::BeginDisabled();
    if (ImGui::Button("  Run  ")) app.start_runs();
    if (!blocking.empty()) {
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Fix first:\n%s", fmt::format("{}", fmt::join(blocking, "\n")).c_str());
    }
    if (running) ImGui::EndDisabled();
    ImGui::SameLine();
    if (running) {
        ImGui::ProgressBar(static_cast<float>(app.worker.progress()), ImVec2(320, 0));
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) app.worker.cancel();
    } else if (!blocking.empty() && !app.chosen.empty()) {
        ImGui::TextColored(error_colour, "Run is held: %s%s", blocking.front().c_str(),
                           blocking.size() > 1 ? fmt::format(" (and {} more)", blocking.size() - 1).c_str() : "");
    } else if (app.full) {
        const double seconds = app.full_run_seconds();
        if (seconds > 0)
            ImGui::TextColored(caveat_colour, "FULL RUN: every scenario's own population and replicates: about %s on this "
                               "2-core machine (estimate)",
                               seconds < 90 ? fmt::format("{:.0f} seconds", seconds).c_str()
                                            : fmt::format("{:.0f} minutes", seconds / 60).c_str());
        else
            ImGui::TextColored(caveat_colour, "FULL RUN: every scenario's run is here already");
    } else {
        ImGui::PushTextWrapPos(0);  // a narrow window wraps it rather than cut the warning off
        ImGui::TextColored(warning_colour, "QUICK ESTIMATE: a %s sample, %d replicates: for exploring, not for minutes",
                           app.quick_sample_text().c_str(), quick_replicates);
        ImGui::PopTextWrapPos();
    }
    const auto state = app.worker.state();
    if (state == RunWorker::State::failed) ImGui::TextColored(error_colour, "The run failed: %s", app.worker.error().c_str());
    if (state == RunWorker::State::cancelled) ImGui::TextDisabled("The run was cancelled: nothing of it is kept (results of earlier runs are). Run starts it again.");
    for (const auto& p : app.run_problems) ImGui::TextColored(error_colour, "%s", p.c_str());
    ImGui::Separator();
}

}  // namespace

void draw_app(App& app) {
    app.collect();
    app.table_overflow = 0;  // the Table view sets it when it is the one shown
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin("vrusim", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    draw_top_bar(app);
    const float left = std::clamp(ImGui::GetContentRegionAvail().x * 0.27f, 340.0f, 520.0f);
    ImGui::BeginChild("left", ImVec2(left, 0), true);
    draw_library_panel(app);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("right", ImVec2(0, 0), false);
    if (ImGui::BeginTabBar("views")) {
        if (ImGui::BeginTabItem("Results")) {
            draw_results_panel(app);
            ImGui::EndTabItem();
        }
        if (!app.chosen.empty() && ImGui::BeginTabItem("Network", nullptr,
                                                       app.results_tab == "Network" ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (app.results_tab == "Network") app.results_tab.clear();
            draw_network_panel(app);
            ImGui::EndTabItem();
        }
        if (app.editing >= 0 && app.editing < static_cast<int>(app.chosen.size())) {
            const auto& d = app.chosen[static_cast<std::size_t>(app.editing)];
            const std::string title = fmt::format("Edit: {}{}###editor", d.label(), d.modified() ? " *" : "");
            bool open = true;
            const ImGuiTabItemFlags flags = app.show_editor ? ImGuiTabItemFlags_SetSelected : 0;
            app.show_editor = false;
            if (ImGui::BeginTabItem(title.c_str(), &open, flags)) {
                draw_editor_panel(app);
                ImGui::EndTabItem();
            }
            if (!open) app.editing = -1;
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace vrusim::gui
