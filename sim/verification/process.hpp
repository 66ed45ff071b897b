#pragma once
/// The peer-influence process of the model (docs/model.md, section 7.7) on its own, on a network:
/// a susceptible node with k infected neighbours is infected with probability 1 - (1 - p)^k; its
/// spell is geometric with mean duration_mean_weeks; at its end the node is susceptible again with
/// probability p_resusceptible (SIS), else recovered for good (SIR).
///
/// The week's update reads a snapshot of the states, as the model's does, so each node's update
/// depends only on its own state and the snapshot: the same at any thread count.
#include <cstdint>
#include <span>
#include <vector>

#include "../parameters.hpp"
#include "network.hpp"

namespace vrusim::verification {

enum class NodeState : std::uint8_t { susceptible = 0, infected = 1, recovered = 2 };

/// A week's stocks at its end, and its new infections.
struct WeekCounts {
    std::uint64_t susceptible = 0;
    std::uint64_t infected = 0;
    std::uint64_t recovered = 0;
    std::uint64_t new_infections = 0;
};

class SpreadProcess {
public:
    /// Everyone susceptible; allocates every array the weekly steps use.
    SpreadProcess(const Network& network, const PeerInfluenceParams& params, std::uint64_t seed, std::uint32_t replicate);

    /// Infects `count` distinct nodes drawn uniformly, as if infected in week -1 (so they can
    /// transmit from week 0); their spells are drawn as any other.
    void infect_initial(std::uint64_t count);
    /// Simulates week `week` (0, 1, ...): recoveries and infections from the snapshot of the states.
    WeekCounts step(std::int32_t week);

    std::span<const NodeState> states() const { return state_; }
    /// FNV-1a over states and spell ends, for determinism checks.
    std::uint64_t state_hash() const;

private:
    const Network& net_;
    PeerInfluenceParams params_;
    std::uint64_t seed_;
    std::uint32_t replicate_;
    std::vector<NodeState> state_;
    std::vector<NodeState> snapshot_;
    std::vector<std::int32_t> until_;  // week whose update ends an infected node's spell
    std::vector<double> any_of_;       // 1 - (1 - p)^k for k = 0..max degree
};

}  // namespace vrusim::verification
