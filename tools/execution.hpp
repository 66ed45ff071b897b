#pragma once
/// How this program runs a batch's work units (a replicate of the scenarios that share a burn-in,
/// sim/burn_in/): on this process's threads (`vrusim`, the default), or handed out to MPI ranks
/// (`vrusim-mpi` installs its own executor and a default of one thread a rank; tools/mpi/).
#include <functional>
#include <memory>
#include <span>

#include "commands.hpp"
#include "io/settled_cache.hpp"
#include "sim/burn_in/shared_run.hpp"

namespace vrusim::cli {

/// Runs every unit and delivers each result to the observer, on the calling thread, continuing
/// from (and keeping) settled states in the burn-in cache if there is one; throws Interrupted
/// (tools/progress.hpp) when a stop signal ended the run.
using UnitExecutor = std::function<void(std::span<const Parameters> scenarios, std::span<const SharedUnit> units,
                                        RunObserver& observer, io::SettledCache* cache)>;

/// Replaces the executor (an empty one restores the default, run_shared_ensemble).
void set_unit_executor(UnitExecutor executor);
/// Runs the units with the executor in use; `exports` only on this process's threads (see
/// units_run_here).
void run_units(std::span<const Parameters> scenarios, std::span<const SharedUnit> units, RunObserver& observer,
               io::SettledCache* cache, const ExportOptions& exports = {});
/// Whether units run on this process's threads (not handed out to MPI ranks).
bool units_run_here();

/// The burn-in cache --burn-in-cache names, its directory made if missing (not its parents), or
/// null when none is named; throws io::OutputPathError (exit 2) naming the problem. Its warnings
/// go to stderr.
std::unique_ptr<io::SettledCache> open_burn_in_cache(const RunOptions& options);
/// One line on stderr saying what the cache gave and kept (nothing with no cache, or quiet).
void print_burn_in_cache_use(const io::SettledCache* cache, bool quiet);

/// Threads a run uses when --threads is not given: 0 (the default) means every core this process may use.
void set_default_threads(int threads);
int default_threads();

}  // namespace vrusim::cli
