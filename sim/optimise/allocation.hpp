#pragma once
/// What a budget optimiser chooses among (docs/research.md, "Budget optimiser"): the places a year
/// of each candidate intervention of a plan, within the money the funding plan has and the grant
/// conditions, and any limits a board sets on groups of them (a provider's capacity, at most so
/// many areas). Pure functions of the scenario: no run is needed to know whether an allocation fits.
#include <climits>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "../parameters.hpp"

namespace vrusim::optimise {

/// One intervention of the plan whose places the optimiser chooses.
struct Candidate {
    std::size_t intervention = 0;  ///< its index in programme.interventions
    std::vector<double> places;    ///< the places a year it may have (modelled cohort), increasing
    double cost_per_place = std::numeric_limits<double>::quiet_NaN();  ///< NaN: the scenario's cost_per_participant
};

/// A limit on a group of candidates together.
struct GroupLimit {
    std::string name;                ///< for messages, e.g. "limits[0]"
    std::vector<std::size_t> candidates;  ///< indices into the candidates
    double min_places = 0;
    double max_places = std::numeric_limits<double>::infinity();
    int max_running = INT_MAX;       ///< at most this many with places
};

/// Places a year per candidate, in the candidates' order.
using Allocation = std::vector<double>;

/// Sets each candidate's places a year in `p` (a copy of the plan): its places, its budget line
/// replaced by places times cost (fixed cost included while it has places), its places for people
/// of 25 and over kept in proportion to the plan's, and with no places it is not commissioned
/// (disabled: neither fixed cost nor places).
void apply_allocation(Parameters& p, const Parameters& plan, const std::vector<Candidate>& candidates,
                      const Allocation& allocation);

/// The plan's own places a year of each candidate.
Allocation current_allocation(const Parameters& plan, const std::vector<Candidate>& candidates);

/// Why an allocation (already applied to p) does not fit, or "": the funding plan must pay every
/// grant intervention its planned money and the core function its cost in every year, every grant
/// condition that applies must pass, and every group limit hold.
std::string why_not_fitting(const Parameters& p, const std::vector<GroupLimit>& limits, const Allocation& allocation);

/// Money a year on the grant's interventions and their evaluation (the mean over the plan's
/// years): an allocation's cost on the frontier.
double yearly_cost(const Parameters& p);

/// The allocations a search races: the fitting ones of the candidates' options, all of them if
/// there are at most `most`, else `most` drawn at random without repetition (keyed by `seed`).
struct Space {
    std::vector<Allocation> allocations;  ///< in the options' order (the odometer's, first candidate slowest)
    double combinations = 0;              ///< the options' product
    std::uint64_t fitting = 0;            ///< of those looked at, how many fit
    std::uint64_t looked_at = 0;          ///< allocations looked at (all of them, or the draws)
    bool sampled = false;                 ///< a random sample rather than every fitting allocation
    bool drawn = false;                   ///< too many to look at each: allocations drawn at random
    std::string first_problem;            ///< why the first allocation looked at did not fit (messages)
};
Space fitting_allocations(const Parameters& plan, const std::vector<Candidate>& candidates,
                          const std::vector<GroupLimit>& limits, int most, std::uint64_t seed);

}  // namespace vrusim::optimise
