#pragma once
/// What `vrusim optimise` prints and writes (docs/research.md, "Budget optimiser"): the finalists
/// confirmed on fresh replicates with their paired intervals against the current plan, every raced
/// allocation with its cost and search estimate, and the cost-effect frontier as a picture.
#include <string>
#include <vector>

#include "io/optimise_file.hpp"
#include "sim/optimise/search.hpp"

namespace vrusim::cli {

/// One raced allocation: arm 0 is the current plan.
struct RacedAllocation {
    optimise::Allocation places;
    double cost = 0;          ///< money a year on the grant's interventions and their evaluation
    std::string fits;         ///< "" or why it does not fit (only the current plan can fail to)
};

struct OptimiseOutcome {
    const io::OptimiseFile* file = nullptr;
    std::vector<RacedAllocation> arms;
    optimise::SearchResult search;
    std::vector<std::string> candidate_names;
    int weeks = 0;  ///< the run's reported weeks
};

inline constexpr std::string_view allocations_header_start = "arm,plan,";
std::string allocations_csv(const OptimiseOutcome& o);
std::string frontier_csv(const OptimiseOutcome& o);
std::string frontier_png(const OptimiseOutcome& o);
/// The table on stdout.
void print_optimise_table(const OptimiseOutcome& o);

}  // namespace vrusim::cli
