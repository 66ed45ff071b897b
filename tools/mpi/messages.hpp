#pragma once
/// The messages between the ranks of vrusim-mpi (docs/batch.md, "On a cluster"): rank 0 sends a
/// job (the scenarios), then answers each rank's request with a unit or the job's end; ranks
/// send back results, progress and failures. Only a rank's main thread calls MPI.
#include <mpi.h>

#include <chrono>
#include <optional>
#include <string>
#include <span>
#include <vector>

namespace vrusim::cli::mpi {

enum Tag : int {
    // rank 0 to the others
    tag_job = 1,        ///< a batch's scenarios (wire.hpp Job)
    tag_unit = 2,       ///< a unit to run (UnitMessage)
    tag_end_job = 3,    ///< no more units for you in this job
    tag_abort_job = 4,  ///< drop the unit you are running (a stop or a failure elsewhere)
    tag_quit = 5,       ///< the command is over: finalise and exit
    // the others to rank 0
    tag_request = 10,   ///< ready for a unit (after the job's scenarios are loaded, and after each unit)
    tag_result = 11,    ///< a scenario's replicate (ReplicateResult)
    tag_progress = 12,  ///< weeks a unit has done: {unit index, weeks}
    tag_failed = 13,    ///< a unit or the job failed: the message, as text
    tag_stopped = 14,   ///< this rank was sent a stop signal: {its number}
};

struct Incoming {
    int source = 0;
    int tag = 0;
    std::vector<char> bytes;
};

/// This program's version and model source hash ("0.7.0, model 1a2b3c4d"): every rank must run one build.
std::string this_build();

int this_rank();
int rank_count();

void send(int destination, Tag tag, std::span<const char> bytes = {});
void send_ints(int destination, Tag tag, std::span<const int> values);
std::vector<int> ints_of(const Incoming& message);

/// The next message from `source` (MPI_ANY_SOURCE: anyone) with any tag, if one has arrived.
std::optional<Incoming> try_receive(int source);
/// The next message from rank 0 with this tag, if one has arrived (others stay queued).
std::optional<Incoming> try_receive_from_root(Tag tag);
/// The sleep between polls for messages: short while messages come, doubling up to `longest`
/// while none do (a waiting rank leaves its processor to the ranks computing).
class PollPause {
public:
    explicit PollPause(std::chrono::microseconds longest) : longest_(longest) {}
    void busy() { pause_ = shortest; }
    void idle();

private:
    static constexpr std::chrono::microseconds shortest{20};
    std::chrono::microseconds longest_, pause_ = shortest;
};

/// Waits for the next message from `source`, polling with short sleeps: Open MPI's blocking
/// receive spins, which would take a processor from the ranks computing beside a waiting one.
Incoming receive(int source);

}  // namespace vrusim::cli::mpi
