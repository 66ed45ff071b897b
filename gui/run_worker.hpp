#pragma once
/// Runs the explorer's scenarios off the render thread: one worker thread runs them one after
/// another (each scenario's replicates in parallel, as `vrusim run` does), reports progress, can be
/// cancelled between weeks, and keeps each finished run's replicates and its financial years. It touches no
/// file (Debian's HDF5 is not thread-safe: only the render thread exports).
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "io/scenario_loader.hpp"
#include "series.hpp"

namespace vrusim::gui {

/// Quick mode: a sampled population and fewer replicates, labelled as a quick estimate. The sample
/// is sized so that three scenarios simulate about quick_agent_weeks agents x weeks in all (about
/// 4 seconds on the 2-core reference machine, docs/performance.md), within [quick_min_scale,
/// quick_max_scale] and never above the scenario's own scale: a small scenario runs whole.
inline constexpr int quick_replicates = 4;
inline constexpr double quick_agent_weeks = 1.6e7;
inline constexpr double quick_min_scale = 0.002;
inline constexpr double quick_max_scale = 1.0;

/// The sample quick mode runs this scenario at: one value for every scenario with its population
/// and run length, so that they pair (and a run stays cached when another is added).
double quick_scale_of(const Parameters& p);

/// The scenario as a quick estimate runs it: population.scale (`scale`, the base's quick sample,
/// so that plans pair with it; 0: its own quick_scale_of) and run.replicates set through the
/// loader (so the result is what the command line gives with the same --set).
io::LoadedScenario quick_version(const io::LoadedScenario& scenario, double scale = 0);

/// What decides a run's results: every setting as run except the name and description (two
/// scenarios with the same key give the same results, so one run serves both).
std::string run_key(const io::LoadedScenario& as_run);

class RunWorker {
public:
    enum class State { idle, running, done, cancelled, failed };

    ~RunWorker();
    /// Starts running `scenarios` (labels in the same order); the previous run must have ended.
    void start(std::vector<io::LoadedScenario> scenarios, std::vector<std::string> labels);
    /// Asks the run to stop at the next week; the worker ends soon after.
    void cancel() { cancel_requested_ = true; }
    State state() const { return state_; }
    /// Share of the simulated weeks done, 0 to 1.
    double progress() const;
    /// The finished runs (State::done), in scenario order.
    std::vector<FinishedRun> results() const;
    std::string error() const;

private:
    void run(std::vector<io::LoadedScenario> scenarios, std::vector<std::string> labels);

    std::thread thread_;
    std::atomic<State> state_{State::idle};
    std::atomic<bool> cancel_requested_{false};
    std::atomic<long> weeks_done_{0};
    std::atomic<long> weeks_total_{1};
    mutable std::mutex mutex_;  // guards results_ and error_
    std::vector<FinishedRun> results_;
    std::string error_;
};

}  // namespace vrusim::gui
