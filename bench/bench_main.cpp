// vrusim-bench: speed and memory of the full weekly model at several population sizes and thread counts.
//
// Each (size, threads) configuration runs in a fresh child process (this program re-executed with
// the hidden --one option), so its peak resident memory can be read from wait4() and nothing one run
// allocates or caches helps the next. The child prints one line of timings; the parent collects them,
// subtracts the peak memory of an empty child (same program, scenario loaded, no model) and prints
// the table and the targets. See docs/performance.md.
//
// [SECTION] Results and targets
// [SECTION] Child: one configuration
// [SECTION] Parent: child processes, machine, targets
// [SECTION] main
#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "io/scenario_loader.hpp"
#include "sim/model.hpp"
#include "sim/population.hpp"

namespace {

// [SECTION] Results and targets

constexpr double target_agent_weeks_per_second = 1e7;  // full model, 2 threads
constexpr double target_bytes_per_agent = 1024;
constexpr double linear_exponent_max = 1.1;           // time ~ agents^k; k above this is not linear

/// One configuration's result, as measured by a child.
struct Row {
    double wanted = 0;         ///< agents asked for (0 = the scenario's own scale)
    int threads = 1;
    std::uint32_t agents = 0;  ///< agents actually simulated (areas are rounded separately)
    double setup_seconds = 0;  ///< synthesis, graph build and initial states
    double loop_seconds = 0;   ///< the timed weeks (step and measure), after the warm-up
    int weeks = 0;
    double peak_bytes = 0;     ///< child's peak RSS minus the empty child's
    double steady_bytes = 0;   ///< child's RSS after the timed weeks minus the empty child's
    double agent_weeks_per_second() const { return agents * static_cast<double>(weeks) / loop_seconds; }
    double bytes_per_agent() const { return peak_bytes / agents; }
    double steady_bytes_per_agent() const { return steady_bytes / agents; }
};

std::string first_line_with(const char* file, const std::string& key) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(key, 0) == 0) return line.substr(line.find(':') + 1);
    return "?";
}

// [SECTION] Child: one configuration

/// Resident memory of this process now, in bytes.
double resident_bytes() { return std::strtod(first_line_with("/proc/self/status", "VmRSS").c_str(), nullptr) * 1024; }

/// Builds the model at the wanted size (0: the scenario's scale), warms up, times the weeks and
/// prints "agents setup_seconds loop_seconds resident_bytes" on stdout. wanted < 0 is the empty baseline.
int run_one(vrusim::Parameters p, double wanted, int threads, int warmup, int weeks) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    if (wanted < 0) {
        std::printf("0 0 0 %.0f\n", resident_bytes());
        return 0;
    }
    // Scale above 1 (a synthetic population larger than the force area) is outside the schema's
    // bounds, so it is set here, after loading, rather than as a scenario override.
    if (wanted > 0) p.population.scale = wanted / vrusim::represented_10_24(p);
    p.run.burn_in_weeks = warmup;
    p.run.weeks = weeks;
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    vrusim::Model model(p, vrusim::RunPlan{0, 0, p.run.seed});
    const auto t1 = clock::now();
    vrusim::MeasureCube cube(weeks, static_cast<int>(p.population.areas.size()));
    for (int w = 0; w < warmup; ++w) model.step();
    const auto t2 = clock::now();
    for (int w = 0; w < weeks; ++w) {
        model.step();
        model.measure(cube, w);
    }
    const auto t3 = clock::now();
    const auto seconds = [](auto d) { return std::chrono::duration<double>(d).count(); };
    // Agents are people (the slots of a cohort's smaller years are vacant; docs/model.md 7.3).
    std::printf("%u %.6f %.6f %.0f\n", model.people(), seconds(t1 - t0), seconds(t3 - t2), resident_bytes());
    return 0;
}

// [SECTION] Parent: child processes, machine, targets

