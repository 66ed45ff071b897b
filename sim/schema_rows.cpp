// The scenario schema's rows: one per key, with type, unit, bounds, description and source. The
// defaults are read from a default-constructed Parameters, so they live only in parameters.hpp.
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "schema_tables.hpp"
#include "schema_text.hpp"

namespace vrusim {

namespace {

using schema_text::cat;

template <class T>
constexpr ValueType value_type_of() {
    if constexpr (std::is_same_v<T, bool>) return ValueType::boolean;
    else if constexpr (std::is_integral_v<T>) return ValueType::integer;
    else if constexpr (std::is_floating_point_v<T>) return ValueType::real;
    else if constexpr (std::is_same_v<T, std::string>) return ValueType::text;
    else if constexpr (std::is_same_v<T, std::vector<double>>) return ValueType::real_list;
    else static_assert(sizeof(T) == 0, "no ValueType for this member type");
}

template <class T>
Value to_value(const T& v) {
    if constexpr (std::is_same_v<T, bool>) return v;
    else if constexpr (std::is_integral_v<T>) return static_cast<std::int64_t>(v);
    else return v;
}

template <class T>
void from_value(T& out, const Value& v) {
    if constexpr (std::is_same_v<T, bool>) {
        out = std::get<bool>(v);
    } else if constexpr (std::is_integral_v<T>) {
        out = static_cast<T>(std::get<std::int64_t>(v));  // bounds keep it in range
    } else if constexpr (std::is_floating_point_v<T>) {
        // The GUI and the command line may hand a whole number for a real field.
        out = std::holds_alternative<std::int64_t>(v) ? static_cast<double>(std::get<std::int64_t>(v))
                                                      : std::get<double>(v);
    } else {
        out = std::get<T>(v);
    }
}

struct Meta {
    std::string_view unit;
    double min;
    double max;
    std::string_view description;
    std::string_view source;
};

void fill(FieldMeta& f, std::string_view key, ValueType type, const Meta& m) {
    f.key = key;
    f.type = type;
    f.unit = m.unit;
    f.min = m.min;
    f.max = m.max;
    f.description = m.description;
    f.source = m.source;
}

template <auto section, auto member>
Field make_field(std::string_view key, Meta m) {
    using T = std::remove_cvref_t<decltype(std::declval<Parameters&>().*section.*member)>;
    Field f;
    fill(f, key, value_type_of<T>(), m);
    f.get = [](const Parameters& p) { return to_value(p.*section.*member); };
    f.set = [](Parameters& p, const Value& v) { from_value(p.*section.*member, v); };
    f.default_value = f.get(Parameters{});
    return f;
}

template <auto section, auto list, auto member>
RecordField make_record_field(std::string_view key, Meta m) {
    using Record = typename std::remove_cvref_t<decltype(std::declval<Parameters&>().*section.*list)>::value_type;
    using T = std::remove_cvref_t<decltype(std::declval<Record&>().*member)>;
    RecordField f;
    fill(f, key, value_type_of<T>(), m);
    f.get = [](const Parameters& p, std::size_t i) { return to_value((p.*section.*list).at(i).*member); };
    f.set = [](Parameters& p, std::size_t i, const Value& v) { from_value((p.*section.*list).at(i).*member, v); };
    f.default_value = to_value(Record{}.*member);
    return f;
}

template <auto section, auto list>
Field make_record_list(std::string_view key, std::string_view noun, std::span<const RecordField> records, Meta m) {
    Field f;
    fill(f, key, ValueType::record_list, m);
    f.record_noun = noun;
    f.record_fields = records;
    f.record_count = [](const Parameters& p) { return (p.*section.*list).size(); };
    f.resize_records = [](Parameters& p, std::size_t n) { (p.*section.*list).resize(n); };
    f.default_value = std::vector<double>{};  // unused: record lists have no scalar value
    return f;
}

Field metadata_field(std::string_view key, Meta m) {
    Field f;
    fill(f, key, ValueType::text, m);
    f.default_value = std::string{};
    return f;
}

template <class F>
F required(F f) {
    f.required = true;
    return f;
}

// The key is the member's own name, stringified, so YAML keys cannot drift from parameters.hpp.
#define VRUSIM_FIELD(section, member, ...) \
    make_field<&Parameters::section, &decltype(Parameters::section)::member>(#section "." #member, Meta{__VA_ARGS__})
// Record lists likewise ("population.areas"); a record's keys are its members' names ("imd_score").
#define VRUSIM_RECORD_LIST(section, list, noun, records, ...)                     \
    make_record_list<&Parameters::section, &decltype(Parameters::section)::list>( \
        #section "." #list, noun, records, Meta{__VA_ARGS__})
#define VRUSIM_RECORD_FIELD(section, list, member, ...)                                    \
    make_record_field<&Parameters::section, &decltype(Parameters::section)::list,         \
                      &decltype(decltype(Parameters::section)::list)::value_type::member>( \
        #member, Meta{__VA_ARGS__})
#define VRUSIM_AREA_FIELD(member, ...) VRUSIM_RECORD_FIELD(population, areas, member, __VA_ARGS__)
#define VRUSIM_TIMELINE_FIELD(member, ...) VRUSIM_RECORD_FIELD(county_lines, enforcement_timeline, member, __VA_ARGS__)

constexpr double unbounded = 0;
constexpr double max_seed = 9007199254740991.0;  // 2^53 - 1: exact in a double, so in the GUI and in HDF5 attributes
constexpr double max_rr = 100;
constexpr std::string_view rr = "x hazard (relative risk)";
constexpr std::string_view approach_rr = "x approach hazard (relative risk)";
constexpr std::string_view assumption = "assumption";

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
    {"verification", "verification",
     "Verification mode: the peer-influence process alone (peer_influence.p_transmission_per_tie_week, "
     "duration_mean_weeks, p_resusceptible; SIR when p_resusceptible is 0, SIS when 1) on a generated or given "
     "network instead of the synthetic population, every other mechanism off, for checks against theory and other "
     "tools (docs/model.md, section 8.5). Only the run, peer_influence and verification keys are used."},
};

}  // namespace

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
                              "First week of the window, counted from the first reported week (negative: in the burn-in)",
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

    t.fields = {
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
                     "Simulate violent incidents (off: no victimisation, injury or justice outcomes)", "run setting"),
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
        VRUSIM_FIELD(justice, p_custody_given_arrest_18_24, "probability", 0, 1,
                     "Probability an arrest of an 18-24-year-old leads to remand or a prison sentence",
                     "calibrated [D] to young adults in prison (MoJ)"),
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
                     "Permanent exclusion rate at ages 10, 11, ..., 17 relative to each other (8 values); normalised "
                     "so the pupils' mean is p_perm_exclusion_per_year",
                     "DfE 2016/17 national characteristics, rates by age [S]"),
        VRUSIM_FIELD(school, suspension_age_rr, "relative rate", 0, 1000,
                     "Suspension rate at ages 10, 11, ..., 17 relative to each other (8 values); normalised so the "
                     "pupils' mean is p_suspension_per_year",
                     "DfE 2016/17 national characteristics, rates by age and year group [S]"),
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

