#pragma once
/// The ranks other than 0 of vrusim-mpi.
namespace vrusim::cli::mpi {

/// Runs the units rank 0 hands out, job after job, until rank 0 says the command is over.
void serve_rank_zero();

}  // namespace vrusim::cli::mpi
