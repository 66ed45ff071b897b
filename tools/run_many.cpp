// `vrusim run A.yaml B.yaml ... -o DIR/`: several scenarios under common random numbers, each
// into DIR/<file name>.h5, sharing the burn-in where they can (docs/batch.md), then the comparison.
#include <fmt/core.h>
#include <tbb/global_control.h>

#include "batch.hpp"
#include "commands.hpp"
#include "scenario_setup.hpp"

namespace vrusim::cli {

int run_many_command(const RunOptions& options, const std::vector<std::filesystem::path>& files) {
    const int threads = threads_for(options);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    if (const auto problem = output_dir_problem(options)) {
        fmt::print(stderr, "error: {}\n", *problem);
        return exit_bad_input;
    }
    if (options.export_given || options.export_weeks_given || options.export_limit_given) {
        fmt::print(stderr, "error: --export runs one scenario at a time (vrusim run FILE --export ...)\n");
        return exit_bad_input;
    }
    std::vector<BatchMember> members;
    bool bad = false;
    for (const auto& file : files) {
        RunOptions one = options;
        one.scenario = file;
        // Each unit holds the settled state beside the scenario it runs: two populations' columns.
        auto scenario = load_for_run(one, 2 * threads);
        if (!scenario) {
            bad = true;
            continue;
        }
        if (scenario->parameters.verification.enabled) {
            fmt::print(stderr, "error: {}: the verification mode runs one scenario at a time (vrusim run {})\n",
                       file.string(), file.string());
            bad = true;
            continue;
        }
        members.push_back({file.string(), std::move(*scenario), options.output / (file.stem().string() + ".h5"), {}, {},
                           false});
    }
    if (bad) return exit_bad_input;
    if (const int code = run_batch(options, members, "scenario"); code != exit_ok) return code;
    CompareOptions compare;
    for (const auto& m : members) compare.files.push_back(m.output);
    return compare_command(compare);
}

}  // namespace vrusim::cli
