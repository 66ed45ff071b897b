#pragma once
/// Optimiser files (`vrusim optimise OPT.yaml`, docs/research.md "Budget optimiser"): the plan
/// (a scenario), the grant a year, the candidate interventions with the places each may have and
/// their unit costs, limits on groups of them, the objective and the search's settings.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario_loader.hpp"
#include "sim/optimise/allocation.hpp"
#include "sim/optimise/objective.hpp"
#include "sim/optimise/search.hpp"

namespace vrusim::io {

struct OptimiseCandidate {
    std::string intervention;  ///< its name in the scenario's programme
    SourceLocation where;      ///< the candidate's intervention: entry
    optimise::Candidate candidate;  ///< candidate.intervention is set by optimise_scenario
};

struct OptimiseLimit {
    std::vector<std::string> interventions;  ///< names of candidates
    SourceLocation where;
    optimise::GroupLimit limit;  ///< limit.candidates is set by optimise_scenario
};

struct OptimiseFile {
    std::filesystem::path file;
    std::string name;
    std::filesystem::path scenario;      ///< the current plan, resolved against the file's directory
    std::optional<double> grant;         ///< funding.grant, a year (else the scenario's)
    std::vector<std::string> set;        ///< "key=value" applied to the scenario, as --set
    std::vector<std::string> set_where;  ///< each set entry's "file:line:col", for its problems
    std::string grant_where;             ///< the grant's "file:line:col"
    optimise::Objective objective;
    std::vector<OptimiseCandidate> candidates;
    std::map<std::string, SourceLocation> candidate_at;  ///< each candidate's name, where it was first given
    std::vector<OptimiseLimit> limits;
    optimise::SearchSettings search;
    int allocations = 32;                ///< at most this many allocations raced (the current plan besides)
    std::uint64_t design_seed = 1;       ///< the draw of allocations when more fit than are raced
};

/// Reads and checks an optimiser file; throws ScenarioError naming file, line and key, with every
/// problem found.
OptimiseFile load_optimise(const std::filesystem::path& file);

/// The plan: the scenario with the file's grant and set, then `overrides` (the command line),
/// checked against the file: each candidate found by name among the programme's interventions
/// paid from the grant (candidate.intervention set), each limit's names among the candidates, and
/// funding enabled (the optimiser spends a grant). Throws ScenarioError.
LoadedScenario optimise_scenario(OptimiseFile& opt, const std::vector<std::string>& overrides);

}  // namespace vrusim::io
