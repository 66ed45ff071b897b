// The scenario schema's rows: one per key, with type, unit, bounds, description and source. The
// defaults are read from a default-constructed Parameters, so they live only in parameters.hpp.
// The area and enforcement-timeline records and the model's keys are here; county lines'
// keys are in schema_rows_county_lines.cpp and the verification mode's in verification/.
#include "schema_rows.hpp"

namespace vrusim {

namespace {

using schema_text::cat;
using namespace schema_rows;

struct SectionText {
    std::string_view key;
    std::string_view title;
    std::string_view description;
};

constexpr SectionText section_texts[] = {
    {"", "Scenario", "Keys at the top level of the file, beside the sections."},
    {"run", "run", "How long to simulate, how many replicates, and the seed."},
    {"population", "population", "The synthetic population: areas, neighbourhoods, households and schools."},
    {"graph", "graph", "The multiplex social graph: classmates, friends and co-offenders."},
    {"factors", "factors", "Risk and protective factors at the individual, relationship and community levels, as hazard multipliers."},
    {"violence", "violence", "Violent incidents: who offends, who is victimised, knives, injury, A&E and homicide."},
    {"contagion", "contagion", "Exposure to violence raising the exposed person's own offending hazard."},
    {"peer_influence", "peer_influence", "Violent peer influence spreading along social ties."},
    {"weapons", "weapons", "Weapon carrying: starting, spreading along ties and stopping."},
    {"justice", "justice", "Police recording, arrest, sanction and custody."},
    {"school", "school", "School leaving age, suspensions and permanent exclusions."},
    {"neet", "neet", "Spells not in education, employment or training."},
    {"family", "family", "Parents sent to prison."},
    {"county_lines", "county_lines",
     "County drug lines: entry into markets, staffing by runners, trading, closure by enforcement and market "
     "violence; enforcement_timeline schedules intensification weeks."},
    {"exploitation", "exploitation",
     "Approaches to young people to move or hold drugs, weapons or money, and who complies."},
    {"safeguarding", "safeguarding",
     "Identification of exploited children, referral (MASH, National Referral Mechanism) and support."},
    {"cuckooing", "cuckooing", "Vulnerable adults whose homes lines take over as trap houses, and the response."},
    {"programme", "programme",
     "The VRU's programme: interventions, each with whom it reaches, at which moment, how many a year, what it "
     "changes and what it costs (docs/interventions.md). Empty in the baseline."},
    {"funding", "funding",
     "The VRU's money by financial year (docs/funding.md): the core grant and its taper, match funding, "
     "carry-over, core and evaluation costs, how a shortfall is shared, and the grant conditions. Off by default."},
    {"economics", "economics",
     "What harms are worth, for the benefit-cost ratio and cost per harm averted in vrusim compare "
     "(docs/funding.md): unit costs of crime and the discount rate."},
    {"verification", "verification",
     "Verification mode: the peer-influence process alone (peer_influence.p_transmission_per_tie_week, "
     "duration_mean_weeks, p_resusceptible; SIR when p_resusceptible is 0, SIS when 1) on a generated or given "
     "network instead of the synthetic population, every other mechanism off, for checks against theory and other "
     "tools (docs/model.md, section 8.5). Only the run, peer_influence and verification keys are used."},
};

}  // namespace

namespace schema_rows {

void append_model_rows(SchemaTables& t) {
    const std::vector<Field> rows = {
        metadata_field("name", {"", unbounded, unbounded, "Short name of the scenario, shown in outputs and the explorer",
                                "scenario data"}),
        metadata_field("description", {"", unbounded, unbounded, "What the scenario is for, in a sentence or two",
                                       "scenario data"}),

        VRUSIM_FIELD(run, seed, "", 0, max_seed,
                     "Seed of every random stream; the same seed gives the same results at any thread count", "run setting"),
        // Only 16 bits of the replicate number reach the random streams (sim/rng.hpp).
        VRUSIM_FIELD(run, replicates, "runs", 1, 65536, "Independent replicates, each with its own random streams",
                     "run setting"),
        // Week stamps are 16-bit, so burn-in plus reported weeks must stay well under 32,767.
        VRUSIM_FIELD(run, weeks, "weeks", 1, 2600, "Weeks reported, after the burn-in", "run setting"),
        VRUSIM_FIELD(run, burn_in_weeks, "weeks", 0, 1040,
                     "Weeks simulated before reporting starts, so that contagion and carrying states settle", "run setting"),
        VRUSIM_FIELD(run, start_year, "year", 2000, 2100, "Financial year the first reported week starts (1 April); labels outputs only",
                     "run setting"),

        VRUSIM_FIELD(population, scale, "share", 0, 1,
                     "Share of the represented population simulated (1 = one agent per young person)", "run setting"),
        required(VRUSIM_RECORD_LIST(population, areas, "areas", t.area_fields, "", unbounded, unbounded,
                                    "Local partnership areas of the force area, one entry each (keys in the table below)",
                                    "ONS mid-2020 [D], IoD2019 [S] in default.yaml")),
        VRUSIM_FIELD(population, national_all_ages, "people", 1, 1e10,
                     "Residents of the nation the national figures describe (England and Wales); a force's share of "
                     "national counts is its areas' residents over this",
                     "ONS mid-2020 estimate, England and Wales [S]"),
        VRUSIM_FIELD(population, male_share, "share", 0, 1, "Share of young people who are male", assumption),
        VRUSIM_FIELD(population, neighbourhood_size, "people (10-24)", 10, 100000,
                     "Young people per neighbourhood (about one LSOA)", "[D] ~1,500 residents x 18.1% aged 10-24"),
        VRUSIM_FIELD(population, deprivation_cv, "coefficient of variation", 0, 5,
                     "Spread of neighbourhood IMD scores around their area's average", assumption),
        VRUSIM_FIELD(population, household_size_mean, "people (10-24)", 1, 10,
                     "Mean young people per household that has any", assumption),
        VRUSIM_FIELD(population, school_size, "pupils", 1, 10000, "Pupils per school", assumption),
        VRUSIM_FIELD(population, class_size, "pupils", 1, 200, "Pupils per class within a school year group", assumption),

        VRUSIM_FIELD(graph, class_ties_max, "ties", 0, 200,
                     "Classmate ties per pupil; each pupil proposes half of them, so the realised degree differs",
                     "PROTON-OC school links [V]"),
        VRUSIM_FIELD(graph, friends_mean, "ties", 0, 150, "Mean friendship ties per person", assumption),
        VRUSIM_FIELD(graph, friend_same_school_share, "share", 0, 1, "Share of friendships drawn from the same school class",
                     assumption),
        VRUSIM_FIELD(graph, friend_same_neighbourhood_share, "share", 0, 1,
                     "Share of friendships drawn from the same neighbourhood (the rest from the wider area)", assumption),
        VRUSIM_FIELD(graph, tie_max_age_gap_years, "years", 0, 14,
                     "Ties (other than household) between people further apart in age are dormant", assumption),
        VRUSIM_FIELD(graph, friend_risk_homophily, "share", 0, 1,
                     "Friend choice by propensity class: 0 at random, 1 only within the same class", assumption),
        VRUSIM_FIELD(graph, co_offender_ties_max, "ties", 0, 64, "Co-offenders remembered per person (most recent kept)",
                     assumption),

        VRUSIM_FIELD(factors, propensity_sigma, "sigma (log scale)", 0, 3,
                     "Lognormal sigma of the propensity trait (mean 1); above mean + 1 sd counts as high propensity", "PROTON-OC [V]"),
        VRUSIM_FIELD(factors, rr_high_propensity, rr, 0, max_rr, "Propensity above the mean + 1 sd",
                     "PROTON-OC factors-c [V]"),
        VRUSIM_FIELD(factors, rr_prior_offending, rr, 0, max_rr, "Has offended before", "PROTON-OC factors-c [V]"),
        VRUSIM_FIELD(factors, substance_use_prevalence, "share", 0, 1, "Share of 15-24 year-olds who use substances",
                     assumption),
        VRUSIM_FIELD(factors, rr_substance_use, rr, 0, max_rr, "Uses substances", assumption),
        VRUSIM_FIELD(factors, ace_prevalence, "share", 0, 1, "Share with four or more adverse childhood experiences",
                     "assumption [R]"),
        VRUSIM_FIELD(factors, rr_ace, rr, 0, max_rr, "Four or more adverse childhood experiences", assumption),
        VRUSIM_FIELD(factors, trusted_adult_prevalence, "share", 0, 1, "Share with a trusted adult", assumption),
        VRUSIM_FIELD(factors, rr_trusted_adult, rr, 0, max_rr, "Has a trusted adult (protective)", assumption),
        VRUSIM_FIELD(factors, rr_parent_in_prison, rr, 0, max_rr, "A parent is in prison",
                     "PROTON-OC factors-c, family offending [V] (proxy)"),
        VRUSIM_FIELD(factors, rr_violent_peers, rr, 0, max_rr, "Under violent peer influence",
                     "PROTON-OC factors-c, offending friends [V]"),
        VRUSIM_FIELD(factors, deprivation_gradient, "hazard ratio", 0.01, max_rr,
                     "Hazard ratio between the most and the least deprived fifths of neighbourhoods",
                     "Oxfordshire SIA 2022 [V]"),
        VRUSIM_FIELD(factors, national_imd_scores, "IMD score", 0, 100,
                     "IMD scores of the nation's neighbourhoods (LSOAs) at percentiles 0, 5, ..., 100 (21 values, "
                     "rising); a neighbourhood's deprivation multiplier comes from its national percentile",
                     "IoD2019 File 7 via nhs-r-community/NHSRpopulation data/imd.rda, 32,844 LSOAs [S]"),
        VRUSIM_FIELD(factors, rr_excluded, rr, 0, max_rr, "Permanently excluded from school", assumption),
        VRUSIM_FIELD(factors, rr_suspended_recent, rr, 0, max_rr,
                     "Suspended from school within the last school.suspension_recent_weeks", assumption),
        VRUSIM_FIELD(factors, rr_neet, rr, 0, max_rr, "Not in education, employment or training",
                     "PROTON-OC factors-c, unemployed [V]"),
        VRUSIM_FIELD(factors, sport_prevalence, "share", 0, 1, "Share taking part in sport or structured activity",
                     assumption),
        VRUSIM_FIELD(factors, rr_sport, rr, 0, max_rr, "Takes part in sport or structured activity (protective)",
                     "assumption; YEF: high impact, low confidence [V]"),

        VRUSIM_FIELD(violence, enabled, "", unbounded, unbounded,
                     "Simulate the violence young people start (off: none; county lines' drug-market violence still happens)", "run setting"),
        VRUSIM_FIELD(violence, base_rate_per_year, "per year", 0, 52,
                     "Violent incidents a year started by the reference person (male, 14-17, no risk factors, average "
                     "deprivation, proneness 1); a person's weekly count is Poisson, at most one a day",
                     "calibrated [D] to the share of 13-17s who committed violence in the past year (YEF 2024)"),
        VRUSIM_FIELD(violence, history_rr, rr, 0, max_rr,
                     "Mean multiplier from contagion and peer influence over a person's life before the run; used "
                     "only to draw offending histories at the start, so that they match the settled model",
                     "[D] fitted so the initial ever-offended share equals the settled share (docs/model.md 5.3)"),
        VRUSIM_FIELD(violence, trend_per_year, "share a year", -0.5, 1,
                     "Secular trend: the offending hazard changes by this share each year from the first reported "
                     "week (e.g. -0.05 for a 5% fall a year); 0 keeps the baseline stationary",
                     "run setting (off by default)"),
        VRUSIM_FIELD(violence, age_rr_10_13, rr, 0, max_rr, "Hazard at ages 10-13 relative to 14-17", assumption),
        VRUSIM_FIELD(violence, age_rr_18_24, rr, 0, max_rr, "Hazard at ages 18-24 relative to 14-17", assumption),
        VRUSIM_FIELD(violence, female_rr, rr, 0, max_rr, "Hazard of females relative to males",
                     "[D] PROTON-OC Palermo rates, F/M 0.15-0.17"),
        VRUSIM_FIELD(violence, offending_proneness_sigma, "sigma (log scale)", 0, 4,
                     "Spread of a lasting offending proneness drawn for each person (lognormal, mean 1), multiplying "
                     "the hazard with the listed traits, so that few people commit most of the violence; 0 draws "
                     "none. Not part of the victim weight",
                     "assumption: with the base rate fitted to YEF 2024's perpetration share and the victim spread to "
                     "its victimisation share; checked against the chronic-offender share (docs/model.md 8.4)"),
        VRUSIM_FIELD(violence, offending_proneness_year_correlation, "correlation", 0, 1,
                     "Correlation of the changing part of the log offending proneness from one birthday to the "
                     "next (a stationary AR(1): who offends most changes over the years, the spread does not); 1 "
                     "keeps it for life",
                     "assumption"),
        VRUSIM_FIELD(violence, offending_proneness_fixed_share, "share", 0, 1,
                     "Share of the variance of the log offending proneness that is fixed for life (a trait); the "
                     "rest changes at birthdays as above",
                     "assumption"),
        VRUSIM_FIELD(violence, victim_from_graph_share, "share", 0, 1,
                     "Share of victims chosen among the offender's ties (the rest: strangers in the neighbourhood)",
                     assumption),
        VRUSIM_FIELD(violence, adult_victim_share_18_24, "share", 0, 1,
                     "Share of the incidents an 18-24-year-old starts whose victim is 25 or over (outside the model: "
                     "counted as offending, arrests and custody, not as a victimisation of a young person)",
                     "assumption"),
        VRUSIM_FIELD(violence, outside_offender_rate_18_24, "per year", 0, 52,
                     "Incidents a year per 18-24-year-old started by someone of 25 or over (outside the model: a "
                     "victimisation with no offender agent, no arrest); victims drawn by victim weight. 0: off",
                     "run setting: off until fitted (docs/model.md section 9, item 59)"),
        VRUSIM_FIELD(violence, p_knife_outside_offender, "probability", 0, 1,
                     "Knife chance in an incident started by someone of 25 or over against an 18-24-year-old "
                     "(before the male-victim odds ratio)",
                     "assumption, to be fitted with the rate"),
        VRUSIM_FIELD(violence, victim_weight_carrier, "x weight", 0, 1000,
                     "Victim-choice weight of a weapon carrier relative to others",
                     "YEF survey: carriers 14x repeat victims [V], used as a weight"),
        VRUSIM_FIELD(violence, victim_weight_recent_offender, "x weight", 0, 1000,
                     "Victim-choice weight of someone who offended recently, relative to others", assumption),
        VRUSIM_FIELD(violence, victim_weight_recent_victim, "x weight", 0, 1000,
                     "Victim-choice weight of someone victimised in the last 52 weeks, relative to others (event "
                     "dependence in repeat victimisation)",
                     "assumption; with victim_proneness_sigma, calibrated [D] to YEF 2024: 65% of teenage victims "
                     "victimised more than once [V]"),
        VRUSIM_FIELD(violence, victim_proneness_sigma, "sigma (log scale)", 0, 5,
                     "Spread of a lasting victim-choice weight drawn for each person (lognormal, mean 1): the "
                     "heterogeneity behind repeat victimisation (bullied children, feuds)",
                     "calibrated [D] to the share of 13-17s victimised in the past year (YEF 2024; the repeat share "
                     "is checked in the same fit)"),
        VRUSIM_FIELD(violence, victim_proneness_risk_exponent, "exponent", 0, 3,
                     "The lasting victim-choice weight is multiplied by the person's lasting offending risk (its "
                     "multipliers for neighbourhood, area, propensity, ACEs, trusted adult and sport; not the "
                     "offending proneness; sex aside) to "
                     "this power: 1 makes the risk factors raise victimisation as much as offending, 0 not at all",
                     "assumption; direction from the victim-offender overlap (Jennings, Piquero and Reingle 2012 "
                     "review) [R]"),
        VRUSIM_FIELD(violence, victim_weight_female, "x weight", 0, 100,
                     "Lasting victim-choice weight of a female relative to a male",
                     "calibrated [D] to the male share of violence-related A&E attendances (NVSN 2017: 4.6 and 1.9 "
                     "per 1,000 males and females [V])"),
        VRUSIM_FIELD(violence, group_size_pmf, "probability", 0, 1,
                     "Probability that an incident has 1, 2, 3, ... offenders (sums to 1)",
                     "PROTON-OC co-offender distribution [V]; size 1 +0.0001 so the rounded values sum to 1 [D]"),
        VRUSIM_FIELD(violence, p_knife_if_carrying, "probability", 0, 1,
                     "Probability a knife is used or threatened when the offender carries one", "calibrated [D]"),
        VRUSIM_FIELD(violence, p_knife_if_not_carrying, "probability", 0, 1,
                     "Probability a knife is used or threatened when no offender in the group carries (a knife "
                     "picked up on the spot)",
                     "assumption: a 200th of p_knife_if_carrying, so knife violence comes mostly from carriers"),
        VRUSIM_FIELD(violence, knife_rr_18_24, "x probability", 0, 100,
                     "Knife use in an incident involving an 18-24-year-old (offender or victim), relative to one "
                     "between younger people with the same carrying (capped at probability 1)",
                     "calibrated [D] to the age split of knife-assault admissions (NHS 2023/24 [V])"),
        VRUSIM_FIELD(violence, knife_rr_male_victim, "odds ratio", 0, 100,
                     "Odds of knife use in an incident whose victim is male, relative to one with a female victim "
                     "and the same carrying and ages (drug-market incidents too): knives are drawn mostly in "
                     "conflicts between young men",
                     "calibrated [D] to the male share of knife-assault admissions (about 92%, NHS [V])"),
        VRUSIM_FIELD(violence, p_injury_knife, "probability", 0, 1, "Probability the victim of a knife incident is injured",
                     assumption),
        VRUSIM_FIELD(violence, p_injury_other, "probability", 0, 1, "Probability the victim of another incident is injured",
                     "calibrated [D] to YEF 2024: 61% of teenage victims' incidents led to physical injury [V]"),
        VRUSIM_FIELD(violence, p_ae_given_injury_knife, "probability", 0, 1,
                     "Probability an injured victim of a knife incident attends A&E", "calibrated [D]"),
        VRUSIM_FIELD(violence, p_ae_given_injury_other, "probability", 0, 1,
                     "Probability an injured victim of another incident attends A&E",
                     "calibrated [D] to A&E attendances after violence at 10-24 (NVSN)"),
        VRUSIM_FIELD(violence, p_admission_given_ae_knife, "probability", 0, 1,
                     "Probability an A&E attendance for a knife injury ends in admission", "calibrated [D]"),
        VRUSIM_FIELD(violence, p_homicide_given_knife_injury, "probability", 0, 1, "Probability a knife injury is fatal",
                     "calibrated [D]"),

        VRUSIM_FIELD(contagion, enabled, "", unbounded, unbounded,
                     "Victimisation raises the offending hazard of the victim and of their ties", "run setting"),
        VRUSIM_FIELD(contagion, rr_after_victimisation, rr, 0, max_rr,
                     "Multiplier at the moment of victimisation, decaying back to 1",
                     "assumption; target Green 2017 [V]"),
        VRUSIM_FIELD(contagion, rr_after_tie_victimised, rr, 0, max_rr,
                     "Multiplier when a household member or friend is victimised, decaying back to 1", assumption),
        VRUSIM_FIELD(contagion, lag_mean_weeks, "weeks", 1, 520, "Mean of the exponential decay of both multipliers",
                     "[D] Green 2017: 125-day mean lag [V]"),

        VRUSIM_FIELD(peer_influence, enabled, "", unbounded, unbounded,
                     "Violent peer influence spreads along ties", "run setting"),
        VRUSIM_FIELD(peer_influence, p_transmission_per_tie_week, "probability", 0, 1,
                     "Weekly probability that a tie who offended recently influences a susceptible person",
                     assumption),
        VRUSIM_FIELD(peer_influence, duration_mean_weeks, "weeks", 1, 1040, "Mean length of a spell of influence",
                     assumption),
        VRUSIM_FIELD(peer_influence, p_resusceptible, "probability", 0, 1,
                     "Probability that someone leaving influence can be influenced again (else resistant)", assumption),
        VRUSIM_FIELD(peer_influence, initial_prevalence, "share", 0, 1, "Share under influence when the burn-in starts",
                     assumption),
        VRUSIM_FIELD(peer_influence, source_window_weeks, "weeks", 1, 520,
                     "A tie transmits only if it offended within this many weeks", assumption),

        VRUSIM_FIELD(weapons, enabled, "", unbounded, unbounded, "Weapon carrying starts, spreads along ties and stops",
                     "run setting"),
        VRUSIM_FIELD(weapons, start_rate_per_year, "per year", 0, 52, "Rate of starting to carry without a trigger",
                     "calibrated [D]"),
        VRUSIM_FIELD(weapons, female_rr, "x", 0, 10,
                     "Chance of starting to carry, without a trigger or from a carrying tie, of a female relative to a male",
                     "calibrated [D] to the Millennium Cohort Study at 17: 8.8% of boys and 3.9% of girls carried or used "
                     "a weapon in the past year [V]"),
        VRUSIM_FIELD(weapons, p_transmission_per_tie_week, "probability", 0, 1,
                     "Weekly probability that a carrying tie starts someone carrying", "calibrated [D]"),
        VRUSIM_FIELD(weapons, p_start_after_victimisation, "probability", 0, 1,
                     "Probability of starting to carry after being injured in an incident (fear)", "assumption"),
        VRUSIM_FIELD(weapons, duration_mean_weeks, "weeks", 1, 1040, "Mean length of a carrying spell", assumption),
        VRUSIM_FIELD(weapons, initial_prevalence, "share", 0, 1, "Share carrying when the burn-in starts",
                     "assumption; YEF 1 in 20 a year [V]"),

        VRUSIM_FIELD(justice, p_recorded_knife, "probability", 0, 1, "Probability the police record a knife incident",
                     "calibrated [D]"),
        VRUSIM_FIELD(justice, p_recorded_other, "probability", 0, 1,
                     "Probability the police record another violent incident", assumption),
        VRUSIM_FIELD(justice, p_arrest_given_recorded, "probability", 0, 1,
                     "Probability a recorded offence leads to an arrest", "calibrated [D]"),
        VRUSIM_FIELD(justice, p_sanction_given_arrest, "probability", 0, 1,
                     "Probability an arrest leads to a caution or conviction",
                     "assumption; cf. first-time entrants / child arrests 0.14 [D]"),
        VRUSIM_FIELD(justice, p_custody_given_arrest, "probability", 0, 1,
                     "Probability an arrest of a 10-17-year-old leads to remand or a sentence in youth custody",
                     "[D] YJB: ~2,500 entries to youth custody a year / ~59,000 child arrests"),
        VRUSIM_FIELD(justice, youth_custody_min_age, "years", 10, 18,
                     "Youngest age at which an arrest can lead to custody",
                     "Sentencing Act 2020: detention and training orders from 12 [R]; remands to youth detention of "
                     "10-11s are rare"),
        VRUSIM_FIELD(justice, custody_weeks_mean, "weeks", 1, 1040, "Mean time in youth custody (aged 10-17)",
                     "[D] YJB: 440 children in custody on average x 52 / ~2,500 entries a year"),
        VRUSIM_FIELD(justice, arrest_rr_18_24, "x probability (relative risk)", 0, max_rr,
                     "Arrest chance per recorded offence at 18-24 relative to 10-17 (the product is capped at 1)",
                     "calibrated [D] to young adults in prison (MoJ)"),
        VRUSIM_FIELD(justice, p_custody_given_arrest_18_24, "probability", 0, 1,
                     "Probability an arrest of an 18-24-year-old leads to remand or a prison sentence", assumption),
        VRUSIM_FIELD(justice, custody_weeks_mean_18_24, "weeks", 1, 1040, "Mean time in prison (aged 18-24)",
                     assumption),

        VRUSIM_FIELD(school, enabled, "", unbounded, unbounded, "Simulate suspensions and permanent exclusions",
                     "run setting"),
        VRUSIM_FIELD(school, leaving_age, "years", 11, 24, "Age at which young people leave school",
                     "England participation age"),
        VRUSIM_FIELD(school, p_perm_exclusion_per_year, "probability per year", 0, 1,
                     "Annual probability a pupil is permanently excluded, before the multipliers", "DfE 2022/23 [V]"),
        VRUSIM_FIELD(school, p_suspension_per_year, "per year", 0, 10,
                     "Suspensions a year per pupil (a rate), before the multipliers", "DfE 2022/23 [V]"),
        VRUSIM_FIELD(school, fsm_prevalence, "share", 0, 1, "Share of pupils eligible for free school meals", "assumption [R]"),
        VRUSIM_FIELD(school, rr_exclusion_fsm, "x rate (relative risk)", 0, max_rr,
                     "Exclusion and suspension rate multiplier for pupils on free school meals",
                     "DfE via Whole School SEND [V]"),
        VRUSIM_FIELD(school, sen_prevalence, "share", 0, 1, "Share of pupils with special educational needs support",
                     "assumption [R]"),
        VRUSIM_FIELD(school, rr_exclusion_sen, "x rate (relative risk)", 0, max_rr,
                     "Exclusion and suspension rate multiplier for pupils with SEN support",
                     "DfE via Whole School SEND [V]"),
        VRUSIM_FIELD(school, rr_exclusion_after_arrest, "x rate (relative risk)", 0, max_rr,
                     "Exclusion and suspension rate multiplier for pupils who have been arrested", assumption),
        VRUSIM_FIELD(school, exclusion_age_rr, "relative rate", 0, 1000,
                     "Permanent exclusion rate at actual ages 10, 11, ..., 17 relative to each other (8 values); "
                     "normalised so the pupils' mean is p_perm_exclusion_per_year",
                     "DfE 2016/17 national characteristics, rates by age at 31 August moved to actual ages [S]"),
        VRUSIM_FIELD(school, suspension_age_rr, "relative rate", 0, 1000,
                     "Suspension rate at actual ages 10, 11, ..., 17 relative to each other (8 values); normalised "
                     "so the pupils' mean is p_suspension_per_year",
                     "DfE 2016/17 national characteristics, rates by age at 31 August moved to actual ages [S]"),
        VRUSIM_FIELD(school, suspension_recent_weeks, "weeks", 1, 520,
                     "How long a suspension counts as recent (for factors.rr_suspended_recent)", assumption),

        VRUSIM_FIELD(neet, enabled, "", unbounded, unbounded, "Simulate spells not in education, employment or training",
                     "run setting"),
        VRUSIM_FIELD(neet, min_age, "years", 10, 24, "Youngest age at which someone can be NEET",
                     "ONS NEET definition (16-24)"),
        VRUSIM_FIELD(neet, prevalence, "share", 0, 1, "Share NEET among those aged neet.min_age and over", "assumption [R]"),
        VRUSIM_FIELD(neet, spell_mean_weeks, "weeks", 1, 1040, "Mean length of a NEET spell", assumption),
        VRUSIM_FIELD(neet, rr_excluded, "x rate (relative risk)", 0, max_rr,
                     "NEET rate multiplier for people permanently excluded from school", assumption),

        VRUSIM_FIELD(family, enabled, "", unbounded, unbounded, "Simulate parents sent to prison and released",
                     "run setting"),
        VRUSIM_FIELD(family, parent_prison_prevalence, "share", 0, 1, "Share of under-18s with a parent in prison",
                     "MoJ via ledger H32 [S]"),
        VRUSIM_FIELD(family, parent_prison_weeks_mean, "weeks", 1, 1040, "Mean length of a parent's imprisonment",
                     assumption),
    };
    t.fields.insert(t.fields.end(), rows.begin(), rows.end());
}

}  // namespace schema_rows

SchemaTables build_schema_tables() {
    SchemaTables t;
    t.area_fields = {
        required(VRUSIM_AREA_FIELD(name, "", unbounded, unbounded,
                                   "Name of the local partnership area, unique in the scenario", "scenario data")),
        required(VRUSIM_AREA_FIELD(population_10_14, "people", 0, 1e8, "Residents aged 10-14", "ONS mid-year estimate")),
        required(VRUSIM_AREA_FIELD(population_15_19, "people", 0, 1e8, "Residents aged 15-19", "ONS mid-year estimate")),
        required(VRUSIM_AREA_FIELD(population_20_24, "people", 0, 1e8, "Residents aged 20-24", "ONS mid-year estimate")),
        VRUSIM_AREA_FIELD(population_by_age, "people", 0, 1e8,
                          "Residents at each single year of age 10, 11, ..., 24 (15 values; their 5-year sums must "
                          "equal the three bands); the age structure the open cohort keeps. Empty: each band spread "
                          "evenly over its five years",
                          "ONS mid-year estimate by single year of age (MYE2)"),
        required(VRUSIM_AREA_FIELD(population_all_ages, "people", 0, 1e9,
                                   "All residents, for rates per 100,000 people", "ONS mid-year estimate")),
        VRUSIM_AREA_FIELD(imd_score, "IMD score", 0, 100, "IMD2019 population-weighted average score of the area",
                          "IoD2019 File 10 [S]"),
        VRUSIM_AREA_FIELD(societal_rr, rr, 0, max_rr, "Area-wide multiplier on the offending hazard (societal level)",
                          assumption),
        VRUSIM_AREA_FIELD(drug_admissions_rr, "x force average", 0, max_rr,
                          "Drug-related hospital admissions relative to the force average (county-lines market attraction)",
                          "assumption until OHID Fingertips figures are supplied"),
        VRUSIM_AREA_FIELD(hub_weight, "weight", 0, 1e6,
                          "Weight of the area as home hub of a locally run county line; if every area has 0, local "
                          "hubs are chosen by population",
                          assumption),
    };

    t.timeline_fields = {
        VRUSIM_TIMELINE_FIELD(start_week, "week", -10000, 10000,
                              "First week of the window, counted from the first reported week (negative: in the burn-in; "
                              "start a standing policy there, so the burn-in settles under it)",
                              "run setting"),
        VRUSIM_TIMELINE_FIELD(weeks, "weeks", 1, 10000, "Length of each window", "run setting"),
        VRUSIM_TIMELINE_FIELD(repeat_every_weeks, "weeks", 0, 10000,
                              "The window recurs this many weeks after each start; 0 = once", "run setting"),
        VRUSIM_TIMELINE_FIELD(area, "", unbounded, unbounded,
                              "Name of the area the window applies to; empty (\"\") = every area", "run setting"),
        VRUSIM_TIMELINE_FIELD(closure_rr, "x rate", 0, max_rr,
                              "Multiplier on the line-closure (holder charged) hazard, damped by "
                              "county_lines.enforcement_gamma",
                              "run setting"),
        VRUSIM_TIMELINE_FIELD(runner_arrest_rr, "x rate", 0, max_rr,
                              "Multiplier on routine arrests of deployed runners", "run setting"),
        VRUSIM_TIMELINE_FIELD(cuckoo_visit_rr, "x rate", 0, max_rr,
                              "Multiplier on response visits that end a cuckooing", "run setting"),
        VRUSIM_TIMELINE_FIELD(identification_rr, "x rate", 0, max_rr,
                              "Multiplier on every route by which an exploited child is identified", "run setting"),
    };

    append_model_rows(t);
    append_county_lines_rows(t);
    append_programme_rows(t);
    append_verification_rows(t);
    // Fields are grouped by section already; a section is its run of rows.
    std::size_t begin = 0;
    for (const SectionText& s : section_texts) {
        std::size_t end = begin;
        while (end < t.fields.size() && t.fields[end].section() == s.key) ++end;
        if (end == begin) throw std::logic_error(cat("schema: section '", s.key, "' has no rows or is out of order"));
        t.sections.push_back({s.key, s.title, s.description, std::span<const Field>(t.fields).subspan(begin, end - begin)});
        begin = end;
    }
    if (begin != t.fields.size()) throw std::logic_error("schema: rows after the last section");
    return t;
}

}  // namespace vrusim
