// Reading and checking trial files (io/trial_file.hpp): every problem named with its file, line and key.
#include "trial_file.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "overrides.hpp"
#include "scenario_yaml.hpp"

namespace vrusim::io {

namespace {

using namespace detail;

constexpr std::string_view trial_keys =
    "name, scenario, intervention, unit, outcome, per_arm, recruitment_weeks, follow_up_weeks, trials, sizes, alpha";
constexpr int max_weeks = 520;
constexpr int max_trials = 10000;
constexpr int max_units = 10000000;

template <std::size_t N>
std::string listed(const std::string_view (&names)[N]) {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) out += fmt::format("{}{}", i == 0 ? "" : i + 1 == N ? " or " : ", ", names[i]);
    return out;
}

template <typename Enum, std::size_t N>
void read_name(Context& c, const Entry& e, const std::string_view (&names)[N], Enum& out) {
    for (std::size_t i = 0; i < N; ++i)
        if (e.value.kind == Item::Kind::scalar && e.value.text == names[i]) {
            out = static_cast<Enum>(i);
            return;
        }
    c.at(e.value.where, e.key, fmt::format("expected {}, got {}", listed(names), describe(e.value)));
}

void read_whole(Context& c, const Entry& e, int least, int most, int& out) {
    const auto n = whole_of(e.value);
    if (!n || *n < least || *n > most)
        c.at(e.value.where, e.key, fmt::format("expected a whole number from {} to {}, got {}", least, most, describe(e.value)));
    else out = static_cast<int>(*n);
}

}  // namespace

TrialFile load_trial(const std::filesystem::path& file) {
    Context c;
    std::string why;
    const auto text = read_text(file, why);
    if (!text) throw ScenarioError({fmt::format("{}: cannot read the trial file: {}", file.string(), why)});
    std::vector<ChainLink> chain;
    c.document = "trial file";
    c.example_keys = "scenario: and intervention:";
    const auto tree = parse_text(c, *text, file.string(), file.parent_path(), chain);
    if (!tree) c.raise();
    TrialFile t;
    t.file = file;
    const Where start{0, 1, 1};  // where a missing key is reported
    t.unit_where = c.location(start);
    bool scenario_given = false, intervention_given = false, outcome_given = false;
    const Entry* sizes = nullptr;
    const Entry* per_arm = nullptr;
    for (const Entry& e : tree->entries) {
        if (e.key == "name") {
            t.name = e.value.text;
        } else if (e.key == "scenario") {
            scenario_given = true;
            t.scenario = side_scenario_path(c, e.value, file, "scenario", "trial");
        } else if (e.key == "intervention") {
            intervention_given = true;
            if (e.value.kind != Item::Kind::scalar || e.value.text.empty())
                c.at(e.value.where, "intervention",
                     fmt::format("expected the name of an intervention in the scenario's programme, got {}", describe(e.value)));
            t.intervention = e.value.text;
            t.intervention_where = c.location(e.value.where);
        } else if (e.key == "unit") {
            read_name(c, e, trial::unit_names, t.design.unit);
            t.unit_where = c.location(e.value.where);
        } else if (e.key == "outcome") {
            outcome_given = true;
            read_name(c, e, trial::outcome_names, t.design.outcome);
        } else if (e.key == "per_arm") {
            per_arm = &e;
            read_whole(c, e, 1, max_units, t.design.per_arm);
        } else if (e.key == "recruitment_weeks") {
            read_whole(c, e, 1, max_weeks, t.design.recruitment_weeks);
        } else if (e.key == "follow_up_weeks") {
            read_whole(c, e, 1, max_weeks, t.design.follow_up_weeks);
        } else if (e.key == "trials") {
            read_whole(c, e, 2, max_trials, t.trials);
        } else if (e.key == "alpha") {
            const auto x = number_of(e.value);
            if (!x || !(*x > 0) || *x > 0.5)
                c.at(e.value.where, "alpha", fmt::format("expected a significance level above 0 and at most 0.5, got {}", describe(e.value)));
            else t.alpha = *x;
        } else if (e.key == "sizes") {
            sizes = &e;
        } else {
            c.at(e.key_where, e.key, fmt::format("not a trial key (expected {})", trial_keys));
        }
    }
    if (!scenario_given) c.at(start, "scenario", "missing: the scenario file the trial runs in");
    if (!intervention_given) c.at(start, "intervention", "missing: the name of the intervention on trial");
    if (!outcome_given) c.at(start, "outcome", fmt::format("missing: the trial's outcome ({})", listed(trial::outcome_names)));
    // A cluster trial's analysis needs at least 2 clusters an arm.
    const int least = t.design.unit == trial::Unit::person ? 1 : 2;
    if (per_arm && t.design.per_arm > 0 && t.design.per_arm < least) {
        c.at(per_arm->value.where, "per_arm", fmt::format("a trial randomising a {} needs at least 2 of them an arm",
                                                           trial::unit_names[static_cast<int>(t.design.unit)]));
        t.design.per_arm = 0;  // reported: the sizes are not judged against it
    }
    if (sizes) {
        const Item& v = sizes->value;
        if (v.kind != Item::Kind::sequence || v.items.empty()) {
            c.at(v.where, "sizes", fmt::format("expected a list of units per arm, e.g. [50, 100, 200], got {}",
                                               v.kind == Item::Kind::sequence ? "an empty list" : describe(v)));
        } else {
            for (std::size_t i = 0; i < v.items.size(); ++i) {
                const auto n = whole_of(v.items[i]);
                const std::string key = fmt::format("sizes[{}]", i);
                if (!n || *n < least || *n > max_units)
                    c.at(v.items[i].where, key, fmt::format("expected a whole number of units per arm from {} to {}, got {}",
                                                            least, max_units, describe(v.items[i])));
                else if (!t.sizes.empty() && *n <= t.sizes.back())
                    c.at(v.items[i].where, key, fmt::format("sizes must increase: {} follows {}", *n, t.sizes.back()));
                else if (t.design.per_arm > 0 && *n > t.design.per_arm)
                    c.at(v.items[i].where, key, fmt::format("{} is more than per_arm ({}): a trial recruits no more", *n,
                                                            t.design.per_arm));
                else t.sizes.push_back(static_cast<int>(*n));
            }
        }
    }
    if (c.failed()) c.raise();
    return t;
}

