#pragma once
/// The synthetic population: young people aged 10-24 as columns (structure of arrays).
///
/// Agents are sorted by area, then neighbourhood, then household, so that the people a phase
/// reads together sit together in memory. A slot is a place in the population that ages with its
/// cohort and starts again at 10 when the cohort turns 25. A person holds a slot from entering (at
/// 10, or moving into the area) until leaving (at 25, moving away, or killed); a newcomer gets a
/// new generation number, the slot's household, neighbourhood and school position, and fresh
/// individual traits. Between occupants the slot is vacant (state::vacant).
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <vector>

#include "parameters.hpp"

namespace vrusim {

/// Value of Population::cl_line for someone not in a line.
inline constexpr std::uint16_t no_line = 0xffff;
/// Week value meaning "never happened" in the week-stamp columns.
inline constexpr std::int16_t never = INT16_MIN;
inline constexpr int weeks_per_year = 52;

/// Whole weeks since a week stamp (a large number if never).
inline int weeks_since(std::int16_t stamp, std::int32_t week) {
    return stamp == never ? 1 << 30 : week - stamp;
}
inline constexpr int age_min_years = 10;
inline constexpr int age_max_years = 24;  ///< people leave the cohort on their 25th birthday

/// Static traits, drawn when a person enters, one bit each.
namespace trait {
inline constexpr std::uint16_t male = 1 << 0;
inline constexpr std::uint16_t high_propensity = 1 << 1;  ///< propensity above mean + 1 sd
inline constexpr std::uint16_t ace = 1 << 2;              ///< four or more adverse childhood experiences
inline constexpr std::uint16_t trusted_adult = 1 << 3;
inline constexpr std::uint16_t sport = 1 << 4;            ///< sport or structured activity
inline constexpr std::uint16_t fsm = 1 << 5;              ///< free school meals
inline constexpr std::uint16_t sen = 1 << 6;              ///< special educational needs support
inline constexpr std::uint16_t substance_prone = 1 << 7;  ///< uses substances from age 15
inline constexpr std::uint16_t in_care = 1 << 8;          ///< looked after, or a care leaver (drawn only with county lines on)
}  // namespace trait

/// Dynamic states, one bit each.
namespace state {
inline constexpr std::uint16_t carrying = 1 << 0;          ///< carries a knife or other weapon
inline constexpr std::uint16_t influenced = 1 << 1;        ///< under violent peer influence
inline constexpr std::uint16_t resistant = 1 << 2;         ///< recovered from peer influence, not susceptible
inline constexpr std::uint16_t neet = 1 << 3;
inline constexpr std::uint16_t excluded = 1 << 4;          ///< permanently excluded from school
inline constexpr std::uint16_t parent_in_prison = 1 << 5;
inline constexpr std::uint16_t in_custody = 1 << 6;
inline constexpr std::uint16_t ever_offended = 1 << 7;
inline constexpr std::uint16_t ever_sanctioned = 1 << 8;   ///< has had a caution or conviction
inline constexpr std::uint16_t dead = 1 << 9;              ///< died this week; the slot is refilled next week
inline constexpr std::uint16_t recent_offender = 1 << 10;  ///< offended within the peer-influence source window
// County lines (all zero when the feature is off).
inline constexpr std::uint16_t exploited = 1 << 11;        ///< criminally exploited now (a runner, or outside a line)
inline constexpr std::uint16_t runner = 1 << 12;           ///< member of a county line (cl_line says which)
inline constexpr std::uint16_t missing = 1 << 13;          ///< in a missing episode
inline constexpr std::uint16_t in_support = 1 << 14;       ///< in the safeguarding support pathway
/// No one holds the slot now: its cohort is smaller at this age than at its largest (docs/model.md 7.3).
inline constexpr std::uint16_t vacant = 1 << 15;
/// Slots with no living person this week (killed, or vacant): never an offender, victim or tie.
inline constexpr std::uint16_t gone = dead | vacant;
}  // namespace state

inline constexpr int single_years = age_max_years - age_min_years + 1;  ///< ages 10..24

/// How an area's cohorts keep the ONS age structure. Each slot belongs to a cohort that ages
/// together; a cohort has as many slots as the area's largest single year of age, and holds
/// people in the share `occupancy` of them at each age. At each birthday occupants move away, or
/// people move into vacant slots, with the chances that take one year's occupancy to the next.
struct CohortProfile {
    std::array<float, single_years> occupancy{};  ///< [age - 10]: share of the cohort's slots held
    std::array<float, single_years> leave{};      ///< [age - 10]: chance an occupant moves away at the birthday to age + 1
    std::array<float, single_years> fill{};       ///< [age - 10]: chance someone moves into a vacant slot at that birthday
    double mean_occupancy = 1;                    ///< people / slots over a cohort's 15 years
};

/// Percentile (0..1) of an IMD score among the nation's neighbourhoods, by linear interpolation
/// between the scores at evenly spaced percentiles (factors.national_imd_scores).
double national_percentile(const std::vector<double>& scores, double score);

/// The cohort profile of an area from its single-year population.
CohortProfile cohort_profile(const AreaSpec& area);

/// Where the static layout of the population lives; shared, never changed during a run.
struct Layout {
    int areas = 0;
    std::vector<std::uint32_t> area_begin;           ///< first slot of each area, plus one past the end
    std::vector<std::uint32_t> neighbourhood_begin;  ///< first slot of each neighbourhood, plus end
    std::vector<std::uint16_t> neighbourhood_area;
    std::vector<float> neighbourhood_rr;             ///< deprivation hazard multiplier
    std::vector<float> neighbourhood_deprivation;    ///< national IMD percentile, 0-1 (1 = most deprived)
    std::vector<std::uint32_t> class_begin;          ///< offsets into class_members, plus end
    std::vector<std::uint32_t> class_members;        ///< slots, grouped by class
    std::vector<float> area_societal_rr;
    std::vector<CohortProfile> cohorts;              ///< by area
    double mean_neighbourhood_rr = 1;                ///< across slots, to centre trait probabilities
    double represented_10_24 = 0;                    ///< represented population aged 10-24
    double represented_all_ages = 0;                 ///< represented residents of all ages
    double scale = 1;                                ///< simulated / represented
};

/// One column per attribute; index = slot.
struct Population {
    std::uint32_t size() const { return static_cast<std::uint32_t>(age_weeks.size()); }

