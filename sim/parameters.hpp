#pragma once
/// Model parameters: the frozen description a simulation runs from.
///
/// Every field here has a row in the scenario schema (sim/schema_rows.cpp) with its YAML key, unit,
/// bounds and a one-line description; the defaults below are the schema's defaults. Sources of the
/// default values are given in docs/model.md. Annual figures stay annual here; the model converts
/// them to weekly rates once, at start-up (see sim/rates.hpp).
#include <cstdint>
#include <string>
#include <vector>

namespace vrusim {

/// One local partnership area (a unitary authority or county) of the force area.
struct AreaSpec {
    std::string name;
    double population_10_14 = 0;  ///< people aged 10-14 (ONS mid-year estimate)
    double population_15_19 = 0;  ///< people aged 15-19
    double population_20_24 = 0;  ///< people aged 20-24
    double population_all_ages = 0;  ///< all residents, for rates per 100,000 people
    double imd_score = 12.0;      ///< IMD2019 population-weighted average score
    double societal_rr = 1.0;     ///< area-wide multiplier on the offending hazard (societal level)
    double drug_admissions_rr = 1.0;  ///< drug-related hospital admissions relative to the force average (county-lines market attraction)
    double hub_weight = 0.0;      ///< weight of the area as the home hub of a locally run county line
    /// People at each single year of age 10, 11, ..., 24 (ONS); empty = each band spread evenly.
    std::vector<double> population_by_age{};
    /// People aged 10-24, the population the model represents.
    double population_10_24() const { return population_10_14 + population_15_19 + population_20_24; }
    /// People at ages 10..24: population_by_age if given, else each 5-year band spread evenly.
    std::vector<double> single_year_population() const {
        if (!population_by_age.empty()) return population_by_age;
        std::vector<double> years;
        for (double band : {population_10_14, population_15_19, population_20_24})
            for (int i = 0; i < 5; ++i) years.push_back(band / 5);
        return years;
    }
};

struct RunParams {
    std::uint64_t seed = 1;
    int replicates = 10;
    int weeks = 156;          ///< reported weeks, after burn-in
    int burn_in_weeks = 156;  ///< simulated but not reported, so contagion states settle
    int start_year = 2024;    ///< financial year the first reported week starts (1 April)
};

struct PopulationParams {
    double scale = 1.0;                 ///< share of the represented population simulated
    double national_all_ages = 59719724;  ///< residents of England and Wales, for a force's share of national figures
    std::vector<AreaSpec> areas;        ///< required: no built-in default
    double male_share = 0.51;
    double neighbourhood_size = 270;    ///< young people (10-24) per neighbourhood
    double deprivation_cv = 0.5;        ///< spread of neighbourhood IMD scores around the area mean
    double household_size_mean = 1.6;   ///< young people per household that has any
    int school_size = 1000;             ///< pupils per school
    int class_size = 30;                ///< pupils per class within a school year group
};

struct GraphParams {
    int class_ties_max = 15;              ///< classmate ties proposed per pupil, half from each side (PROTON-OC school links)
    double friends_mean = 4.0;            ///< mean friendship degree
    double friend_same_school_share = 0.6;
    double friend_same_neighbourhood_share = 0.3;
    double tie_max_age_gap_years = 3;     ///< non-household ties between people further apart in age are dormant
    double friend_risk_homophily = 0.5;   ///< 0 random, 1 only with same propensity class
    int co_offender_ties_max = 4;         ///< remembered co-offenders per person (most recent kept)
};

struct FactorParams {
    // Individual level
    double propensity_sigma = 0.25;       ///< lognormal sigma of the propensity trait
    double rr_high_propensity = 1.97;     ///< propensity above mean + 1 sd
    double rr_prior_offending = 1.62;
    double substance_use_prevalence = 0.10;  ///< among 15-24
    double rr_substance_use = 1.5;
    // Relationship level
    double ace_prevalence = 0.09;         ///< four or more adverse childhood experiences
    double rr_ace = 2.0;
    double trusted_adult_prevalence = 0.7;
    double rr_trusted_adult = 0.7;
    double rr_parent_in_prison = 1.45;
    double rr_violent_peers = 1.81;       ///< applies while under peer influence
    // Community level
    double deprivation_gradient = 3.6;    ///< hazard ratio, most vs least deprived fifth of neighbourhoods
    /// IMD scores of England's neighbourhoods (LSOAs) at percentiles 0, 5, ..., 100: a neighbourhood's
    /// deprivation multiplier comes from its national rank, so a more deprived force has more violence.
    std::vector<double> national_imd_scores = {0.541,  4.315,  5.9083, 7.3199, 8.615,  9.9138, 11.2988,
                                               12.735, 14.2372, 15.8674, 17.6475, 19.537, 21.5548, 23.8097,
                                               26.5741, 29.583, 33.2498, 37.8431, 43.8551, 53.7159, 92.735};
    double rr_excluded = 2.0;             ///< permanently excluded from school
    double rr_suspended_recent = 1.3;     ///< suspended in the last 13 weeks
    double rr_neet = 1.30;
    double sport_prevalence = 0.4;
    double rr_sport = 0.85;
};

struct ViolenceParams {
    bool enabled = true;
    double base_rate_per_year = 0.8396;    ///< incidents a year started by the reference person (a Poisson count each week)
    double history_rr = 2.0;             ///< mean dynamic multiplier before the run, for initial offending histories
    double trend_per_year = 0;            ///< secular change of the offending hazard a year from the first reported week (0: none)
    double age_rr_10_13 = 0.33;           ///< relative to 14-17
    double age_rr_18_24 = 0.2468;            ///< relative to 14-17
    double female_rr = 0.16;
    double offending_proneness_sigma = 3;  ///< lognormal spread of a lasting offending proneness (mean 1); 0 = none
    double offending_proneness_year_correlation = 0.5;  ///< correlation of its changing part from one birthday to the next (1 = lasting)
    double offending_proneness_fixed_share = 0.3;  ///< share of its log's variance that is fixed for life (the rest changes)
    double victim_from_graph_share = 0.5; ///< else a stranger in the same neighbourhood
    double adult_victim_share_18_24 = 0.005158; ///< an 18-24-year-old's victim is 25 or over (outside the model)
    /// Violence against 18-24s by people of 25 and over (outside the model): incidents a year per
    /// 18-24-year-old, victims drawn by victim weight; 0 (off) until fitted (docs/model.md 7.10).
    double outside_offender_rate_18_24 = 0;
    double p_knife_outside_offender = 0.01;   ///< knife chance in those incidents, before the male-victim odds ratio
    double victim_weight_carrier = 14;
    double victim_weight_recent_offender = 3;
    double victim_weight_recent_victim = 5;  ///< victimised in the last 52 weeks (repeat victimisation: "boost")
    double victim_proneness_sigma = 1.361;    ///< lognormal spread of a person's lasting victim weight (repeat victimisation: "flag")
    double victim_proneness_risk_exponent = 1.0;  ///< lasting victim weight x (lasting offending risk, sex aside) ^ this (victim-offender overlap)
    double victim_weight_female = 0.6113;       ///< lasting victim weight of a female relative to a male
    std::vector<double> group_size_pmf = {0.8741, 0.096, 0.021, 0.0056, 0.0019, 0.0014};  ///< PROTON-OC, size 1 +0.0001 so it sums to 1
    double p_knife_if_carrying = 0.001023;
    double p_knife_if_not_carrying = 5.116e-06;  ///< a 200th of p_knife_if_carrying (tools/fit_calibration.py TIED)
    double knife_rr_18_24 = 16.84;            ///< knife use when an 18-24-year-old is involved (either side)
    double knife_rr_male_victim = 9.221;      ///< odds ratio of knife use when the victim is male (knife violence is mostly between young men)
    double p_injury_knife = 0.5;
    double p_injury_other = 0.3741;
    double p_ae_given_injury_knife = 0.8;
    double p_ae_given_injury_other = 0.03968;
    double p_admission_given_ae_knife = 0.308;
    double p_homicide_given_knife_injury = 0.0143;
};

struct ContagionParams {
    bool enabled = true;
    double rr_after_victimisation = 3.0;  ///< at the moment of victimisation, decaying
    double rr_after_tie_victimised = 1.5; ///< when a household or friend tie is victimised
    double lag_mean_weeks = 17.9;         ///< mean of the exponential decay (125 days)
};

struct PeerInfluenceParams {
    bool enabled = true;
    double p_transmission_per_tie_week = 0.002;
    double duration_mean_weeks = 26;
    double p_resusceptible = 1.0;
    double initial_prevalence = 0.20;
    int source_window_weeks = 52;         ///< a tie transmits if it offended within this window
};

struct WeaponParams {
    bool enabled = true;
    double start_rate_per_year = 0.01976;
    double female_rr = 0.436;               ///< chance of starting to carry (either way) of a female relative to a male
    double p_transmission_per_tie_week = 0.001;
    double p_start_after_victimisation = 0.08;
    double duration_mean_weeks = 26;
    double initial_prevalence = 0.015;
};

struct JusticeParams {
    double p_recorded_knife = 0.7;
    double p_recorded_other = 0.07;
    double p_arrest_given_recorded = 0.1088;
    double arrest_rr_18_24 = 4.107;                ///< arrest chance per recorded offence at 18-24 relative to 10-17
    double p_sanction_given_arrest = 0.05783;
    double p_custody_given_arrest = 0.1215;         ///< aged 10-17: remand or sentence to youth custody
    double custody_weeks_mean = 9.2;              ///< aged 10-17
    int youth_custody_min_age = 12;               ///< no custody below this age
    double p_custody_given_arrest_18_24 = 0.3;   ///< aged 18-24: remand or sentence to prison
    double custody_weeks_mean_18_24 = 52;
};

struct SchoolParams {
    bool enabled = true;
    int leaving_age = 18;
    double p_perm_exclusion_per_year = 0.0017;  ///< per pupil aged 10-17
    double p_suspension_per_year = 0.149;       ///< per pupil aged 10-17
    double fsm_prevalence = 0.24;
    double rr_exclusion_fsm = 5;
    double sen_prevalence = 0.13;
    double rr_exclusion_sen = 5;
    double rr_exclusion_after_arrest = 3;
    /// Permanent exclusion and suspension rates at actual ages 10, 11, ..., 17 relative to each other:
    /// DfE 2016/17 rates per 100 pupils by age at 31 August, moved to actual ages (half the rate at x,
    /// half at x - 1); normalised so the pupils' mean rate is the configured one.
    std::vector<double> exclusion_age_rr = {0.042, 0.079, 0.164, 0.256, 0.332, 0.264, 0.093, 0.015};
    std::vector<double> suspension_age_rr = {2.30, 5.08, 9.57, 12.57, 14.08, 11.65, 4.83, 0.64};
    int suspension_recent_weeks = 13;
};

struct NeetParams {
    bool enabled = true;
    int min_age = 16;
    double prevalence = 0.11;
    double spell_mean_weeks = 26;
    double rr_excluded = 2.0;
};

struct FamilyParams {
    bool enabled = true;
    double parent_prison_prevalence = 0.007856;
    double parent_prison_weeks_mean = 52;
};

/// A scheduled change of enforcement (an intensification week): multipliers on the weekly
/// county-lines enforcement and safeguarding hazards in one area or all, repeated if asked.
struct EnforcementEntry {
    int start_week = 0;          ///< first week, counted from the first reported week (negative: in the burn-in)
    int weeks = 1;               ///< length of each window
    int repeat_every_weeks = 0;  ///< period of repetition; 0 = once
    std::string area;            ///< area name; empty = every area
    double closure_rr = 1;       ///< multiplier on the line-closure (holder charged) hazard
    double runner_arrest_rr = 1; ///< multiplier on routine runner arrests
    double cuckoo_visit_rr = 1;  ///< multiplier on the cuckooing response (visits to trap houses)
    double identification_rr = 1;  ///< multiplier on identification of exploited children
};

/// County drug lines: entry, staffing, trading, closure and market violence (docs/model.md 7.13).
struct CountyLinesParams {
    bool enabled = true;
    double lines_national = 740;          ///< county lines trading in England and Wales at a time
    double lines_regional = 0;            ///< lines in the represented force area (scaled by population.scale); 0 = lines_national x the force's population share
    double entry_rate_per_week = 0.125;   ///< chance a week that a gap in a market's capacity is filled
    double beta_knife = 0.5;              ///< market attraction per sd of the area's knife-incident rate
    double beta_drug_admissions = 0.5;    ///< market attraction per sd of drug-related admissions
    double beta_competition = 0.3;        ///< attraction damped by lines run from the area itself
    double beta_enforcement = 0.3;        ///< market attraction lost per sd of the area's holder charges in the last year (deterrence)
    double external_hub_share = 0.6;      ///< share of new lines run from outside the force area
    double p_brand_reuse = 0.5;           ///< chance a replacement line keeps the closed line's brand
    int runners_target = 5;               ///< resident plus external runners a line wants
    double external_runner_share = 0.4;   ///< share of an externally held line's runners brought from its hub
    int min_runners = 2;                  ///< runners needed to trade (forming -> active)
    int forming_max_weeks = 12;           ///< a line that cannot staff itself in this time folds
    int disrupted_max_weeks = 8;          ///< a disrupted line not restaffed in this time folds
    double revenue_per_week = 15000;      ///< £ a fully staffed line takes a week
    double trap_houses_target = 1.1;      ///< cuckooed homes a line wants (mean)
    double closure_rate_per_week = 0.0333;  ///< weekly hazard that a line's holder is charged (Type 1 closure)
    double enforcement_gamma = 0.7;       ///< diminishing returns: hazard scales with multiplier^gamma
    double disruption_kappa = 2.0;        ///< closure hazard x (1 + kappa x share of runners arrested in 13 weeks)
    double p_runner_arrest_at_closure = 0.09;
    double p_runner_referral_at_closure = 0.42;
    double runner_arrest_per_week = 0.005;   ///< routine arrest chance a deployed week
    double rr_sanction_runner = 0.5;      ///< runners' sanction chance relative to others (s45 Modern Slavery Act defence)
    double p_deploy = 0.4;                ///< chance a runner is sent out in a week
    double missing_weeks_mean = 1.5;      ///< length of a missing episode on a deployment out of area
    double debt_on_seizure = 1000;        ///< £ added to a runner's debt when drugs are seized on arrest
    double debt_on_robbery = 500;         ///< £ added when the runner is robbed
    double debt_repay_per_week = 100;     ///< £ worked off each deployed week
    double exit_rate_per_week = 0.0385;   ///< chance a runner leaves a line in a week, with no debt
    double rr_exit_in_debt = 0.25;        ///< debt bondage
    double rr_exit_in_support = 3.0;
    double exploited_tail_weeks = 4;      ///< mean weeks a former runner stays counted as exploited
    double rr_offending_exploited = 2.0;  ///< offending hazard multiplier while exploited
    double victim_weight_exploited = 5;   ///< victim-selection weight of an exploited person
    double p_carry_on_join = 0.2;         ///< chance a new runner starts carrying a weapon
    double p_robbery_per_week = 0.03;     ///< per deployed runner: robbed or "taxed"
    double p_rivalry_per_week = 0.05;     ///< per pair of lines sharing a market
    double p_punishment_per_week = 0.03;  ///< per runner in debt
    double p_knife_market = 0.03679;          ///< knife used in a market incident
    std::vector<EnforcementEntry> enforcement_timeline;  ///< intensification weeks
};

/// Approaches and compliance: who is asked to move drugs or weapons, and who agrees.
struct ExploitationParams {
    double approach_prevalence_13_17 = 0.125;  ///< share of 13-17s asked in a year
    double compliance_share = 0.25;            ///< share of those asked who comply
    double tie_share = 0.05;                    ///< share of approaches made through ties by line members
    int search_approaches = 3;                 ///< tie approaches a line below strength makes a week
    double p_second_hop = 0.5;                 ///< a tie search goes on to a friend of a friend
    double rr_comply_tie = 2.0;                ///< compliance after an approach through a tie, relative to a stranger's
    double age_rr_10_12 = 0.3;
    double age_rr_18_24 = 0.5;                 ///< relative to 13-17
    double rr_excluded = 3.0;
    double rr_neet = 2.5;
    double rr_missing = 3.0;                   ///< missing episode in the last 13 weeks
    double rr_substance = 2.0;
    double rr_in_care = 4.0;
    double rr_parent_in_prison = 2.0;
    double rr_ace = 2.0;
    double rr_sen = 1.5;
    double rr_trusted_adult = 0.6;
    double rr_sport = 0.8;
    double rr_in_support = 0.5;
    double in_care_prevalence = 0.008;         ///< looked-after children among 10-17s
    double p_line_given_comply = 0.5;          ///< street recruit joins a local line with room (else local exploitation)
    double local_spell_weeks = 13;             ///< mean length of exploitation outside a line
    double missing_rate_per_year = 0.02137;       ///< background missing episodes of 10-17s, before the multipliers
    double missing_rr_in_care = 100;
    double missing_rr_10_11 = 0.1;             ///< children aged 10-11, relative to 12-17
    double missing_rr_exploited = 5;
};

/// Identification, referral (MASH, NRM) and the support pathway.
struct SafeguardingParams {
    double p_identify_arrest = 0.5;
    double p_identify_missing = 0.1;       ///< on return from a missing episode (return-home interview)
    double p_identify_victimised = 0.3;    ///< after being a victim of violence (police or A&E contact)
    double p_identify_per_week = 0.001538;    ///< school and other routes, each week exploited
    double p_nrm = 0.3;                    ///< referral to the National Referral Mechanism
    double p_support_engaged = 0.6;
    double support_weeks_mean = 26;
    double protection_weeks = 52;          ///< after support ends, compliance stays reduced this long
    double rr_comply_protected = 0.5;      ///< compliance during and after support
};

/// Vulnerable adults whose homes lines take over (cuckooing), and the response.
struct CuckooingParams {
    double vulnerable_adults_per_1000 = 4;  ///< adults at risk per 1,000 residents
    double p_takeover_per_week = 0.25;      ///< a line short of trap houses takes one over
    double weight_drug_use = 3;             ///< targeting of problem drug users relative to others
    double share_drug_use = 0.6;
    double move_on_weeks_mean = 13;         ///< a line moves to another address
    double visit_rate_per_week = 0.0385;    ///< response visits that end a takeover
    double p_adult_referral = 0.6;
    double protection_weeks = 26;
};

/// Verification mode (sim/verification/): the peer-influence process alone on a generated or
/// given network, to check it against theory and other tools; every other mechanism is off.
struct VerificationParams {
    bool enabled = false;
    std::string network = "erdos_renyi";  ///< erdos_renyi, watts_strogatz or edge_list
    std::int64_t nodes = 100000;
    double mean_degree = 4;               ///< Erdos-Renyi c; Watts-Strogatz ring neighbours k (even)
    double rewiring = 0.1;                ///< Watts-Strogatz probability that a ring tie is rewired
    std::string edge_list;                ///< CSV file of ties, relative to the scenario file that sets it
    std::int64_t initial_infected = 10;   ///< nodes infected when the run starts
};

/// One intervention of a programme (docs/interventions.md): whom it reaches, where and when, how
/// many, what it changes and what it costs. A person takes part in one intervention at a time.
struct InterventionSpec {
    std::string catalogue;             ///< id of the built-in catalogue entry its settings start from; "" = none
    std::string name;                  ///< unique within the programme
    bool enabled = true;
    /// The reachable moment: community (outreach among the eligible), suspension,
    /// permanent_exclusion, ae_attendance, arrest, custody, parent_imprisonment or
    /// safeguarding_referral (the week's event of that kind about the person).
    std::string trigger = "community";
    std::string area;                  ///< "" = every area
    int age_min = 10;
    int age_max = 24;
    std::string sex = "any";           ///< any, male or female
    /// A state the person must be in: "" (none), excluded, neet, exploited, carrying,
    /// parent_in_prison, recent_offender or ever_offended.
    std::string requires_state;
    bool requires_knife = false;       ///< reached only at a moment involving a knife (arrest, ae_attendance)
    /// A trait the person must have (fsm, sen, ace, high_propensity, substance_prone, in_care) or
    /// lack (no_trusted_adult, no_sport); "" = none.
    std::string requires_trait;
    /// An event the person must have had within recent_weeks: victimised, injured, offended,
    /// arrested, suspended, approached or exploited; "" = none.
    std::string recent_event;
    int recent_weeks = 12;
    double min_deprivation = 0;        ///< the neighbourhood's national IMD percentile at least this (0-1; 0 = any)
    double min_risk = 0;               ///< the person's risk score at least this (0 = any)
    std::string allocation = "first";  ///< when more are eligible than places: first (reached) or highest_risk
    bool reaches_co_offenders = false; ///< a participant's co-offenders take part with them (a group effect)
    int hot_places = 0;                ///< trigger hot_places: neighbourhoods with most recent violence it covers
    double hot_places_window_weeks = 13;  ///< recent violence fades with this time constant
    double places_per_year = 0;        ///< people who can start in a financial year
    /// Places for people aged 25 and over, outside the modelled cohort, met at the same moment
    /// (arrest, custody, A&E): counted in reach and cost, their effect not modelled.
    double adult_places_per_year = 0;
    double take_up = 1;                ///< share of those offered a place who start
    int start_week = 0;                ///< first week offers are made, from the first reported week
    int end_week = 0;                  ///< week offers stop (exclusive); 0 = never
    double duration_weeks = 26;        ///< mean time in the intervention
    double onset_weeks = 0;            ///< the effect builds up evenly over this many weeks of the stay; 0 = full at once
    double decay_weeks = 0;            ///< after leaving, the effect fades with this time constant; 0 = stops at once
    double rr_offending = 1;           ///< offending hazard while taking part
    double rr_carrying = 1;            ///< chance of starting to carry a weapon
    double rr_victimisation = 1;       ///< weight as a victim
    double rr_exclusion = 1;           ///< school suspension and permanent exclusion
    double rr_neet = 1;                ///< becoming NEET
    double rr_exploitation = 1;        ///< complying when approached to move drugs or weapons
    double rr_peer_influence = 1;      ///< coming under violent peer influence
    double rr_identification = 1;      ///< being identified and referred while exploited
    std::string adds_protective;       ///< "", trusted_adult or sport: that factor's effect for those who lack it
    double cost_fixed_per_year = 0;    ///< pounds a financial year while it runs
    double cost_per_participant = 0;   ///< pounds per person who starts
    /// Money a financial year (pounds); above 0, the places are what it buys: (budget - fixed
    /// cost) / cost per participant, instead of places_per_year.
    double budget_per_year = 0;
    std::string funded_by = "grant";   ///< grant (the VRU's money, docs/funding.md) or separate (its own stream)
    int priority = 1;                  ///< order of funding when money is short: 1 first (cut last); ties in list order
    double sustained_share = 0;        ///< share of its planned money local partners keep paying when the grant's falls short
    std::string on_stop = "finish";    ///< when its money ends: finish (those in it finish their stay) or drop_out
    std::string evidence;              ///< e.g. the Youth Endowment Fund Toolkit rating
    std::string source;
};

/// A VRU's programme: its interventions (docs/interventions.md). Empty by default: the baseline.
struct ProgrammeParams {
    std::vector<InterventionSpec> interventions;
    /// People aged 25 and over met at each setting for every modelled 10-24-year-old's event of
    /// that kind (the flow an intervention's adult places draw on).
    double adults_per_young_arrest = 0.82;
    double adults_per_young_custody = 0.82;
    double adults_per_young_ae_attendance = 1.0;
};

/// The VRU's money by financial year (docs/funding.md). Off by default: every intervention then
/// has the money it plans.
struct FundingParams {
    bool enabled = false;
    double grant = 0;                  ///< core grant in the first reported financial year, pounds
    double taper = 0;                  ///< share by which the grant falls each year from taper_from_year
    int taper_from_year = 0;           ///< first financial year (the year of its April) the grant is cut; 0 = never
    int grant_ends_year = 0;           ///< first financial year with no grant; 0 = never
    double match_share = 0;            ///< partners' match funding, as a share of the grant
    double match_amount = 0;           ///< and a fixed amount a year while there is a grant, pounds
    bool match_in_kind = true;         ///< match given in kind (staff, rooms) counts for the condition but buys no places
    double carry_over = 0;             ///< money brought forward into the first reported year, pounds
    double core_cost = 0;              ///< core function (team, data, strategy) a financial year, pounds
    /// Fund the interventions' minimum share of the grant (min_intervention_share, with its
    /// evaluation) before the core function, which takes what is left up to core_cost.
    bool protect_conditions = true;
    double evaluation_share = 0;       ///< evaluation spend, as a share of the money on interventions
    std::string cut_rule = "priority"; ///< how a shortfall is shared: priority (in order) or pro_rata
    double sustained_share = 0;        ///< share of every grant intervention's plan partners pay when the grant falls short
    bool carry_forward = true;         ///< money left at the end of a year goes into the next
    double min_intervention_share = 0.30;  ///< grant condition: money on interventions / grant
    double min_evaluation_share = 0.10;    ///< grant condition: evaluation / money on interventions
    double min_match_share = 0;            ///< grant condition: match / grant

