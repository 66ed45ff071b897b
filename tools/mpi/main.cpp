// vrusim-mpi: the command line under mpirun (docs/batch.md, "On a cluster"). Rank 0 runs the
// command exactly as vrusim does, writing every file; the units of `run`, `sweep` and `optimise` (a
// replicate of the scenarios sharing a burn-in) are handed out to all the ranks, rank 0 included.
#include <mpi.h>

#include <cstdio>

#include "coordinator.hpp"
#include "messages.hpp"
#include "tools/commands.hpp"
#include "tools/execution.hpp"
#include "worker.hpp"

int main(int argc, char** argv) {
    using namespace vrusim::cli;
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    if (provided < MPI_THREAD_FUNNELED) {
        std::fprintf(stderr, "error: this MPI library cannot run vrusim-mpi (it needs MPI_THREAD_FUNNELED)\n");
        MPI_Abort(MPI_COMM_WORLD, exit_failure);
    }
    int code = exit_ok;
    if (mpi::this_rank() == 0) {
        // One rank a core: each rank's agent loops use one thread unless --threads says otherwise.
        set_default_threads(1);
        set_unit_executor(mpi::run_units_on_ranks);
        code = cli_main(argc, argv);
        mpi::release_ranks();
    } else {
        mpi::serve_rank_zero();
    }
    MPI_Finalize();
    return code;
}
