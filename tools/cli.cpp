// The command line's parsing and dispatch, shared by `vrusim` and `vrusim-mpi` (tools/mpi/). Thin:
// every command calls the model and io libraries.
#include <CLI/CLI.hpp>
#include <fcntl.h>

#include <cerrno>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <tuple>

#include "commands.hpp"
#include "execution.hpp"
#include "vrusim/version.hpp"

namespace vrusim::cli {

int cli_main(int argc, char** argv) {
    // A standard descriptor the caller closed (`vrusim trial ... 2>&-`) would be taken by the next
    // file opened, a work file, and progress written over it: each is opened on /dev/null first.
    for (int fd = 0; fd <= 2; ++fd)
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF && ::open("/dev/null", O_RDWR | O_CLOEXEC) < 0) return exit_failure;
    // A closed pipe on stdout or stderr (`vrusim run | head`) is a write error with a message and
    // exit 1, not a silent death: the replicates already stored stay for --resume.
    std::signal(SIGPIPE, SIG_IGN);
    // vrusim or vrusim-mpi, in messages; vrusim-mpi's ranks use one thread each by default.
    const std::string program = argc > 0 ? std::filesystem::path(argv[0]).filename().string() : "vrusim";
    const std::string help = "(" + program + " --help)";
    const std::string threads_help =
        default_threads() > 0 ? "Worker threads for each rank (default: " + std::to_string(default_threads()) + ")"
                              : "Worker threads (default: all cores)";
    CLI::App app{"vrusim: agent-based simulator of youth violence and county lines for Violence Reduction Units"};
    app.set_version_flag("--version", std::string(vrusim::version));
    app.require_subcommand(1);

    std::filesystem::path to_validate;
    auto* validate = app.add_subcommand("validate", "Check a scenario file and report every problem");
    std::vector<std::string> validate_overrides;
    validate->add_option("file", to_validate, "Scenario YAML file")->required();
    validate->add_option("--set", validate_overrides, "Check the scenario with a key overridden, as run --set would")
        ->type_name("KEY=VALUE");

    RunOptions run_options;
    std::string replicates, seed;
    std::vector<std::filesystem::path> run_files;
    auto add_run_options = [&](CLI::App* cmd, bool several) {
        if (several)
            cmd->add_option("files", run_files,
                            "Scenario YAML file (default: the bundled Thames Valley baseline); several run together "
                            "under common random numbers, into -o DIR/");
        else
            cmd->add_option("file", run_options.scenario, "Scenario YAML file (default: the bundled Thames Valley baseline)");
        cmd->add_option("--replicates", replicates, "Number of replicates (overrides run.replicates)")->type_name("N");
        cmd->add_option("--seed", seed, "Random seed (overrides run.seed)")->type_name("S");
        cmd->add_option("--threads", run_options.threads, threads_help)->check(CLI::Range(1, 1024));
        cmd->add_option("--set", run_options.overrides, "Override a scenario key, e.g. --set population.scale=0.1")
            ->type_name("KEY=VALUE");
        cmd->add_flag("-q,--quiet", run_options.quiet, "No progress on stderr");
    };
    std::vector<CLI::Option*> burn_in_cache_options;
    auto add_burn_in_cache = [&](CLI::App* cmd) {
        burn_in_cache_options.push_back(
            cmd->add_option("--burn-in-cache", run_options.burn_in_cache,
                            "Keep each replicate's state at the end of its burn-in in DIR, and start from it when a "
                            "later command shares the burn-in (docs/batch.md)")
                ->type_name("DIR"));
    };
    auto* run = app.add_subcommand("run", "Run a scenario's replicates and write an HDF5 results file (several "
                                          "scenarios: one file each in a directory, then their comparison)");
    add_run_options(run, true);
    auto* output = run->add_option("-o,--output", run_options.output,
                                   "Results file (default: <scenario name>.h5); with several scenarios, a directory");
    run->add_flag("--resume", run_options.resume, "Continue an interrupted run from its .partial file(s)");
    add_burn_in_cache(run);
    auto* export_kinds = run->add_option("--export", run_options.export_kinds,
                                         "Also write the reported weeks' events and/or snapshots of the social "
                                         "network into the results file (docs/outputs.md)")
                             ->type_name("events,network");
    auto* export_weeks = run->add_option("--export-weeks", run_options.export_weeks,
                                         "Reported weeks at whose end the network is taken, e.g. 0,51,155 "
                                         "(default: the last)")
                             ->type_name("W,...");
    auto* export_limit = run->add_option("--export-limit", run_options.export_limit_mib,
                                         "Most the export may take, MiB of table rows a results file (default 2048); "
                                         "each replicate gets an equal share and stops recording at a week's end")
                             ->type_name("MIB");

