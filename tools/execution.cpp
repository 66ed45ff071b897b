#include "execution.hpp"

#include <utility>

namespace vrusim::cli {

namespace {
UnitExecutor executor;  // empty: this process's threads
int threads_by_default = 0;
}  // namespace

void set_unit_executor(UnitExecutor e) { executor = std::move(e); }

void run_units(std::span<const Parameters> scenarios, std::span<const SharedUnit> units, RunObserver& observer) {
    if (executor) executor(scenarios, units, observer);
    else run_shared_ensemble(scenarios, units, observer);
}

void set_default_threads(int threads) { threads_by_default = threads; }
int default_threads() { return threads_by_default; }

}  // namespace vrusim::cli