        VRUSIM_FIELD(county_lines, enabled, "", unbounded, unbounded,
                     "Simulate county lines, the exploitation of young people and cuckooing", "run setting"),
        VRUSIM_FIELD(county_lines, lines_national, "lines", 0, 100000,
                     "County lines trading in England and Wales at a time; the force's lines are its share by "
                     "population unless lines_regional is set",
                     "[D] NCLCC: 600-1,100 potentially active lines a month, 2019-21 [V]"),
        VRUSIM_FIELD(county_lines, lines_regional, "lines", 0, 10000,
                     "Equilibrium number of lines in the force area (times population.scale); 0 = lines_national x "
                     "the areas' residents / population.national_all_ages. Outputs are too grainy below a scale of 0.5",
                     "[D] force share of national lines by population; the share is an assumption"),
        VRUSIM_FIELD(county_lines, entry_rate_per_week, "probability per week", 0, 1,
                     "Weekly chance that a gap in a market's line capacity is filled (mean gap 1 / rate weeks)",
                     assumption),
        VRUSIM_FIELD(county_lines, beta_knife, "per sd (log scale)", -10, 10,
                     "Market attraction per standard deviation of the area's knife-incident rate",
                     "assumption; sign from Castro-Gonzalez 2023 [V]"),
        VRUSIM_FIELD(county_lines, beta_drug_admissions, "per sd (log scale)", -10, 10,
                     "Market attraction per standard deviation of the area's drug_admissions_rr",
                     "assumption; sign from Castro-Gonzalez 2023 [V]"),
        VRUSIM_FIELD(county_lines, beta_competition, "per line", 0, 10,
                     "Attraction divided by 1 + beta_competition x lines run from the area itself", assumption),
        VRUSIM_FIELD(county_lines, beta_enforcement, "per standard deviation", 0, 10,
                     "Market attraction lost per standard deviation of the area's holder charges in the last 52 "
                     "weeks (deterrence: enforcement in one area displaces new lines to others)",
                     "assumption; direction from NarcoLogic (interdiction spreads routes) [V]"),
        VRUSIM_FIELD(county_lines, external_hub_share, "share", 0, 1,
                     "Share of new lines run from outside the force area (the rest by the areas' hub_weight)",
                     assumption),
        VRUSIM_FIELD(county_lines, p_brand_reuse, "probability", 0, 1,
                     "Probability that a replacement line keeps the closed line's brand", assumption),
        // A line holds at most 12 resident runners (docs/county-lines-design.md 1.1).
        VRUSIM_FIELD(county_lines, runners_target, "runners", 1, 12,
                     "Runners a line wants, resident and external together",
                     "[D] NCA 2019: 10,000 children / 2,000 lines [V]"),
        VRUSIM_FIELD(county_lines, external_runner_share, "share", 0, 1,
                     "Share of an externally held line's runners brought in from its hub", assumption),
        VRUSIM_FIELD(county_lines, min_runners, "runners", 1, 12,
                     "Runners a line needs to trade (forming to active, active to disrupted below it)", assumption),
        VRUSIM_FIELD(county_lines, forming_max_weeks, "weeks", 1, 520,
                     "A forming line that cannot staff itself in this time folds", assumption),
        VRUSIM_FIELD(county_lines, disrupted_max_weeks, "weeks", 1, 520,
                     "A disrupted line not restaffed in this time folds", assumption),
        VRUSIM_FIELD(county_lines, revenue_per_week, "£ per week", 0, 1e7, "Takings of a fully staffed line",
                     "[D] NCA 2019 >£800k a year per line [V]"),
        // A line holds at most 4 trap houses (docs/county-lines-design.md 1.1).
        VRUSIM_FIELD(county_lines, trap_houses_target, "homes per line", 0, 4, "Mean number of cuckooed homes a line wants",
                     "[D] 861 cuckooed addresses / ~800 lines (NCLCC week) [V]"),
        VRUSIM_FIELD(county_lines, closure_rate_per_week, "per line-week", 0, 1,
                     "Weekly hazard that a line's holder is charged and the line closed (Type 1)",
                     "[D] ~1,000-1,640 closures a year / 600-800 lines"),
        VRUSIM_FIELD(county_lines, enforcement_gamma, "exponent", 0, 2,
                     "Enforcement hazards scale with the timeline multiplier to this power (below 1: diminishing returns)",
                     "assumption; MADTOR diminishing returns [V]"),
        VRUSIM_FIELD(county_lines, disruption_kappa, "x hazard", 0, max_rr,
                     "Closure hazard x (1 + kappa x share of the line's runners arrested in the last 13 weeks)",
                     "assumption; MADTOR diminishing returns [V]"),
        VRUSIM_FIELD(county_lines, p_runner_arrest_at_closure, "probability", 0, 1,
                     "Probability each runner is arrested when the line closes",
                     "[D] County Lines Programme Q3 2024: 557 arrests / 410 closures [V]"),
        VRUSIM_FIELD(county_lines, p_runner_referral_at_closure, "probability", 0, 1,
                     "Probability each runner is referred for safeguarding when the line closes",
                     "[D] County Lines Programme Q3 2024: 851 referrals / 410 closures [V]"),
        VRUSIM_FIELD(county_lines, runner_arrest_per_week, "probability per week", 0, 1,
                     "Routine arrest chance of a runner in a week deployed", assumption),
        VRUSIM_FIELD(county_lines, rr_sanction_runner, "x probability", 0, 1,
                     "Runners' chance of a sanction after arrest relative to others' (s45 Modern Slavery Act defence)",
                     assumption),
        VRUSIM_FIELD(county_lines, p_deploy, "probability per week", 0, 1, "Chance a runner is sent out in a week",
                     assumption),
        VRUSIM_FIELD(county_lines, missing_weeks_mean, "weeks", 1, 52,
                     "Mean length of the missing episode of a deployment out of the runner's area", assumption),
        VRUSIM_FIELD(county_lines, debt_on_seizure, "£", 0, 1e6,
                     "Added to a runner's debt when drugs are seized on arrest", "assumption [R]"),
        VRUSIM_FIELD(county_lines, debt_on_robbery, "£", 0, 1e6, "Added to a runner's debt when the runner is robbed",
                     assumption),
        VRUSIM_FIELD(county_lines, debt_repay_per_week, "£ per week", 0, 1e6, "Debt worked off each week deployed",
                     assumption),
        VRUSIM_FIELD(county_lines, exit_rate_per_week, "probability per week", 0, 1,
                     "Chance a runner with no debt leaves the line in a week", assumption),
        VRUSIM_FIELD(county_lines, rr_exit_in_debt, "x probability", 0, max_rr,
                     "Exit chance of a runner in debt relative to one without (debt bondage)", assumption),
        VRUSIM_FIELD(county_lines, rr_exit_in_support, "x probability", 0, max_rr,
                     "Exit chance of a runner in the support pathway relative to one without", assumption),
        VRUSIM_FIELD(county_lines, exploited_tail_weeks, "weeks", 1, 520,
                     "Mean weeks a former runner still counts as exploited", assumption),
        VRUSIM_FIELD(county_lines, rr_offending_exploited, rr, 0, max_rr, "Exploited (runner or otherwise)",
                     "assumption; PROTON-OC organised-crime members 4.5 [V]"),
        VRUSIM_FIELD(county_lines, victim_weight_exploited, "x weight", 0, 1000,
                     "Victim-choice weight of an exploited person relative to others",
                     "assumption; YEF: gang members 17x victims of serious violence [V]"),
        VRUSIM_FIELD(county_lines, p_carry_on_join, "probability", 0, 1,
                     "Probability a new runner starts carrying a weapon", assumption),
        VRUSIM_FIELD(county_lines, p_robbery_per_week, "probability per week", 0, 1,
                     "Chance a deployed runner is robbed or \"taxed\" in a week", assumption),
        VRUSIM_FIELD(county_lines, p_rivalry_per_week, "probability per week", 0, 1,
                     "Chance of a violent incident between two lines sharing a market, per pair and week", assumption),
        VRUSIM_FIELD(county_lines, p_punishment_per_week, "probability per week", 0, 1,
                     "Chance a runner in debt is punished with violence in a week", assumption),
        VRUSIM_FIELD(county_lines, p_knife_market, "probability", 0, 1, "Probability a knife is used in a market incident",
                     assumption),
        VRUSIM_RECORD_LIST(county_lines, enforcement_timeline, "timeline entries", t.timeline_fields, "", unbounded,
                           unbounded,
                           "Intensification windows: multipliers on enforcement and safeguarding hazards (keys in the "
                           "table below); overlapping windows multiply",
                           "run setting"),