    std::filesystem::path sweep_file;
    auto* sweep = app.add_subcommand("sweep", "Run a sweep file's points (factors varied over a base scenario) into "
                                              "a directory, with an index of their measures (docs/batch.md)");
    sweep->add_option("sweep", sweep_file, "Sweep YAML file")->required();
    auto* sweep_output = sweep->add_option("-o,--output", run_options.output, "Directory for the points' results and index.csv");
    sweep->add_option("--threads", run_options.threads, threads_help)->check(CLI::Range(1, 1024));
    sweep->add_option("--set", run_options.overrides, "Override a key at every point, e.g. --set population.scale=0.1")
        ->type_name("KEY=VALUE");
    sweep->add_option("--replicates", replicates, "Replicates of each point (overrides run.replicates)")->type_name("N");
    sweep->add_option("--seed", seed, "Random seed (overrides run.seed)")->type_name("S");
    sweep->add_flag("--resume", run_options.resume, "Continue an interrupted sweep in the same directory");
    sweep->add_flag("-q,--quiet", run_options.quiet, "No progress on stderr");
    add_burn_in_cache(sweep);

    std::filesystem::path trial_file;
    auto* trial = app.add_subcommand("trial", "Simulate many randomised trials of an intervention: the power curve, "
                                              "the estimate's sampling distribution, the minimum detectable effect "
                                              "(docs/research.md)");
    trial->add_option("trial", trial_file, "Trial YAML file")->required();
    auto* trial_output = trial->add_option("-o,--output", run_options.output,
                                           "Directory for power.csv, estimates.csv and power.png (default: the trial "
                                           "file's name with -trial)");
    trial->add_option("--trials", run_options.trials, "Simulated trials (overrides the trial file's trials)")
        ->check(CLI::Range(2, 10000));
    trial->add_option("--threads", run_options.threads, threads_help)->check(CLI::Range(1, 1024));
    trial->add_option("--set", run_options.overrides, "Override a key of the trial's scenario, e.g. --set population.scale=0.5")
        ->type_name("KEY=VALUE");
    trial->add_option("--seed", seed, "Random seed (overrides the scenario's run.seed)")->type_name("S");
    trial->add_flag("--resume", run_options.resume, "Continue an interrupted trial from DIR/trial.partial");
    trial->add_flag("-q,--quiet", run_options.quiet, "No progress on stderr");
    add_burn_in_cache(trial);

    std::filesystem::path optimise_file;
    auto* optimise = app.add_subcommand("optimise", "Share a grant among candidate interventions: allocations raced "
                                                    "against the current plan under common random numbers, the best "
                                                    "confirmed on fresh replicates, the cost-effect frontier "
                                                    "(docs/research.md)");
    optimise->add_option("optimiser", optimise_file, "Optimiser YAML file")->required();
    auto* optimise_output = optimise->add_option("-o,--output", run_options.output,
                                                 "Directory for allocations.csv, frontier.csv and frontier.png "
                                                 "(default: the file's name with -optimise)");
    optimise->add_option("--threads", run_options.threads, threads_help)->check(CLI::Range(1, 1024));
    optimise->add_option("--set", run_options.overrides,
                         "Override a key of the plan's scenario, e.g. --set population.scale=0.5")
        ->type_name("KEY=VALUE");
    optimise->add_option("--seed", seed, "Random seed (overrides the scenario's run.seed)")->type_name("S");
    optimise->add_flag("--resume", run_options.resume, "Continue an interrupted optimisation from DIR/optimise.partial");
    optimise->add_flag("-q,--quiet", run_options.quiet, "No progress on stderr");
    add_burn_in_cache(optimise);

    auto* calibrate = app.add_subcommand("calibrate", "Run a scenario and compare it with the calibration targets");
    add_run_options(calibrate, false);
    calibrate->add_flag("--csv", run_options.csv, "Print the comparison as CSV (for tools/fit_calibration.py)");

    app.add_subcommand("schema", "Print the scenario schema as Markdown (docs/scenario-schema.md)");

    auto* patterns = app.add_subcommand("patterns", "Run a scenario and report patterns it was not fitted to (validation)");
    add_run_options(patterns, false);

    DriftOptions drift_options;
    auto* drift = app.add_subcommand("drift", "Check that a run's annual measures do not drift (a long baseline run)");
    drift->add_option("files", drift_options.files,
                      "Results file, e.g. from run --set run.weeks=520; several runs of one scenario with different "
                      "seeds are pooled")
        ->required();
    auto* drift_measures =
        drift->add_option("--measures", drift_options.measures, "Comma-separated measure names (default: the stationarity set)");
    drift->add_option("--subsets", drift_options.subsets,
                      "Also apply the check to every set of this many of the replicates (e.g. 4): how often a run "
                      "that size fails by chance")
        ->check(CLI::Range(2, 1000));

    CompareOptions compare_options;
    auto* compare = app.add_subcommand(
        "compare", "Compare plans with a base run, paired by replicate: measures, cost, value, grant conditions");
    compare->add_option("files", compare_options.files,
                        "Results files run with the same seed and replicates: the base first (e.g. no programme), "
                        "then the plans")
        ->required();
    auto* compare_measures = compare->add_option(
        "--measures", compare_options.measures, "Comma-separated measure names (default: the Home Office and local measures)");
    auto* compare_area = compare->add_option("--area", compare_options.area,
                        "One area's measures, by name (cost and value are then left out: they are the whole "
                        "programme's)");
    compare->add_flag("--csv", compare_options.csv, "Print CSV rows (scenario, measure, ..., difference_high, note)");
    compare->add_flag("--markdown", compare_options.markdown, "Print Markdown tables for a report");

