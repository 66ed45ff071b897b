#include "run_worker.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sim/economics/run_years.hpp"
#include "sim/ensemble.hpp"

namespace vrusim::gui {

namespace {

struct Cancelled {};

// Keeps each replicate, counts the weeks simulated and stops the run when cancelled.
class Collector final : public RunObserver {
public:
    Collector(std::atomic<bool>& cancel, std::atomic<long>& weeks_done) : cancel_(cancel), weeks_done_(weeks_done) {}
    void replicate_done(const ReplicateResult& result) override { kept.push_back(result); }
    void progress(const RunPlan&, int, int) override {
        weeks_done_ += 8;  // the ensemble reports every 8 weeks
        if (cancel_) throw Cancelled{};
    }
    std::vector<ReplicateResult> kept;

private:
    std::atomic<bool>& cancel_;
    std::atomic<long>& weeks_done_;
};

}  // namespace

io::LoadedScenario quick_version(const io::LoadedScenario& scenario) {
    io::LoadedScenario quick = scenario;
    io::apply_override(quick, "population.scale", fmt::format("{}", quick_scale), false);
    io::apply_override(quick, "run.replicates", fmt::format("{}", quick_replicates), false);
    io::check_scenario_rules(quick);
    return quick;
}

std::string run_key(const io::LoadedScenario& as_run) { return io::scenario_yaml(as_run.parameters, "", ""); }

RunWorker::~RunWorker() {
    cancel();
    if (thread_.joinable()) thread_.join();
}

void RunWorker::start(std::vector<io::LoadedScenario> scenarios, std::vector<std::string> labels) {
    if (thread_.joinable()) thread_.join();
    cancel_requested_ = false;
    weeks_done_ = 0;
    long total = 0;
    for (const auto& s : scenarios)
        total += static_cast<long>(s.parameters.run.replicates) * (s.parameters.run.burn_in_weeks + s.parameters.run.weeks);
    weeks_total_ = std::max(1L, total);
    {
        std::lock_guard lock(mutex_);
        results_.clear();
        error_.clear();
    }
    state_ = State::running;
    thread_ = std::thread([this, s = std::move(scenarios), l = std::move(labels)]() mutable { run(std::move(s), std::move(l)); });
}

double RunWorker::progress() const {
    return std::min(1.0, static_cast<double>(weeks_done_) / static_cast<double>(weeks_total_));
}

std::vector<FinishedRun> RunWorker::results() const {
    std::lock_guard lock(mutex_);
    return results_;
}

std::string RunWorker::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

void RunWorker::run(std::vector<io::LoadedScenario> scenarios, std::vector<std::string> labels) {
    try {
        std::vector<FinishedRun> runs;
        for (std::size_t i = 0; i < scenarios.size(); ++i) {
            const Parameters& p = scenarios[i].parameters;
            Collector collector(cancel_requested_, weeks_done_);
            run_ensemble(p, make_plans(p, static_cast<int>(i)), collector);
            runs.push_back(finished_run(std::move(scenarios[i]), std::move(collector.kept), labels[i]));
        }
        std::lock_guard lock(mutex_);
        results_ = std::move(runs);
        state_ = State::done;
    } catch (const Cancelled&) {
        state_ = State::cancelled;
    } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        error_ = e.what();
        state_ = State::failed;
    }
}

}  // namespace vrusim::gui
