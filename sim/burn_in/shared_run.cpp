#include "shared_run.hpp"

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include "key.hpp"
#include "settled_state.hpp"
#include "settled_store.hpp"
#include "sim/export/recorder.hpp"
#include "sim/model.hpp"

namespace vrusim {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

std::vector<SharedUnit> make_shared_units(std::span<const Parameters> scenarios,
                                          const std::function<bool(int scenario, int replicate)>& done) {
    // Groups in order of their first scenario, so the units' order follows the command line.
    std::vector<std::vector<int>> groups;
    std::map<std::pair<std::uint64_t, std::uint64_t>, std::size_t> group_of;
    for (int s = 0; s < static_cast<int>(scenarios.size()); ++s) {
        const Parameters& p = scenarios[static_cast<std::size_t>(s)];
        if (p.verification.enabled) {
            groups.push_back({s});
            continue;
        }
        const auto [at, added] = group_of.try_emplace({burn_in_key(p), p.run.seed}, groups.size());
        if (added) groups.emplace_back();
        groups[at->second].push_back(s);
    }
    std::vector<SharedUnit> units;
    for (const auto& group : groups) {
        int replicates = 0;
        for (const int s : group) replicates = std::max(replicates, scenarios[static_cast<std::size_t>(s)].run.replicates);
        for (int r = 0; r < replicates; ++r) {
            SharedUnit unit{r, {}};
            for (const int s : group)
                if (r < scenarios[static_cast<std::size_t>(s)].run.replicates && !done(s, r)) unit.scenarios.push_back(s);
            if (!unit.scenarios.empty()) units.push_back(std::move(unit));
        }
    }
    return units;
}

int unit_weeks(std::span<const Parameters> scenarios, const SharedUnit& unit) {
    int weeks = scenarios[static_cast<std::size_t>(unit.scenarios.at(0))].run.burn_in_weeks;
    for (const int s : unit.scenarios) weeks += scenarios[static_cast<std::size_t>(s)].run.weeks;
    return weeks;
}

SettledState settle_burn_in(const Parameters& p, const RunPlan& plan, SettledStore* store,
                            const std::function<void(int weeks)>& advance) {
    Model model(p, plan);
    if (store) {
        // The layout and graph are static: synthesised here, the rest comes from the store.
        SettledState kept = model.settled_shell();
        if (store->load(kept)) {
            advance(p.run.burn_in_weeks);
            return kept;
        }
    }
    for (int week = 0; week < p.run.burn_in_weeks; ++week) {
        model.step();
        advance(1);
    }
    SettledState state = model.release_settled();
    check_not_cancelled();  // a stop elsewhere: keep nothing more
    if (store) store->save(state);
    return state;
}

void run_shared_unit(std::span<const Parameters> scenarios, const SharedUnit& unit,
                     const std::function<void(const ReplicateResult&)>& on_result,
                     const std::function<void(int weeks_done)>& on_week, SettledStore* store,
                     const ExportOptions& exports) {
    const Parameters& first = scenarios[static_cast<std::size_t>(unit.scenarios.at(0))];
    const std::uint64_t key = burn_in_key(first);
    for (const int s : unit.scenarios) {
        const Parameters& p = scenarios[static_cast<std::size_t>(s)];
        if (p.verification.enabled)
            throw std::invalid_argument("the verification mode runs one scenario at a time (vrusim run FILE)");
        if (p.run.seed != first.run.seed || burn_in_key(p) != key)
            throw std::invalid_argument("scenarios of one unit do not share a burn-in");
    }
    int weeks_done = 0;
    auto advance = [&](int weeks) {
        check_not_cancelled();
        weeks_done += weeks;
        if (on_week) on_week(weeks_done);
    };
    const auto start = Clock::now();
    SettledState settled = settle_burn_in(first, {unit.scenarios[0], unit.replicate, first.run.seed}, store, advance);
    const double burn_in_share = seconds_since(start) / static_cast<double>(unit.scenarios.size());
    for (std::size_t i = 0; i < unit.scenarios.size(); ++i) {
        const auto own_start = Clock::now();
        const int s = unit.scenarios[i];
        const Parameters& p = scenarios[static_cast<std::size_t>(s)];
        const RunPlan plan{s, unit.replicate, p.run.seed};
        const bool last = i + 1 == unit.scenarios.size();
        Model model(p, plan, last ? std::move(settled) : settled);
        ReplicateResult result;
        result.plan = plan;
        result.agents = model.agents_at_start();
        result.measures = MeasureCube(p.run.weeks, static_cast<int>(p.population.areas.size()));
        std::optional<ExportRecorder> recorder;
        if (exports.any()) recorder.emplace(exports, p.run.replicates);
        for (int week = 0; week < p.run.weeks; ++week) {
            model.step();
            model.measure(result.measures, week);
            if (recorder) recorder->after_week(model, week);
            advance(1);
        }
        if (recorder) result.exports = std::make_shared<const ExportTables>(recorder->take());
        result.state_hash = model.state_hash();
        result.programme = model.programme_tally();
        result.seconds = burn_in_share + seconds_since(own_start);
        on_result(result);
    }
}

void run_shared_ensemble(std::span<const Parameters> scenarios, std::span<const SharedUnit> units,
                         RunObserver& observer, SettledStore* store, const ExportOptions& exports) {
    std::mutex observer_mutex;
    for_each_unit(units.size(), [&](std::size_t i) {
        const SharedUnit& unit = units[i];
        const int total = unit_weeks(scenarios, unit);
        const int first = unit.scenarios.at(0);
        const RunPlan plan{first, unit.replicate, scenarios[static_cast<std::size_t>(first)].run.seed};
        run_shared_unit(
            scenarios, unit,
            [&](const ReplicateResult& result) {
                check_not_cancelled();
                std::lock_guard lock(observer_mutex);
                observer.replicate_done(result);
            },
            [&](int weeks) {
                if (weeks % 8 == 0 || weeks == total) {
                    std::lock_guard lock(observer_mutex);
                    observer.progress(plan, weeks, total);
                }
            },
            store, exports);
    });
}

}  // namespace vrusim
