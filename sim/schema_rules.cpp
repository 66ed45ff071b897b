// The rules between scenario keys that no single key's bounds can express (docs/scenario-schema.md,
// "Rules between keys"); the loader reports each with the keys it names.
#include <algorithm>
#include <cmath>
#include <limits>

#include "county_lines.hpp"
#include "population.hpp"
#include "programme/interventions.hpp"
#include "programme/targeting.hpp"
#include "schema.hpp"
#include "schema_text.hpp"

namespace vrusim {

namespace {

using schema_text::cat;
using schema_text::join;
using schema_text::number;

std::string area_label(const AreaSpec& a, std::size_t i) {
    return a.name.empty() ? cat("population.areas[", i, "]") : cat("'", a.name, "'");
}


constexpr std::size_t max_group_sizes = 8;  // the incident code keeps 8 (group_max in phases/violence.cpp)
constexpr std::size_t max_areas = 65535;  // the area column is 16-bit

constexpr ConsistencyRule rules[] = {
    {"population.areas", "At least one area, and at most 65,535."},
    {"population.areas[i].name", "Every area has a non-empty name, different from every other area's name."},
    {"population.areas[i].population_10_14, population_15_19, population_20_24",
     "Every area has a positive population aged 10-24 (the three bands summed)."},
    {"population.areas[i].population_all_ages", "At least the area's population aged 10-24."},
    {"population.areas[i].population_by_age",
     "Empty, or 15 values (ages 10-24) whose sums over 10-14, 15-19 and 20-24 equal the three bands within 1 person."},
    {"population.scale, population.areas",
     "The scale gives every area at least one agent (simulated_agent_count of that area alone)."},
    {"population.scale, population.areas", "The scale gives at most 2^28 = 268,435,456 agents in all."},
    {"violence.group_size_pmf", "Not empty, at most 8 entries, and the entries sum to 1 within 1e-6."},
    {"school.exclusion_age_rr, school.suspension_age_rr", "8 values each (ages 10-17), not all 0 below school.leaving_age."},
    {"factors.national_imd_scores", "21 values (percentiles 0, 5, ..., 100), each above the one before."},
    {"population.national_all_ages, population.areas",
     "The nation is at least as large as the force (its residents summed over the areas)."},
    {"county_lines.lines_national, population.national_all_ages",
     "The force's share of the nation's lines (when lines_regional is 0) is at most 10,000, as lines_regional is."},
    {"graph.friend_same_school_share, graph.friend_same_neighbourhood_share", "The two shares sum to at most 1."},
    {"population.class_size, population.school_size", "A class is no larger than its school."},
    {"county_lines.min_runners, county_lines.runners_target", "A line needs no more runners to trade than it wants."},
    {"county_lines.enforcement_timeline[i].area",
     "Empty (every area) or the name of an area in population.areas."},
    {"county_lines.enforcement_timeline[i].repeat_every_weeks, weeks",
     "0 (once) or at least the window's length, so that an entry's windows do not overlap."},
    {"programme.interventions", "At most 254 interventions."},
    {"programme.interventions[i].name", "Not empty (nor only spaces), and different from every other intervention's name."},
    {"programme.interventions[i].trigger",
     "One of community, suspension, permanent_exclusion, ae_attendance, arrest, custody, parent_imprisonment, "
     "safeguarding_referral, nrm_referral, line_closure, hot_places."},
    {"programme.interventions[i].sex, requires_state",
     "sex one of any, male, female; requires_state empty or one of excluded, neet, exploited, carrying, "
     "parent_in_prison, recent_offender, ever_offended."},
    {"programme.interventions[i].area", "Empty (every area) or the name of an area in population.areas."},
    {"programme.interventions[i].age_min, age_max", "age_min is at most age_max."},
    {"programme.interventions[i].end_week, start_week", "0 (never) or after start_week."},
    {"programme.interventions[i].places_per_year, budget_per_year, enabled",
     "An enabled intervention has places (places_per_year or adult_places_per_year above 0), money "
     "(budget_per_year above 0) or a fixed cost; places_per_year and budget_per_year are not both given."},
    {"programme.interventions[i].requires_knife, trigger", "A knife is required only at arrest or ae_attendance."},
    {"programme.interventions[i].requires_trait, recent_event, allocation, adds_protective",
     "Each one of its names (docs/scenario-schema.md), or empty where that means none."},
    {"programme.interventions[i].hot_places, trigger",
     "hot_places above 0 exactly when the trigger is hot_places (enabled), which has no places or budget."},
    {"programme.interventions[i].adult_places_per_year, trigger",
     "Adult places only at arrest, custody, ae_attendance or community, and no more than a budget buys."},
    {"programme.interventions[i].budget_per_year, cost_per_participant, cost_fixed_per_year",
     "A budget needs a cost per participant above 0 and buys at least one place a year above the fixed cost."},
    {"programme.interventions[i].funded_by, on_stop", "funded_by is grant or separate; on_stop is finish or drop_out."},
    {"funding.cut_rule", "priority or pro_rata."},
    {"funding.grant_ends_year, run.start_year", "0 (never), or a financial year after run.start_year."},
    {"funding.taper_from_year, run.start_year", "0 (never), or a financial year after run.start_year."},
    {"verification.network", "One of erdos_renyi, watts_strogatz, edge_list."},
    {"verification.mean_degree, verification.nodes",
     "erdos_renyi: below nodes - 1 (a tie probability below 1). watts_strogatz: an even whole number, at least 2 "
     "and below nodes - 1 (so that a rewired tie has somewhere to go)."},
    {"verification.rewiring, verification.mean_degree, verification.nodes",
     "watts_strogatz with rewiring: nodes at least 4 x mean_degree, so that rewired ties have room not to coincide."},
    {"verification.edge_list, verification.network",
     "edge_list needs the path of the CSV file; the path is set only with network edge_list."},
    {"verification.enabled, peer_influence.enabled", "The verification mode runs peer influence: it must be on."},
    {"verification.initial_infected, verification.nodes", "At most the number of nodes."},
    {"verification.enabled, population.areas",
     "With verification on, the population and the model's other sections are not used: no areas are needed and "
     "the rules above between them are not checked."},
};

bool is_network(std::string_view name) {
    return name == "erdos_renyi" || name == "watts_strogatz" || name == "edge_list";
}

void check_verification(const VerificationParams& v, bool peer_influence, const auto& report) {
    if (!peer_influence)
        report({"peer_influence.enabled", "verification.enabled"},
               "the verification mode runs peer influence alone: peer_influence.enabled must be true");
    if (!is_network(v.network)) {
        report({"verification.network"},
               cat("expected one of erdos_renyi, watts_strogatz, edge_list, got '", v.network, "'"));
    }
    const auto nodes = static_cast<double>(v.nodes);
    if (v.network == "erdos_renyi" && !(v.mean_degree < nodes - 1)) {
        report({"verification.mean_degree", "verification.nodes"},
               cat("must be below nodes - 1 (", nodes - 1, ") for erdos_renyi, got ", v.mean_degree));
    }
    if (v.network == "watts_strogatz") {
        const double k = v.mean_degree;
        if (k != std::floor(k) || std::fmod(k, 2.0) != 0 || k < 2 || !(k < nodes - 1)) {
            report({"verification.mean_degree", "verification.nodes"},
                   cat("watts_strogatz needs an even whole number of ring neighbours, at least 2 and below nodes - 1 (",
                       nodes - 1, "), got ", k));
        }
    }
    if (v.network == "watts_strogatz" && v.rewiring > 0 && !(nodes >= 4 * v.mean_degree)) {
        report({"verification.rewiring", "verification.mean_degree", "verification.nodes"},
               cat("watts_strogatz with rewiring needs at least 4 x mean_degree nodes (", 4 * v.mean_degree,
                   ") so that rewired ties have room not to coincide, got ", nodes));
    }
    if (v.network == "edge_list" && v.edge_list.empty()) {
        report({"verification.edge_list", "verification.network"},
               "network edge_list needs the path of the CSV file of ties (relative to the scenario file)");
    }
    if (v.network != "edge_list" && is_network(v.network) && !v.edge_list.empty()) {
        report({"verification.edge_list", "verification.network"},
               cat("an edge list is given but network is ", v.network, "; set network: edge_list or remove edge_list"));
    }
    if (v.initial_infected > v.nodes) {
        report({"verification.initial_infected", "verification.nodes"},
               cat("must be at most verification.nodes (", v.nodes, "), got ", v.initial_infected));
    }
}

constexpr std::string_view sexes[] = {"any", "male", "female"};
constexpr std::size_t max_interventions = 254;  // the participation column is 8-bit, 0 = none
constexpr std::string_view funders[] = {"grant", "separate"};
constexpr std::string_view stop_rules[] = {"finish", "drop_out"};
constexpr std::string_view cut_rules[] = {"priority", "pro_rata"};

// The name of a table's entry: the entry itself, or its name field.
std::string_view name_of(std::string_view entry) { return entry; }
template <class Entry>
std::string_view name_of(const Entry& entry) {
    return entry.name;
}

template <class Table>
bool one_of(std::string_view value, const Table& allowed) {
    return std::ranges::any_of(allowed, [&](const auto& a) { return name_of(a) == value; });
}

template <class Table>
std::string listed(const Table& allowed) {
    std::string out;
    for (const auto& a : allowed)
        if (!name_of(a).empty()) out += cat(out.empty() ? "" : ", ", name_of(a));
    return out;
}

void check_programme(const ProgrammeParams& programme, const std::vector<AreaSpec>& areas, const auto& report) {
    if (programme.interventions.size() > max_interventions)
        report({"programme.interventions"},
               cat("at most ", max_interventions, " interventions, got ", programme.interventions.size()));
    for (std::size_t i = 0; i < programme.interventions.size(); ++i) {
        const InterventionSpec& in = programme.interventions[i];
        const std::string at = cat("programme.interventions[", i, "]");
        if (in.name.find_first_not_of(" \t") == std::string::npos)
            report({at + ".name"}, "every intervention needs a name (not only spaces)");
        for (std::size_t j = 0; j < i; ++j)
            if (!in.name.empty() && programme.interventions[j].name == in.name)
                report({at + ".name"}, cat("'", in.name, "' is also the name of programme.interventions[", j,
                                           "]; give each intervention a name of its own"));
        if (!one_of(in.trigger, trigger_names))
            report({at + ".trigger"}, cat("expected one of ", listed(trigger_names), ", got '", in.trigger, "'"));
        if (!one_of(in.sex, sexes)) report({at + ".sex"}, cat("expected one of ", listed(sexes), ", got '", in.sex, "'"));
        if (!one_of(in.requires_state, required_state_names))
            report({at + ".requires_state"},
                   cat("expected empty (no state) or one of ", listed(required_state_names), ", got '", in.requires_state, "'"));
        const bool known_area =
            in.area.empty() || std::ranges::any_of(areas, [&](const AreaSpec& a) { return a.name == in.area; });
        if (!known_area)
            report({at + ".area", "population.areas"},
                   cat("'", in.area, "' is not the name of an area in population.areas; give one of their names, or "
                       "\"\" for every area"));
        if (in.age_min > in.age_max)
            report({at + ".age_min", at + ".age_max"},
                   cat("age_min (", in.age_min, ") must be at most age_max (", in.age_max, ")"));
        if (in.enabled && !(in.places_per_year > 0) && !(in.budget_per_year > 0) && !(in.adult_places_per_year > 0) &&
            !(in.cost_fixed_per_year > 0) && in.hot_places <= 0)
            report({at + ".places_per_year", at + ".budget_per_year", at + ".enabled"},
                   "an enabled intervention needs places (places_per_year or adult_places_per_year above 0), money "
                   "(budget_per_year above 0) or a fixed cost (a line with no participants); set enabled: false to "
                   "keep it without running it");
        const bool adult_setting = in.trigger == "arrest" || in.trigger == "custody" ||
                                   in.trigger == "ae_attendance" || in.trigger == "community";
        if (in.requires_knife && in.trigger != "arrest" && in.trigger != "ae_attendance")
            report({at + ".requires_knife", at + ".trigger"},
                   cat("a knife is known at an arrest or an A&E attendance only; a ", in.trigger,
                       " intervention cannot require one"));
        if (in.adult_places_per_year > 0 && !adult_setting)
            report({at + ".adult_places_per_year", at + ".trigger"},
                   cat("people aged 25 and over are met only at arrest, custody, ae_attendance or by community "
                       "outreach; a ", in.trigger, " intervention cannot reach them"));
        if (in.budget_per_year > 0 && in.cost_per_participant > 0 && in.adult_places_per_year > 0 &&
            in.budget_per_year >= in.cost_fixed_per_year + in.cost_per_participant &&
            in.budget_per_year - in.cost_fixed_per_year < in.adult_places_per_year * in.cost_per_participant)
            report({at + ".adult_places_per_year", at + ".budget_per_year"},
                   cat("the budget buys ", (in.budget_per_year - in.cost_fixed_per_year) / in.cost_per_participant,
                       " places, fewer than the ", in.adult_places_per_year, " adult places"));
        if (in.places_per_year > 0 && in.budget_per_year > 0)
            report({at + ".places_per_year", at + ".budget_per_year"},
                   cat("give places (places_per_year, ", in.places_per_year, ") or money (budget_per_year, ",
                       in.budget_per_year, "), not both: with a budget the places are what it buys"));
        if (in.budget_per_year > 0 && !(in.cost_per_participant > 0))
            report({at + ".budget_per_year", at + ".cost_per_participant"},
                   "a budget buys places at cost_per_participant, which must then be above 0");
        else if (in.budget_per_year > 0 && in.budget_per_year < in.cost_fixed_per_year + in.cost_per_participant)
            report({at + ".budget_per_year", at + ".cost_fixed_per_year", at + ".cost_per_participant"},
                   cat("a budget of ", in.budget_per_year, " buys no place: it is less than the fixed cost (",
                       in.cost_fixed_per_year, ") plus one participant (", in.cost_per_participant, ")"));
        if (!one_of(in.requires_trait, required_trait_names))
            report({at + ".requires_trait"},
                   cat("expected empty (no trait) or one of ", listed(required_trait_names), ", got '", in.requires_trait, "'"));
        if (!one_of(in.recent_event, recent_event_names))
            report({at + ".recent_event"},
                   cat("expected empty (none) or one of ", listed(recent_event_names), ", got '", in.recent_event, "'"));
        if (!one_of(in.allocation, allocation_names))
            report({at + ".allocation"}, cat("expected one of ", listed(allocation_names), ", got '", in.allocation, "'"));
        if (!one_of(in.adds_protective, protective_names))
            report({at + ".adds_protective"},
                   cat("expected empty (none) or one of ", listed(protective_names), ", got '", in.adds_protective, "'"));
        const bool place = in.trigger == "hot_places";
        if (place && in.enabled && in.hot_places <= 0)
            report({at + ".hot_places", at + ".trigger"}, "a hot_places intervention needs the number of places it covers (hot_places above 0)");
        if (!place && in.hot_places > 0)
            report({at + ".hot_places", at + ".trigger"},
                   cat("hot_places is for trigger hot_places (a place effect); this one's trigger is ", in.trigger));
        if (place && (in.places_per_year > 0 || in.adult_places_per_year > 0 || in.budget_per_year > 0))
            report({at + ".places_per_year", at + ".trigger"},
                   "a hot_places intervention acts on places, not participants: give its cost as cost_fixed_per_year, "
                   "not places or a budget");
        if (!one_of(in.funded_by, funders))
            report({at + ".funded_by"}, cat("expected one of ", listed(funders), ", got '", in.funded_by, "'"));
        if (!one_of(in.on_stop, stop_rules))
            report({at + ".on_stop"}, cat("expected one of ", listed(stop_rules), ", got '", in.on_stop, "'"));
        if (in.end_week != 0 && in.end_week <= in.start_week)
            report({at + ".end_week", at + ".start_week"},
                   cat("must be 0 (never) or after start_week (", in.start_week, "), got ", in.end_week));
    }
}

void check_funding(const FundingParams& f, int start_year, const auto& report) {
    if (!one_of(f.cut_rule, cut_rules))
        report({"funding.cut_rule"}, cat("expected one of ", listed(cut_rules), ", got '", f.cut_rule, "'"));
    if (f.grant_ends_year != 0 && f.grant_ends_year <= start_year)
        report({"funding.grant_ends_year", "run.start_year"},
               cat("must be 0 (never) or a financial year after the first reported one (run.start_year ", start_year,
                   "), got ", f.grant_ends_year, "; for a run with no grant set funding.grant: 0"));
    if (f.taper_from_year != 0 && f.taper_from_year <= start_year)
        report({"funding.taper_from_year", "run.start_year"},
               cat("must be 0 (never) or a financial year after the first reported one (run.start_year ", start_year,
                   "), got ", f.taper_from_year, "; the first year's grant is funding.grant"));
}

}  // namespace

std::span<const ConsistencyRule> consistency_rules() { return rules; }

std::vector<Inconsistency> check_consistency(const Parameters& p) {
    std::vector<Inconsistency> out;
    auto report = [&out](std::vector<std::string> keys, std::string message) {
        out.push_back({std::move(keys), std::move(message)});
    };
    check_verification(p.verification, !p.verification.enabled || p.peer_influence.enabled, report);
    if (p.verification.enabled) return out;  // the model's sections are not used
    const auto& areas = p.population.areas;

    if (areas.empty()) {
        report({"population.areas"}, "at least one area is needed");
    } else if (areas.size() > max_areas) {
        report({"population.areas"}, cat("at most ", max_areas, " areas are allowed, got ", areas.size()));
    }
    for (std::size_t i = 0; i < areas.size(); ++i) {
        const AreaSpec& a = areas[i];
        const std::string at = cat("population.areas[", i, "]");
        if (a.name.empty()) {
            report({at + ".name"}, "must not be empty");
        } else {
            for (std::size_t j = 0; j < i; ++j) {
                if (areas[j].name == a.name) {
                    report({at + ".name", cat("population.areas[", j, "].name")},
                           cat("'", a.name, "' is already the name of population.areas[", j,
                               "]; area names must be unique"));
                    break;
                }
            }
        }
        const double young = a.population_10_24();
        if (!(young > 0)) {
            report({at, at + ".population_10_14", at + ".population_15_19", at + ".population_20_24"},
                   cat("area ", area_label(a, i),
                       " has no one aged 10-24: population_10_14 + population_15_19 + population_20_24 must be "
                       "positive"));
        } else if (a.population_all_ages < young) {
            report({at + ".population_all_ages", at},
                   cat("must be at least the area's population aged 10-24 (", young, "), got ", a.population_all_ages));
        }
        if (const auto& years = a.population_by_age; !years.empty()) {
            if (years.size() != 15) {
                report({at + ".population_by_age"},
                       cat("expected 15 values (ages 10 to 24), got ", years.size()));
            } else {
                const double bands[3] = {a.population_10_14, a.population_15_19, a.population_20_24};
                const char* names[3] = {"population_10_14", "population_15_19", "population_20_24"};
                for (int b = 0; b < 3; ++b) {
                    double sum = 0;
                    for (int k = 0; k < 5; ++k) sum += years[static_cast<std::size_t>(5 * b + k)];
                    if (!(std::abs(sum - bands[b]) <= 1.0)) {
                        report({at + ".population_by_age", at + "." + names[b]},
                               cat("ages ", 10 + 5 * b, "-", 14 + 5 * b, " sum to ", sum, ", but ", names[b], " is ",
                                   bands[b], "; the single years and the band must agree (within 1 person)"));
                    }
                }
            }
        }
    }

    // Agent counts use the model's own rounding; per area, so an area that rounds to nothing is named.
    if (!areas.empty() && areas.size() <= max_areas) {
        std::vector<std::string> empty_areas;
        double min_scale = 0;
        Parameters one = p;
        for (std::size_t i = 0; i < areas.size(); ++i) {
            const double young = areas[i].population_10_24();
            if (!(young > 0)) continue;  // reported above
            one.population.areas.assign(1, areas[i]);
            if (simulated_agent_count(one) < 1) {
                empty_areas.push_back(area_label(areas[i], i));
                min_scale = std::max(min_scale, 1.0 / young);
            }
        }
        if (!empty_areas.empty()) {
            report({"population.scale", "population.areas"},
                   cat(p.population.scale, " gives no agents in area", empty_areas.size() > 1 ? "s " : " ",
                       join(empty_areas, ", "), "; every area needs at least 1 (use a scale of at least about ",
                       number(std::min(1.0, min_scale), 2), ")"));
        }
        const std::uint64_t agents = simulated_agent_count(p);
        if (agents > max_simulated_agents) {
            report({"population.scale", "population.areas"},
                   cat(p.population.scale, " gives ", agents, " agents, more than the limit of ", max_simulated_agents,
                       " (use a scale of at most about ",
                       number(p.population.scale * static_cast<double>(max_simulated_agents) / static_cast<double>(agents),
                              2),
                       ")"));
        }
    }

    const auto& pmf = p.violence.group_size_pmf;
    if (pmf.empty()) {
        report({"violence.group_size_pmf"}, "must not be empty: give the probabilities of 1, 2, 3, ... offenders");
    } else if (pmf.size() > max_group_sizes) {
        report({"violence.group_size_pmf"}, cat("at most ", max_group_sizes, " group sizes are allowed, got ", pmf.size()));
    } else {
        double sum = 0;
        for (double x : pmf) sum += x;
        if (!(std::abs(sum - 1.0) <= pmf_sum_tolerance)) {
            report({"violence.group_size_pmf"},
                   cat("the probabilities must sum to 1 (within ", pmf_sum_tolerance, "), they sum to ", sum));
        }
    }

    for (const auto* key : {"school.exclusion_age_rr", "school.suspension_age_rr"}) {
        const auto& profile = std::string_view(key) == "school.exclusion_age_rr" ? p.school.exclusion_age_rr
                                                                                 : p.school.suspension_age_rr;
        double sum = 0;
        for (double x : profile) sum += x;
        // Pupils are the ages below the leaving age: a profile with no weight there would leave
        // nothing to normalise to the configured rate.
        double school_ages = 0;
        for (std::size_t i = 0; i < profile.size() && static_cast<int>(i) + 10 < p.school.leaving_age; ++i)
            school_ages += profile[i];
        // The model keeps these weights in single precision (sim/rates.hpp).
        const bool representable = std::all_of(profile.begin(), profile.end(), [](double x) {
            return x == 0 || static_cast<float>(x) >= std::numeric_limits<float>::min();
        });
        if (profile.size() != 8)
            report({key}, cat("expected 8 values (ages 10 to 17), got ", profile.size()));
        else if (!representable)
            report({key}, cat("a rate above 0 must be at least ", std::numeric_limits<float>::min(),
                              " (the model keeps these weights in single precision); use 0 for none"));
        else if (!(sum > 0))
            report({key}, "at least one age must have a rate above 0");
        else if (p.school.enabled && !(school_ages > 0))
            report({key, "school.leaving_age"},
                   cat("every age below school.leaving_age (", p.school.leaving_age, ") has a rate of 0, so no pupil "
                       "can be excluded or suspended; give one of them a rate above 0"));
    }

    if (const auto& imd = p.factors.national_imd_scores; imd.size() != 21) {
        report({"factors.national_imd_scores"}, cat("expected 21 values (percentiles 0, 5, ..., 100), got ", imd.size()));
    } else {
        for (std::size_t i = 1; i < imd.size(); ++i) {
            if (!(imd[i] > imd[i - 1])) {
                report({"factors.national_imd_scores"},
                       cat("the scores must rise with the percentile: value ", i, " (", imd[i], ", percentile ", 5 * i,
                           ") is not above value ", i - 1, " (", imd[i - 1], ")"));
                break;
            }
        }
    }
    if (!areas.empty()) {
        const double residents = represented_all_ages(p);
        const double nation = p.population.national_all_ages;
        if (residents > nation) {
            report({"population.national_all_ages", "population.areas"},
                   cat("must be at least the force's residents (", residents, ", the areas' population_all_ages), got ",
                       nation));
        } else if (p.county_lines.lines_regional <= 0 && force_lines(p) > 10000) {
            report({"county_lines.lines_national", "population.national_all_ages"},
                   cat("gives the force ", number(force_lines(p), 6),
                       " lines (its population share of the nation's); at most 10,000 are allowed"));
        }
    }

    const double school_share = p.graph.friend_same_school_share;
    const double neighbourhood_share = p.graph.friend_same_neighbourhood_share;
    if (school_share + neighbourhood_share > 1.0 + 1e-12) {
        report({"graph.friend_same_school_share", "graph.friend_same_neighbourhood_share"},
               cat("graph.friend_same_school_share + graph.friend_same_neighbourhood_share must be at most 1, got ",
                   school_share, " + ", neighbourhood_share, " = ", school_share + neighbourhood_share));
    }

    if (p.population.class_size > p.population.school_size) {
        report({"population.class_size", "population.school_size"},
               cat("must not exceed population.school_size (", p.population.school_size, "), got ",
                   p.population.class_size));
    }

    const CountyLinesParams& cl = p.county_lines;
    if (cl.min_runners > cl.runners_target) {
        report({"county_lines.min_runners", "county_lines.runners_target"},
               cat("must not exceed county_lines.runners_target (", cl.runners_target, "), got ", cl.min_runners));
    }
    for (std::size_t i = 0; i < cl.enforcement_timeline.size(); ++i) {
        const EnforcementEntry& e = cl.enforcement_timeline[i];
        const std::string at = cat("county_lines.enforcement_timeline[", i, "]");
        const bool known_area =
            e.area.empty() || std::ranges::any_of(areas, [&](const AreaSpec& a) { return a.name == e.area; });
        if (!known_area) {
            report({at + ".area", "population.areas"},
                   cat("'", e.area, "' is not the name of an area in population.areas; give one of their names, or \"\" "
                       "for every area"));
        }
        if (e.repeat_every_weeks != 0 && e.repeat_every_weeks < e.weeks) {
            report({at + ".repeat_every_weeks", at + ".weeks"},
                   cat("must be 0 (once) or at least the window's weeks (", e.weeks, ") so that windows do not overlap, got ",
                       e.repeat_every_weeks));
        }
    }
    check_programme(p.programme, areas, report);
    check_funding(p.funding, p.run.start_year, report);
    return out;
}

}  // namespace vrusim
