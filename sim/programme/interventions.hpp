#pragma once
/// The programme's interventions at work each week (docs/interventions.md): who is reached at
/// which moment, who takes a place, and what taking part changes. A person takes part in one
/// intervention at a time; places are released evenly through each financial year.
#include <cstdint>
#include <string_view>
#include <vector>

#include "../world.hpp"
#include "funding.hpp"
#include "tally.hpp"
#include "targeting.hpp"

namespace vrusim {

/// What an intervention can change in a participant (or, for a place, in its residents).
enum class Effect : std::uint8_t {
    offending,
    carrying,
    victimisation,
    exclusion,
    neet,
    exploitation,
    peer_influence,
    identification
};

/// The programme's running state: each intervention's places in the current financial year.
struct ProgrammeState {
    int year = -1;                ///< financial year the counts are for (0 = the first reported)
    std::vector<int> started;     ///< per intervention, people started this financial year
    std::vector<int> places;      ///< per intervention, this year's places (its share of the year, rounded at random)
    std::vector<int> open_from;   ///< per intervention, first reported week of this year it offers places
    std::vector<int> open_weeks;  ///< per intervention, weeks of this year it offers places
    std::vector<Reach> reach;     ///< per intervention, its settings decoded
    std::vector<int> adult_started;  ///< per intervention, adults (25 and over) started this financial year
    std::vector<int> adult_places;   ///< per intervention, this year's adult places
    FundingPlan plan;             ///< the money each intervention has, year by year
    std::vector<int> starts;      ///< people started, [year][intervention], simulated
    std::vector<int> adult_starts;   ///< adults started, [year][intervention], simulated
    std::vector<int> hot_places;     ///< per intervention, neighbourhoods it covers this year (trigger hot_places)
    std::vector<std::uint32_t> candidates;  ///< scratch: this week's eligible people of one intervention (reserved once)
    std::vector<int> open_now;               ///< per intervention, places open this week
    std::vector<int> outreach_bit;           ///< per intervention, its bit in outreach_mask (-1: none; outreach allocated by risk only)
    std::vector<std::uint32_t> outreach_mask;  ///< per slot, this week's eligibility bits for outreach allocated by risk
    std::vector<std::uint16_t> offered;        ///< per slot, the stamp of the last outreach call that offered it a place (only with first-reached outreach)
    std::uint16_t stamp = 0;                   ///< the current outreach call's stamp (one per intervention and week)
    std::vector<std::pair<float, std::uint32_t>> ranked;  ///< scratch: candidates by risk, or neighbourhoods by violence
    // Places (trigger hot_places), only with such an intervention:
    bool has_places = false;
    std::vector<double> recent_violence;       ///< per neighbourhood, victimisations of residents, fading
    std::vector<float> place_rr_offending;     ///< per neighbourhood, this week's multiplier on residents
    std::vector<float> place_rr_victimisation;
};

/// Sizes the programme's columns and state for a scenario with interventions.
void prepare_programme(const Parameters& p, const Layout& layout, Population& pop, ProgrammeState& state);

/// The multiplier of v's intervention on one effect this week, out of line (see programme_rr).
double programme_effect(const World& w, std::uint32_t v, Effect e);

/// The multiplier the programme puts on one of v's hazards this week: the intervention's rr while
/// v takes part, fading with its decay_weeks after v leaves, times a place effect where v lives
/// (hot places); 1 with no programme (the common case, decided inline).
inline double programme_rr(const World& w, std::uint32_t v, Effect e) {
    if (w.pop.programme.empty()) return 1.0;
    double rr = w.pop.programme[v] == 0 ? 1.0 : programme_effect(w, v, e);
    if (w.programme->has_places) {
        const auto nb = w.pop.neighbourhood[v];
        if (e == Effect::offending) rr *= w.programme->place_rr_offending[nb];
        if (e == Effect::victimisation) rr *= w.programme->place_rr_victimisation[nb];
    }
    return rr;
}

/// What the replicate's programme did: people started and pounds spent by year and intervention.
ProgrammeTally programme_tally(const Parameters& p, const ProgrammeState& state, double scale);

/// Offers places at this week's reachable moments (the week's events of the trigger's kind, or
/// outreach among the eligible) up to the places released so far this financial year, and starts
/// those who take them up (events programme_offer, programme_start). After the week's events.
/// Adults aged 25 and over at the same setting (arrest, custody, A&E) arrive as a Poisson number,
/// the week's events of the trigger's kind in its area x programme.adults_per_young_<trigger>;
/// they take up adult places with take_up and are counted, not modelled.
/// A year's places are the planned places x the share of its money the funding plan gives it x
/// population.scale x the share of the year it runs, rounded up or down at random to a whole
/// number (so small samples keep the right mean), released evenly over the weeks it runs.
void run_programme(World& w);

/// Offers v a place in intervention i outside its places (an in-silico trial's treated arm,
/// sim/trial/simulate.hpp): v starts with the intervention's take_up, as at a reachable moment
/// (events programme_offer and programme_start; co-offenders join where the intervention reaches
/// them). Call after a reported week's step. True if v started.
bool offer_outside_places(World& w, std::size_t i, std::uint32_t v);

}  // namespace vrusim