        VRUSIM_FIELD(exploitation, approach_prevalence_13_17, "share per year", 0, 1,
                     "Share of 13-17 year-olds asked in a year to move or hold drugs, weapons or money",
                     "YEF Children, violence and vulnerability [V]"),
        VRUSIM_FIELD(exploitation, compliance_share, "share", 0, 1, "Share of the 13-17s asked who comply",
                     "YEF Children, violence and vulnerability [V]"),
        VRUSIM_FIELD(exploitation, tie_share, "share", 0, 1,
                     "Share of approaches made through social ties by line members (the rest: street approaches)",
                     assumption),
        VRUSIM_FIELD(exploitation, search_approaches, "approaches per line-week", 0, 100,
                     "Tie approaches a line below runners_target makes each week", assumption),
        VRUSIM_FIELD(exploitation, p_second_hop, "probability", 0, 1,
                     "Probability a tie search goes on to a friend of a friend", "assumption; PROTON-OC radius 2 [V]"),
        VRUSIM_FIELD(exploitation, rr_comply_tie, "x probability", 0, max_rr,
                     "Compliance after an approach through a tie relative to a stranger's approach", assumption),
        VRUSIM_FIELD(exploitation, age_rr_10_12, approach_rr, 0, max_rr, "Approach hazard at ages 10-12 relative to 13-17",
                     assumption),
        VRUSIM_FIELD(exploitation, age_rr_18_24, approach_rr, 0, max_rr, "Approach hazard at ages 18-24 relative to 13-17",
                     assumption),
        VRUSIM_FIELD(exploitation, rr_excluded, approach_rr, 0, max_rr, "Permanently excluded from school",
                     "assumption; direction from Children's Commissioner, YEF [R]"),
        VRUSIM_FIELD(exploitation, rr_neet, approach_rr, 0, max_rr, "Not in education, employment or training",
                     "assumption; direction from Children's Commissioner, YEF [R]"),
        VRUSIM_FIELD(exploitation, rr_missing, approach_rr, 0, max_rr, "Missing episode in the last 13 weeks",
                     "assumption; direction from Children's Commissioner, YEF [R]"),
        VRUSIM_FIELD(exploitation, rr_substance, approach_rr, 0, max_rr, "Uses substances",
                     "assumption; direction from Children's Commissioner, YEF [R]"),
        VRUSIM_FIELD(exploitation, rr_in_care, approach_rr, 0, max_rr, "Looked after (in care)",
                     "assumption; direction from Children's Commissioner, YEF [R]"),
        VRUSIM_FIELD(exploitation, rr_parent_in_prison, approach_rr, 0, max_rr, "A parent is in prison",
                     "assumption; direction from Children's Commissioner, YEF [R]"),
        VRUSIM_FIELD(exploitation, rr_ace, approach_rr, 0, max_rr, "Four or more adverse childhood experiences",
                     "assumption; direction from Children's Commissioner, YEF [R]"),
        VRUSIM_FIELD(exploitation, rr_sen, approach_rr, 0, max_rr, "Special educational needs support",
                     "assumption; direction from Children's Commissioner, YEF [R]"),
        VRUSIM_FIELD(exploitation, rr_trusted_adult, approach_rr, 0, max_rr, "Has a trusted adult (protective)",
                     assumption),
        VRUSIM_FIELD(exploitation, rr_sport, approach_rr, 0, max_rr,
                     "Takes part in sport or structured activity (protective)", assumption),
        VRUSIM_FIELD(exploitation, rr_in_support, approach_rr, 0, max_rr, "In the safeguarding support pathway",
                     assumption),
        VRUSIM_FIELD(exploitation, in_care_prevalence, "share", 0, 1, "Share of 10-17 year-olds looked after",
                     "[R] ~70 per 10,000 children looked after (DfE)"),
        VRUSIM_FIELD(exploitation, p_line_given_comply, "probability", 0, 1,
                     "Probability a street recruit joins a local line with room (else exploited outside a line)",
                     assumption),
        VRUSIM_FIELD(exploitation, local_spell_weeks, "weeks", 1, 520, "Mean length of exploitation outside a line",
                     assumption),
        VRUSIM_FIELD(exploitation, missing_rate_per_year, "per year", 0, 52,
                     "Missing episodes a year of a 10-17 year-old not tied to a line, before the multipliers",
                     "calibrated [D] to about 0.026 episodes per child aged 10-17 (NCA [S], docs/model.md 8.3)"),
        VRUSIM_FIELD(exploitation, missing_rr_in_care, "x rate (relative risk)", 0, max_rr,
                     "Missing-episode rate multiplier for looked-after children",
                     "[D] DfE 2024: 83,920 missing episodes of children looked after [V], about 1.5 a year per "
                     "looked-after child aged 10-17, against about 0.015 for other children"),
        VRUSIM_FIELD(exploitation, missing_rr_10_11, "x rate (relative risk)", 0, max_rr,
                     "Missing-episode rate multiplier for children aged 10-11, relative to 12-17",
                     "assumption, of the order of NCA 2015/16: 93% of children's missing incidents at 12-17 [S]"),
        VRUSIM_FIELD(exploitation, missing_rr_exploited, "x rate (relative risk)", 0, max_rr,
                     "Missing-episode rate multiplier for exploited children", assumption),

