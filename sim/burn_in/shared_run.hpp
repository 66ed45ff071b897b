#pragma once
/// Running several scenarios that share a burn-in: for each replicate, the population is
/// synthesised and the burn-in simulated once, then each scenario's reported weeks continue from
/// a copy of that settled state (docs/batch.md). Results are bit-identical to separate runs.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "sim/ensemble.hpp"
#include "sim/parameters.hpp"

namespace vrusim {

class SettledStore;  // settled_store.hpp
struct SettledState;  // settled_state.hpp

/// One work unit: a replicate of the scenarios (indices into the scenario list) that share a
/// burn-in (same burn_in_key and seed) and still need that replicate.
struct SharedUnit {
    int replicate = 0;
    std::vector<int> scenarios;
};

/// Groups scenarios by burn-in key and seed and makes one unit per (group, replicate) for the
/// replicates some scenario of the group still needs (`done(scenario, replicate)` false; each
/// scenario runs replicates [0, its run.replicates)). Units come group by group, replicate order.
std::vector<SharedUnit> make_shared_units(std::span<const Parameters> scenarios,
                                          const std::function<bool(int scenario, int replicate)>& done);

/// Weeks a unit simulates: the burn-in once, then each scenario's reported weeks.
int unit_weeks(std::span<const Parameters> scenarios, const SharedUnit& unit);

/// Runs one unit on the calling thread: the burn-in with the first scenario's parameters, then
/// each scenario from a copy of the settled state; each result goes to `on_result` as soon as it
/// is complete (its plan names the scenario), and `on_week(weeks_done)` counts the unit's weeks.
/// A result's `seconds` is its own reported weeks plus an equal share of the burn-in. Throws
/// std::invalid_argument if the unit's scenarios do not share a burn-in key and seed, or run the
/// verification mode (which has no model burn-in to share).
///
/// With a store, a settled state kept by an earlier command is continued from instead of
/// simulating the burn-in (its weeks are counted at once), and a state simulated here is kept.
/// With `exports`, each result also carries its reported weeks' events and network snapshots
/// (sim/export/tables.hpp).
void run_shared_unit(std::span<const Parameters> scenarios, const SharedUnit& unit,
                     const std::function<void(const ReplicateResult&)>& on_result,
                     const std::function<void(int weeks_done)>& on_week = {}, SettledStore* store = nullptr,
                     const ExportOptions& exports = {});

/// The state at the end of the plan's burn-in: the store's (when one is given and holds it), else
/// simulated and kept there. `advance(weeks)` counts the burn-in's weeks as they pass (all at once
/// for a kept state), after a check that the units' loop is not being cancelled.
SettledState settle_burn_in(const Parameters& parameters, const RunPlan& plan, SettledStore* store,
                            const std::function<void(int weeks)>& advance);

/// Runs the units side by side (for_each_unit); results reach the observer as each scenario's
/// replicate completes, and progress every few weeks with the unit's first scenario in the plan,
/// weeks counted as in unit_weeks.
void run_shared_ensemble(std::span<const Parameters> scenarios, std::span<const SharedUnit> units,
                         RunObserver& observer, SettledStore* store = nullptr, const ExportOptions& exports = {});

}  // namespace vrusim