    RecordOptions record_options;
    auto* record = app.add_subcommand("record", "Write a transparency record of a scenario (UK ATRS shape): purpose, "
                                                "parameters with sources and evidence, calibration, limitations");
    record->add_option("scenario", record_options.scenario, "Scenario YAML file")->required();
    record->add_option("results", record_options.results, "Results file of a run of the scenario: its calibration is reported");
    record->add_option("-o,--output", record_options.output, "The record, a Markdown file")->required();
    record->add_option("--set", record_options.overrides, "Override a scenario key, as the run did")->type_name("KEY=VALUE");

    // CLI11 would say only "A subcommand is required" for a misspelt command.
    const auto commands = app.get_subcommands({});
    const std::string first = argc > 1 ? argv[1] : "";
    const bool known = std::any_of(commands.begin(), commands.end(), [&](const CLI::App* c) { return c->get_name() == first; });
    // And "A subcommand is required" for an unknown option before any command (vrusim -V).
    if (!first.empty() && first[0] == '-' && first != "-h" && first != "--help" && first != "--version") {
        std::fprintf(stderr, "error: unknown option '%s' (the options before a command are --help and --version; "
                     "%s --help)\n", argv[1], program.c_str());
        return exit_bad_input;
    }
    if (!first.empty() && first[0] != '-' && !known) {
        std::string names;
        for (const auto* command : commands) names += (names.empty() ? "" : ", ") + command->get_name();
        std::fprintf(stderr, "error: unknown command '%s'; the commands are %s %s\n", argv[1], names.c_str(), help.c_str());
        return exit_bad_input;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ArgumentMismatch& e) {
        // CLI11 says "--replicates: At Most 1 required but received 2" for an option given twice.
        const std::string what = e.what();
        if (const auto at = what.find(": At Most 1 required but received"); at != std::string::npos) {
            std::fprintf(stderr, "error: %s was given more than once; give each option once %s\n",
                         what.substr(0, at).c_str(), help.c_str());
            return exit_bad_input;
        }
        return app.exit(e) == 0 ? exit_ok : exit_bad_input;
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : exit_bad_input;
    }
    // Passed on as overrides so the scenario schema checks them and the stored scenario shows them;
    // the same key also given with --set is named in the user's own words.
    for (const auto& [flag, value, key] : {std::tuple{"--replicates", &replicates, "run.replicates"},
                                           std::tuple{"--seed", &seed, "run.seed"}}) {
        if (value->empty()) continue;
        for (const auto& assignment : run_options.overrides)
            if (assignment.starts_with(std::string(key) + "=")) {
                std::fprintf(stderr, "error: %s %s and --set %s both set %s; give it once\n", flag, value->c_str(),
                             assignment.c_str(), key);
                return exit_bad_input;
            }
        run_options.overrides.push_back(std::string(key) + "=" + *value);
    }

    // A write to a closed stdout or stderr that fmt reports by throwing ends here, with exit 1;
    // the replicates already stored stay in their work files for --resume.
    for (const auto* option : burn_in_cache_options) run_options.burn_in_cache_given |= option->count() > 0;
    try {
        if (validate->parsed()) return validate_command(to_validate, validate_overrides);
        if (run->parsed()) {
            run_options.output_given = output->count() > 0;
            run_options.export_given = export_kinds->count() > 0;
            run_options.export_weeks_given = export_weeks->count() > 0;
            run_options.export_limit_given = export_limit->count() > 0;
            if (run_files.size() > 1) return run_many_command(run_options, run_files);
            if (!run_files.empty()) run_options.scenario = run_files.front();
            return run_command(run_options);
        }
        if (sweep->parsed()) {
            run_options.output_given = sweep_output->count() > 0;
            return sweep_command(run_options, sweep_file);
        }
        if (trial->parsed()) {
            run_options.output_given = trial_output->count() > 0;
            return trial_command(run_options, trial_file);
        }
        if (optimise->parsed()) {
            run_options.output_given = optimise_output->count() > 0;
            return optimise_command(run_options, optimise_file);
        }
        if (calibrate->parsed()) return calibrate_command(run_options);
        if (drift->parsed()) {
            drift_options.measures_given = drift_measures->count() > 0;
            return drift_command(drift_options);
        }
        if (patterns->parsed()) return patterns_command(run_options);
        if (compare->parsed()) {
            compare_options.measures_given = compare_measures->count() > 0;
            compare_options.area_given = compare_area->count() > 0;
            return compare_command(compare_options);
        }
        if (record->parsed()) return record_command(record_options);
        return schema_command();
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "error: cannot write the output: %s\n", e.what());
        return exit_failure;
    }
}

}  // namespace vrusim::cli
