#pragma once
/// Progress of a run on stderr, and the stop a signal asks for (Ctrl-C, SIGTERM, SIGHUP): shared by
/// `vrusim run` with one scenario or several.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <vector>

#include "sim/ensemble.hpp"

namespace vrusim::cli {

/// Thrown out of the ensemble when a signal asked the run to stop (between weeks).
struct Interrupted {};

/// Turns SIGINT, SIGTERM and SIGHUP into a request to stop between weeks (Slurm sends SIGTERM at
/// a job's time limit; a closed terminal sends SIGHUP).
void catch_stop_signals();
/// True once a stop signal has arrived (after catch_stop_signals).
bool stop_was_requested();
/// Asks for the stop a signal would (vrusim-mpi's rank 0, when another rank was sent `signal`):
/// the messages and exit code then name that signal, unless one arrived here first.
void request_stop(int signal);
/// The number of the signal that asked the run to stop, 0 if none.
int stop_signal_number();
/// "Ctrl-C (SIGINT)", ... for the signal that asked the run to stop.
const char* stop_signal_name();
/// The shell's convention for a stop by a signal: 128 + its number (130 for Ctrl-C, 143 for SIGTERM).
int interrupted_exit();

/// Progress on stderr (a line updated in place on a terminal, a line every 10 s otherwise),
/// replicates forwarded as they finish (or kept), and the point where a stop signal ends the run.
/// Work is counted in simulated weeks: `total_weeks` over the whole run; a work unit (a replicate,
/// or a replicate of scenarios sharing a burn-in) reports the weeks it has done.
class Reporter final : public RunObserver {
public:
    Reporter(std::function<void(const ReplicateResult&)> forward, std::size_t results, std::int64_t total_weeks,
             bool quiet, const char* noun = "replicates");

    std::vector<ReplicateResult> kept;
    bool keep = false;

    void replicate_done(const ReplicateResult& result) override;
    void progress(const RunPlan& plan, int week, int total_weeks) override;
    /// Ends the line updated in place, if any.
    void finish_line() const;
    /// Also counts groups of results (a scenario's or a sweep point's replicates): `needed[s]`
    /// results of scenario s make it done, reported as "k/N points".
    void count_groups(std::vector<std::size_t> needed, const char* group_noun);

private:
    void report(bool always);

    std::function<void(const ReplicateResult&)> forward_;
    std::size_t results_;
    std::int64_t total_weeks_;
    bool quiet_, tty_;
    const char* noun_;
    std::size_t done_ = 0;
    std::vector<std::size_t> group_needed_;
    const char* group_noun_ = nullptr;
    std::map<std::pair<int, int>, int> unit_weeks_;  // (first scenario, replicate) -> weeks done
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace vrusim::cli