    // Position: set at synthesis, kept by the slot across generations.
    std::vector<std::uint16_t> area;
    std::vector<std::uint32_t> neighbourhood;
    std::vector<std::uint32_t> household;
    std::vector<std::uint32_t> school_class;   ///< class id, an index into Layout::class_begin

    // Person: redrawn when a new person takes the slot.
    std::vector<std::uint16_t> generation;     ///< how many people have held this slot before
    std::vector<std::uint16_t> traits;         ///< trait:: bits
    std::vector<float> static_rr;              ///< product of the hazard multipliers that never change
    std::vector<float> victim_rr;              ///< lasting victim-choice weight (proneness), mean 1
    std::vector<float> proneness_z;            ///< standard-normal state of the offending proneness (in static_rr)
    /// This week's victim weight (scratch, weigh_victims) and its sums by neighbourhood and single
    /// year of age ([neighbourhood * single_years + age - 10]), for exact weighted victim draws.
    std::vector<float> victim_weight;
    std::vector<double> victim_weight_sums;

    // Hot dynamic state, read every week.
    std::vector<std::uint16_t> age_weeks;
    std::vector<std::uint16_t> states;         ///< state:: bits
    /// What others see of a slot this week (age in weeks << 16 | states), copied before the peer
    /// and violence phases, so a person's update never depends on the order slots are visited.
    /// Packed so that reading a neighbour costs one load.
    std::vector<std::uint32_t> snapshot;
    /// This week's counts of active ties who offended recently (low 16 bits) and who carry a
    /// weapon (high 16 bits): scratch, refilled weekly; one word so a tie costs one atomic add.
    std::vector<std::uint32_t> exposure;

    // Week stamps (simulation week, or `never`).
    std::vector<std::int16_t> carry_until;     ///< end of the current carrying spell
    std::vector<std::int16_t> influence_until;
    std::vector<std::int16_t> neet_until;
    std::vector<std::int16_t> parent_prison_until;
    std::vector<std::int16_t> custody_until;
    std::vector<std::int16_t> last_offence;
    std::vector<std::int16_t> last_victimised;
    std::vector<std::int16_t> prev_victimised;  ///< the victimisation before the last (repeat victimisation)
    std::vector<std::int16_t> last_tie_victimised;
    std::vector<std::int16_t> last_carried;
    std::vector<std::int16_t> last_suspended;
    std::vector<std::int16_t> last_arrested;
    std::vector<std::int16_t> last_injured;  ///< week last injured by violence

    /// Co-offending layer: the most recent co-offenders of each person, as person ids
    /// ((generation + 1) << 32 | slot, see person_id), `co_offender_ties_max` per slot, 0 = empty.
    std::vector<std::uint64_t> co_offenders;
    int co_offender_capacity = 0;


    // County lines: the person's line and exploitation history (docs/model.md, county lines).
    std::vector<std::uint16_t> cl_line;        ///< line index while state::runner, else no_line
    std::vector<float> cl_debt;                ///< £ owed to the line
    std::vector<float> cl_weight;              ///< this week's approach weight (vulnerability), scratch
    std::vector<std::int16_t> exploited_until; ///< end of exploitation outside a line, or of the tail after leaving one
    std::vector<std::int16_t> missing_until;
    std::vector<std::int16_t> support_until;
    std::vector<std::int16_t> first_exploited;
    std::vector<std::int16_t> last_exploited;  ///< week exploitation last began
    std::vector<std::int16_t> last_approached;
    std::vector<std::int16_t> last_missing;    ///< week the last missing episode began
    std::vector<std::int16_t> last_identified; ///< week last identified and referred

