#pragma once
/// The weekly processes, one function each, called in this order by Model::step().
/// Each is a parallel loop over slots that writes only the slot's own columns and reads others'
/// state from the snapshot taken after the life events, except the incident resolution, which
/// runs serially in slot order.
#include "measures.hpp"
#include "world.hpp"

namespace vrusim {

/// Ageing, leaving at 25 and entering at 10, release from custody, spells that end.
void age_and_turn_over(World& w);
/// Family, school and NEET events in one pass over the slots (one random stream per person):
/// a parent sent to prison or home; school suspensions and permanent exclusions; moves into and
/// out of not being in education, employment or training.
void life_events(World& w);
/// Copies age and states into the snapshot that neighbours read this week.
void take_snapshot(World& w);
/// Violent peer influence and weapon carrying, both spread through active ties, then each
/// person's decision to offend this week (marked for violence()), in one pass over the slots.
void peer_processes(World& w);
/// Each person's weight as a victim this week and the sums by neighbourhood and age (before violence()).
void weigh_victims(World& w);
/// Resolves the week's offences serially in slot order: groups, victims, knives, injuries,
/// hospital, homicide, police recording, arrest, custody and feedback; then the violence of
/// people of 25 and over against 18-24s (outside the model), by neighbourhood.
void violence(World& w);
/// County lines, serially: enforcement, runners' week, line entry and state, recruitment,
/// cuckooing and market violence (between the peer processes and violence, so a runner taken
/// into custody this week neither offends nor is drawn as an accomplice).
void county_lines(World& w);
/// County lines after violence: identification and referral of exploited people from the
/// week's arrests, injuries and missing episodes, and the knife tally that attracts new lines.
void county_lines_after_violence(World& w);
/// Turns the parallel phases' marks into events, in slot order.
void emit_marked_events(World& w);
// Then run_programme (sim/programme/interventions.hpp): the programme's offers and starts at the
// week's reachable moments, from the events above.
/// Adds the week's events and end-of-week stocks to a measure cube at `out_week`.
void measure_week(const World& w, MeasureCube& cube, int out_week);

/// Static relative risk of school suspension and exclusion (free school meals, SEN support).
double school_static_rr(const Parameters& p, std::uint16_t traits);
/// Relative risk of becoming NEET given a slot's states.
double neet_static_rr(const Parameters& p, std::uint16_t states);

/// 1 - exp(-h): a short series for the small weekly hazards of almost everyone (relative error
/// below 1e-7 for h < 0.05), the library call otherwise.
double probability_of_any(double h);
/// The number of events of a Poisson process with mean h in a week, from one uniform u, capped at
/// `cap`: the count is at least 1 exactly when u < probability_of_any(h), so the same u picks the
/// same people as a yes/no draw and only adds their further events (inverse of the upper tail).
int poisson_count(double h, double u, int cap);

/// Current weekly offending hazard of a slot (used by violence() and by tests).
double offending_hazard(const World& w, std::uint32_t v);
/// h times the slot's contagion multipliers now (own and tie victimisation, decaying).
double with_contagion(const World& w, std::uint32_t v, double h);

/// The places where v has ties: its static ties, then its co_offender_ties_max co-offender places.
std::uint32_t tie_places(const World& w, std::uint32_t v);
/// The person at one of v's tie places (0 <= place < tie_places), or no_agent if the tie is
/// dormant (too far apart in age), the place is empty or its person has left.
std::uint32_t tie_at(const World& w, std::uint32_t v, std::uint32_t place);
/// A random active tie of v (static layers or co-offenders), or no_agent.
std::uint32_t random_tie(const World& w, std::uint32_t v, rng::Stream& r);
/// v starts carrying a weapon now.
void start_carrying(World& w, std::uint32_t v, rng::Stream& r);

/// How an arrest is recorded and treated.
struct Arrest {
    std::uint8_t flags = 0;           ///< incident_flag bits for the arrest event
    std::uint32_t other = no_agent;   ///< the arrest event's other field (a line for county-lines arrests)
    double sanction_rr = 1;           ///< relative chance of a caution or conviction
};
/// Chance that a member of a recorded incident's group is arrested: p_arrest_given_recorded,
/// times arrest_rr_18_24 for young adults, capped at 1 (apply_justice and the starting histories).
double arrest_probability(const JusticeParams& j, bool adult);
/// Arrests m: the arrest event, then a sanction and custody with the justice probabilities.
void arrest(World& w, std::uint32_t m, const Arrest& how, rng::Stream& r);
/// A drug-market incident against `victim` by `offender` (or by someone outside the model if
/// no_agent), resolved like any incident from the knife draw on. False if either party is
/// unavailable (in custody or dead).
bool resolve_market_incident(World& w, std::uint32_t offender, std::uint32_t victim, rng::Stream& r);

}  // namespace vrusim
