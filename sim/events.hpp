#pragma once
/// The event stream: what happened to whom in a week, in a deterministic order.
///
/// Phases append events; consumers (measures now, interventions later: a Hospital Navigator
/// listens for A&E attendances, Operation Paramount for parent imprisonment) read the week's list
/// after the step. Events are appended in agent order within a phase, so the stream is identical
/// at any thread count.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace vrusim {

enum class EventType : std::uint8_t {
    violent_incident,     ///< agent = offender (initiator), other = victim
    victimisation,        ///< agent = victim, other = offender
    ae_attendance,        ///< agent = injured victim
    hospital_admission,   ///< agent = admitted victim
    homicide,             ///< agent = victim
    recorded_offence,     ///< agent = offender, other = victim
    arrest,               ///< agent = arrested person
    custody,              ///< agent = person remanded or sentenced to custody
    first_time_entrant,   ///< agent = person receiving a first caution or conviction
    suspension,           ///< agent = pupil
    permanent_exclusion,  ///< agent = pupil
    parent_imprisoned,    ///< agent = child whose parent went to prison
    entered_cohort,       ///< agent = newcomer: a 10-year-old, or someone moving into the area
    left_cohort,          ///< agent = the slot of someone who turned 25, moved away or died (flags: their age band)
    // County lines. "line" = index in the line table; "adult" = index of a vulnerable adult.
    exploitation_approach,   ///< agent = person asked to move drugs or weapons, other = line (county_lines flag) or no_agent
    exploitation_started,    ///< agent = person who complied, other = line joined, or no_agent (exploited outside a line)
    missing_episode,         ///< agent = person reported missing
    safeguarding_referral,   ///< agent = exploited person referred (MASH); flags nrm, county_lines, at_closure
    support_started,         ///< agent = person entering the support pathway
    line_opened,             ///< agent = line (a new line forms in its market area)
    line_closed,             ///< agent = line; flags: holder_charged for a Type 1 closure
    holder_charged,          ///< agent = line whose holder (an adult outside the cohort) was arrested and charged
    external_runner_arrested,  ///< agent = line whose runner from outside the force area was arrested
    home_cuckooed,           ///< agent = adult whose home a line took over, other = line
    cuckooing_ended,         ///< agent = adult, other = line; flags at_closure if the line closed
    adult_referral,          ///< agent = adult referred to adult safeguarding; flags at_closure
    // Programme (sim/programme/).
    programme_offer,         ///< agent = person offered a place, other = intervention index; flags 1 if taken up
    programme_start,         ///< agent = person starting, other = intervention index
    count_
};

/// EventType's names, in its order (the exported event table's type names, docs/outputs.md).
inline constexpr std::string_view event_type_names[] = {
    "violent_incident", "victimisation", "ae_attendance", "hospital_admission", "homicide", "recorded_offence",
    "arrest", "custody", "first_time_entrant", "suspension", "permanent_exclusion", "parent_imprisoned",
    "entered_cohort", "left_cohort", "exploitation_approach", "exploitation_started", "missing_episode",
    "safeguarding_referral", "support_started", "line_opened", "line_closed", "holder_charged",
    "external_runner_arrested", "home_cuckooed", "cuckooing_ended", "adult_referral", "programme_offer",
    "programme_start"};
static_assert(std::size(event_type_names) == static_cast<std::size_t>(EventType::count_),
              "an event type was added or removed: name it in event_type_names");

/// Flags carried on incident events (violent_incident, victimisation, recorded_offence, injuries),
/// on arrests and on county-lines events.
namespace incident_flag {
inline constexpr std::uint8_t knife = 1;       ///< knife or sharp object used or threatened
inline constexpr std::uint8_t injury = 2;
inline constexpr std::uint8_t recorded = 4;    ///< recorded by the police
inline constexpr std::uint8_t group = 8;       ///< more than one offender
inline constexpr std::uint8_t drug_market = 16;  ///< robbery, rivalry or punishment in a drug market
inline constexpr std::uint8_t county_lines = 32; ///< involves a county line (incidents, arrests, referrals, approaches)
inline constexpr std::uint8_t nrm = 64;          ///< safeguarding referral also made to the National Referral Mechanism
inline constexpr std::uint8_t at_closure = 128;  ///< arrest or referral made when a line was closed
inline constexpr std::uint8_t holder_charged = 1;  ///< on line_closed: a Type 1 closure
inline constexpr std::uint8_t repeat = 2;          ///< on exploitation_started: exploited before
}  // namespace incident_flag

struct Event {
    std::int32_t week;      ///< simulation week (0 = first burn-in week)
    EventType type;
    std::uint8_t flags;     ///< incident_flag bits where relevant
    std::uint32_t agent;    ///< slot index of the agent the event is about
    std::uint32_t other;    ///< the other party, or no_agent
};

inline constexpr std::uint32_t no_agent = 0xffffffffu;

/// A week's events; storage is reserved once and reused, so appending does not allocate in steady state.
class EventLog {
public:
    void clear() { events_.clear(); }
    void reserve(std::size_t n) { events_.reserve(n); }
    void push(const Event& e) { events_.push_back(e); }
    std::span<const Event> events() const { return events_; }

private:
    std::vector<Event> events_;
};

}  // namespace vrusim
