#pragma once
/// Whom an intervention reaches and when (docs/interventions.md): the names a scenario may use for
/// its moment, states, traits and recent events, their meaning decided once per run, and the
/// eligibility rule. The loader's checks and the programme read these same tables.
#include <cstdint>
#include <string_view>

#include "../world.hpp"

namespace vrusim {

/// The reachable moments: an event of a kind this week, outreach among the eligible, or places.
enum class Moment : std::uint8_t {
    community,              ///< outreach among the eligible
    suspension,
    permanent_exclusion,
    ae_attendance,          ///< after a violent injury
    arrest,
    custody,
    parent_imprisonment,
    safeguarding_referral,  ///< an exploited person referred (MASH)
    nrm_referral,           ///< a referral also made to the National Referral Mechanism
    line_closure,           ///< a runner arrested or referred when their county line is closed
    hot_places,             ///< a place effect on the neighbourhoods with most violence, not a person's moment
};

struct TriggerName {
    std::string_view name;
    Moment moment;
};
inline constexpr TriggerName trigger_names[] = {
    {"community", Moment::community},
    {"suspension", Moment::suspension},
    {"permanent_exclusion", Moment::permanent_exclusion},
    {"ae_attendance", Moment::ae_attendance},
    {"arrest", Moment::arrest},
    {"custody", Moment::custody},
    {"parent_imprisonment", Moment::parent_imprisonment},
    {"safeguarding_referral", Moment::safeguarding_referral},
    {"nrm_referral", Moment::nrm_referral},
    {"line_closure", Moment::line_closure},
    {"hot_places", Moment::hot_places}};

/// The states requires_state may name, and their bits ("" = none).
struct StateName {
    std::string_view name;
    std::uint16_t bits;
};
inline constexpr StateName required_state_names[] = {
    {"", 0},
    {"excluded", state::excluded},
    {"neet", state::neet},
    {"exploited", state::exploited},
    {"carrying", state::carrying},
    {"parent_in_prison", state::parent_in_prison},
    {"recent_offender", state::recent_offender},
    {"ever_offended", state::ever_offended}};

/// The traits requires_trait may name: a risk factor the person has, or a protective factor they
/// lack ("no_").
struct TraitName {
    std::string_view name;
    std::uint16_t bits;
    bool lacking;
};
inline constexpr TraitName required_trait_names[] = {
    {"", 0, false},
    {"fsm", trait::fsm, false},
    {"sen", trait::sen, false},
    {"ace", trait::ace, false},
    {"high_propensity", trait::high_propensity, false},
    {"substance_prone", trait::substance_prone, false},
    {"in_care", trait::in_care, false},
    {"no_trusted_adult", trait::trusted_adult, true},
    {"no_sport", trait::sport, true}};

/// The recent events recent_event may name, and the week each was last seen.
struct RecentName {
    std::string_view name;
    std::vector<std::int16_t> Population::*last;
};
inline constexpr RecentName recent_event_names[] = {
    {"", nullptr},
    {"victimised", &Population::last_victimised},
    {"injured", &Population::last_injured},
    {"offended", &Population::last_offence},
    {"arrested", &Population::last_arrested},
    {"suspended", &Population::last_suspended},
    {"approached", &Population::last_approached},
    {"exploited", &Population::last_exploited}};

/// The protective factors an intervention may give while taking part.
inline constexpr std::string_view protective_names[] = {"", "trusted_adult", "sport"};
/// How the places are shared when more are eligible than there are places.
inline constexpr std::string_view allocation_names[] = {"first", "highest_risk"};

/// What an intervention's text settings mean, decided once per run.
struct Reach {
    Moment moment = Moment::community;
    int area = -1;                          ///< -1 = every area
    std::uint16_t required_state = 0;       ///< 0 = none
    std::uint16_t required_trait = 0;       ///< 0 = none
    bool trait_lacking = false;             ///< the trait must be absent (a protective factor)
    std::vector<std::int16_t> Population::*recent = nullptr;  ///< null = no recent event required
    int sex = 0;                            ///< 0 any, 1 male, 2 female
    bool knife_only = false;                ///< only moments involving a knife
    bool highest_risk = false;              ///< allocation highest_risk
    std::uint16_t protective = 0;           ///< the trait bit the intervention stands in for, 0 = none
};

/// The settings of an intervention decoded.
Reach decode_reach(const Parameters& p, const InterventionSpec& in);

/// True if the event is the intervention's reachable moment (its kind, about a person, with a
/// knife if required: the incident's, or one the person is carrying).
bool at_moment(const World& w, const Reach& c, const Event& e);

/// True if v is taking part in an intervention this week.
inline bool taking_part(const Population& pop, std::uint32_t v, std::int32_t week) {
    return pop.programme[v] != 0 && weeks_since(pop.programme_until[v], week) < 0;
}

/// The person's risk score: their weekly offending hazard over that of the reference person of
/// their age (1 = no risk or protective factors beyond the reference's).
double risk_score(const World& w, std::uint32_t v);

/// True if v may be offered the intervention now: present, not taking part in one, and meeting
/// its age, sex, area, state, trait, recent-event, deprivation and risk rules.
bool eligible(const World& w, const InterventionSpec& in, const Reach& c, std::uint32_t v);

}  // namespace vrusim
