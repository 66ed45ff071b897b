// vrusim-bench-shared: what sharing the burn-in saves (docs/performance.md, "Shared burn-in").
//
// Times scenarios that differ only in their programme two ways, replicate by replicate and
// alternately, so that anything else the machine does slows both alike: each scenario from
// scratch (what four separate `vrusim run`s do), then all of them from one burn-in per replicate
// (what `vrusim run A B C D -o DIR/` does). Checks that both ways end in the same states.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "io/overrides.hpp"
#include "io/scenario_loader.hpp"
#include "sim/burn_in/shared_run.hpp"
#include "sim/ensemble.hpp"
#include "sim/population.hpp"

using namespace vrusim;

namespace {

double seconds_of(const std::function<void()>& work) {
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Time scenarios that share a burn-in: each from scratch against one burn-in per replicate"};
    const std::string dir = VRUSIM_SCENARIO_DIR;
    std::vector<std::string> files = {dir + "/examples/no-programme.yaml", dir + "/thames-valley-2023-24.yaml",
                                      dir + "/examples/grant-taper.yaml", dir + "/examples/grant-cliff.yaml"};
    std::vector<std::string> overrides;
    int replicates = 10, threads = 0;
    app.add_option("--scenario", files, "Scenario files (default: the base, the Thames Valley programme and two grant plans)");
    app.add_option("--replicates", replicates, "Replicates of each scenario")->check(CLI::Range(1, 1000));
    app.add_option("--threads", threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
    app.add_option("--set", overrides, "Override a key in every scenario, e.g. --set population.scale=0.1")->type_name("KEY=VALUE");
    CLI11_PARSE(app, argc, argv);
    if (threads == 0) threads = tbb::info::default_concurrency();
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));

    std::vector<Parameters> scenarios;
    try {
        for (const auto& f : files) {
            auto s = io::load_scenario(f);
            io::apply_overrides(s, overrides);
            scenarios.push_back(s.parameters);
        }
    } catch (const io::ScenarioError& e) {
        for (const auto& p : e.problems) fmt::print(stderr, "error: {}\n", p);
        return 2;
    }
    const auto units = make_shared_units(scenarios, [&](int, int r) { return r >= replicates; });
    if (units.size() != static_cast<std::size_t>(replicates)) {
        fmt::print(stderr, "error: the scenarios do not share one burn-in ({} groups of work units)\n",
                   units.size() / static_cast<std::size_t>(replicates));
        return 2;
    }
    const auto& p0 = scenarios.front();
    fmt::print("{} scenarios, {} replicates each, {} agents per replicate (scale {}), {} burn-in + {} reported weeks, "
               "{} threads\n", scenarios.size(), replicates, simulated_agent_count(p0), p0.population.scale,
               p0.run.burn_in_weeks, p0.run.weeks, threads);
    double separate = 0, shared = 0;
    int mismatches = 0;
    for (const auto& unit : units) {
        std::vector<std::uint64_t> alone, together;
        separate += seconds_of([&] {
            for (const int s : unit.scenarios)
                alone.push_back(run_replicate(scenarios[static_cast<std::size_t>(s)],
                                              {s, unit.replicate, p0.run.seed}).state_hash);
        });
        shared += seconds_of([&] {
            run_shared_unit(scenarios, unit, [&](const ReplicateResult& r) { together.push_back(r.state_hash); });
        });
        mismatches += alone != together;
        fmt::print("replicate {}: separate {:.1f} s, shared {:.1f} s so far (ratio {:.3f})\n", unit.replicate,
                   separate, shared, shared / separate);
        std::fflush(stdout);
    }
    fmt::print("separate runs: {:.1f} s; shared burn-in: {:.1f} s; ratio {:.3f} (target at most 0.7); "
               "ideal (setup and burn-in once, no copies) {:.3f}\n",
               separate, shared, shared / separate,
               (p0.run.burn_in_weeks + static_cast<double>(scenarios.size()) * p0.run.weeks) /
                   (static_cast<double>(scenarios.size()) * (p0.run.burn_in_weeks + p0.run.weeks)));
    if (mismatches) fmt::print("error: {} replicates ended in different states run the two ways\n", mismatches);
    return mismatches ? 1 : 0;
}
