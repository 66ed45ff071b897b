#pragma once
/// The network view's data, without a window (tested in tests/gui/): one replicate of a scenario
/// run to the end of its burn-in, the live county line with most resident runners, and the people
/// around it (its runners, their households, classmates, friends and co-offenders) with their
/// ties by layer; and a force-directed layout of them on a canvas.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/parameters.hpp"

namespace vrusim::gui {

enum class NetworkRole : std::uint8_t { line, runner, household, friend_, classmate, co_offender };
enum class NetworkTie : std::uint8_t { line, household, friendship, school_class, co_offending };
inline constexpr int network_tie_kinds = 5;

struct NetworkNode {
    NetworkRole role;
    std::uint32_t slot = 0;  ///< the person's slot (none for the line)
    int age = 0;             ///< years
    bool exploited = false;  ///< criminally exploited now (a runner, or outside a line)
    bool offended = false;   ///< offended in the last year
    float x = 0, y = 0;      ///< layout position in [0, 1]
};

struct NetworkEdge {
    std::uint32_t a = 0, b = 0;  ///< indices into nodes
    NetworkTie kind;
};

struct NetworkSample {
    std::vector<NetworkNode> nodes;  ///< nodes[0] is the line
    std::vector<NetworkEdge> edges;
    int week = 0;               ///< simulated weeks when sampled
    int lines_live = 0;         ///< live lines in the replicate then
    int external_runners = 0;   ///< the line's runners brought from its hub (not agents)
    int trap_houses = 0;        ///< homes cuckooed by the line
    std::string hub, market;    ///< where the line is run from and the market it supplies
    bool truncated = false;     ///< more people were tied than max_nodes: the first found are shown
    std::string note;           ///< why there is no line (county lines off, none live), else empty
};

/// Runs replicate 0 of `p` (at its own scale) to the end of the burn-in and samples the busiest
/// live line's neighbourhood, at most `max_nodes` people; laid out by layout_network.
NetworkSample sample_county_line(const Parameters& p, int max_nodes = 160);

/// Fruchterman and Reingold's force-directed layout (1991), deterministic: nodes start on a
/// circle in index order, the line at the centre; positions end in [0, 1].
void layout_network(NetworkSample& sample, int iterations = 300);

}  // namespace vrusim::gui
