// vrusim-gui: the scenario explorer (docs/gui.md). This first part runs up to four scenarios off
// the render thread (quick estimate or full), and shows the three Home Office measures by financial
// year with their 95% bands and a comparison against the first scenario; --screenshot writes the
// window to a PNG and exits (the headless mode CI tests under Xvfb).
#include <CLI/CLI.hpp>
#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "pairing.hpp"
#include "plot.hpp"
#include "run_worker.hpp"
#include "screenshot.hpp"
#include "sim/programme/funding.hpp"

namespace {

using namespace vrusim;
using namespace vrusim::gui;

constexpr int exit_ok = 0, exit_failure = 1, exit_bad_input = 2;

// Okabe and Ito's palette: told apart with every common colour-vision deficiency.
constexpr ImU32 scenario_colours[] = {IM_COL32(0, 114, 178, 255), IM_COL32(230, 159, 0, 255),
                                      IM_COL32(0, 158, 115, 255), IM_COL32(213, 94, 0, 255)};

struct Options {
    std::vector<std::string> scenarios;
    bool run = false;
    bool full = false;
    std::string screenshot;
    int width = 1600, height = 1000;
};

struct Shown {
    Measure measure;
    const char* title;
};
constexpr Shown home_office[] = {
    {Measure::hospital_admissions_knife_assault_u25_expected, "Knife-assault admissions, victims under 25"},
    {Measure::recorded_knife_assaults_u25_expected, "Recorded knife assaults, victims under 25"},
    {Measure::knife_homicides_u25_expected, "Knife homicides, victims under 25"}};

std::string label_of(const io::LoadedScenario& s, const std::string& path) {
    return s.name.empty() ? std::filesystem::path(path).stem().string() : s.name;
}

void setup_style() {
    ImGui::StyleColorsLight();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0;
    style.ChildRounding = 4;
    style.FrameRounding = 3;
    style.ItemSpacing = ImVec2(10, 8);
    // Readable at a projector's distance: DejaVu Sans at 20 px where Debian's font is installed.
    ImGuiIO& io = ImGui::GetIO();
    const char* font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
    if (std::filesystem::exists(font)) io.Fonts->AddFontFromFileTTF(font, 20.0f);
    else io.FontGlobalScale = 1.5f;
}

// The comparison against the first scenario, with the same library code as `vrusim compare`.
void comparison_table(const std::vector<RunYears>& runs) {
    if (!ImGui::BeginTable("comparison", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) return;
    ImGui::TableSetupColumn("measure (a year)");
    ImGui::TableSetupColumn("scenario");
    ImGui::TableSetupColumn("mean [95% interval]");
    ImGui::TableSetupColumn("difference from the base, paired by replicate");
    ImGui::TableHeadersRow();
    for (const auto& shown : home_office)
        for (std::size_t f = 0; f < runs.size(); ++f) {
            const auto c = compare_measure(runs.front(), runs[f], shown.measure);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (f == 0) ImGui::TextUnformatted(shown.title);
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(scenario_colours[f]), "%s", runs[f].label.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%.3g [%.3g, %.3g]", c.value.mean, c.value.low, c.value.high);
            ImGui::TableNextColumn();
            if (f == 0) ImGui::TextDisabled("(base)");
            else ImGui::Text("%+.3g [%+.3g, %+.3g]", c.difference.mean, c.difference.low, c.difference.high);
        }
    ImGui::EndTable();
}

// The scenarios as they will run (quick or full), or the problems that stop them: a quick
// version the loader's rules refuse, or scenarios that cannot be paired.
std::vector<std::string> as_run(const std::vector<io::LoadedScenario>& scenarios, const std::vector<std::string>& labels,
                                bool full, std::vector<io::LoadedScenario>& to_run) {
    to_run.clear();
    try {
        for (const auto& s : scenarios) to_run.push_back(full ? s : quick_version(s));
    } catch (const io::ScenarioError& e) {
        return e.problems;
    }
    return pairing_problems(to_run, labels);
}

// Starts the scenarios if they can run side by side; else the problems.
std::vector<std::string> start_runs(RunWorker& worker, const std::vector<io::LoadedScenario>& scenarios,
                                    const std::vector<std::string>& labels, bool full) {
    std::vector<io::LoadedScenario> to_run;
    auto problems = as_run(scenarios, labels, full, to_run);
    if (problems.empty()) worker.start(std::move(to_run), labels);
    return problems;
}

void draw_window(RunWorker& worker, const std::vector<io::LoadedScenario>& scenarios,
                 const std::vector<std::string>& labels, bool full, const std::optional<std::vector<RunYears>>& runs,
                 std::vector<std::string>& problems) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin("vrusim", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove);
    ImGui::Text("vrusim explorer");
    ImGui::SameLine();
    if (full) ImGui::TextDisabled("  full run: every scenario's own population and replicates");
    else
        ImGui::TextColored(ImVec4(0.75f, 0.35f, 0.0f, 1.0f),
                           "  QUICK ESTIMATE: a %.0f%% sample, %d replicates: for exploring, not for minutes",
                           100 * quick_scale, quick_replicates);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        ImGui::ColorButton(fmt::format("##colour{}", i).c_str(), ImGui::ColorConvertU32ToFloat4(scenario_colours[i]),
                           ImGuiColorEditFlags_NoTooltip, ImVec2(18, 18));
        ImGui::SameLine();
        ImGui::Text("%s", labels[i].c_str());
        if (i + 1 < labels.size()) ImGui::SameLine(0, 30);
    }
    const auto state = worker.state();
    if (state == RunWorker::State::running) {
        ImGui::ProgressBar(static_cast<float>(worker.progress()), ImVec2(400, 0));
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) worker.cancel();
    } else if (ImGui::Button("Run")) {
        problems = start_runs(worker, scenarios, labels, full);
    }
    for (const auto& problem : problems) ImGui::TextColored(ImVec4(0.8f, 0, 0, 1), "%s", problem.c_str());
    if (state == RunWorker::State::failed) ImGui::TextColored(ImVec4(0.8f, 0, 0, 1), "%s", worker.error().c_str());
    if (state == RunWorker::State::cancelled) ImGui::TextDisabled("cancelled");
    if (runs && !runs->empty()) {
        const auto& first = scenarios.front().parameters;
        std::vector<std::string> years;
        for (int y = 0; y < runs->front().years; ++y) years.push_back(financial_year_label(first.run.start_year + y));
        const float width = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
        for (std::size_t k = 0; k < std::size(home_office); ++k) {
            std::vector<PlotLine> lines;
            for (std::size_t f = 0; f < runs->size(); ++f)
                lines.push_back({(*runs)[f].label, scenario_colours[f], by_year((*runs)[f], home_office[k].measure)});
            time_series_plot(fmt::format("plot{}", k).c_str(), home_office[k].title,
                             unit_a_year(home_office[k].measure) + " (expected), mean and 95% band", years, lines,
                             ImVec2(width, 430));
            if (k + 1 < std::size(home_office)) ImGui::SameLine();
        }
        if (!full)
            ImGui::TextDisabled("Bands: the spread of %d replicates of a %.0f%% sample. Jumps from year to year are "
                                "chance, not effects; run in full for figures to read.",
                                quick_replicates, 100 * quick_scale);
        comparison_table(*runs);
    }
    ImGui::End();
}

