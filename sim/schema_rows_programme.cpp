// The scenario schema's rows for the programme: its interventions (docs/interventions.md).
#include "schema_rows.hpp"

namespace vrusim::schema_rows {

namespace {
constexpr std::string_view programme_setting = "programme setting";
}

void append_programme_rows(SchemaTables& t) {
    t.intervention_fields = {
        VRUSIM_INTERVENTION_FIELD(catalogue, "", unbounded, unbounded,
                                  "Id of a built-in catalogue entry (docs/interventions.md) whose settings this one "
                                  "starts from; its own keys replace them; empty = none",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(name, "", unbounded, unbounded, "Name, unique within the programme", programme_setting),
        VRUSIM_INTERVENTION_FIELD(enabled, "", unbounded, unbounded, "Run this intervention", programme_setting),
        VRUSIM_INTERVENTION_FIELD(trigger, "", unbounded, unbounded,
                                  "The reachable moment: community (outreach among the eligible), suspension, "
                                  "permanent_exclusion, ae_attendance, arrest, custody, parent_imprisonment, "
                                  "safeguarding_referral, nrm_referral, line_closure (a runner arrested or referred "
                                  "when their line is closed) (that week's event about the person); or hot_places "
                                  "(a place effect on the neighbourhoods with most recent violence)",
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
        VRUSIM_INTERVENTION_FIELD(requires_trait, "", unbounded, unbounded,
                                  "A trait the person must have: fsm, sen, ace, high_propensity, substance_prone, "
                                  "in_care; or a protective factor they must lack: no_trusted_adult, no_sport; empty "
                                  "= none",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(recent_event, "", unbounded, unbounded,
                                  "An event the person must have had within recent_weeks: victimised, injured, "
                                  "offended, arrested, suspended, approached or exploited; empty = none",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(recent_weeks, "weeks", 1, 520, "The window for recent_event", programme_setting),
        VRUSIM_INTERVENTION_FIELD(min_deprivation, "percentile (0-1)", 0, 1,
                                  "Only people whose neighbourhood is at least this national IMD percentile (0.8 = "
                                  "the nation's most deprived fifth); 0 = any",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(min_risk, "x reference hazard", 0, 1e6,
                                  "Only people whose risk score (weekly offending hazard over that of the reference "
                                  "person of their age) is at least this; 0 = any",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(allocation, "", unbounded, unbounded,
                                  "Who is served when more are eligible than there are places: first (in the order "
                                  "reached; outreach at random) or highest_risk (by risk score); the rest are not "
                                  "served and may be reached at a later moment",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(requires_knife, "", unbounded, unbounded,
                                  "Reached only at a moment involving a knife: an arrest for, or an A&E attendance "
                                  "after, a knife incident, or of someone carrying one (arrest and ae_attendance "
                                  "triggers)",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(places_per_year, "people per financial year", 0, 1e7,
                                  "Places: people who can start in a financial year (April to March), times "
                                  "population.scale; the first reached are served, the rest are not",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(adult_places_per_year, "people per financial year", 0, 1e7,
                                  "Places for people aged 25 and over, outside the modelled cohort (arrest, custody, "
                                  "ae_attendance or community triggers): counted in reach from the setting's adult "
                                  "flow (programme.adults_per_young_*; outreach: in step with the young), their "
                                  "effect not modelled; with a budget, part of the places it buys",
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
        VRUSIM_INTERVENTION_FIELD(onset_weeks, "weeks", 0, 520,
                                  "The effect builds up evenly over this many weeks of a participant's stay (a "
                                  "mentor's trust takes time); 0 = full from the first week",
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
        VRUSIM_INTERVENTION_FIELD(rr_exploitation, "x probability", 0, max_rr,
                                  "Chance of complying when asked to move drugs or weapons, relative",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(rr_peer_influence, "x probability", 0, max_rr,
                                  "Chance of coming under violent peer influence through ties, relative",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(rr_identification, "x probability", 0, max_rr,
                                  "Chance that a participant who is criminally exploited is identified and "
                                  "referred (every route: routine, arrest, victimisation, return from missing, the "
                                  "closure of their line), relative: a trusted worker who hears a disclosure",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(adds_protective, "", unbounded, unbounded,
                                  "A protective factor it gives while taking part (trusted_adult or sport): those "
                                  "who lack it have that factor's effect on offending (factors.rr_trusted_adult, "
                                  "rr_sport); empty = none",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(reaches_co_offenders, "", unbounded, unbounded,
                                  "A group effect: a participant's co-offenders take part with them for their stay, "
                                  "without places or cost (focused deterrence's call-in)",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(hot_places, "neighbourhoods", 0, 100000,
                                  "trigger hot_places: how many of its area's neighbourhoods with most recent "
                                  "violence it covers; rr_offending and rr_victimisation act on their residents",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(hot_places_window_weeks, "weeks", 1, 520,
                                  "trigger hot_places: recent violence fades with this time constant",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(cost_fixed_per_year, "pounds a year", 0, 1e9,
                                  "Fixed cost a financial year while it offers places", programme_setting),
        VRUSIM_INTERVENTION_FIELD(cost_per_participant, "pounds", 0, 1e7, "Cost per person who starts",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(budget_per_year, "pounds a year", 0, 1e9,
                                  "Money a financial year; above 0 the places are what it buys, (budget - "
                                  "cost_fixed_per_year) / cost_per_participant, instead of places_per_year",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(funded_by, "", unbounded, unbounded,
                                  "grant (the VRU's money, cut when the funding plan falls short) or separate (its "
                                  "own stream, e.g. Grip hotspot policing: always funded, outside the grant "
                                  "conditions)",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(priority, "rank", 1, 1000,
                                  "Order of funding when money is short (funding.cut_rule priority): 1 is funded "
                                  "first and cut last; ties in list order",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(sustained_share, "share", 0, 1,
                                  "Share of its planned money local partners pay when the grant's falls short",
                                  programme_setting),
        VRUSIM_INTERVENTION_FIELD(on_stop, "", unbounded, unbounded,
                                  "When its money ends: finish (those taking part finish their stay) or drop_out "
                                  "(their stay ends with the money)",
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

    const std::vector<Field> adult_flows = {
        VRUSIM_FIELD(programme, adults_per_young_arrest, "people per arrest", 0, 100,
                     "People aged 25 and over arrested for every modelled arrest of a 10-24-year-old (the custody "
                     "suite's adult flow)",
                     "derived from Home Office arrests for violence by age, 2005-06 (Hansard 25 June 2008), with "
                     "21-24s assumed to be arrested at the 18-20 rate a year of age (docs/funding.md)"),
        VRUSIM_FIELD(programme, adults_per_young_custody, "people per custody entry", 0, 100,
                     "People aged 25 and over sent to custody for every modelled 10-24-year-old",
                     "assumption: as for arrests (no age split of custody entries retrieved)"),
        VRUSIM_FIELD(programme, adults_per_young_ae_attendance, "attendances per attendance", 0, 100,
                     "People aged 25 and over attending A&E after violence for every modelled 10-24-year-old",
                     "assumption: no age split of assault attendances retrieved"),
    };
    t.fields.insert(t.fields.end(), adult_flows.begin(), adult_flows.end());

    constexpr std::string_view grant_conditions = "Home Office VRU grant conditions (product.md)";
    constexpr std::string_view heeks = "Heeks et al. 2018, Home Office Research Report 99, 2015/16 prices [V]";
    const std::vector<Field> money = {
        VRUSIM_FIELD(funding, enabled, "", unbounded, unbounded,
                     "Apply the funding plan: interventions paid from the grant get the places their money "
                     "buys; false = every intervention has the money it plans",
                     programme_setting),
        VRUSIM_FIELD(funding, grant, "pounds", 0, 1e10, "Core VRU grant in the first reported financial year",
                     programme_setting),
        VRUSIM_FIELD(funding, taper, "share a year", 0, 1,
                     "Share by which the grant falls each year, from taper_from_year", programme_setting),
        VRUSIM_FIELD(funding, taper_from_year, "year", 0, 2200,
                     "First financial year (the year of its April) the grant is cut by the taper; 0 = never",
                     programme_setting),
        VRUSIM_FIELD(funding, grant_ends_year, "year", 0, 2200,
                     "First financial year (the year of its April) with no grant; 0 = never", programme_setting),
        VRUSIM_FIELD(funding, match_share, "share of the grant", 0, 10, "Partners' match funding",
                     programme_setting),
        VRUSIM_FIELD(funding, match_amount, "pounds a year", 0, 1e10,
                     "Partners' match funding as a fixed amount a year while there is a grant (e.g. seconded "
                     "officers), added to match_share x grant",
                     programme_setting),
        VRUSIM_FIELD(funding, match_in_kind, "", unbounded, unbounded,
                     "Match given in kind (staff time, rooms): it counts for the grant condition but buys no "
                     "places; false = cash, added to the money",
                     programme_setting),
        VRUSIM_FIELD(funding, carry_over, "pounds", 0, 1e10,
                     "Money brought forward from the year before the first reported year", programme_setting),
        VRUSIM_FIELD(funding, core_cost, "pounds a year", 0, 1e10, "Core function (team, data, strategy) a year",
                     programme_setting),
        VRUSIM_FIELD(funding, protect_conditions, "", unbounded, unbounded,
                     "Fund the interventions' minimum share of the grant (min_intervention_share, with its "
                     "evaluation) before the core function, which takes what is left up to core_cost; false = the "
                     "core first",
                     programme_setting),
        VRUSIM_FIELD(funding, evaluation_share, "share", 0, 1,
                     "Evaluation spend, as a share of the money on the grant's interventions", programme_setting),
        VRUSIM_FIELD(funding, cut_rule, "", unbounded, unbounded,
                     "How a shortfall is shared among the grant's interventions: priority (funded in "
                     "priority order until the money runs out) or pro_rata (each cut by the same share)",
                     programme_setting),
        VRUSIM_FIELD(funding, sustained_share, "share", 0, 1,
                     "Share of every grant-funded intervention's planned money local partners pay when the grant's "
                     "falls short (an intervention's own sustained_share, if larger, applies)",
                     programme_setting),
        VRUSIM_FIELD(funding, carry_forward, "", unbounded, unbounded,
                     "Money not allocated in a year goes into the next", programme_setting),
        VRUSIM_FIELD(funding, min_intervention_share, "share of the grant", 0, 1,
                     "Grant condition: money on interventions at least this share of the grant", grant_conditions),
        VRUSIM_FIELD(funding, min_evaluation_share, "share", 0, 1,
                     "Grant condition: evaluation at least this share of the money on interventions",
                     grant_conditions),
        VRUSIM_FIELD(funding, min_match_share, "share of the grant", 0, 10,
                     "Grant condition: match funding at least this share of the grant (2024-25: 0.20)",
                     grant_conditions),
        VRUSIM_FIELD(economics, cost_homicide, "pounds", 0, 1e9, "Unit cost of a homicide", heeks),
        VRUSIM_FIELD(economics, cost_violence_with_injury, "pounds", 0, 1e9, "Unit cost of violence with injury",
                     heeks),
        VRUSIM_FIELD(economics, cost_violence_without_injury, "pounds", 0, 1e9,
                     "Unit cost of violence without injury", "Heeks et al. 2018 [R]: to check against Table 1"),
        VRUSIM_FIELD(economics, cost_permanent_exclusion, "pounds", 0, 1e9,
                     "Lifetime cost to the state of a permanent exclusion from school; 0 by default: a cost of "
                     "another kind (lifetime, overlapping the crime costs); IPPR's £170,000 [S] as an option",
                     "assumption: left out of the headline value (docs/funding.md)"),
        VRUSIM_FIELD(economics, counted_share, "share", 0, 1,
                     "Share of the model's non-fatal violence the unit costs' crime survey counts: the model follows "
                     "the YEF survey, which finds about four times the CSEW's teenage victims",
                     "docs/model.md 8.4 (YEF survey against CSEW) [D]"),
        VRUSIM_FIELD(economics, price_factor, "ratio", 0, 100,
                     "Multiplies the 2015/16 unit costs into the prices of the programme's costs (e.g. a GDP "
                     "deflator ratio); 1 = 2015/16 prices",
                     "assumption: no deflator in the calibration file"),
        VRUSIM_FIELD(economics, discount_rate, "per year", 0, 1,
                     "Discount rate for costs and values in later financial years", "HM Treasury Green Book [S]"),
    };
    t.fields.insert(t.fields.end(), money.begin(), money.end());
}

}  // namespace vrusim::schema_rows
