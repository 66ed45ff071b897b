#pragma once
/// Running a piece of work with an exact number of worker threads, for the determinism tests.
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <cstddef>
#include <utility>

namespace vrusim::testing {

/// Runs `work` with exactly `threads` worker threads, even above the machine's core count.
template <class F>
auto with_threads(int threads, F&& work) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    return arena.execute(std::forward<F>(work));
}

}  // namespace vrusim::testing
