#include "run_worker.hpp"

#include <fmt/format.h>

#include <sys/resource.h>
#include <tbb/task_scheduler_observer.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "sim/economics/run_years.hpp"
#include "sim/burn_in/shared_run.hpp"
#include "sim/ensemble.hpp"
#include "sim/population.hpp"

namespace vrusim::gui {

namespace {

struct Cancelled {};

// The simulation's threads run at a lower priority (nice 10) than the window's, so that on a
// machine whose cores the run fills the window still draws every frame in time: the render thread
// needs a few milliseconds a frame, and takes them first. Throughput hardly changes (the cores stay
// busy). Linux: setpriority on a thread id sets that thread's nice value.
void lower_this_threads_priority() { ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10); }

class LowPriorityWorkers final : public tbb::task_scheduler_observer {
public:
    LowPriorityWorkers() { observe(true); }
    ~LowPriorityWorkers() override { observe(false); }
    void on_scheduler_entry(bool /*is_worker*/) override { lower_this_threads_priority(); }
};

// Keeps each scenario's replicates, counts the weeks simulated and stops the run when cancelled.
class Collector final : public RunObserver {
public:
    Collector(std::size_t scenarios, std::atomic<bool>& cancel, std::atomic<long>& weeks_done)
        : kept(scenarios), cancel_(cancel), weeks_done_(weeks_done) {}
    void replicate_done(const ReplicateResult& result) override {
        kept[static_cast<std::size_t>(result.plan.scenario)].push_back(result);
    }
    void progress(const RunPlan& plan, int week, int) override {
        int& last = unit_weeks_[{plan.scenario, plan.replicate}];
        weeks_done_ += week - last;
        last = week;
        if (cancel_) throw Cancelled{};
    }
    std::vector<std::vector<ReplicateResult>> kept;

private:
    std::atomic<bool>& cancel_;
    std::atomic<long>& weeks_done_;
    std::map<std::pair<int, int>, int> unit_weeks_;  // weeks each work unit has reported
};

}  // namespace

double quick_scale_of(const Parameters& p) {
    constexpr double scenarios = 3;  // the board's usual comparison: a base and two plans
    const double full_agent_weeks = represented_10_24(p) * (p.run.burn_in_weeks + p.run.weeks) * quick_replicates * scenarios;
    double scale = full_agent_weeks > 0 ? quick_agent_weeks / full_agent_weeks : quick_max_scale;
    scale = std::clamp(scale, quick_min_scale, quick_max_scale);
    scale = std::min(scale, p.population.scale);
    // Two significant figures, so that the label reads "0.83%" and equal inputs give equal keys.
    const double step = std::pow(10.0, std::floor(std::log10(scale)) - 1);
    return std::floor(scale / step) * step;
}

io::LoadedScenario quick_version(const io::LoadedScenario& scenario, double scale) {
    io::LoadedScenario quick = scenario;
    if (scale <= 0) scale = quick_scale_of(scenario.parameters);
    io::apply_override(quick, "population.scale", fmt::format("{}", std::min(scale, scenario.parameters.population.scale)), false);
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
    std::vector<Parameters> parameters;
    for (const auto& s : scenarios) parameters.push_back(s.parameters);
    long total = 0;
    for (const auto& unit : make_shared_units(parameters, [](int, int) { return false; }))
        total += unit_weeks(parameters, unit);
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
    lower_this_threads_priority();
    static LowPriorityWorkers workers;  // every TBB thread that joins the run, from its first task
    try {
        // Scenarios that differ only in their programme share each replicate's burn-in (sim/burn_in).
        std::vector<Parameters> parameters;
        for (const auto& s : scenarios) parameters.push_back(s.parameters);
        const auto units = make_shared_units(parameters, [](int, int) { return false; });
        Collector collector(scenarios.size(), cancel_requested_, weeks_done_);
        run_shared_ensemble(parameters, units, collector);
        std::vector<FinishedRun> runs;
        for (std::size_t i = 0; i < scenarios.size(); ++i)
            runs.push_back(finished_run(std::move(scenarios[i]), std::move(collector.kept[i]), labels[i]));
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