        VRUSIM_FIELD(safeguarding, p_identify_arrest, "probability", 0, 1,
                     "Probability an exploited child is identified when arrested",
                     "assumption; tuned to ~13% of episodes identified [D]"),
        VRUSIM_FIELD(safeguarding, p_identify_missing, "probability", 0, 1,
                     "Probability an exploited child is identified on return from a missing episode (return-home "
                     "interview)",
                     "assumption; tuned to ~13% of episodes identified [D]"),
        VRUSIM_FIELD(safeguarding, p_identify_victimised, "probability", 0, 1,
                     "Probability an exploited child is identified after being a victim of violence that week (police or A&E contact)",
                     "assumption; tuned to ~13% of episodes identified [D]"),
        VRUSIM_FIELD(safeguarding, p_identify_per_week, "probability per week", 0, 1,
                     "Weekly chance an exploited child is identified by school and other routes",
                     "assumption; tuned to ~13% of episodes identified [D]"),
        VRUSIM_FIELD(safeguarding, p_nrm, "probability", 0, 1,
                     "Probability an identified child is referred to the National Referral Mechanism", assumption),
        VRUSIM_FIELD(safeguarding, p_support_engaged, "probability", 0, 1,
                     "Probability an identified child engages with support", assumption),
        VRUSIM_FIELD(safeguarding, support_weeks_mean, "weeks", 1, 520, "Mean length of support", assumption),
        VRUSIM_FIELD(safeguarding, protection_weeks, "weeks", 0, 520,
                     "After support ends, compliance stays reduced this long", assumption),
        VRUSIM_FIELD(safeguarding, rr_comply_protected, "x probability", 0, max_rr,
                     "Compliance with an approach during support and protection, relative to others", assumption),

