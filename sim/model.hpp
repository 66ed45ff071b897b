#pragma once
/// One replicate's simulation: the population, its graph and the weekly step.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "ensemble.hpp"
#include "events.hpp"
#include "graph.hpp"
#include "measures.hpp"
#include "parameters.hpp"
#include "population.hpp"
#include "programme/interventions.hpp"
#include "rates.hpp"
#include "world.hpp"

namespace vrusim {

struct SettledState;  // sim/burn_in/settled_state.hpp

class Model {
public:
    /// Synthesises the population and graph for the plan's seed and replicate.
    Model(const Parameters& parameters, const RunPlan& plan);
    /// Continues a replicate from the end of a burn-in shared with other scenarios. `settled` must
    /// have been simulated for this plan's seed and replicate with parameters of the same burn-in
    /// key (sim/burn_in/key.hpp), else std::logic_error; the programme starts afresh. Pass an
    /// rvalue to move it in.
    Model(const Parameters& parameters, const RunPlan& plan, SettledState settled);
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    /// Simulates one week: ageing, family, school, NEET, peers, violence, then the week's events.
    void step();
    /// Adds the week just simulated to a measure cube at `out_week`.
    void measure(MeasureCube& cube, int out_week) const;

    /// The state now (at the end of the burn-in, for the scenarios that share it), keyed by this
    /// model's burn_in_key; the dynamic state is moved out and the model is left unusable.
    SettledState release_settled();
    /// A settled state's name and static parts (plan, burn-in key, layout, graph) with its dynamic
    /// parts empty, for a store of settled states to fill (sim/burn_in/settled_store.hpp).
    SettledState settled_shell() const;

    /// Weeks simulated so far.
    int weeks_done() const { return weeks_done_; }
    /// People now in the population (slots that are not vacant).
    std::uint32_t people() const;
    /// People at synthesis, before the burn-in.
    std::uint32_t agents_at_start() const { return agents_at_start_; }
    /// Events of the week just simulated.
    std::span<const Event> events() const { return events_.events(); }
    const Population& population() const { return pop_; }
    Population& population() { return pop_; }
    const Layout& layout() const { return *layout_; }
    const SocialGraph& graph() const { return *graph_; }
    const World& world() const { return world_; }
    World& world() { return world_; }
    const CountyLines& county_lines() const { return county_lines_; }
    /// FNV-1a hash of every dynamic column, for determinism checks.
    std::uint64_t state_hash() const;
    /// What the programme did so far (people started, spend) by financial year; empty with no interventions.
    ProgrammeTally programme_tally() const;

private:
    void initialise_states();
    void initialise_neet();
    void initialise_history();
    Normalisers compute_normalisers() const;
    void attach_optional_state();

    const Parameters p_;  // a frozen copy: a run never sees later edits
    const RunPlan plan_;
    const Rates rates_;
    Population pop_;
    std::shared_ptr<const Layout> layout_;      // static after synthesis: shared by forks
    std::shared_ptr<const SocialGraph> graph_;  // static after synthesis: shared by forks
    EventLog events_;
    std::vector<std::uint8_t> marks_;
    std::vector<std::uint8_t> offences_;
    CountyLines county_lines_;  // empty when the feature is off
    std::unique_ptr<ProgrammeState> programme_;  // null when the scenario has no interventions
    World world_;
    int weeks_done_ = 0;
    std::uint32_t agents_at_start_ = 0;
};

}  // namespace vrusim
