#pragma once
/// Successive halving of candidate allocations under common random numbers (docs/research.md,
/// "Budget optimiser"): every allocation run on the same replicates as the current plan (the
/// reference, arm 0, never raced itself), judged by its paired difference from it; the better share
/// kept each round with twice the replicates; the few left confirmed on fresh replicates, so that
/// their reported effects are not the luck that chose them. Each round also counts the allocations
/// it dropped that were not clearly worse than its leader: how much of the choice was noise.
#include <functional>
#include <vector>

namespace vrusim::optimise {

struct SearchSettings {
    int first_replicates = 2;     ///< replicates of every allocation in the first round
    double keep = 0.5;            ///< share of the allocations kept each round (their replicates doubled)
    int finalists = 3;            ///< allocations confirmed at the end
    int confirm_replicates = 10;  ///< fresh replicates of the confirmation (the current plan's too)
    int max_replicates = 64;      ///< the search stops doubling at this many replicates an allocation
};

/// The paired differences (allocation minus the current plan, higher better) of `arms` on
/// replicates [from, to): one vector per arm, in the order asked, each of to - from values.
/// Arm 0 is the current plan (its differences are 0). `confirming`: the finalists' fresh replicates.
using Evaluate =
    std::function<std::vector<std::vector<double>>(const std::vector<int>& arms, int from, int to, bool confirming)>;

struct Round {
    int arms = 0;        ///< allocations raced
    int replicates = 0;  ///< replicates each had by the end of the round
    int dropped = 0;     ///< allocations it dropped (after the last round: those not finalists)
    /// of those, how many were not clearly worse than the round's leader (their paired difference
    /// from it not significant at the 5% level, two-sided t on the replicates so far)
    int dropped_unclear = 0;
};

struct SearchResult {
    std::vector<Round> rounds;
    /// [arm]: its paired differences on the search's replicates (as many as it survived to); empty
    /// for arm 0, the reference
    std::vector<std::vector<double>> search;
    std::vector<int> last_round;  ///< [arm]: the round it was last raced in (0-based; -1 for arm 0)
    int search_replicates = 0;    ///< replicates [0, this) were the search's
    std::vector<int> finalists;   ///< best first by the search's mean
    /// [finalist]: its paired differences on the fresh replicates
    /// [search_replicates, search_replicates + confirm_replicates)
    std::vector<std::vector<double>> confirmation;
};

/// Races arms 1..arms-1 against arm 0 (the current plan) by successive halving and confirms the
/// finalists. Ranking is by the mean paired difference, ties to the lower arm. Throws
/// std::invalid_argument for fewer than 2 arms or settings out of range (fewer than 1 replicate or
/// finalist, keep outside (0, 1)).
SearchResult successive_halving(int arms, const SearchSettings& settings, const Evaluate& evaluate);

/// The mean of values (0 for none).
double mean_of(const std::vector<double>& values);

}  // namespace vrusim::optimise