        VRUSIM_FIELD(cuckooing, vulnerable_adults_per_1000, "per 1,000 residents", 0, 1000,
                     "Adults at risk of cuckooing per 1,000 residents of all ages",
                     "assumption; opiate/crack users ~9 per 1,000 aged 15-64 [R]"),
        VRUSIM_FIELD(cuckooing, p_takeover_per_week, "probability per week", 0, 1,
                     "Chance a line short of trap houses takes over a home in a week", assumption),
        VRUSIM_FIELD(cuckooing, weight_drug_use, "x weight", 0, 1000,
                     "Targeting weight of an adult with problem drug use relative to other adults at risk", assumption),
        VRUSIM_FIELD(cuckooing, share_drug_use, "share", 0, 1, "Share of adults at risk with problem drug use",
                     assumption),
        VRUSIM_FIELD(cuckooing, move_on_weeks_mean, "weeks", 1, 520,
                     "Mean weeks before a line moves on to another address", assumption),
        VRUSIM_FIELD(cuckooing, visit_rate_per_week, "probability per week", 0, 1,
                     "Weekly chance that a response visit ends a takeover, before the timeline's cuckoo_visit_rr",
                     assumption),
        VRUSIM_FIELD(cuckooing, p_adult_referral, "probability", 0, 1,
                     "Probability a released adult is referred to adult safeguarding", assumption),
        VRUSIM_FIELD(cuckooing, protection_weeks, "weeks", 0, 520,
                     "Weeks a released adult cannot be taken over again", assumption),