    // Programme (sim/programme/): allocated only when the scenario has interventions, so the
    // baseline carries no cost for them.
    std::vector<std::uint8_t> programme;        ///< 1 + index of the intervention taken part in last, 0 = none
    std::vector<std::int16_t> programme_until;  ///< week the participation ends (its effect may fade after)
    std::vector<std::int16_t> programme_from;   ///< week the place was taken (the stay runs from the week after)

    /// The person's week-stamp columns (spells and last events), for clearing and hashing together.
    auto person_stamps() {
        return std::array{&carry_until,  &influence_until, &neet_until,          &parent_prison_until,
                          &custody_until, &last_offence,   &last_victimised,     &prev_victimised,
                          &last_tie_victimised, &last_carried, &last_suspended,   &last_arrested,
                          &last_injured};
    }
    auto person_stamps() const {
        return std::array{&carry_until,  &influence_until, &neet_until,          &parent_prison_until,
                          &custody_until, &last_offence,   &last_victimised,     &prev_victimised,
                          &last_tie_victimised, &last_carried, &last_suspended,   &last_arrested,
                          &last_injured};
    }
    /// The county-lines week-stamp columns, for clearing and hashing together.
    auto county_lines_stamps() {
        return std::array{&exploited_until, &missing_until, &support_until, &first_exploited,
                          &last_exploited,  &last_approached, &last_missing, &last_identified};
    }
    auto county_lines_stamps() const {
        return std::array{&exploited_until, &missing_until, &support_until, &first_exploited,
                          &last_exploited,  &last_approached, &last_missing, &last_identified};
    }

    /// Resize every column to n slots.
    void resize(std::uint32_t n, int co_offender_ties);
};

/// States part of a snapshot entry.
inline std::uint16_t snapshot_states(std::uint32_t entry) { return static_cast<std::uint16_t>(entry); }
/// Age (weeks) part of a snapshot entry.
inline std::uint16_t snapshot_age(std::uint32_t entry) { return static_cast<std::uint16_t>(entry >> 16); }

/// Person id of the current occupant of a slot (never 0).
inline std::uint64_t person_id(const Population& pop, std::uint32_t slot) {
    return (static_cast<std::uint64_t>(pop.generation[slot]) + 1) << 32 | slot;
}

/// The two standard normals behind a person's log offending proneness, from the person's own
/// synthesis stream: the part that changes at birthdays (its value at synthesis) and the part fixed
/// for life, so the fixed part can be drawn again whenever it is needed instead of stored.
struct PronenessDraws {
    double changing;
    double fixed;
};
PronenessDraws proneness_draws(std::uint64_t seed, std::uint32_t replicate, std::uint64_t person);

/// The log proneness's state a year on (or a year before: the process is reversible), a
/// stationary AR(1) around the fixed part: z' = rho z + (1 - rho) sqrt(f) a + sqrt((1 - f)(1 - rho^2)) e,
/// with f the fixed share, a the fixed part and e a fresh standard normal (docs/model.md 4.2).
inline double next_proneness(double z, double fixed, double rho, double fixed_share, double e) {
    return rho * z + (1 - rho) * std::sqrt(fixed_share) * fixed + std::sqrt((1 - fixed_share) * (1 - rho * rho)) * e;
}

/// Builds the population and its layout for one replicate (deterministic for seed and replicate).
void synthesise(const Parameters& p, std::uint64_t seed, std::uint32_t replicate, Population& pop, Layout& layout);

/// Draws the traits of the slot's current occupant (at synthesis and when a new person takes the slot).
void draw_person(const Parameters& p, const Layout& layout, std::uint64_t seed, std::uint32_t replicate,
                 std::uint32_t slot, Population& pop);

/// Represented people aged 10-24, summed over the areas.
double represented_10_24(const Parameters& parameters);
/// Represented residents of all ages, summed over the areas (for rates per 100,000 people).
double represented_all_ages(const Parameters& parameters);

/// Agents the simulation will hold for these parameters (represented 10-24 population times scale).
std::uint64_t simulated_agent_count(const Parameters& parameters);
/// Slots the simulation will hold: agents plus the vacant places of cohorts smaller than the largest.
std::uint64_t simulated_slot_count(const Parameters& parameters);

/// Peak bytes one replicate needs, for the check against available memory before anything is allocated.
std::uint64_t estimate_memory_bytes(const Parameters& parameters);
/// Bytes of one replicate's measures (MeasureCube).
std::uint64_t measure_cube_bytes(const Parameters& parameters);
/// Peak bytes of a whole run with `concurrent_replicates` replicates in memory at once: their
/// populations, every replicate's measures kept, and what finishing the results file reads.
std::uint64_t estimate_run_memory_bytes(const Parameters& parameters, int concurrent_replicates);

}  // namespace vrusim
