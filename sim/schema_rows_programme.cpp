// The scenario schema's rows for the programme: its interventions (docs/interventions.md).
#include "schema_rows.hpp"

namespace vrusim::schema_rows {

namespace {
constexpr std::string_view programme_setting = "programme setting";
}

void append_programme_rows(SchemaTables& t) {
    t.intervention_fields = {
        VRUSIM_INTERVENTION_FIELD(name, "", unbounded, unbounded, "Name, unique within the programme", programme_setting),
        VRUSIM_INTERVENTION_FIELD(enabled, "", unbounded, unbounded, "Run this intervention", programme_setting),
        VRUSIM_INTERVENTION_FIELD(trigger, "", unbounded, unbounded,
                                  "The reachable moment: community (outreach among the eligible), suspension, "
                                  "permanent_exclusion, ae_attendance, arrest, custody, parent_imprisonment or "
                                  "safeguarding_referral (that week's event about the person)",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(area, "", unbounded, unbounded,
                                  "Name of the area it works in (the person's home area); empty (\"\") = every area",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(age_min, "years", 10, 24, "Youngest age eligible", programme_setting),
        VRUSIM_INTERVENTION_FIELD(age_max, "years", 10, 24, "Oldest age eligible", programme_setting),
        VRUSIM_INTERVENTION_FIELD(sex, "", unbounded, unbounded, "Who is eligible: any, male or female",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(requires_state, "", unbounded, unbounded,
                                  "A state the person must be in when reached: empty (none), excluded, neet, "
                                  "exploited, carrying, parent_in_prison, recent_offender or ever_offended",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(places_per_year, "people per financial year", 0, 1e7,
                                  "Places: people who can start in a financial year (April to March), times "
                                  "population.scale; the first reached are served, the rest are not",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(take_up, "share", 0, 1, "Share of those offered a place who start",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(start_week, "week", 0, 10000,
                                  "First week places are offered, counted from the first reported week",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(end_week, "week", 0, 10000,
                                  "Week from which no more places are offered; 0 = never", programme_setting),
        VRUSIM_INTERVENTION_FIELD(duration_weeks, "weeks", 1, 520, "Mean time a participant stays in it",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(decay_weeks, "weeks", 0, 520,
                                  "After a participant leaves, the effect fades with this time constant; 0 = it stops "
                                  "at once",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(rr_offending, "x hazard", 0, max_rr,
                                  "Offending hazard of a participant, relative to the same person outside it",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(rr_carrying, "x probability", 0, max_rr,
                                  "Chance of starting to carry a weapon, relative", programme_setting),
        VRUSIM_INTERVENTION_FIELD(rr_victimisation, "x weight", 0, max_rr, "Weight as a victim, relative",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(rr_exclusion, "x hazard", 0, max_rr,
                                  "Chance of school suspension and of permanent exclusion, relative",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(rr_neet, "x hazard", 0, max_rr, "Chance of becoming NEET, relative",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(cost_fixed_per_year, "pounds a year", 0, 1e9,
                                  "Fixed cost a financial year while it offers places", programme_setting),
        VRUSIM_INTERVENTION_FIELD(cost_per_participant, "pounds", 0, 1e7, "Cost per person who starts",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(evidence, "", unbounded, unbounded,
                                  "Evidence rating, e.g. the Youth Endowment Fund Toolkit's", programme_setting),
        VRUSIM_INTERVENTION_FIELD(source, "", unbounded, unbounded, "Where the effect and cost come from",
                                  programme_setting),
    };
    t.fields.push_back(VRUSIM_RECORD_LIST(programme, interventions, "interventions", t.intervention_fields, "",
                                          unbounded, unbounded,
                                          "The interventions (keys in the table below); empty = no programme",
                                          programme_setting));
}

}  // namespace vrusim::schema_rows