        VRUSIM_FIELD(verification, enabled, "", unbounded, unbounded,
                     "Run the verification mode instead of the model (population and other sections are ignored)",
                     "run setting"),
        VRUSIM_FIELD(verification, network, "", unbounded, unbounded,
                     "Network to run on: erdos_renyi, watts_strogatz or edge_list", "run setting"),
        // Node ids are 32-bit; the cap keeps a replicate's network within a few GB.
        VRUSIM_FIELD(verification, nodes, "nodes", 2, 100000000,
                     "Nodes of the network (for edge_list, ids run from 0 to nodes - 1)", "run setting"),
        VRUSIM_FIELD(verification, mean_degree, "ties per node", 0, 1000,
                     "Erdos-Renyi: mean degree c (tie probability c / (nodes - 1)); Watts-Strogatz: ring neighbours "
                     "k, an even whole number", "run setting"),
        VRUSIM_FIELD(verification, rewiring, "probability", 0, 1,
                     "Watts-Strogatz: probability that each ring tie is rewired to a random node", "run setting"),
        VRUSIM_FIELD(verification, edge_list, "", unbounded, unbounded,
                     "edge_list: CSV file of ties 'u,v' (0-based node ids), relative to the scenario file that "
                     "sets it", "run setting"),
        VRUSIM_FIELD(verification, initial_infected, "nodes", 1, 100000000,
                     "Nodes infected when the run starts (distinct, chosen at random)", "run setting"),
    };
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

#undef VRUSIM_FIELD
#undef VRUSIM_RECORD_LIST
#undef VRUSIM_RECORD_FIELD
#undef VRUSIM_AREA_FIELD
#undef VRUSIM_TIMELINE_FIELD

}  // namespace vrusim
