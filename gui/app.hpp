#pragma once
/// The explorer's window: its state (the scenarios side by side, the library, the runs and their
/// cache) and the panels that draw it (docs/gui.md). Each panel is a function over App in its own
/// file; the logic they call (drafts, pairing, series, scales) lives in the window-free core.
#include <imgui.h>

#include <array>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <tuple>
#include <string>
#include <vector>

#include "draft.hpp"
#include "export_file.hpp"
#include "library.hpp"
#include "network_sample.hpp"
#include "run_worker.hpp"

namespace vrusim::gui {

/// Okabe and Ito's palette: told apart with every common colour-vision deficiency.
inline constexpr ImU32 scenario_colours[] = {IM_COL32(0, 114, 178, 255), IM_COL32(230, 159, 0, 255),
                                             IM_COL32(0, 158, 115, 255), IM_COL32(213, 94, 0, 255)};
inline constexpr std::size_t max_side_by_side = std::size(scenario_colours);
inline const ImVec4 error_colour{0.75f, 0.0f, 0.0f, 1.0f};
inline const ImVec4 warning_colour{0.75f, 0.35f, 0.0f, 1.0f};
/// Caveats a board must read: dark grey, not the pale grey of disabled text (a projector loses it).
inline const ImVec4 caveat_colour{0.25f, 0.25f, 0.25f, 1.0f};

/// What the results views show: a measure (-1: the three Home Office measures), an area and an age
/// band (-1: all), by year or week, and whose money by intervention.
struct ResultsView {
    int measure = -1;
    int area = -1;
    int band = -1;
    bool weekly = false;
    int money_scenario = -1;  ///< -1: the first with a programme
};

/// The network view's state: whose network, the sample being drawn (on a thread of its own) and
/// the last one drawn.
inline constexpr double network_max_scale = 0.1;
struct NetworkView {
    int scenario = 0;
    std::future<NetworkSample> pending;
    std::optional<NetworkSample> sample;
    std::string sample_label;
};

struct App {
    std::filesystem::path scenario_dir;  ///< the bundled scenarios
    std::vector<LibraryEntry> library;
    std::vector<ScenarioDraft> chosen;   ///< side by side, the first is the base (at most four)
    int editing = -1;                    ///< index into chosen shown in the editor, or -1
    bool show_editor = false;            ///< bring the editor's tab to the front on the next frame
    std::string results_tab;             ///< the results' tab to bring to the front ("Money"), or empty
    float table_overflow = 0;            ///< pixels of the comparison table below its visible part this frame: a PNG of the Table view is drawn that much taller
    std::string editor_tab;              ///< the editor's tab to bring to the front ("Funding"), or empty
    int intervention_detail = -1;        ///< the intervention whose every setting the editor shows, or -1
    bool full = false;                   ///< full runs, not a quick estimate

    ResultsView view;
    NetworkView network;

    RunWorker worker;
    /// Finished runs by run_key (settings as run, quick or full): an unchanged scenario is never rerun.
    std::map<std::string, FinishedRun> cache;
    std::vector<std::string> pending_keys;  ///< the worker's scenarios' keys, in its order
    std::vector<std::string> run_problems;  ///< why the last Run was refused
    std::string status;                     ///< the last action's outcome (opened, saved, refused)
    bool status_is_error = false;

    std::array<char, 1024> open_path{};
    std::array<char, 1024> save_path{};
    std::array<char, 1024> csv_path{};
    std::array<char, 1024> export_dir{};
    std::string png_request;  ///< Save PNG asked for: written after this frame is drawn
    /// Files exported in this session as they were left (replaced only while unchanged).
    std::map<std::filesystem::path, FileStamp> written;
    /// Text being typed into a field, by draft and key, until it is committed.
    std::map<std::string, std::string> typing;

    /// Adds a scenario side by side (numbered if its name is taken); false with a status if full.
    bool add(ScenarioDraft draft);
    std::vector<std::string> labels() const;
    /// The scenarios as they would run now (quick or full), or the problems that stop a run.
    std::vector<std::string> as_run(std::vector<io::LoadedScenario>& to_run) const;
    /// as_run's problems, memoised by the chosen drafts' revisions, labels and mode (every frame).
    const std::vector<std::string>& run_blockers();
    /// A chosen scenario as it would run now (quick or full), with its cache key, or the loader's
    /// problem with its quick version; memoised by the draft's revision (the window asks every frame).
    struct AsRun {
        std::optional<io::LoadedScenario> scenario;
        std::string key;
        std::vector<std::string> problems;
    };
    const AsRun& as_run_of(const ScenarioDraft& draft) const;
    /// Starts the runs not already in the cache; the problems if it cannot.
    void start_runs();
    /// Collects a finished worker's runs into the cache.
    void collect();
    /// Each chosen scenario's cached run as it stands now (null where it has none), labelled.
    std::vector<const FinishedRun*> shown_runs() const;
    void say(std::string text, bool error = false);
    /// Seconds the scenarios not yet run would take in full on the reference machine (an estimate).
    double full_run_seconds() const;
    /// Quick mode's sample of the base's population, as a percentage ("0.83%").
    std::string quick_sample_text() const;
    mutable std::map<std::tuple<std::uint64_t, bool, double>, AsRun> as_run_memo;
    /// Quick mode's sample for every scenario: the base's (0 with none chosen).
    double quick_scale() const;
    std::string blockers_for;  ///< what run_blockers was computed for
    std::vector<std::string> blockers;
    /// Opens the editor on chosen[index].
    void edit(int index);
};

/// The whole window, every frame.
void draw_app(App& app);
/// The left column: scenarios side by side, the library, opening a file.
void draw_library_panel(App& app);
/// The editor of app.chosen[app.editing].
void draw_editor_panel(App& app);
/// Plots and the comparison table.
void draw_results_panel(App& app);
/// The social graph around a county line.
void draw_network_panel(App& app);
/// Starts sampling the network of app.chosen[app.network.scenario].
void start_network_sample(App& app);

}  // namespace vrusim::gui
