#include "execution.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <stdexcept>
#include <utility>

#include "io/output_file.hpp"

namespace vrusim::cli {

namespace {
UnitExecutor executor;  // empty: this process's threads
int threads_by_default = 0;
}  // namespace

void set_unit_executor(UnitExecutor e) { executor = std::move(e); }

void run_units(std::span<const Parameters> scenarios, std::span<const SharedUnit> units, RunObserver& observer,
               io::SettledCache* cache, const ExportOptions& exports) {
    if (executor && exports.any()) throw std::logic_error("exports are recorded only on this process's threads");
    if (executor) executor(scenarios, units, observer, cache);
    else run_shared_ensemble(scenarios, units, observer, cache, exports);
}

bool units_run_here() { return !executor; }

std::unique_ptr<io::SettledCache> open_burn_in_cache(const RunOptions& options) {
    if (!options.burn_in_cache_given) return nullptr;
    // CLI11 takes "--burn-in-cache --resume" as a directory called --resume.
    if (options.burn_in_cache.string().starts_with("-"))
        throw io::OutputPathError(fmt::format("--burn-in-cache needs a directory, not '{}' (an option?)",
                                              options.burn_in_cache.string()));
    try {
        return std::make_unique<io::SettledCache>(
            options.burn_in_cache, [](const std::string& line) {
                // On a terminal, off the progress line first.
                fmt::print(stderr, "{}warning: {}\n", ::isatty(STDERR_FILENO) ? "\n" : "", line);
            });
    } catch (const std::runtime_error& e) {
        throw io::OutputPathError(fmt::format("--burn-in-cache: {}", e.what()));
    }
}

void print_burn_in_cache_use(const io::SettledCache* cache, bool quiet) {
    if (!cache || quiet) return;
    const int read = cache->loaded(), kept = cache->saved();
    // Under vrusim-mpi, the other ranks' use is not counted here.
    fmt::print(stderr, "burn-in cache {}: {} burn-in{} read from it, {} added{} (this build's files: *-{}-*.settled)\n",
               cache->directory().string(), read, read == 1 ? "" : "s", kept,
               executor ? " by rank 0's units (the other ranks' are not counted)" : "", io::build_id());
}

void set_default_threads(int threads) { threads_by_default = threads; }
int default_threads() { return threads_by_default; }

}  // namespace vrusim::cli
