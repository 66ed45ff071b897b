#pragma once
/// Run plans and ensembles: what varies per run lives in a plan; the parameters are frozen.
///
/// A replicate is a pure function of (parameters, plan). An ensemble is a list of plans; any
/// executor (TBB here, MPI ranks later) may run them in any order and place.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "export/tables.hpp"
#include "measures.hpp"
#include "parameters.hpp"
#include "programme/tally.hpp"

namespace vrusim {

struct RunPlan {
    int scenario = 0;        ///< index of the scenario in a comparison (0 for a single run)
    int replicate = 0;       ///< replicate number; with the seed it keys every random stream
    std::uint64_t seed = 1;
};

struct ReplicateResult {
    RunPlan plan;
    MeasureCube measures;      ///< reported weeks only (burn-in excluded)
    std::uint32_t agents = 0;  ///< simulated agents at start
    double seconds = 0;        ///< wall time of this replicate
    std::uint64_t state_hash = 0;  ///< hash of the final agent state, for determinism checks
    ProgrammeTally programme;      ///< the programme's reach and spend; empty with no interventions
    std::shared_ptr<const ExportTables> exports;  ///< events and network, when the run exports them (else null)
};

/// Called by the ensemble; implementations need not be thread-safe: calls are serialised.
class RunObserver {
public:
    virtual ~RunObserver() = default;
    /// A replicate finished; its result is complete.
    virtual void replicate_done(const ReplicateResult& result) = 0;
    /// Progress of a running replicate (every few weeks, and at its last week).
    virtual void progress(const RunPlan& /*plan*/, int /*week*/, int /*total_weeks*/) {}
};

/// Plans for replicates [0, parameters.run.replicates) of one scenario.
std::vector<RunPlan> make_plans(const Parameters& parameters, int scenario = 0);

/// Runs one replicate on the calling thread's TBB arena (agent loops run in parallel).
ReplicateResult run_replicate(const Parameters& parameters, const RunPlan& plan,
                              const std::function<void(int week)>& on_week = {});

/// Runs plans in parallel (replicates side by side, agent loops inside each); results are
/// delivered to the observer as each replicate completes.
void run_ensemble(const Parameters& parameters, std::span<const RunPlan> plans, RunObserver& observer);

/// Runs `count` independent work units side by side (agent loops run in parallel inside each);
/// a thread waiting inside one unit never starts another, so at most one unit per thread is in
/// memory at once. Exceptions from a unit propagate to the caller.
void for_each_unit(std::size_t count, const std::function<void(std::size_t unit)>& run_unit);

/// Throws if the units' loop is being cancelled (another unit threw, e.g. on a stop signal): a
/// unit calls it every week and before delivering a result, so a stop ends it promptly and
/// nothing more is delivered. (Its own agent loops are isolated and always run to the end.)
void check_not_cancelled();

/// One replicate of some kind of run (the model's run_replicate, or the verification mode's),
/// reporting each simulated week to on_week.
using ReplicateRunner = std::function<ReplicateResult(const RunPlan& plan, const std::function<void(int week)>& on_week)>;

/// The same executor for any kind of replicate: `total_weeks` simulated weeks each (for progress).
void run_ensemble(std::span<const RunPlan> plans, int total_weeks, const ReplicateRunner& run, RunObserver& observer);

}  // namespace vrusim
