#pragma once
/// How this program runs a batch's work units (a replicate of the scenarios that share a burn-in,
/// sim/burn_in/): on this process's threads (`vrusim`, the default), or handed out to MPI ranks
/// (`vrusim-mpi` installs its own executor and a default of one thread a rank; tools/mpi/).
#include <functional>
#include <span>

#include "sim/burn_in/shared_run.hpp"

namespace vrusim::cli {

/// Runs every unit and delivers each result to the observer, on the calling thread; throws
/// Interrupted (tools/progress.hpp) when a stop signal ended the run.
using UnitExecutor =
    std::function<void(std::span<const Parameters> scenarios, std::span<const SharedUnit> units, RunObserver& observer)>;

/// Replaces the executor (an empty one restores the default, run_shared_ensemble).
void set_unit_executor(UnitExecutor executor);
/// Runs the units with the executor in use.
void run_units(std::span<const Parameters> scenarios, std::span<const SharedUnit> units, RunObserver& observer);

/// Threads a run uses when --threads is not given: 0 (the default) means every core this process may use.
void set_default_threads(int threads);
int default_threads();

}  // namespace vrusim::cli