LoadedScenario trial_scenario(TrialFile& trial, const std::vector<std::string>& overrides) {
    LoadedScenario scenario = load_scenario(trial.scenario);
    apply_overrides(scenario, overrides);
    const auto& interventions = scenario.parameters.programme.interventions;
    const auto at = std::find_if(interventions.begin(), interventions.end(),
                                 [&](const InterventionSpec& in) { return in.name == trial.intervention; });
    const std::string where = location_text(trial.intervention_where);
    if (at == interventions.end()) {
        std::string names;
        for (const auto& in : interventions) names += fmt::format("{}'{}'", names.empty() ? "" : ", ", shorten(in.name));
        throw ScenarioError({fmt::format("{}: intervention: no intervention named '{}' in {}'s programme ({})", where,
                                         shorten(trial.intervention), trial.scenario.filename().string(),
                                         names.empty() ? "it has none: add one under programme: interventions:"
                                                       : "it has " + names)});
    }
    if (at->trigger == "hot_places")
        throw ScenarioError({fmt::format("{}: intervention: '{}' is a place effect (trigger hot_places), which reaches "
                                         "neighbourhoods, not people a trial can randomise", where, at->name)});
    // Everyone in the model has a year group, but past school age (16) it is no school's class.
    if (trial.design.unit == trial::Unit::school_class && at->age_min > 16)
        throw ScenarioError({fmt::format("{}: unit: '{}' reaches people aged {} and over, past school age: school "
                                         "classes hold pupils up to 16 (randomise people or neighbourhoods)",
                                         location_text(trial.unit_where), shorten(at->name), at->age_min)});
    trial.design.intervention = static_cast<std::size_t>(at - interventions.begin());
    return scenario;
}

}  // namespace vrusim::io
