#include "scenario_setup.hpp"

#include <fmt/core.h>
#include <fmt/format.h>
#include <tbb/info.h>

#include "io/edge_list.hpp"
#include "io/overrides.hpp"
#include "sim/population.hpp"
#include "sim/programme/interventions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace vrusim::cli {

std::filesystem::path default_scenario() { return std::filesystem::path(VRUSIM_SCENARIO_DIR) / "default.yaml"; }

void print_problems(const io::ScenarioError& e) {
    for (const auto& problem : e.problems) fmt::print(stderr, "error: {}\n", problem);
    fmt::print(stderr, "{} problem{} found; nothing was run.\n", e.problems.size(), e.problems.size() == 1 ? "" : "s");
}

bool refuses_verification(const io::LoadedScenario& scenario, std::string_view command) {
    if (!scenario.parameters.verification.enabled) return false;
    fmt::print(stderr, "error: {} runs the model, but this scenario runs the verification mode (verification.enabled "
                       "is true); use vrusim run\n", command);
    return true;
}

std::optional<io::LoadedScenario> load_for_run(const RunOptions& options, int threads) {
    const auto file = options.scenario.empty() ? default_scenario() : options.scenario;
    try {
        auto scenario = io::load_scenario(file);
        io::apply_overrides(scenario, options.overrides);
        io::check_memory(scenario, std::min(threads, scenario.parameters.run.replicates));
        return scenario;
    } catch (const io::ScenarioError& e) {
        print_problems(e);
        return std::nullopt;
    }
}

namespace {

// Whole pounds with thousands separated: "£153,000".
std::string pounds(double amount) {
    const std::string digits = fmt::format("{:.0f}", std::abs(amount));
    std::string out = amount < 0 ? "-£" : "£";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

// The programme as the scenario plans it: each intervention's moment, who, places and cost a
// year, and a warning where a setting means it will not run as the user may expect.
void print_programme(const Parameters& p) {
    const auto& interventions = p.programme.interventions;
    if (interventions.empty()) return;
    fmt::print("Programme: {} intervention{}.\n", interventions.size(), interventions.size() == 1 ? "" : "s");
    for (const auto& in : interventions) {
        fmt::print("  {}: {}{}, {}, ages {}-{}{}; {:g} places a year from reported week {}{}; planned cost "
                   "{} a year ({} fixed + {:g} places x {})\n",
                   in.name, in.enabled ? "" : "(disabled) ", in.trigger, in.area.empty() ? "every area" : in.area,
                   in.age_min, in.age_max, in.requires_state.empty() ? "" : ", " + in.requires_state,
                   in.places_per_year, in.start_week, in.end_week != 0 ? fmt::format(" to {}", in.end_week) : "",
                   pounds(planned_cost_per_year(in)), pounds(in.cost_fixed_per_year), in.places_per_year,
                   pounds(in.cost_per_participant));
        if (in.enabled && in.start_week >= p.run.weeks)
            fmt::print("    note: it starts at week {}, after the run's {} reported weeks, so it never runs\n",
                       in.start_week, p.run.weeks);
        const double simulated = in.places_per_year * p.population.scale;
        if (in.enabled && simulated < 1)
            fmt::print("    note: at population.scale {} that is {:.2g} simulated places a year: a place in some "
                       "years only (at random, right on average)\n",
                       p.population.scale, simulated);
    }
}

}  // namespace

int validate_command(const std::filesystem::path& scenario_file, const std::vector<std::string>& overrides) {
    try {
        auto scenario = io::load_scenario(scenario_file);
        io::apply_overrides(scenario, overrides);
        // The memory check run makes, with as many replicates at once as run uses by default.
        io::check_memory(scenario, std::min(tbb::info::default_concurrency(), scenario.parameters.run.replicates));
        const auto& p = scenario.parameters;
        const std::string with = overrides.empty() ? "" : " with the overrides";
        if (p.verification.enabled) {
            const auto& v = p.verification;
            const auto ties = io::load_network_ties(scenario);
            fmt::print("{}{}: valid. Verification mode: the peer-influence process on {} ({} nodes{}), {} replicates "
                       "of {} weeks after {} weeks of burn-in, seed {}.\n",
                       scenario_file.string(), with,
                       v.network == "edge_list" ? io::edge_list_path(scenario).string() : v.network, v.nodes,
                       v.network == "edge_list" ? fmt::format(", {} ties", ties.size()) : "", p.run.replicates,
                       p.run.weeks, p.run.burn_in_weeks, p.run.seed);
            return exit_ok;
        }
        fmt::print("{}{}: valid. {} areas, {} agents simulated per replicate (scale {}), {} replicates of {} weeks "
                   "after {} weeks of burn-in, seed {}.\n",
                   scenario_file.string(), with, p.population.areas.size(),
                   simulated_agent_count(p), p.population.scale, p.run.replicates, p.run.weeks, p.run.burn_in_weeks,
                   p.run.seed);
        print_programme(p);
        return exit_ok;
    } catch (const io::ScenarioError& e) {
        print_problems(e);
        return exit_bad_input;
    }
}

}  // namespace vrusim::cli
