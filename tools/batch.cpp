#include "batch.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <system_error>

#include "execution.hpp"
#include "io/output_file.hpp"
#include "io/results_metadata.hpp"
#include "io/run_comparison.hpp"
#include "progress.hpp"
#include "scenario_setup.hpp"
#include "sim/burn_in/shared_run.hpp"

namespace vrusim::cli {

namespace fs = std::filesystem;

namespace {

// Common random numbers pair replicate r of every member: the rules `vrusim compare` applies to
// the finished files (io::pairing_conflicts), checked before anything runs.
std::vector<std::string> pairing_problems(const std::vector<BatchMember>& members) {
    auto stored = [](const BatchMember& m) {
        io::StoredResults s;
        s.meta = m.meta;
        s.vrusim_version = s.vrusim_source = "this build";
        return s;
    };
    const auto base = stored(members.front());
    std::vector<std::string> out;
    std::size_t unpaired = 0;
    for (std::size_t i = 1; i < members.size(); ++i) {
        const auto conflicts = io::pairing_conflicts(base, stored(members[i]), members.front().label, members[i].label);
        if (conflicts.empty()) continue;
        if (++unpaired > 3) continue;  // the first few say what is wrong; the count says how often
        out.push_back(fmt::format("{} and {} cannot be paired replicate by replicate (runs of the same people and "
                                  "random numbers: one seed, replicate count, run length and population):",
                                  members.front().label, members[i].label));
        for (const auto& c : conflicts) out.push_back("  " + c);
    }
    if (unpaired > 3) out.push_back(fmt::format("  ... and {} more that cannot be paired with {}", unpaired - 3,
                                                 members.front().label));
    if (!out.empty())
        out.push_back("  (run them with one --seed and --replicates, and the same run length, burn-in and population; "
                      "--set KEY=VALUE applies to every scenario)");
    return out;
}

// A member whose results file a resume finds complete (the run was stopped while the files were
// being finished) is kept if it is this member's, by this build; anything else is refused.
bool complete_and_same(const BatchMember& m) { return io::is_complete_results_of(m.output, m.meta); }

// In a run of several members, a refused work file is one of many: deleting it starts that member
// again and keeps the others' replicates.
const char* batch_advice =
    " (in a run of several: delete that .partial file and continue with --resume; that one starts again, "
    "the others keep their replicates)";

// Opens every member's work file, or none: a refusal for the third removes the work files this
// command made for the first two (they hold no replicates). On a resume, a member with neither a
// work file nor its complete results file starts afresh.
void open_writers(std::vector<BatchMember>& members, bool resume, bool quiet) {
    try {
        for (auto& m : members) {
            const bool has_work = fs::exists(io::partial_path(m.output));
            if (resume && !has_work && complete_and_same(m)) continue;
            const bool continues = resume && has_work;
            if (resume && !has_work && !quiet)
                fmt::print(stderr, "run: {} has no work file in {}; it starts from its first replicate\n", m.label,
                           m.output.parent_path().string());
            m.created = !continues;
            try {
                m.writer = std::make_unique<io::ResultsWriter>(m.output, m.meta, continues);
            } catch (const io::OutputPathError& e) {
                if (!continues) throw;
                throw io::OutputPathError(std::string(e.what()) + batch_advice);
            }
        }
    } catch (...) {
        for (auto& m : members) {
            if (!m.created || !m.writer) continue;
            m.writer.reset();
            std::error_code ignored;
            fs::remove(io::partial_path(m.output), ignored);
        }
        throw;
    }
}

std::optional<std::string> check_outputs(const RunOptions& options, std::vector<BatchMember>& members) {
    std::vector<fs::path> inputs;
    for (const auto& m : members) inputs.insert(inputs.end(), m.scenario.files.begin(), m.scenario.files.end());
    // A resume with nothing to continue is a mistyped directory or a forgotten first run, not a
    // request to start afresh.
    if (options.resume && std::none_of(members.begin(), members.end(), [](const BatchMember& m) {
            std::error_code ec;
            return fs::exists(io::partial_path(m.output), ec) || fs::exists(m.output, ec);
        }))
        return fmt::format("cannot resume: {} holds no work file (NAME.h5.partial) or results of these scenarios, so "
                           "there is nothing to continue; check the directory, or run without --resume",
                           options.output.string());
    for (auto& m : members) {
        const bool has_work = fs::exists(io::partial_path(m.output));
        if (options.resume && !has_work && complete_and_same(m)) continue;
        if (options.resume && !has_work && fs::exists(m.output))
            return fmt::format("cannot resume: {} exists and is not {}'s complete results from this run (another "
                               "seed, scenario or version); move it, or run without --resume to replace it",
                               m.output.string(), m.label);
        if (const auto problem = io::output_path_problem(m.output, inputs))
            return fmt::format("-o {} ({}): {}", options.output.string(), m.label, *problem);
    }
    return std::nullopt;
}

// Refusals before any file is made: a scenario given twice, two writing one file, pairs that
// cannot be paired.
std::vector<std::string> member_problems(std::vector<BatchMember>& members) {
    std::map<fs::path, std::string> by_output;
    for (const auto& m : members)
        if (const auto [at, added] = by_output.emplace(m.output, m.label); !added)
            return {at->second == m.label
                        ? fmt::format("{} is given twice", m.label)
                        : fmt::format("{} and {} would both write {}; give the scenario files different names",
                                      at->second, m.label, m.output.string())};
    for (auto& m : members) m.meta = io::results_metadata(m.scenario);
    return pairing_problems(members);
}

// What is about to run, in words a user who has never heard of a burn-in can follow.
void print_plan(const RunOptions& options, const std::vector<BatchMember>& members,
                const std::vector<Parameters>& parameters, std::span<const SharedUnit> units, std::size_t results,
                std::size_t already, const char* unit_noun) {
    const auto& run = parameters.front().run;
    const int threads = threads_for(options);
    fmt::print(stderr, "run: {} {}s x {} replicate{}: {} to run{}, {} thread{}, writing {}\n", members.size(), unit_noun,
               run.replicates, run.replicates == 1 ? "" : "s", results, already ? fmt::format(" ({} already stored)", already) : "", threads,
               threads == 1 ? "" : "s", options.output.string());
    for (const auto& m : members)
        if (!m.writer) fmt::print(stderr, "run: {} is already complete; kept\n", m.output.string());
    if (results == 0) {
        fmt::print(stderr, "run: every replicate is stored; finishing the files\n");
        return;
    }
    fmt::print(stderr, "run: each replicate first simulates {} unreported weeks so that the model settles (the "
                       "burn-in); {}s that differ only in the programme, funding or economics share it: {} burn-in{} "
                       "for these {} replicates (docs/batch.md)\n",
               run.burn_in_weeks, unit_noun, units.size(), units.size() == 1 ? "" : "s", results);
}

}  // namespace

std::optional<std::string> output_dir_problem(const RunOptions& options) {
    if (!options.output_given || options.output.empty())
        return std::string("several scenarios need -o DIR/: each one's results go to a file of its own in DIR");
    std::error_code ec;
    const auto& dir = options.output;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec))
            return fmt::format("-o {}: several scenarios write one results file each into a directory, and this is "
                               "not one; name a directory (it is made if missing)", dir.string());
        return std::nullopt;
    }
    if (dir.extension() == ".h5")
        return fmt::format("-o {}: names a results file, but several scenarios write one file each into a directory; "
                           "name a directory (e.g. -o plans/)", dir.string());
    const fs::path parent = (dir.has_filename() ? dir : dir.parent_path()).parent_path();
    if (!parent.empty() && !fs::is_directory(parent, ec))
        return fmt::format("-o {}: {} does not exist (only the last directory of the path is made)", dir.string(),
                           parent.string());
    return std::nullopt;
}

