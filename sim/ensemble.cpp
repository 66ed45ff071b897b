#include "ensemble.hpp"

#include <tbb/task_arena.h>

#include <chrono>
#include <mutex>

#include "model.hpp"
#include "parallel.hpp"

namespace vrusim {

std::vector<RunPlan> make_plans(const Parameters& parameters, int scenario) {
    std::vector<RunPlan> plans;
    for (int r = 0; r < parameters.run.replicates; ++r) plans.push_back({scenario, r, parameters.run.seed});
    return plans;
}

ReplicateResult run_replicate(const Parameters& parameters, const RunPlan& plan,
                              const std::function<void(int week)>& on_week) {
    const auto start = std::chrono::steady_clock::now();
    Model model(parameters, plan);
    ReplicateResult result;
    result.plan = plan;
    result.agents = model.agents_at_start();
    result.measures = MeasureCube(parameters.run.weeks, static_cast<int>(parameters.population.areas.size()));
    const int burn_in = parameters.run.burn_in_weeks;
    const int total = burn_in + parameters.run.weeks;
    for (int week = 0; week < total; ++week) {
        model.step();
        if (week >= burn_in) model.measure(result.measures, week - burn_in);
        if (on_week) on_week(week);
    }
    result.state_hash = model.state_hash();
    result.programme = model.programme_tally();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

void run_ensemble(const Parameters& parameters, std::span<const RunPlan> plans, RunObserver& observer) {
    run_ensemble(plans, parameters.run.burn_in_weeks + parameters.run.weeks,
                 [&](const RunPlan& plan, const std::function<void(int)>& on_week) {
                     return run_replicate(parameters, plan, on_week);
                 },
                 observer);
}

void for_each_unit(std::size_t count, const std::function<void(std::size_t unit)>& run_unit) {
    parallel::for_each_unit(count, [&](std::size_t i) { tbb::this_task_arena::isolate([&] { run_unit(i); }); });
}

void check_not_cancelled() { parallel::throw_if_cancelled(); }

void run_ensemble(std::span<const RunPlan> plans, int total, const ReplicateRunner& run, RunObserver& observer) {
    std::mutex observer_mutex;
    for_each_unit(plans.size(), [&](std::size_t i) {
        const RunPlan& plan = plans[i];
        auto result = run(plan, [&](int week) {
            check_not_cancelled();
            if (week % 8 == 7 || week + 1 == total) {
                std::lock_guard lock(observer_mutex);
                observer.progress(plan, week + 1, total);
            }
        });
        check_not_cancelled();
        std::lock_guard lock(observer_mutex);
        observer.replicate_done(result);
    });
}

}  // namespace vrusim