/// Runs this program as a child with the given arguments; returns its stdout and peak RSS in bytes.
std::optional<std::pair<std::string, double>> run_child(const std::vector<std::string>& args) {
    std::vector<char*> argv;  // built before fork: the child only calls async-signal-safe functions
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int out[2];
    if (pipe(out) != 0) return std::nullopt;
    const pid_t pid = fork();
    if (pid < 0) return std::nullopt;
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        execv("/proc/self/exe", argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string text;
    char buffer[256];
    for (ssize_t got; (got = read(out[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(got));
    close(out[0]);
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    return std::pair{text, static_cast<double>(usage.ru_maxrss) * 1024.0};  // ru_maxrss is in KiB on Linux
}

/// Share of all CPUs busy over the next second, from /proc/stat (what other processes are doing).
double cpu_busy_share() {
    auto sample = [] {
        std::ifstream in("/proc/stat");
        std::string cpu;
        double total = 0, idle = 0, x = 0;
        in >> cpu;
        for (int i = 0; i < 8 && in >> x; ++i) {
            total += x;
            if (i == 3 || i == 4) idle += x;  // idle and iowait
        }
        return std::pair{total, idle};
    };
    const auto [t0, i0] = sample();
    sleep(1);
    const auto [t1, i1] = sample();
    return t1 > t0 ? 1 - (i1 - i0) / (t1 - t0) : 0;
}

void print_machine() {
    auto trim = [](std::string s) {
        s.erase(0, s.find_first_not_of(" \t"));
        return s;
    };
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    fmt::print("machine: {} logical CPUs, {}, memory {}\n", sysconf(_SC_NPROCESSORS_ONLN),
               trim(first_line_with("/proc/cpuinfo", "model name")), trim(first_line_with("/proc/meminfo", "MemTotal")));
    fmt::print("before start: CPUs {:.0f}% busy over 1 s, load average {:.2f} {:.2f} {:.2f} (1, 5, 15 min)\n",
               100 * cpu_busy_share(), load[0], load[1], load[2]);
}

/// Least-squares slope of log(loop time) on log(agents) over the rows at one thread count.
std::optional<double> fitted_exponent(const std::vector<Row>& rows, int threads) {
    std::vector<std::pair<double, double>> xy;
    for (const auto& r : rows)
        if (r.threads == threads) xy.emplace_back(std::log(r.agents), std::log(r.loop_seconds));
    if (xy.size() < 2) return std::nullopt;
    double mx = 0, my = 0;
    for (const auto& [x, y] : xy) mx += x, my += y;
    mx /= static_cast<double>(xy.size());
    my /= static_cast<double>(xy.size());
    double sxy = 0, sxx = 0;
    for (const auto& [x, y] : xy) sxy += (x - mx) * (y - my), sxx += (x - mx) * (x - mx);
    if (sxx == 0) return std::nullopt;
    return sxy / sxx;
}

void print_targets(const std::vector<Row>& rows, const std::vector<int>& threads, double full_agents) {
    const char* pass[] = {"BELOW", "PASS "};
    // Throughput: at 2 threads (or the most threads run), at the size nearest the full-scale population.
    const int t_check = std::count(threads.begin(), threads.end(), 2) ? 2 : *std::max_element(threads.begin(), threads.end());
    const Row* speed = nullptr;
    for (const auto& r : rows)
        if (r.threads == t_check &&
            (!speed || std::abs(std::log(r.agents / full_agents)) < std::abs(std::log(speed->agents / full_agents))))
            speed = &r;
    if (speed)
        fmt::print("{} throughput {:.3g} agent-weeks/s at {} threads, {} agents (target >= {:.0e})\n",
                   pass[speed->agent_weeks_per_second() >= target_agent_weeks_per_second], speed->agent_weeks_per_second(),
                   t_check, speed->agents, target_agent_weeks_per_second);
    // Memory: the largest run, where fixed costs matter least.
    const auto largest = std::max_element(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return std::pair{a.agents, a.bytes_per_agent()} < std::pair{b.agents, b.bytes_per_agent()};
    });
    fmt::print("{} memory {:.0f} bytes/agent peak at {} agents (target <= {:.0f})\n",
               pass[largest->bytes_per_agent() <= target_bytes_per_agent], largest->bytes_per_agent(), largest->agents,
               target_bytes_per_agent);
    for (int t : threads)
        if (const auto k = fitted_exponent(rows, t))
            fmt::print("{} linearity: weekly-loop time ~ agents^{:.3f} at {} thread{} (target <= {})\n",
                       pass[*k <= linear_exponent_max], *k, t, t == 1 ? "" : "s", linear_exponent_max);
}

}  // namespace

// [SECTION] main

int main(int argc, char** argv) {
    CLI::App app{"vrusim-bench: agent-weeks per second and peak memory per agent of the full weekly model"};
    std::string scenario = VRUSIM_SCENARIO_DIR "/default.yaml";
    std::vector<std::string> sizes = {"1e4", "1e5", "full", "1e6"};
    std::vector<int> threads = {1, 2};
    int weeks = 52, warmup = -1, repeat = 1;
    bool csv = false;
    std::vector<std::string> one;  // hidden, for a child run: size ("empty", "full" or agents) and threads
    app.add_option("--scenario", scenario, "Scenario YAML file (default: the bundled Thames Valley baseline)")
        ->check(CLI::ExistingFile);
    app.add_option("--sizes", sizes, "Population sizes in agents; 'full' = the scenario's own scale")
        ->delimiter(',')
        ->capture_default_str();
    app.add_option("--threads", threads, "Thread counts")->delimiter(',')->check(CLI::Range(1, 1024))->capture_default_str();
    app.add_option("--weeks", weeks, "Weeks timed, after the warm-up")->check(CLI::Range(1, 1000))->capture_default_str();
    app.add_option("--warmup", warmup, "Weeks simulated before timing starts (default: the scenario's burn-in)")
        ->check(CLI::Range(0, 1000));
    app.add_option("--repeat", repeat, "Runs per configuration; the fastest is reported")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    app.add_flag("--csv", csv, "Print CSV instead of a table");
    app.add_option("--one", one)->expected(2)->group("");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    vrusim::io::LoadedScenario loaded;
    try {
        loaded = vrusim::io::load_scenario(scenario);
    } catch (const vrusim::io::ScenarioError& e) {
        fmt::print(stderr, "{}\n", e.what());
        return 2;
    }
    // The first year is cheaper than the rest: nobody starts with a recent offence, so the peer
    // exposure phase has few sources until the 52-week window fills. The default times the weeks
    // a real run reports, after its burn-in.
    if (warmup < 0) warmup = loaded.parameters.run.burn_in_weeks;
    if (!one.empty()) {
        const double n = one[0] == "empty" ? -1 : one[0] == "full" ? 0 : std::stod(one[0]);
        return run_one(loaded.parameters, n, std::stoi(one[1]), warmup, weeks);
    }

    const double represented = vrusim::represented_10_24(loaded.parameters);
    std::vector<double> wanted;
    for (const auto& s : sizes) {
        if (s == "full") {
            wanted.push_back(0);
            continue;
        }
        char* end = nullptr;
        const double n = std::strtod(s.c_str(), &end);
        if (end == s.c_str() || *end != '\0' || !(n >= 100 && n <= double(1 << 28))) {
            fmt::print(stderr, "--sizes: '{}' is not 'full' or a number of agents from 100 to 2^28\n", s);
            return 2;
        }
        wanted.push_back(n);
    }

    if (!csv) {
        print_machine();
        fmt::print("scenario: {} ({:.0f} young people aged 10-24 represented)\n", scenario, represented);
        fmt::print("each run: set-up, {} warm-up weeks, then {} timed weeks (step + measure), in its own process; "
                   "best of {}\n\n",
                   warmup, weeks, repeat);
    }
    const std::string self = argv[0];
    const std::vector<std::string> common = {self, "--scenario", scenario, "--weeks", std::to_string(weeks),
                                             "--warmup", std::to_string(warmup)};
    auto child = [&](double n, int t) {
        auto args = common;
        const std::string size = n < 0 ? "empty" : n == 0 ? "full" : fmt::format("{}", n);
        args.insert(args.end(), {"--one", size, std::to_string(t)});
        return run_child(args);
    };
    const auto baseline = child(-1, 1);
    double baseline_resident = 0;
    if (!baseline || std::sscanf(baseline->first.c_str(), "%*u %*f %*f %lf", &baseline_resident) != 1) {
        fmt::print(stderr, "could not run the empty child process\n");
        return 1;
    }

    if (csv)
        fmt::print("agents,threads,setup_s,loop_s,weeks,agent_weeks_per_s,peak_mb,peak_bytes_per_agent,"
                   "steady_bytes_per_agent\n");
    else
        fmt::print("{:>9} {:>7} {:>8} {:>8} {:>13} {:>8} {:>12} {:>14}\n", "agents", "threads", "set-up s", "loop s",
                   "agent-weeks/s", "peak MB", "peak B/agent", "steady B/agent");
    // Repeats sweep every configuration again, so that a burst of work from another process spoils
    // one run of several configurations rather than every run of one; the fastest run is kept
    // (interference only ever slows a run down).
    std::vector<Row> rows;
    for (double n : wanted)
        for (int t : threads) rows.push_back(Row{n, t});
    for (int k = 0; k < repeat; ++k) {
        for (Row& r : rows) {
            const auto result = child(r.wanted, r.threads);
            Row run{r.wanted, r.threads};
            run.weeks = weeks;
            double resident = 0;
            if (!result || std::sscanf(result->first.c_str(), "%u %lf %lf %lf", &run.agents, &run.setup_seconds,
                                       &run.loop_seconds, &resident) != 4) {
                fmt::print(stderr, "the run with {:.0f} agents at {} threads failed\n",
                           r.wanted == 0 ? represented : r.wanted, r.threads);
                return 1;
            }
            run.peak_bytes = std::max(0.0, result->second - baseline->second);
            run.steady_bytes = std::max(0.0, resident - baseline_resident);
            if (k == 0) {
                r = run;
            } else {
                r.setup_seconds = std::min(r.setup_seconds, run.setup_seconds);
                r.loop_seconds = std::min(r.loop_seconds, run.loop_seconds);
                r.peak_bytes = std::max(r.peak_bytes, run.peak_bytes);
                r.steady_bytes = std::max(r.steady_bytes, run.steady_bytes);
            }
            if (k + 1 < repeat) continue;
            if (csv)
                fmt::print("{},{},{:.4f},{:.4f},{},{:.0f},{:.1f},{:.0f},{:.0f}\n", r.agents, r.threads, r.setup_seconds,
                           r.loop_seconds, weeks, r.agent_weeks_per_second(), r.peak_bytes / 1e6, r.bytes_per_agent(),
                           r.steady_bytes_per_agent());
            else
                fmt::print("{:>9} {:>7} {:>8.3f} {:>8.3f} {:>13.3g} {:>8.1f} {:>12.0f} {:>14.0f}\n", r.agents,
                           r.threads, r.setup_seconds, r.loop_seconds, r.agent_weeks_per_second(), r.peak_bytes / 1e6,
                           r.bytes_per_agent(), r.steady_bytes_per_agent());
            std::fflush(stdout);
        }
    }
    if (!csv) {
        double load[3] = {0, 0, 0};
        getloadavg(load, 3);
        fmt::print("\nempty-process baseline subtracted: {:.1f} MB; load average at end (this benchmark included): "
                   "{:.2f} {:.2f} {:.2f}\n",
                   baseline->second / 1e6, load[0], load[1], load[2]);
        print_targets(rows, threads, represented);
    }
    return 0;
}