int run_gui(const Options& options) {
    std::vector<io::LoadedScenario> scenarios;
    std::vector<std::string> labels;
    std::vector<std::string> load_problems;  // every file's, so that one pass fixes them all
    for (const auto& path : options.scenarios) {
        try {
            scenarios.push_back(io::load_scenario(path));
            std::string label = label_of(scenarios.back(), path);
            // The same name twice (a scenario given twice, or two files with one name): numbered.
            const auto same = std::ranges::count_if(labels, [&](const std::string& l) {
                return l == label || l.starts_with(label + " (");
            });
            if (same > 0) label += fmt::format(" ({})", same + 1);
            labels.push_back(label);
        } catch (const io::ScenarioError& e) {
            load_problems.insert(load_problems.end(), e.problems.begin(), e.problems.end());
        }
    }
    if (!load_problems.empty()) {
        for (const auto& problem : load_problems) std::fprintf(stderr, "error: %s\n", problem.c_str());
        std::fprintf(stderr, "%zu problem%s found; nothing was run.\n", load_problems.size(),
                     load_problems.size() == 1 ? "" : "s");
        return exit_bad_input;
    }
    // Scenarios that cannot be paired are refused before a window opens when asked to run at once.
    if (options.run) {
        std::vector<io::LoadedScenario> to_run;
        if (const auto problems = as_run(scenarios, labels, options.full, to_run); !problems.empty()) {
            for (const auto& problem : problems) std::fprintf(stderr, "error: %s\n", problem.c_str());
            return exit_bad_input;
        }
    }
    // A screenshot's directory must exist before the run, not be found missing after it.
    if (!options.screenshot.empty()) {
        const auto dir = std::filesystem::absolute(options.screenshot).parent_path();
        if (!std::filesystem::is_directory(dir) || std::filesystem::is_directory(options.screenshot)) {
            std::fprintf(stderr, "error: cannot write the screenshot %s: %s\n", options.screenshot.c_str(),
                         std::filesystem::is_directory(options.screenshot) ? "it is a directory"
                                                                           : "its directory does not exist");
            return exit_bad_input;
        }
    }
    if (!glfwInit()) {
        std::fprintf(stderr, "error: cannot open a window (no display?); for --screenshot run under xvfb-run\n");
        return exit_failure;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* window = glfwCreateWindow(options.width, options.height, "vrusim explorer", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "error: cannot open a window with OpenGL 3.0\n");
        glfwTerminate();
        return exit_failure;
    }
    glfwMakeContextCurrent(window);
    glfwSwapInterval(1);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini left in the user's directory
    setup_style();
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    int exit_code = exit_ok;
    {
        RunWorker worker;
        std::vector<std::string> problems;
        if (options.run) problems = start_runs(worker, scenarios, labels, options.full);
        std::optional<std::vector<RunYears>> runs;  // cached: switching views never reruns
        int frames_since_done = 0;
        while (!glfwWindowShouldClose(window)) {
            glfwPollEvents();
            if (worker.state() == RunWorker::State::done && !runs) runs = worker.results();
            if (worker.state() == RunWorker::State::running) runs.reset();
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            draw_window(worker, scenarios, labels, options.full, runs, problems);
            ImGui::Render();
            int width = 0, height = 0;
            glfwGetFramebufferSize(window, &width, &height);
            glViewport(0, 0, width, height);
            glClearColor(0.94f, 0.94f, 0.94f, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            const auto state = worker.state();
            if (!options.screenshot.empty() && state != RunWorker::State::running &&
                (state != RunWorker::State::idle || !options.run) && ++frames_since_done >= 3) {
                try {
                    write_screenshot(options.screenshot, width, height);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "error: %s\n", e.what());
                    exit_code = exit_failure;
                }
                if (state == RunWorker::State::failed) {
                    std::fprintf(stderr, "error: %s\n", worker.error().c_str());
                    exit_code = exit_failure;
                }
                break;
            }
            glfwSwapBuffers(window);
        }
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"vrusim-gui: compare a VRU's plans (docs/gui.md)"};
    Options options;
    app.add_option("--scenario", options.scenarios, "A scenario file (up to four; the first is the base)")
        ->check(CLI::ExistingFile);
    app.add_flag("--run", options.run, "Run the scenarios at once");
    app.add_flag("--full", options.full, "Full runs (each scenario's own population and replicates), not a quick estimate");
    app.add_option("--screenshot", options.screenshot, "Write the window to this PNG once the run is shown, and exit");
    app.add_option("--width", options.width, "Window width in pixels")->check(CLI::Range(640, 8192));
    app.add_option("--height", options.height, "Window height in pixels")->check(CLI::Range(480, 8192));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? exit_ok : exit_bad_input;  // help is 0; a bad argument is bad input
    }
    if (app.count("--screenshot") > 0 && options.screenshot.empty()) {
        std::fprintf(stderr, "error: --screenshot needs a file name\n");
        return exit_bad_input;
    }
    if (options.scenarios.empty())
        options.scenarios.push_back(std::string(VRUSIM_SCENARIO_DIR) + "/thames-valley-2023-24.yaml");
    if (options.scenarios.size() > std::size(scenario_colours)) {
        std::fprintf(stderr, "error: at most %zu scenarios side by side\n", std::size(scenario_colours));
        return exit_bad_input;
    }
    return run_gui(options);
}
