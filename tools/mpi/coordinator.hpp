#pragma once
/// Rank 0 of vrusim-mpi: runs the command line, and hands a batch's units out to the ranks.
#include <span>

#include "io/settled_cache.hpp"
#include "sim/burn_in/shared_run.hpp"

namespace vrusim::cli::mpi {

/// The executor rank 0 installs (tools/execution.hpp): sends the scenarios to every rank, then
/// gives the next unit to whichever rank asks, computing units itself on a thread of its own, and
/// delivers every result to the observer on this thread (so only rank 0 writes results files).
/// On a stop signal (here or at another rank) every rank drops its unit and Interrupted is thrown;
/// on a failure anywhere, every rank drops its unit and the failure is thrown. With a burn-in
/// cache, every rank uses its directory (on a file system all nodes share).
void run_units_on_ranks(std::span<const Parameters> scenarios, std::span<const SharedUnit> units, RunObserver& observer,
                        io::SettledCache* cache);

/// The command is over: every other rank finalises and exits.
void release_ranks();

}  // namespace vrusim::cli::mpi
