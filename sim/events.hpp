#pragma once
/// The event stream: what happened to whom in a week, in a deterministic order.
///
/// Phases append events; consumers (measures now, interventions later: a Hospital Navigator
/// listens for A&E attendances, Operation Paramount for parent imprisonment) read the week's list
/// after the step. Events are appended in agent order within a phase, so the stream is identical
/// at any thread count.
#include <cstdint>
#include <span>
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
    entered_cohort,       ///< agent = new 10-year-old (slot reused)
    left_cohort,          ///< agent = person who turned 25 (or died) and left
    count_
};

/// Incident flags carried on violent_incident, victimisation, recorded_offence and injury events.
namespace incident_flag {
inline constexpr std::uint8_t knife = 1;       ///< knife or sharp object used or threatened
inline constexpr std::uint8_t injury = 2;
inline constexpr std::uint8_t recorded = 4;    ///< recorded by the police
inline constexpr std::uint8_t group = 8;       ///< more than one offender
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
