// `vrusim patterns`: patterns the model is not fitted to, against published figures
// (docs/model.md 8.4). Runs the scenario's replicates in memory and prints a table.
#include <fmt/core.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <csignal>

#include "sim/population.hpp"

#include "commands.hpp"
#include "scenario_setup.hpp"
#include "sim/summary.hpp"
#include "sim/validation.hpp"

namespace vrusim::cli {

namespace {

// Mean [95% CI], the interval truncated to [0, upper] (rates and shares); the mean alone with one replicate.
// "n/a" when some replicate had nothing to count (a share of nobody).
std::string mean_ci(std::span<const double> xs, const char* format, double upper = INFINITY) {
    if (std::any_of(xs.begin(), xs.end(), [](double x) { return std::isnan(x); }))
        return "n/a (nothing to count in at least one replicate: too small a sample)";
    const CellSummary s = summarise(xs);
    if (s.n < 2) return fmt::format(fmt::runtime(format), s.mean) + " (one replicate: no interval)";
    return fmt::format("{} [{}, {}]", fmt::format(fmt::runtime(format), s.mean),
                       fmt::format(fmt::runtime(format), std::max(0.0, s.ci95_low)),
                       fmt::format(fmt::runtime(format), std::min(upper, s.ci95_high)));
}

// patterns writes no file, so an interrupt can end it at once, with run's and calibrate's exit
// code (only async-signal-safe calls here).
extern "C" void stop_patterns(int signal) {
    constexpr char message[] = "patterns: stopped by a signal; nothing was written.\n";
    (void)!write(STDERR_FILENO, message, sizeof message - 1);
    _exit(128 + signal);
}

}  // namespace

int patterns_command(const RunOptions& options) {
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal, stop_patterns);
    const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    const auto scenario = load_for_run(options, threads);
    if (!scenario) return exit_bad_input;
    if (refuses_verification(*scenario, "patterns")) return exit_bad_input;
    const auto& p = scenario->parameters;
    if (p.run.weeks < weeks_per_year) {
        fmt::print(stderr, "error: patterns needs at least 52 reported weeks (run.weeks is {})\n", p.run.weeks);
        return exit_bad_input;
    }
    std::vector<PatternResult> results;
    for (const auto& plan : make_plans(p)) {
        if (!options.quiet) fmt::print(stderr, "patterns: replicate {} of {}\n", plan.replicate + 1, p.run.replicates);
        results.push_back(measure_patterns(p, plan));
    }
    auto column = [&](auto get) {
        std::vector<double> xs;
        for (const auto& r : results) xs.push_back(get(r));
        return xs;
    };
    fmt::print("\nPatterns the model was not fitted to ({} replicate{}, {} reported weeks; mean [95% CI]).\n\n",
               results.size(), results.size() == 1 ? "" : "s", p.run.weeks);
    const auto& areas = p.population.areas;
    // Relative to the scenario's first area, the base of the published comparison (docs/model.md 8.4).
    fmt::print("Serious violence (police-recorded, injury or knife) a year per 1,000 residents, by area, and relative "
               "to the first area ({}):\n", areas.front().name);
    std::vector<double> means;
    for (std::size_t a = 0; a < areas.size(); ++a)
        means.push_back(summarise(column([&](const PatternResult& r) { return r.serious_violence_per_1000[a]; })).mean);
    const double base = means.front();
    for (std::size_t a = 0; a < areas.size(); ++a)
        fmt::print("  {:<26} {:>28}   {}\n", areas[a].name,
                   mean_ci(column([&](const PatternResult& r) { return r.serious_violence_per_1000[a]; }), "{:.3f}"),
                   base > 0 ? fmt::format("x{:.2f}", means[a] / base) : "n/a (the first area's is 0)");
    fmt::print("\nShare of offending attributable to contagion:             {}\n",
               mean_ci(column([](const PatternResult& r) { return r.contagion_share; }), "{:.3f}", 1.0));
    fmt::print("Co-arrest network, share of the population:                {}\n",
               mean_ci(column([](const PatternResult& r) { return r.network_population_share; }), "{:.4f}", 1.0));
    fmt::print("Share of people injured by violence who were in it:        {}\n",
               mean_ci(column([](const PatternResult& r) { return r.injured_victims_in_network; }), "{:.3f}", 1.0));
    fmt::print("Share of victimisations borne by the top 5% of victims:    {}\n",
               mean_ci(column([](const PatternResult& r) { return r.top_5pc_victims_share; }), "{:.3f}", 1.0));
    fmt::print("Share of incidents started by the most active 6% of people: {}\n",
               mean_ci(column([](const PatternResult& r) { return r.top_6pc_offenders_share; }), "{:.3f}", 1.0));
    fmt::print("  in one year, the share started by the most active 2%:  {}\n",
               mean_ci(column([](const PatternResult& r) { return r.top_2pc_offenders_share_year; }), "{:.3f}", 1.0));
    fmt::print("  share of people who started any in the period:          {}\n",
               mean_ci(column([](const PatternResult& r) { return r.offended_in_period_share; }), "{:.3f}", 1.0));
    fmt::print("  in one year, share of starters who started 6 or more:   {}\n",
               mean_ci(column([](const PatternResult& r) { return r.frequent_share_of_offenders; }), "{:.3f}", 1.0));
    fmt::print("    and their share of the year's incidents:              {}\n",
               mean_ci(column([](const PatternResult& r) { return r.frequent_share_of_incidents; }), "{:.3f}", 1.0));
    fmt::print("  in one year, the share started by the most active 28% of starters: {}\n",
               mean_ci(column([](const PatternResult& r) { return r.top_28pc_of_starters_share; }), "{:.3f}", 1.0));
    fmt::print("Boys / girls aged 13-17 victimised in the past year:       {} / {}\n",
               mean_ci(column([](const PatternResult& r) { return r.victimised_past_year_boys_13_17; }), "{:.3f}", 1.0),
               mean_ci(column([](const PatternResult& r) { return r.victimised_past_year_girls_13_17; }), "{:.3f}", 1.0));
    fmt::print("13-17s who committed violence in the past year:           {}\n",
               mean_ci(column([](const PatternResult& r) { return r.offended_past_year_13_17; }), "{:.3f}", 1.0));
    fmt::print("  of whom victimised in the past year:                      {}\n",
               mean_ci(column([](const PatternResult& r) { return r.victimised_given_offended_13_17; }), "{:.3f}", 1.0));
    fmt::print("18-24 victims of the past year victimised more than once:  {}\n",
               mean_ci(column([](const PatternResult& r) { return r.repeat_victims_share_18_24; }), "{:.3f}", 1.0));
    fmt::print("Persistence: ever committed violence at 17, girls / boys:  {} / {}\n",
               mean_ci(column([](const PatternResult& r) { return r.ever_offended_at_17[0]; }), "{:.3f}", 1.0),
               mean_ci(column([](const PatternResult& r) { return r.ever_offended_at_17[1]; }), "{:.3f}", 1.0));
    fmt::print("  in the past year at 16-17, girls / boys:                {} / {}\n",
               mean_ci(column([](const PatternResult& r) { return r.offended_past_year_16_17[0]; }), "{:.3f}", 1.0),
               mean_ci(column([](const PatternResult& r) { return r.offended_past_year_16_17[1]; }), "{:.3f}", 1.0));
    if (p.run.weeks >= 5 * weeks_per_year) {
        fmt::print("  16-17s who offended in year 1, offending in year 5:     {}\n",
                   mean_ci(column([](const PatternResult& r) { return r.offending_again_at_20_21; }), "{:.3f}", 1.0));
        fmt::print("  16-17s who did not, offending in year 5:                {}\n",
                   mean_ci(column([](const PatternResult& r) { return r.offending_at_20_21_without; }), "{:.3f}", 1.0));
    } else {
        fmt::print("  (continuity into the twenties needs run.weeks of at least 260)\n");
    }
    fmt::print("\nThe published figures these are compared with, and whether each holds, are in docs/model.md "
               "section 8.4.\n");
    return exit_ok;
}

}  // namespace vrusim::cli
