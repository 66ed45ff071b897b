// `vrusim optimise OPT.yaml -o DIR/`: how to share a grant among candidate interventions
// (io/optimise_file.hpp). Every fitting allocation of their places (or a sample) is raced against
// the current plan under common random numbers by successive halving (sim/optimise/search.hpp),
// the finalists confirmed on fresh replicates; the table, every allocation and the cost-effect
// frontier go to stdout and DIR (docs/research.md, "Budget optimiser").
#include <fmt/core.h>
#include <fmt/format.h>
#include <tbb/global_control.h>

#include <cstring>
#include <functional>
#include <map>
#include <mutex>

#include "commands.hpp"
#include "execution.hpp"
#include "io/optimise_file.hpp"
#include "io/output_file.hpp"
#include "io/scenario_yaml.hpp"
#include "io/work_journal.hpp"
#include "optimise_report.hpp"
#include "programme_report.hpp"
#include "progress.hpp"
#include "scenario_setup.hpp"
#include "sim/burn_in/shared_run.hpp"
#include "sim/programme/funding.hpp"

namespace vrusim::cli {

namespace fs = std::filesystem;

namespace {

constexpr io::DirectoryOutput optimise_outputs[] = {
    {"allocations.csv", allocations_header_start}, {"frontier.csv", allocations_header_start}, {"frontier.png", "\x89PNG"}};
constexpr io::DirectoryOutput optimise_work{"optimise.partial", "vrusim-optimise-work-1\n"};
constexpr io::JournalKind optimise_journal{optimise_work.begins_with, "optimiser", "a finished replicate",
                                           "resume with the same optimiser file and --set options, or use another -o "
                                           "directory",
                                           "optimise"};

// The work file's key: what a run's objective depends on, the plan as run, the objective and
// every allocation raced (an allocation's runs are its replicates). The search's settings are left
// out: a resume with more confirmation replicates, say, reuses every run kept and adds the rest.
std::string work_key(const Parameters& plan, const io::OptimiseFile& opt, const std::vector<RacedAllocation>& arms) {
    std::string text = io::scenario_yaml(plan, "", "");
    text += fmt::format("objective {}\n", optimise::objective_name(opt.objective));
    for (const auto& c : opt.candidates) text += fmt::format("candidate {} cost {}\n", c.candidate.intervention, c.candidate.cost_per_place);
    for (const auto& a : arms) text += fmt::format("{}\n", fmt::join(a.places, " "));
    return fmt::format("{:016x}", io::fnv1a(text));
}

std::string entry_of(int arm, int replicate, double value) {
    std::string out(16, '\0');
    const std::int32_t head[2] = {arm, replicate};
    std::memcpy(out.data(), head, 8);
    std::memcpy(out.data() + 8, &value, 8);
    return out;
}

// The objective in each (arm, replicate) run so far, kept in the work file as it comes.
class Ledger {
public:
    explicit Ledger(fs::path file) : file_(std::move(file)) {}
    void load(const std::vector<std::string>& payloads) {
        for (const auto& p : payloads) {
            if (p.size() != 16) continue;
            std::int32_t head[2];
            double value = 0;
            std::memcpy(head, p.data(), 8);
            std::memcpy(&value, p.data() + 8, 8);
            values_[{head[0], head[1]}] = value;
        }
    }
    bool has(int arm, int replicate) const { return values_.contains({arm, replicate}); }
    double at(int arm, int replicate) const { return values_.at({arm, replicate}); }
    void add(int arm, int replicate, double value) {
        io::append_journal(file_, optimise_journal, entry_of(arm, replicate, value));
        values_[{arm, replicate}] = value;
    }
    std::size_t size() const { return values_.size(); }

private:
    fs::path file_;
    std::map<std::pair<int, int>, double> values_;
};

// Runs whatever (arm, replicate) the ledger lacks among `arms` (the current plan's too) on
// replicates [from, to), sharing each replicate's burn-in among them.
void run_missing(const std::function<Parameters(int arm)>& arm_parameters, const std::vector<int>& arms, int from, int to,
                 const optimise::Objective& objective, Ledger& ledger, io::SettledCache* cache, bool quiet) {
    std::vector<int> which{0};
    for (const int a : arms)
        if (a != 0) which.push_back(a);
    std::vector<Parameters> scenarios;
    for (const int a : which) {
        scenarios.push_back(arm_parameters(a));
        scenarios.back().run.replicates = to;
    }
    const auto units = make_shared_units(scenarios, [&](int s, int r) {
        return r < from || ledger.has(which[static_cast<std::size_t>(s)], r);
    });
    if (units.empty()) return;
    std::size_t results = 0;
    std::int64_t weeks = 0;
    for (const auto& u : units) results += u.scenarios.size(), weeks += unit_weeks(scenarios, u);
    Reporter reporter(
        [&](const ReplicateResult& r) {
            const auto s = static_cast<std::size_t>(r.plan.scenario);
            ledger.add(which[s], r.plan.replicate, optimise::objective_value(scenarios[s], r, objective));
        },
        results, weeks, quiet, "runs");
    run_units(scenarios, units, reporter, cache);
    reporter.finish_line();
}

}  // namespace

int optimise_command(const RunOptions& options, const fs::path& optimise_file) {
    const int threads = threads_for(options);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    io::OptimiseFile opt;
    io::LoadedScenario scenario;
    try {
        opt = io::load_optimise(optimise_file);
        scenario = io::optimise_scenario(opt, options.overrides);
        io::check_memory(scenario, threads);
    } catch (const io::ScenarioError& e) {
        print_problems(e);
        return exit_bad_input;
    }
    const auto output_dir = side_output_directory(options, optimise_file, "optimise", optimise_outputs, "optimiser",
                                                 optimise_work);
    if (!output_dir) return exit_bad_input;
    const fs::path& dir = *output_dir;
    const Parameters& plan = scenario.parameters;
    std::vector<optimise::Candidate> candidates;
    std::vector<optimise::GroupLimit> limits;
    OptimiseOutcome outcome;
    outcome.file = &opt;
    outcome.weeks = scenario.parameters.run.weeks;
    for (const auto& c : opt.candidates) {
        candidates.push_back(c.candidate);
        outcome.candidate_names.push_back(plan.programme.interventions[c.candidate.intervention].name);
    }
    for (const auto& l : opt.limits) limits.push_back(l.limit);
    // The allocations: the current plan first (as the scenario has it), then those that fit.
    const auto space = optimise::fitting_allocations(plan, candidates, limits, opt.allocations, opt.design_seed);
    const auto current = optimise::current_allocation(plan, candidates);
    outcome.arms.push_back({current, optimise::yearly_cost(plan), optimise::why_not_fitting(plan, limits, current)});
    // Each allocation's scenario is made when its runs are (a search may race thousands).
    const auto arm_parameters = [&](int arm) {
        Parameters p = plan;
        if (arm > 0) optimise::apply_allocation(p, plan, candidates, outcome.arms[static_cast<std::size_t>(arm)].places);
        return p;
    };
    // An allocation with the plan's own places is raced unless it is the plan itself (it may differ
    // in money: a budget line become places x cost, a fixed cost dropped, a cost a place changed).
    const std::string plan_yaml = io::scenario_yaml(plan, "", "");
    for (const auto& a : space.allocations) {
        outcome.arms.push_back({a, 0.0, ""});
        const Parameters p = arm_parameters(static_cast<int>(outcome.arms.size()) - 1);
        if (a == current && io::scenario_yaml(p, "", "") == plan_yaml) {
            outcome.arms.pop_back();
            continue;
        }
        outcome.arms.back().cost = optimise::yearly_cost(p);
    }
    const bool drawn = space.drawn;
    const std::string combinations = space.combinations < 1e15 ? fmt::format("{:.0f}", space.combinations)
                                                               : fmt::format("about {:.2g}", space.combinations);
    const std::string fitting = drawn ? fmt::format("{} of {} drawn at random fit", space.fitting, space.looked_at)
                                      : fmt::format("{} fit", space.fitting);
    if (outcome.arms.size() < 2) {
        fmt::print(stderr, "error: {}: no allocation of the candidates' places fits{}: of {} combinations, {} the "
                           "grant, its conditions and the limits{}\n",
                   optimise_file.string(), space.fitting > 0 ? " other than the current plan" : "", combinations, fitting,
                   space.first_problem.empty() ? "" : fmt::format(" (the first that did not: {})", space.first_problem));
        return exit_bad_input;
    }
    if (drawn && space.fitting < static_cast<std::uint64_t>(opt.allocations))
        fmt::print(stderr, "warning: only {} allocations that fit were found in {} draws (search.allocations is {}): "
                           "most combinations break the grant, its conditions or the limits; narrower places would "
                           "find more\n", space.fitting, space.looked_at, opt.allocations);
    if (!options.quiet)
        fmt::print(stderr, "optimise: {} combinations of the candidates' places, {} the grant of {}, its conditions "
                           "and the limits; racing {}{} and the current plan ({}), {} weeks each after a {}-week burn-in\n",
                   combinations, fitting, pounds(plan.funding.grant), outcome.arms.size() - 1,
                   space.sampled && !drawn ? " drawn at random" : "",
                   outcome.arms[0].fits.empty() ? "it fits" : "it does not fit: " + outcome.arms[0].fits, plan.run.weeks,
                   plan.run.burn_in_weeks);
    // The work file: every finished run's objective, so that --resume continues with the rest.
    const fs::path work = dir / optimise_work.name;
    std::error_code ec;
    if (const auto problem = work_file_start_problem(work, options.resume, "optimise", "the runs", "optimiser file"); !problem.empty()) {
        fmt::print(stderr, "error: {}\n", problem);
        return exit_bad_input;
    }
    std::unique_ptr<io::SettledCache> cache;
    std::unique_ptr<io::WorkFileLock> lock;
    Ledger ledger(work);
    std::uintmax_t cut = 0;
    try {
        cache = open_burn_in_cache(options);
        fs::create_directory(dir, ec);
        if (ec) throw io::OutputPathError(fmt::format("cannot make {}: {}", dir.string(), ec.message()));
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_bad_input;
    }
    const std::string key = work_key(plan, opt, outcome.arms);
    try {
        if (!options.resume) io::create_journal(work, optimise_journal, key);
        lock = std::make_unique<io::WorkFileLock>(work);
        if (options.resume) ledger.load(io::read_journal(work, optimise_journal, key, &cut));
    } catch (const io::OutputPathError& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_bad_input;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return options.resume ? exit_bad_input : exit_failure;
    }
    if (cut > 0)
        fmt::print(stderr, "warning: {}: {} bytes after the last whole entry were cut off (a write cut short, or "
                           "damage); the runs they held run again\n", work.string(), cut);
    if (options.resume && !options.quiet) fmt::print(stderr, "optimise: {} runs done before\n", ledger.size());
    catch_stop_signals();
    int round = 0;
    const optimise::Evaluate evaluate = [&](const std::vector<int>& arms, int from, int to, bool confirming) {
        if (!options.quiet)
            fmt::print(stderr, "optimise: {} {} allocations, replicates {} to {}\n",
                       confirming ? std::string("confirmation on fresh replicates:") : fmt::format("round {}:", ++round),
                       arms.size(), from, to - 1);
        std::vector<std::vector<double>> out;
        run_missing(arm_parameters, arms, from, to, opt.objective, ledger, cache.get(), options.quiet);
        for (const int a : arms) {
            std::vector<double> d;
            for (int r = from; r < to; ++r) d.push_back(ledger.at(a, r) - ledger.at(0, r));
            out.push_back(std::move(d));
        }
        return out;
    };
    try {
        outcome.search = optimise::successive_halving(static_cast<int>(outcome.arms.size()), opt.search, evaluate);
    } catch (const Interrupted&) {
        fmt::print(stderr, "optimise: stopped by {}; {} runs kept in {}: run the same command with --resume to "
                           "continue\n", stop_signal_name(), ledger.size(), work.string());
        return interrupted_exit();
    } catch (const std::runtime_error& e) {
        fmt::print(stderr, "error: {}; the runs finished before are kept for --resume\n", e.what());
        return exit_failure;
    }
    print_burn_in_cache_use(cache.get(), options.quiet);
    print_optimise_table(outcome);
    // A file put in DIR while the search ran is not ours to replace either.
    if (const auto problem = io::output_directory_problem(dir, optimise_outputs, "optimiser", optimise_work); !problem.empty()) {
        fmt::print(stderr, "error: {}; the runs are kept in {}: move the file and --resume writes the outputs\n", problem,
                   work.string());
        return exit_failure;
    }
    try {
        const std::string texts[] = {allocations_csv(outcome), frontier_csv(outcome), frontier_png(outcome)};
        io::write_directory_outputs(dir, optimise_outputs, texts, work);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}; the runs are kept in {}: --resume writes the outputs without running them "
                           "again\n", e.what(), work.string());
        return exit_failure;
    }
    if (!options.quiet)
        fmt::print(stderr, "optimise: wrote {}, {} and {}\n", (dir / optimise_outputs[0].name).string(),
                   optimise_outputs[1].name, optimise_outputs[2].name);
    return stdout_written();
}

}  // namespace vrusim::cli
