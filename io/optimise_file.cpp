// Reading and checking optimiser files (io/optimise_file.hpp): every problem named with its file,
// line and key.
#include "optimise_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "overrides.hpp"
#include "scenario_yaml.hpp"
#include "sim/economics/comparison.hpp"
#include "sim/programme/funding.hpp"
#include "sim/rng.hpp"

namespace vrusim::io {

namespace {

using namespace detail;

constexpr std::string_view optimise_keys = "name, scenario, grant, set, objective, candidates, limits, search";
constexpr std::string_view search_keys =
    "allocations, first_replicates, keep, finalists, confirm_replicates, max_replicates, seed";
constexpr double most_places = 1e6;
constexpr int most_allocations = 10000;

std::string objective_names() {
    std::string out = "social_value";
    for (const Measure m : home_office_measures) out += fmt::format(", {}", info(m).name);
    return out;
}

void read_whole(Context& c, const Item& v, const std::string& key, int least, int most, int& out) {
    const auto n = whole_of(v);
    if (!n || *n < least || *n > most)
        c.at(v.where, key, fmt::format("expected a whole number from {} to {}, got {}", least, most, describe(v)));
    else out = static_cast<int>(*n);
}

// places: [0, 100, 200] or {from: 0, to: 200, step: 50}: at least one value, from 0, increasing;
// empty after a problem.
std::vector<double> read_places(Context& c, const Item& v, const std::string& key) {
    std::vector<double> out;
    if (v.kind == Item::Kind::sequence && !v.items.empty()) {
        for (std::size_t i = 0; i < v.items.size(); ++i) {
            const auto x = number_of(v.items[i]);
            const std::string k = fmt::format("{}[{}]", key, i);
            if (!x || *x < 0 || *x > most_places) {
                c.at(v.items[i].where, k, fmt::format("expected places a year from 0 to {:g}, got {}", most_places, describe(v.items[i])));
                return {};
            }
            if (!out.empty() && *x <= out.back()) {
                c.at(v.items[i].where, k, fmt::format("places must increase: {:g} follows {:g}", *x, out.back()));
                return {};
            }
            out.push_back(*x);
        }
        return out;
    }
    if (v.kind == Item::Kind::map) {
        double range[3] = {0, -1, 0};
        const char* names[3] = {"from", "to", "step"};
        bool given[3] = {false, false, false};
        for (const Entry& e : v.entries) {
            const auto at = std::find_if(std::begin(names), std::end(names), [&](const char* n) { return e.key == n; });
            if (at == std::end(names)) {
                c.at(e.key_where, key + "." + e.key, "not a key of a range of places (expected from, to, step)");
                return {};
            }
            const auto x = number_of(e.value);
            const auto i = static_cast<std::size_t>(at - std::begin(names));
            if (!x || *x < 0 || *x > most_places || (i == 2 && *x <= 0)) {
                c.at(e.value.where, key + "." + e.key,
                     fmt::format("expected {} from 0 to {:g}, got {}", i == 2 ? "a step above 0" : "places a year",
                                 most_places, describe(e.value)));
                return {};
            }
            range[i] = *x;
            given[i] = true;
        }
        if (!given[1] || !given[2]) {
            c.at(v.where, key, "a range of places needs to: and step: (from: is 0 if not given)");
            return {};
        }
        if (range[1] < range[0]) {
            c.at(v.where, key, fmt::format("to ({:g}) is below from ({:g})", range[1], range[0]));
            return {};
        }
        const double steps_wanted = std::floor((range[1] - range[0]) / range[2] + 1e-9);
        if (!(steps_wanted <= 1000)) {
            c.at(v.where, key, fmt::format("{:.3g} values: give a larger step (at most 1001 values)", steps_wanted + 1));
            return {};
        }
        const auto steps = static_cast<long>(steps_wanted);
        for (long i = 0; i <= steps; ++i) out.push_back(range[0] + static_cast<double>(i) * range[2]);
        return out;
    }
    c.at(v.where, key, fmt::format("expected a list of places a year, e.g. [0, 100, 200], or a range {{from: 0, to: "
                                   "200, step: 50}}, got {}", v.kind == Item::Kind::sequence ? "an empty list" : describe(v)));
    return out;
}

void read_candidate(Context& c, const Item& item, std::size_t index, OptimiseFile& opt) {
    const std::string at = fmt::format("candidates[{}]", index);
    if (item.kind != Item::Kind::map) {
        c.at(item.where, at, fmt::format("expected a map with intervention: and places:, got {}", describe(item)));
        return;
    }
    OptimiseCandidate cand;
    cand.where = c.location(item.where);
    bool named = false, placed = false;
    for (const Entry& e : item.entries) {
        const std::string key = at + "." + e.key;
        if (e.key == "intervention") {
            if (e.value.kind != Item::Kind::scalar || e.value.text.empty()) {
                c.at(e.value.where, key, fmt::format("expected the name of an intervention in the scenario's programme, got {}",
                                                     describe(e.value)));
                continue;
            }
            cand.intervention = e.value.text;
            cand.where = c.location(e.value.where);
            named = true;
        } else if (e.key == "places") {
            cand.candidate.places = read_places(c, e.value, key);
            placed = !cand.candidate.places.empty();
        } else if (e.key == "cost_per_place") {
            const auto x = number_of(e.value);
            if (!x || *x < 0 || *x > 1e9)
                c.at(e.value.where, key, fmt::format("expected pounds from 0 to 1e9, got {}", describe(e.value)));
            else cand.candidate.cost_per_place = *x;
        } else {
            c.at(e.key_where, key, "not a key of a candidate (expected intervention, places, cost_per_place)");
        }
    }
    if (!named) c.at(item.where, at, "missing intervention: the name of one of the scenario's interventions");
    if (named) {
        const auto [first, added] = opt.candidate_at.emplace(cand.intervention, cand.where);
        if (!added) {
            c.at(cand.where, at + ".intervention", fmt::format("'{}' is already a candidate (at {})", shorten(cand.intervention),
                                                               location_text(first->second)));
            return;
        }
    }
    if (!placed && !item.find("places")) c.at(item.where, at, "missing places: the places a year it may have");
    if (named && placed) opt.candidates.push_back(std::move(cand));
}

void read_limit(Context& c, const Item& item, std::size_t index, OptimiseFile& opt) {
    const std::string at = fmt::format("limits[{}]", index);
    if (item.kind != Item::Kind::map) {
        c.at(item.where, at, fmt::format("expected a map with interventions: and max_places, min_places or max_running, "
                                         "got {}", describe(item)));
        return;
    }
    OptimiseLimit l;
    l.where = c.location(item.where);
    l.limit.name = at;
    bool bounded = false;
    for (const Entry& e : item.entries) {
        const std::string key = at + "." + e.key;
        if (e.key == "interventions") {
            if (e.value.kind != Item::Kind::sequence || e.value.items.empty()) {
                c.at(e.value.where, key, fmt::format("expected a list of candidates' names, got {}",
                                                     e.value.kind == Item::Kind::sequence ? "an empty list" : describe(e.value)));
                continue;
            }
            for (const Item& n : e.value.items) {
                if (n.kind != Item::Kind::scalar || n.text.empty())
                    c.at(n.where, key, fmt::format("expected a candidate's name, got {}", describe(n)));
                else if (std::find(l.interventions.begin(), l.interventions.end(), n.text) != l.interventions.end())
                    c.at(n.where, key, fmt::format("'{}' is named twice (its places would count twice)", shorten(n.text)));
                else l.interventions.push_back(n.text);
            }
        } else if (e.key == "max_places" || e.key == "min_places") {
            const auto x = number_of(e.value);
            if (!x || *x < 0) c.at(e.value.where, key, fmt::format("expected places a year from 0, got {}", describe(e.value)));
            else (e.key == "max_places" ? l.limit.max_places : l.limit.min_places) = *x;
            bounded = true;
        } else if (e.key == "max_running") {
            read_whole(c, e.value, key, 0, 1000, l.limit.max_running);
            bounded = true;
        } else {
            c.at(e.key_where, key, "not a key of a limit (expected interventions, max_places, min_places, max_running)");
        }
    }
    if (l.interventions.empty() && !item.find("interventions"))
        c.at(item.where, at, "missing interventions: the candidates it limits together");
    if (!bounded) c.at(item.where, at, "limits nothing: give max_places, min_places or max_running");
    if (l.limit.min_places > l.limit.max_places)
        c.at(item.where, at, fmt::format("min_places ({:g}) is above max_places ({:g})", l.limit.min_places, l.limit.max_places));
    opt.limits.push_back(std::move(l));
}

void read_search(Context& c, const Item& v, OptimiseFile& opt) {
    if (v.kind != Item::Kind::map) {
        c.at(v.where, "search", fmt::format("expected a map of the search's settings ({}), got {}", search_keys, describe(v)));
        return;
    }
    auto& s = opt.search;
    for (const Entry& e : v.entries) {
        const std::string key = "search." + e.key;
        if (e.key == "allocations") read_whole(c, e.value, key, 1, most_allocations, opt.allocations);
        else if (e.key == "first_replicates") read_whole(c, e.value, key, 2, 1000, s.first_replicates);
        else if (e.key == "finalists") read_whole(c, e.value, key, 1, 100, s.finalists);
        else if (e.key == "confirm_replicates") read_whole(c, e.value, key, 2, 10000, s.confirm_replicates);
        else if (e.key == "max_replicates") read_whole(c, e.value, key, 2, 10000, s.max_replicates);
        else if (e.key == "keep") {
            const auto x = number_of(e.value);
            if (!x || !(*x > 0) || !(*x < 1))
                c.at(e.value.where, key, fmt::format("expected a share above 0 and below 1, got {}", describe(e.value)));
            else s.keep = *x;
        } else if (e.key == "seed") {
            const auto n = whole_of(e.value);
            if (!n || *n < 0)
                c.at(e.value.where, key, fmt::format("expected a whole number from 0 to 9e15, got {}", describe(e.value)));
            else opt.design_seed = static_cast<std::uint64_t>(*n);
        } else {
            c.at(e.key_where, key, fmt::format("not a search key (expected {})", search_keys));
        }
    }
    if (s.max_replicates < s.first_replicates)
        c.at(v.where, "search", fmt::format("max_replicates ({}) is below first_replicates ({})", s.max_replicates,
                                            s.first_replicates));
}

}  // namespace

OptimiseFile load_optimise(const std::filesystem::path& file) {
    Context c;
    std::string why;
    const auto text = read_text(file, why);
    if (!text) throw ScenarioError({fmt::format("{}: cannot read the optimiser file: {}", file.string(), why)});
    std::vector<ChainLink> chain;
    c.document = "optimiser file";
    c.example_keys = "scenario: and candidates:";
    const auto tree = parse_text(c, *text, file.string(), file.parent_path(), chain);
    if (!tree) c.raise();
    OptimiseFile opt;
    opt.file = file;
    const Where start{0, 1, 1};
    bool scenario_given = false, objective_given = false;
    const Item* candidates = nullptr;
    for (const Entry& e : tree->entries) {
        if (e.key == "name") {
            opt.name = e.value.text;
        } else if (e.key == "scenario") {
            scenario_given = true;
            opt.scenario = side_scenario_path(c, e.value, file, "scenario", "optimiser");
        } else if (e.key == "grant") {
            const auto x = number_of(e.value);
            if (!x || *x <= 0 || *x > 1e10)
                c.at(e.value.where, "grant", fmt::format("expected pounds a year above 0, got {}", describe(e.value)));
            else opt.grant = *x;
            opt.grant_where = location_text(c.location(e.value.where));
        } else if (e.key == "set") {
            read_set_map(c, e, opt.set, &opt.set_where);
        } else if (e.key == "objective") {
            objective_given = true;
            const auto m = e.value.kind == Item::Kind::scalar ? measure_named(e.value.text) : std::nullopt;
            if (e.value.kind == Item::Kind::scalar && e.value.text == "social_value") opt.objective.social_value = true;
            else if (m && std::find(std::begin(home_office_measures), std::end(home_office_measures), *m) !=
                              std::end(home_office_measures)) {
                opt.objective.social_value = false;
                opt.objective.measure = *m;
            } else c.at(e.value.where, "objective", fmt::format("expected {}, got {}", objective_names(), describe(e.value)));
        } else if (e.key == "candidates") {
            candidates = &e.value;
        } else if (e.key == "limits") {
            if (e.value.kind != Item::Kind::sequence) {
                c.at(e.value.where, "limits", fmt::format("expected a list of limits, got {}", describe(e.value)));
                continue;
            }
            for (std::size_t i = 0; i < e.value.items.size(); ++i) read_limit(c, e.value.items[i], i, opt);
        } else if (e.key == "search") {
            read_search(c, e.value, opt);
        } else {
            c.at(e.key_where, e.key, fmt::format("not an optimiser key (expected {})", optimise_keys));
        }
    }
    if (!scenario_given) c.at(start, "scenario", "missing: the scenario file of the current plan");
    if (!objective_given) c.at(start, "objective", fmt::format("missing: what to maximise ({})", objective_names()));
    if (!candidates) c.at(start, "candidates", "missing: the interventions whose places the optimiser chooses");
    else if (candidates->kind != Item::Kind::sequence || candidates->items.empty())
        c.at(candidates->where, "candidates", fmt::format("expected a list of candidates, got {}",
                                                          candidates->kind == Item::Kind::sequence ? "an empty list" : describe(*candidates)));
    else for (std::size_t i = 0; i < candidates->items.size(); ++i) read_candidate(c, candidates->items[i], i, opt);
    const auto& s = opt.search;
    // Replicates are keyed by 16 bits: the search's and the confirmation's must all be distinct.
    if (s.max_replicates + s.confirm_replicates > rng::max_replicates)
        c.at(start, "search", fmt::format("max_replicates + confirm_replicates is {}; at most {}",
                                          s.max_replicates + s.confirm_replicates, rng::max_replicates));
    if (c.failed()) c.raise();
    return opt;
}

LoadedScenario optimise_scenario(OptimiseFile& opt, const std::vector<std::string>& overrides) {
    LoadedScenario scenario = load_scenario(opt.scenario);
    std::vector<std::string> assignments = opt.set, placed_at = opt.set_where;
    if (opt.grant) {
        assignments.push_back(fmt::format("funding.grant={}", *opt.grant));
        placed_at.push_back(opt.grant_where);
    }
    try {
        apply_overrides(scenario, assignments);
    } catch (ScenarioError& e) {
        // The file's set: and grant: are applied as --set is; their problems belong at their lines.
        for (auto& problem : e.problems)
            for (std::size_t i = 0; i < assignments.size(); ++i) {
                const std::string key = assignments[i].substr(0, assignments[i].find('='));
                if (problem.starts_with(fmt::format("command line: {}:", key))) {
                    const bool grant = opt.grant && i + 1 == assignments.size();
                    problem = fmt::format("{}: {}{}", placed_at[i], grant ? "grant" : "set." + key,
                                          problem.substr(std::string_view("command line: ").size() + key.size()));
                    break;
                }
            }
        throw;
    }
    apply_overrides(scenario, overrides);
    const auto& p = scenario.parameters;
    std::vector<std::string> problems;
    if (!p.funding.enabled)
        problems.push_back(fmt::format("{}: scenario: {} has no funding plan (funding.enabled is false): the optimiser "
                                       "spends a grant; enable funding with its grant and core cost",
                                       location_text({opt.file.string(), 1, 1}), opt.scenario.filename().string()));
    const auto& interventions = p.programme.interventions;
    for (auto& cand : opt.candidates) {
        const auto at = std::find_if(interventions.begin(), interventions.end(),
                                     [&](const InterventionSpec& in) { return in.name == cand.intervention; });
        const std::string where = location_text(cand.where);
        if (at == interventions.end()) {
            std::string names;
            for (const auto& in : interventions) names += fmt::format("{}'{}'", names.empty() ? "" : ", ", shorten(in.name));
            problems.push_back(fmt::format("{}: intervention: no intervention named '{}' in {}'s programme ({})", where,
                                           shorten(cand.intervention), opt.scenario.filename().string(),
                                           names.empty() ? "it has none" : "it has " + names));
            continue;
        }
        if (at->funded_by != "grant")
            problems.push_back(fmt::format("{}: intervention: '{}' is paid from its own stream (funded_by: {}), not the "
                                           "grant the optimiser shares out", where, shorten(at->name), at->funded_by));
        const bool own_cost = !std::isnan(cand.candidate.cost_per_place);
        const double cost = own_cost ? cand.candidate.cost_per_place : at->cost_per_participant;
        if (!(cost > 0) && cand.candidate.places.back() > 0)
            problems.push_back(fmt::format("{}: {}: '{}' would have places at no cost ({} is 0): give a cost a place",
                                           where, own_cost ? "cost_per_place" : "intervention", shorten(at->name),
                                           own_cost ? "the candidate's cost_per_place" : "its cost_per_participant"));
        // Its places are for people of 25 and over only: the optimiser chooses the modelled cohort's.
        if (planned_places_per_year(*at) == 0 && at->adult_places_per_year > 0)
            problems.push_back(fmt::format("{}: intervention: '{}' has places for people of 25 and over only, whom the "
                                           "model does not follow: the optimiser chooses places for 10-24-year-olds; "
                                           "leave it out of the candidates", where, shorten(at->name)));
        cand.candidate.intervention = static_cast<std::size_t>(at - interventions.begin());
    }
    for (auto& l : opt.limits)
        for (const auto& name : l.interventions) {
            const auto at = std::find_if(opt.candidates.begin(), opt.candidates.end(),
                                         [&](const OptimiseCandidate& cand) { return cand.intervention == name; });
            if (at == opt.candidates.end())
                problems.push_back(fmt::format("{}: {}.interventions: '{}' is not a candidate (a limit acts on the "
                                               "candidates' places)", location_text(l.where), l.limit.name, shorten(name)));
            else l.limit.candidates.push_back(static_cast<std::size_t>(at - opt.candidates.begin()));
        }
    if (!problems.empty()) throw ScenarioError(std::move(problems));
    return scenario;
}

}  // namespace vrusim::io
