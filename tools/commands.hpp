#pragma once
/// The subcommands of the `vrusim` command line; each returns the process exit code.
#include <filesystem>
#include <string>
#include <vector>

#include "sim/export/tables.hpp"

namespace vrusim::cli {

/// Exit codes: 0 success, 1 run-time failure, 2 bad input or usage, 130 interrupted.
inline constexpr int exit_ok = 0, exit_failure = 1, exit_bad_input = 2;

/// Options shared by the commands that run simulations.
struct RunOptions {
    std::filesystem::path scenario;       ///< empty: the bundled default
    std::filesystem::path output;         ///< empty: <scenario name>.h5 in the current directory
    bool output_given = false;            ///< -o was on the command line (so an empty value is a mistake)
    std::vector<std::string> overrides;   ///< "key=value" from --set, --replicates, --seed
    int threads = 0;                      ///< 0: all cores
    bool resume = false;
    bool quiet = false;
    bool csv = false;                     ///< calibrate: machine-readable rows instead of the table
    std::filesystem::path burn_in_cache;  ///< --burn-in-cache: settled states kept here between commands
    bool burn_in_cache_given = false;     ///< --burn-in-cache was on the command line (so an empty value is a mistake)
    std::string export_kinds;             ///< --export: "events", "network" or both, comma-separated
    bool export_given = false;
    std::string export_weeks;             ///< --export-weeks: reported weeks of the network snapshots
    bool export_weeks_given = false;
    double export_limit_mib = default_export_limit_mib;  ///< --export-limit: MiB of exported rows a results file
    bool export_limit_given = false;
    int trials = 0;                       ///< trial --trials: simulated trials (0: the trial file's)
};

/// Options of `vrusim drift`.
struct DriftOptions {
    std::vector<std::filesystem::path> files;  ///< results files of one scenario with different seeds, pooled
    std::string measures;        ///< comma-separated names; empty: the stationarity set
    bool measures_given = false; ///< --measures was on the command line (so an empty value is a mistake)
    int subsets = 0;             ///< also apply the check to every set of this many replicates (0: no)
};

/// Options of `vrusim compare`.
struct CompareOptions {
    std::vector<std::filesystem::path> files;  ///< the base first, then the plans compared with it
    std::string measures;         ///< comma-separated names; empty: the Home Office and local measures
    bool measures_given = false;  ///< --measures was on the command line
    std::string area;             ///< one area's measures by name; empty: the whole force area
    bool area_given = false;      ///< --area was on the command line (so an empty value is a mistake)
    bool csv = false;
    bool markdown = false;
};

/// Options of `vrusim record`.
struct RecordOptions {
    std::filesystem::path scenario;
    std::filesystem::path results;  ///< empty: none
    std::filesystem::path output;
    std::vector<std::string> overrides;
};

/// Parses the command line and runs its command (the whole of `vrusim`; `vrusim-mpi` runs it on rank 0).
int cli_main(int argc, char** argv);

/// The bundled default scenario (scenarios/default.yaml beside the program's source or install).
std::filesystem::path default_scenario();

int validate_command(const std::filesystem::path& scenario, const std::vector<std::string>& overrides);
int run_command(const RunOptions& options);
/// Several scenarios into options.output as a directory (tools/run_many.cpp).
int run_many_command(const RunOptions& options, const std::vector<std::filesystem::path>& files);
/// A sweep file's points into options.output as a directory (tools/sweep.cpp).
int sweep_command(const RunOptions& options, const std::filesystem::path& sweep_file);
int calibrate_command(const RunOptions& options);
int schema_command();
int drift_command(const DriftOptions& options);
int patterns_command(const RunOptions& options);
int compare_command(const CompareOptions& options);
/// Simulated trials of a trial file's design, their power curve into options.output (tools/trial.cpp).
int trial_command(const RunOptions& options, const std::filesystem::path& trial_file);
/// The budget optimiser: allocations of a grant raced under common random numbers (tools/optimise.cpp).
int optimise_command(const RunOptions& options, const std::filesystem::path& optimise_file);
/// A transparency record of a scenario (tools/record.cpp).
int record_command(const RecordOptions& options);

}  // namespace vrusim::cli
