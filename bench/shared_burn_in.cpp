// vrusim-bench-shared: what sharing the burn-in saves (docs/performance.md, "Shared burn-in").
//
// Times scenarios that differ only in their programme two ways, replicate by replicate and
// alternately, so that anything else the machine does slows both alike: each scenario from
// scratch (what four separate `vrusim run`s do), then all of them from one burn-in per replicate
// (what `vrusim run A B C D -o DIR/` does). Checks that both ways end in the same states. Reports
// wall-clock and processor time: the processor time's ratio holds even if the machine is busy.
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <tbb/global_control.h>
#include <sys/resource.h>
#include <tbb/info.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "io/overrides.hpp"
#include "io/scenario_loader.hpp"
#include "sim/burn_in/shared_run.hpp"
#include "sim/ensemble.hpp"
#include "sim/population.hpp"

using namespace vrusim;

namespace {

// Wall-clock and processor seconds of a piece of work. Processor time (every thread of this
// process, user and system) is what the work costs whatever else the machine runs; wall time is
// what a user waits on an otherwise idle machine.
struct Cost {
    double wall = 0, cpu = 0;
};

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void add_cost(Cost& total, const std::function<void()>& work) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu = cpu_seconds();
    work();
    total.wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    total.cpu += cpu_seconds() - cpu;
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
    Cost separate, shared;
    int mismatches = 0;
    for (const auto& unit : units) {
        std::vector<std::uint64_t> alone, together;
        add_cost(separate, [&] {
            for (const int s : unit.scenarios)
                alone.push_back(run_replicate(scenarios[static_cast<std::size_t>(s)],
                                              {s, unit.replicate, p0.run.seed}).state_hash);
        });
        add_cost(shared, [&] {
            run_shared_unit(scenarios, unit, [&](const ReplicateResult& r) { together.push_back(r.state_hash); });
        });
        mismatches += alone != together;
        fmt::print("replicate {}: so far separate {:.1f} s ({:.1f} s processor), shared {:.1f} s ({:.1f} s processor); "
                   "ratio {:.3f} wall, {:.3f} processor\n", unit.replicate, separate.wall, separate.cpu, shared.wall,
                   shared.cpu, shared.wall / separate.wall, shared.cpu / separate.cpu);
        std::fflush(stdout);
    }
    fmt::print("separate runs: {:.1f} s ({:.1f} s processor); shared burn-in: {:.1f} s ({:.1f} s processor); ratio "
               "{:.3f} wall, {:.3f} processor (target at most 0.7); ideal (burn-in once, no set-up or copies) {:.3f}\n",
               separate.wall, separate.cpu, shared.wall, shared.cpu, shared.wall / separate.wall, shared.cpu / separate.cpu,
               (p0.run.burn_in_weeks + static_cast<double>(scenarios.size()) * p0.run.weeks) /
                   (static_cast<double>(scenarios.size()) * (p0.run.burn_in_weeks + p0.run.weeks)));
    if (mismatches) fmt::print("error: {} replicates ended in different states run the two ways\n", mismatches);
    return mismatches ? 1 : 0;
}