int run_batch(const RunOptions& options, std::vector<BatchMember>& members, const char* unit_noun,
              const std::function<void()>& before_running) {
    if (const auto problems = member_problems(members); !problems.empty()) {
        for (const auto& p : problems) fmt::print(stderr, "{}{}\n", p.starts_with("  ") ? "" : "error: ", p);
        return exit_bad_input;
    }
    std::error_code ec;
    const bool made_dir = fs::create_directory(options.output, ec);
    if (ec) {
        fmt::print(stderr, "error: -o {}: cannot make the directory: {}\n", options.output.string(), ec.message());
        return exit_bad_input;
    }
    // A refusal leaves no directory behind that this command made.
    auto refuse = [&](const std::string& message) {
        fmt::print(stderr, "error: {}\n", message);
        if (made_dir) fs::remove(options.output, ec);  // only if still empty
        return exit_bad_input;
    };
    // Stop signals are caught from before the first work file is made, so that a Ctrl-C never
    // leaves a half-made one.
    catch_stop_signals();
    try {
        if (const auto problem = check_outputs(options, members)) return refuse(*problem);
        const auto cache = open_burn_in_cache(options);
        open_writers(members, options.resume, options.quiet);
        if (before_running) before_running();
        if (stop_was_requested()) {
            fmt::print(stderr, "stopped by {} before any replicate ran; continue with the same command and --resume.\n",
                       stop_signal_name());
            return interrupted_exit();
        }
        std::vector<Parameters> parameters;
        for (const auto& m : members) parameters.push_back(m.scenario.parameters);
        const auto units = make_shared_units(parameters, [&](int s, int r) {
            const auto& writer = members[static_cast<std::size_t>(s)].writer;
            if (!writer) return true;
            const auto done = writer->completed_replicates();
            return std::find(done.begin(), done.end(), r) != done.end();
        });
        std::vector<std::size_t> to_run(members.size(), 0);
        std::int64_t weeks = 0;
        for (const auto& unit : units) {
            for (const int s : unit.scenarios) ++to_run[static_cast<std::size_t>(s)];
            weeks += unit_weeks(parameters, unit);
        }
        std::size_t results = 0, already = 0;
        for (std::size_t s = 0; s < members.size(); ++s) {
            results += to_run[s];
            already += static_cast<std::size_t>(parameters[s].run.replicates) - to_run[s];
        }
        if (!options.quiet) print_plan(options, members, parameters, units, results, already, unit_noun);
        Reporter reporter(
            [&](const ReplicateResult& r) { members[static_cast<std::size_t>(r.plan.scenario)].writer->replicate_done(r); },
            results, weeks, options.quiet, "replicates");
        reporter.count_groups(to_run, unit_noun);
        try {
            run_units(parameters, units, reporter, cache.get());
        } catch (const Interrupted&) {
            reporter.finish_line();
            print_burn_in_cache_use(cache.get(), options.quiet);
            fmt::print(stderr, "stopped by {}: completed replicates are saved in each {}'s .partial file in {}; "
                               "continue with the same command and --resume.\n",
                       stop_signal_name(), unit_noun, options.output.string());
            return interrupted_exit();
        }
        reporter.finish_line();
        print_burn_in_cache_use(cache.get(), options.quiet);
        for (auto& m : members) {
            if (!m.writer) continue;
            if (stop_was_requested()) {
                fmt::print(stderr, "stopped by {} while finishing the files: the finished ones are complete, the rest "
                                   "keep every replicate in their .partial files in {}; continue with the same command "
                                   "and --resume.\n", stop_signal_name(), options.output.string());
                return interrupted_exit();
            }
            m.writer->finish();
            if (!options.quiet) fmt::print(stderr, "run: wrote {}\n", m.output.string());
        }
        return exit_ok;
    } catch (const io::OutputPathError& e) {
        return refuse(e.what());
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        const bool kept = std::any_of(members.begin(), members.end(),
                                      [](const BatchMember& m) { return fs::exists(io::partial_path(m.output)); });
        if (kept)
            fmt::print(stderr, "The replicates completed so far are kept in the .partial files in {}; once the cause "
                               "is fixed, continue with the same command and --resume.\n", options.output.string());
        return exit_failure;
    }
}

}  // namespace vrusim::cli
