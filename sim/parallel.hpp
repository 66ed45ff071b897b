#pragma once
/// oneTBB's parallel loops with their fork and join made visible to ThreadSanitizer.
///
/// Debian's libtbb is not built with ThreadSanitizer, so the synchronisation by which a loop's
/// chunks start after the caller's writes, and the caller resumes after every chunk's writes,
/// happens inside libtbb.so where the sanitizer cannot see it; every loop body would then be
/// reported as racing with the code around the loop. Under ThreadSanitizer these wrappers
/// declare those two edges (release before the loop, acquire at each chunk's start; release at
/// each chunk's end, acquire after the loop), so what is left to report is a real race between
/// chunks. In any other build they are the TBB calls themselves.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/parallel_sort.h>
#include <tbb/partitioner.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <utility>

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#endif

namespace vrusim::parallel {

/// Thrown when the loop over units of work is being cancelled (a stop or a failure in another
/// unit): the unit gives up at its next check. TBB drops this exception in favour of the one that
/// cancelled the loop.
struct Cancelled {};

inline void throw_if_cancelled() {
    if (tbb::is_current_task_group_canceling()) throw Cancelled{};
}

/// Called when an (isolated, hence complete) loop inside a unit returns, so that a stop elsewhere
/// ends this unit within one loop rather than one week. Under ThreadSanitizer it does nothing
/// (unwinding from deep inside a unit was reported as races on stack TBB's uninstrumented
/// workers had used); units there stop at their weekly check.
inline void after_loop() {
#if !defined(__SANITIZE_THREAD__)
    throw_if_cancelled();
#endif
}

/// The two happens-before edges of one parallel loop (no-ops outside ThreadSanitizer builds).
class ForkJoin {
public:
#if defined(__SANITIZE_THREAD__)
    ForkJoin() = default;
    ~ForkJoin() { __tsan_acquire(&join_); }
    ForkJoin(const ForkJoin&) = delete;
    ForkJoin& operator=(const ForkJoin&) = delete;
    /// Called last before the loop starts, with the closure the chunks will run: the empty asm
    /// makes the compiler finish building it before the release (else it may sink those stores
    /// past the call, and the chunks' reads of its captures look racy).
    void fork(const void* closure) {
        asm volatile("" : : "r"(closure) : "memory");
        __tsan_release(&fork_);
    }
    void chunk_starts() { __tsan_acquire(&fork_); }
    void chunk_ends() { __tsan_release(&join_); }

private:
    char fork_ = 0, join_ = 0;
#else
    void fork(const void*) {}
    void chunk_starts() {}
    void chunk_ends() {}
#endif
};

namespace detail {
/// tbb::parallel_for with the fork-join edges, in the given cancellation context.
template <typename Range, typename Body, typename... Partitioner>
void for_each_chunk_in(tbb::task_group_context& context, const Range& range, const Body& body,
                       Partitioner&&... partitioner) {
    ForkJoin edges;
    // A chunk's end is declared also when its body throws: TBB joins the chunks on that path
    // too, and ThreadSanitizer must be told.
    struct ChunkEnd {
        ForkJoin& edges;
        ~ChunkEnd() { edges.chunk_ends(); }
    };
    const auto each = [&](const Range& chunk) {
        edges.chunk_starts();
        const ChunkEnd end{edges};
        body(chunk);
    };
    edges.fork(&each);
    tbb::parallel_for(range, each, std::forward<Partitioner>(partitioner)..., context);
}
}  // namespace detail

/// tbb::parallel_for over a range: body(subrange) for each chunk. The loop runs in an isolated
/// cancellation context: a stop or failure in another unit of work never makes TBB skip some of
/// its chunks, so whatever follows it (a graph built from its output) never sees half-done work.
/// The unit notices the stop when the loop returns or at its weekly check.
template <typename Range, typename Body, typename... Partitioner>
void for_each_chunk(const Range& range, const Body& body, Partitioner&&... partitioner) {
    tbb::task_group_context isolated(tbb::task_group_context::isolated);
    detail::for_each_chunk_in(isolated, range, body, std::forward<Partitioner>(partitioner)...);
    after_loop();
}

/// The loop over independent units of work (replicates): one unit per task, and a unit that throws
/// cancels the others, which see it through throw_if_cancelled (their own loops run to the end).
template <typename Body>
void for_each_unit(std::size_t count, const Body& body) {
    tbb::task_group_context bound(tbb::task_group_context::bound);
    detail::for_each_chunk_in(
        bound, tbb::blocked_range<std::size_t>(0, count, 1),
        [&](const tbb::blocked_range<std::size_t>& range) {
            for (std::size_t i = range.begin(); i != range.end(); ++i) body(i);
        },
        tbb::simple_partitioner());
}

/// tbb::parallel_for over the indices [first, last): body(i) for each.
template <typename Index, typename Body>
void for_each_index(Index first, Index last, const Body& body) {
    for_each_chunk(tbb::blocked_range<Index>(first, last), [&](const tbb::blocked_range<Index>& chunk) {
        for (Index i = chunk.begin(); i != chunk.end(); ++i) body(i);
    });
}

/// tbb::parallel_reduce with a body(subrange, value) -> value and an associative, commutative
/// join. TBB hands the partial values between its own objects, which the edges above cannot
/// reach, so under ThreadSanitizer the chunks run through for_each_chunk and merge under a
/// mutex (the sanitizer sees a mutex); the result is the same when the join is exact (the
/// integer counts it is used for).
template <typename Range, typename Value, typename Body, typename Join>
Value reduce(const Range& range, const Value& identity, const Body& body, const Join& join) {
#if defined(__SANITIZE_THREAD__)
    Value total = identity;
    std::mutex merging;
    for_each_chunk(range, [&](const Range& chunk) {
        Value part = body(chunk, identity);
        std::lock_guard lock(merging);
        total = join(total, part);
    });
    return total;
#else
    tbb::task_group_context isolated(tbb::task_group_context::isolated);
    Value total = tbb::parallel_reduce(range, identity, body, join, isolated);
    after_loop();
    return total;
#endif
}

/// tbb::parallel_sort. Its tasks cannot be given the edges above, so under ThreadSanitizer it is
/// std::sort, which gives the same order (the keys sorted are plain integers).
template <typename Iterator>
void sort(Iterator first, Iterator last) {
#if defined(__SANITIZE_THREAD__)
    std::sort(first, last);
#else
    // parallel_sort takes no context: its tasks inherit the isolated one of the group it runs in.
    tbb::task_group_context isolated(tbb::task_group_context::isolated);
    tbb::task_group group(isolated);
    group.run_and_wait([&] { tbb::parallel_sort(first, last); });
    after_loop();
#endif
}

}  // namespace vrusim::parallel
