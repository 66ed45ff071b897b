// vrusim-gui: the scenario explorer (docs/gui.md). A scenario library, editors built from the
// scenario schema, runs off the render thread (quick estimate or full) cached in memory, and the
// three Home Office measures by financial year with their 95% bands and a comparison against the
// base; --screenshot writes the window to a PNG and exits (the headless mode CI tests under Xvfb).
#include <CLI/CLI.hpp>
#include <GLFW/glfw3.h>
#include <fmt/format.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <thread>
#include <filesystem>

#include "app.hpp"
#include "export_results.hpp"
#include "screenshot.hpp"

namespace {

using namespace vrusim;
using namespace vrusim::gui;

constexpr int exit_ok = 0, exit_failure = 1, exit_bad_input = 2;

struct Options {
    std::vector<std::string> scenarios;
    bool run = false;
    bool full = false;
    int edit = 0;  // 1-based scenario to open in the editor; 0 = none
    std::string edit_tab;
    std::string view;
    std::string measure;
    std::string export_dir;
    bool fps = false;
    std::string screenshot;
    int width = 1600, height = 1000;
};

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
    // Latin with its extensions, and the punctuation and signs of UK plan names: en and em dashes,
    // curly quotes, the euro sign ("Plan 2023\u201324 \u2013 Slough" shows as typed, not as "?").
    static const ImWchar ranges[] = {0x0020, 0x024F, 0x2000, 0x206F, 0x20A0, 0x20CF, 0x2100, 0x214F, 0x2190, 0x21FF,
                                     0x2200, 0x22FF, 0};
    if (std::filesystem::exists(font)) io.Fonts->AddFontFromFileTTF(font, 20.0f, nullptr, ranges);
    else io.FontGlobalScale = 1.5f;
}

// The scenarios named on the command line, every file's problems reported at once (false).
bool load_scenarios(App& app, const std::vector<std::string>& files) {
    std::vector<std::string> problems;
    for (const auto& file : files) {
        try {
            app.add(ScenarioDraft::open(file));
        } catch (const io::ScenarioError& e) {
            problems.insert(problems.end(), e.problems.begin(), e.problems.end());
        }
    }
    if (problems.empty()) return true;
    for (const auto& problem : problems) std::fprintf(stderr, "error: %s\n", problem.c_str());
    std::fprintf(stderr, "%zu problem%s found; nothing was run.\n", problems.size(), problems.size() == 1 ? "" : "s");
    return false;
}

// Frames drawn while a run is in progress, paced so that drawing leaves the cores to the
// simulation, and measured for --fps (docs/performance.md).
class FrameClock {
public:
    void frame_started(bool running) {
        const double now = glfwGetTime();
        if (running && last_running_) intervals_.push_back(now - start_);
        if (frames_++ > 0) busy_ += last_busy_;
        start_ = now;
        last_running_ = running;
    }
    // The time the last frame took to build and draw (before pace's sleep).
    void drawn() { last_busy_ = glfwGetTime() - start_; }
    // At most 60 frames a second, 40 while a run is in progress: enough to stay smooth, and the
    // rest of the machine (software rendering under Xvfb costs ~10 ms a frame) left to the run.
    void pace() const {
        const double left = 1.0 / (last_running_ ? 40 : 60) - (glfwGetTime() - start_);
        if (left > 0) std::this_thread::sleep_for(std::chrono::duration<double>(left));
    }
    void report() const {
        if (intervals_.empty()) {
            std::fprintf(stderr, "fps: no frames were drawn while a run was in progress\n");
            return;
        }
        double total = 0, slowest = 0;
        std::size_t slow = 0;  // frames longer than 1/30 s
        for (const double d : intervals_) total += d, slowest = std::max(slowest, d), slow += d > 1.0 / 30;
        std::fprintf(stderr, "fps: %zu frames while running, %.1f a second on average, %zu longer than 1/30 s, slowest %.1f ms; "
                     "drawing a frame took %.1f ms on average\n",
                     intervals_.size(), static_cast<double>(intervals_.size()) / total, slow, 1000 * slowest,
                     frames_ > 1 ? 1000 * busy_ / static_cast<double>(frames_ - 1) : 0.0);
    }

private:
    double start_ = 0, busy_ = 0, last_busy_ = 0;
    long frames_ = 0;
    bool last_running_ = false;
    std::vector<double> intervals_;
};

// Why a screenshot cannot be written at `file`, or nothing: its directory must exist, and an
// existing file must be a regular file holding a PNG (an earlier screenshot, which is replaced).
// A pipe or device is never opened: reading one to see whether it is a PNG could block for ever.
std::optional<std::string> screenshot_problem(const std::filesystem::path& file) {
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (std::filesystem::is_directory(status)) return "it is a directory";
    if (!std::filesystem::is_directory(std::filesystem::absolute(file).parent_path(), ec))
        return "its directory does not exist";
    if (!std::filesystem::exists(status)) return std::nullopt;
    if (!std::filesystem::is_regular_file(status)) return "it exists and is not a regular file";
    if (!is_png(file)) return "it exists and is not a PNG (only an earlier screenshot is replaced)";
    return std::nullopt;
}

