#pragma once
/// What a phase sees: the frozen parameters and rates, the population, its layout and graph,
/// the week's event log, and the keys of the random streams.
#include <cstdint>
#include <vector>

#include "county_lines.hpp"
#include "events.hpp"
#include "graph.hpp"
#include "parameters.hpp"
#include "population.hpp"
#include "rates.hpp"
#include "rng.hpp"

namespace vrusim {

struct ProgrammeState;  // sim/programme/interventions.hpp

/// Per-slot marks set by the parallel phases and turned into events, in slot order, afterwards.
namespace mark {
inline constexpr std::uint8_t entered = 1 << 0;
inline constexpr std::uint8_t left = 1 << 1;
inline constexpr std::uint8_t parent_imprisoned = 1 << 2;
inline constexpr std::uint8_t suspended = 1 << 3;
inline constexpr std::uint8_t excluded = 1 << 4;
inline constexpr std::uint8_t offends = 1 << 5;  ///< decided to offend this week (resolved serially)
inline constexpr int leaver_band_shift = 6;       ///< bits 6-7: age band of the person who left
}  // namespace mark

/// Incidents one person can start in a week: one a day (the Poisson count is capped here).
inline constexpr int max_incidents_per_week = 7;

/// Normalising constants computed once per replicate from the synthesised population, so that
/// base rates hit their targets whatever the mix of risk factors.
struct Normalisers {
    double exclusion_rr_mean = 1;   ///< mean relative risk of permanent exclusion among pupils (traits and age)
    double suspension_rr_mean = 1;  ///< mean relative risk of suspension among pupils (traits and age)
    double neet_rr_mean = 1;    ///< mean NEET relative risk among those of NEET age
};

struct World {
    const Parameters& p;
    const Rates& rates;
    const Layout& layout;
    const SocialGraph& graph;
    Population& pop;
    EventLog& events;
    std::vector<std::uint8_t>& marks;
    std::vector<std::uint8_t>& offences;  ///< incidents a person starts this week, where marked offends (peer_processes)
    Normalisers normalisers;
    std::uint64_t seed;
    std::uint32_t replicate;
    std::int32_t week = 0;
    double trend_rr = 1;        ///< this week's secular-trend multiplier on the offending hazard
    CountyLines* cl = nullptr;  ///< county-lines state; null when the feature is off
    ProgrammeState* programme = nullptr;  ///< the programme's running state; null with no interventions

    /// The random stream of the slot's current occupant for this week and purpose.
    rng::Stream stream(std::uint32_t slot, rng::Purpose purpose) const {
        return rng::Stream(seed, replicate, person_id(pop, slot), week, purpose);
    }
    /// Week stamp of the current week, in the int16 columns.
    std::int16_t now() const { return static_cast<std::int16_t>(week); }
    int max_age_gap_weeks() const { return static_cast<int>(p.graph.tie_max_age_gap_years * weeks_per_year); }
};

}  // namespace vrusim
