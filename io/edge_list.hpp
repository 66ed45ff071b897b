#pragma once
/// Edge lists for the verification mode: a CSV file of undirected ties between 0-based node ids.
///
/// Format (docs/model.md, section 8.5): one tie "u,v" a line (spaces around the numbers allowed);
/// blank lines and lines starting with '#' are skipped (a comment after a tie on the same line is
/// not); the first other line may be a header of two names ("source,target"); a byte-order mark
/// at the start is ignored. Only a regular file is read. Each tie joins two different nodes below verification.nodes and appears
/// once: a self-loop, or a pair given twice in either order, is an error, because a verification
/// run should use exactly the graph the researcher meant, not a silently cleaned one.
#include <filesystem>
#include <vector>

#include "io/scenario_loader.hpp"
#include "sim/verification/network.hpp"

namespace vrusim::io {

/// Reads and checks an edge list for `nodes` nodes; throws ScenarioError with one problem per bad
/// line ("file:line: what was expected, got what"; at most 20), or one for an unreadable or empty file.
std::vector<verification::Tie> read_edge_list(const std::filesystem::path& file, std::uint32_t nodes);

/// Where verification.edge_list points: relative to the scenario file that set it (to the working
/// directory if it came from the command line).
std::filesystem::path edge_list_path(const LoadedScenario& scenario);

/// The ties a verification run needs from a file: those of the edge list when verification is
/// enabled with network edge_list, else none. Throws ScenarioError as read_edge_list does.
std::vector<verification::Tie> load_network_ties(const LoadedScenario& scenario);

}  // namespace vrusim::io