// The headless mode's --export: each shown run's results file, as the window's Export writes them.
void export_after_run(App& app, const std::string& dir) {
    std::vector<std::pair<std::string, const FinishedRun*>> runs;
    const auto shown = app.shown_runs();
    for (std::size_t i = 0; i < shown.size(); ++i)
        if (shown[i]) runs.emplace_back(app.chosen[i].label(), shown[i]);
    for (const auto& file : export_results(dir, runs, app.written, Replace::results_files)) std::printf("%s\n", file.c_str());
}

int run_gui(const Options& options) {
    App app;
    app.scenario_dir = VRUSIM_SCENARIO_DIR;
    app.full = options.full;
    if (!load_scenarios(app, options.scenarios)) return exit_bad_input;
    app.library = bundled_scenarios(app.scenario_dir);
    if (options.edit > static_cast<int>(app.chosen.size())) {
        std::fprintf(stderr, "error: --edit %d: there %s only %zu scenario%s\n", options.edit,
                     app.chosen.size() == 1 ? "is" : "are", app.chosen.size(), app.chosen.size() == 1 ? "" : "s");
        return exit_bad_input;
    }
    if (options.edit > 0) app.edit(options.edit - 1);
    app.editor_tab = options.edit_tab;
    app.results_tab = options.view;
    if (!options.measure.empty()) {
        const auto table = measure_info(MeasureSet::model);
        const auto it = std::ranges::find(table, std::string_view(options.measure), &MeasureInfo::name);
        if (it == table.end()) {
            std::fprintf(stderr, "error: --measure %s: no such measure (docs/outputs.md lists them)\n", options.measure.c_str());
            return exit_bad_input;
        }
        app.view.measure = static_cast<int>(it - table.begin());
    }
    // Scenarios that cannot be paired are refused before a window opens when asked to run at once.
    if (options.run) {
        std::vector<io::LoadedScenario> to_run;
        if (const auto problems = app.as_run(to_run); !problems.empty()) {
            for (const auto& problem : problems) std::fprintf(stderr, "error: %s\n", problem.c_str());
            return exit_bad_input;
        }
    }
    // The screenshot's and the export's paths are checked before the run, not found wrong after it.
    if (!options.screenshot.empty()) {
        if (const auto problem = screenshot_problem(options.screenshot)) {
            std::fprintf(stderr, "error: cannot write the screenshot %s: %s\n", options.screenshot.c_str(), problem->c_str());
            return exit_bad_input;
        }
    }
    if (!options.export_dir.empty()) {
        std::vector<std::string> labels;
        for (const auto& chosen : app.chosen) labels.push_back(chosen.label());
        try {
            (void)export_files(options.export_dir, labels, app.written, Replace::results_files);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "error: --export: %s\n", e.what());
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
    if (options.run) app.start_runs();
    if (options.view == "Network" && app.chosen.front().runnable()) start_network_sample(app);
    int frames_since_done = 0, steady_frames = 0;
    float last_overflow = -1;
    FrameClock clock;
    while (!glfwWindowShouldClose(window)) {
        const bool running = app.worker.state() == RunWorker::State::running;
        // Idle, the window sleeps until the user does something; running, it draws the progress.
        if (running || !options.screenshot.empty()) glfwPollEvents();
        else glfwWaitEventsTimeout(0.5);
        clock.frame_started(running);
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        // A screenshot shows the window as laid out, not a hover read-out where Xvfb's pointer rests.
        if (!options.screenshot.empty()) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        ImGui::NewFrame();
        draw_app(app);
        ImGui::Render();
        int width = 0, height = 0;
        glfwGetFramebufferSize(window, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(0.94f, 0.94f, 0.94f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        // A picture of this frame; of the Table view, drawn off screen as tall as the whole table.
        const int tall = height + static_cast<int>(std::ceil(app.table_overflow));
        auto save_png = [&](const std::filesystem::path& file, const std::optional<FileStamp>& replaceable) {
            if (tall == height) return write_screenshot(file, width, height, replaceable);
            return write_offscreen(file, width, tall, [&] {
                ImGui_ImplOpenGL3_NewFrame();
                ImGui_ImplGlfw_NewFrame();
                ImGuiIO& io = ImGui::GetIO();
                io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(tall));
                io.DisplayFramebufferScale = ImVec2(1, 1);
                io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
                ImGui::NewFrame();
                draw_app(app);
                ImGui::Render();
                glClearColor(0.94f, 0.94f, 0.94f, 1.0f);
                glClear(GL_COLOR_BUFFER_BIT);
                ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            }, replaceable);
        };
        if (!app.png_request.empty()) {  // the window's Save PNG
            const std::filesystem::path file = std::filesystem::absolute(app.png_request);
            app.png_request.clear();
            try {
                const auto mine = app.written.find(file);
                app.written[file] = save_png(file, mine == app.written.end() ? std::nullopt : std::optional(mine->second));
                app.say(fmt::format("Wrote {} ({} x {}).", file.string(), width, tall));
            } catch (const std::exception& e) {
                app.say(e.what(), true);
            }
        }
        const auto state = app.worker.state();
        // The layout settles over a few frames once results arrive (a table's columns and wrapped
        // rows, then the scroll range read from them): the picture waits until the table's height
        // has held for 3 frames, from the 10th frame after the run (at most 60).
        const bool settled = app.table_overflow == last_overflow ? ++steady_frames >= 3 : (steady_frames = 0, false);
        last_overflow = app.table_overflow;
        if (!options.screenshot.empty() && state != RunWorker::State::running && !app.network.pending.valid() &&
            (state != RunWorker::State::idle || !options.run) && ++frames_since_done >= 10 &&
            (settled || frames_since_done >= 60)) {
            try {
                // An earlier screenshot at OUT is replaced (checked before the run); a file put there
                // since is refused by the writer.
                if (const auto problem = screenshot_problem(options.screenshot))
                    throw std::runtime_error(fmt::format("cannot write the screenshot {}: {}", options.screenshot, *problem));
                save_png(options.screenshot, stamp_of(options.screenshot));
                if (!options.export_dir.empty()) export_after_run(app, options.export_dir);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "error: %s\n", e.what());
                exit_code = exit_failure;
            }
            if (state == RunWorker::State::failed) {
                std::fprintf(stderr, "error: %s\n", app.worker.error().c_str());
                exit_code = exit_failure;
            }
            break;
        }
        glfwSwapBuffers(window);
        clock.drawn();
        clock.pace();
    }
    if (options.fps) clock.report();
    app.worker.cancel();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App cli{"vrusim-gui: compare a VRU's plans (docs/gui.md)"};
    Options options;
    cli.add_option("--scenario", options.scenarios, "A scenario file (up to four; the first is the base)")
        ->check(CLI::ExistingFile);
    cli.add_flag("--run", options.run, "Run the scenarios at once");
    cli.add_flag("--full", options.full, "Full runs (each scenario's own population and replicates), not a quick estimate");
    cli.add_option("--edit", options.edit, "Open the editor on this scenario (1 = the first)")->check(CLI::Range(1, 4));
    cli.add_option("--edit-tab", options.edit_tab, "The editor's tab to show")
        ->check(CLI::IsMember({"Interventions", "Funding", "Model parameters"}))
        ->needs("--edit");
    cli.add_option("--view", options.view, "The view to show (Network: the first scenario's, drawn at once)")
        ->check(CLI::IsMember({"Measures", "By area", "Money", "Table", "Network"}));
    cli.add_option("--measure", options.measure, "The measure the views show (a name from docs/outputs.md)");
    cli.add_option("--screenshot", options.screenshot, "Write the window to this PNG once the run is shown, and exit");
    cli.add_option("--export", options.export_dir,
                   "With --screenshot: also write each run's results file (the command line's layout) into this directory")
        ->needs("--screenshot");
    cli.add_flag("--fps", options.fps, "On exit, print the frame rate while a run was in progress (docs/performance.md)");
    cli.add_option("--width", options.width, "Window width in pixels")->check(CLI::Range(640, 8192));
    cli.add_option("--height", options.height, "Window height in pixels")->check(CLI::Range(480, 8192));
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? exit_ok : exit_bad_input;  // help is 0; a bad argument is bad input
    }
    if (!options.export_dir.empty() && !options.run) {
        std::fprintf(stderr, "error: --export writes the runs' results: it needs --run\n");
        return exit_bad_input;
    }
    if (cli.count("--screenshot") > 0 && options.screenshot.empty()) {
        std::fprintf(stderr, "error: --screenshot needs a file name\n");
        return exit_bad_input;
    }
    if (options.scenarios.empty()) {
        // A first look: no programme against the Thames Valley programme, ready to run.
        options.scenarios.push_back(std::string(VRUSIM_SCENARIO_DIR) + "/examples/no-programme.yaml");
        options.scenarios.push_back(std::string(VRUSIM_SCENARIO_DIR) + "/thames-valley-2023-24.yaml");
    }
    if (options.scenarios.size() > max_side_by_side) {
        std::fprintf(stderr, "error: at most %zu scenarios side by side\n", max_side_by_side);
        return exit_bad_input;
    }
    return run_gui(options);
}