    bool operator==(const FundingParams&) const = default;
};

/// What harms are worth (docs/funding.md): Home Office unit costs of crime, 2015/16 prices.
struct EconomicsParams {
    double cost_homicide = 3217740;            ///< pounds per homicide
    double cost_violence_with_injury = 14050;  ///< pounds per offence
    double cost_violence_without_injury = 5930;
    /// Lifetime cost per permanently excluded child; 0 by default (a cost of another kind, which
    /// overlaps the crime costs: docs/funding.md), IPPR's £170,000 as an option.
    double cost_permanent_exclusion = 0;
    /// Share of the model's non-fatal violence that the crime survey behind the unit costs counts
    /// (the model's victimisations follow the YEF survey, which finds about four times as many
    /// teenage victims as the CSEW: docs/model.md 8.4).
    double counted_share = 0.25;
    double price_factor = 1;                   ///< multiplies the unit costs into the programme's prices
    double discount_rate = 0.035;              ///< a year, HM Treasury Green Book

    bool operator==(const EconomicsParams&) const = default;
};

/// Everything a run needs, frozen before the run starts.
struct Parameters {
    RunParams run;
    PopulationParams population;
    GraphParams graph;
    FactorParams factors;
    ViolenceParams violence;
    ContagionParams contagion;
    PeerInfluenceParams peer_influence;
    WeaponParams weapons;
    JusticeParams justice;
    SchoolParams school;
    NeetParams neet;
    FamilyParams family;
    CountyLinesParams county_lines;
    ExploitationParams exploitation;
    SafeguardingParams safeguarding;
    CuckooingParams cuckooing;
    ProgrammeParams programme;
    FundingParams funding;
    EconomicsParams economics;
    VerificationParams verification;
};

}  // namespace vrusim
