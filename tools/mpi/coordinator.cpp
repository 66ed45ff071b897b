#include "coordinator.hpp"

#include <fmt/core.h>
#include <tbb/global_control.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "io/scenario_loader.hpp"
#include "messages.hpp"
#include "sim/burn_in/key.hpp"
#include "tools/progress.hpp"
#include "wire.hpp"

namespace vrusim::cli::mpi {

namespace {

struct Abandoned {};  // rank 0's own unit, dropped on a stop or a failure

/// One job: the units, who has them, what has come back.
class Coordinator {
public:
    Coordinator(std::span<const Parameters> scenarios, std::span<const SharedUnit> units, RunObserver& observer,
                io::SettledCache* cache)
        : scenarios_(scenarios), units_(units), observer_(observer), cache_(cache),
          ranks_still_working_(rank_count() - 1) {}

    void run() {
        send_job();
        std::thread own([this] { compute_here(); });
        try {
            coordinate();
        } catch (...) {
            stopping_ = true;  // rank 0's own unit ends at its next week
            own.join();
            throw;
        }
        own.join();
        if (failure_) std::rethrow_exception(failure_);
        if (interrupted_) throw Interrupted{};
    }

private:
    void send_job() {
        Job job;
        job.build = this_build();
        job.threads = static_cast<int>(
            tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
        for (const auto& p : scenarios_) {
            job.scenarios.push_back(io::scenario_yaml(p, "", ""));
            job.keys.push_back(burn_in_key(p));
        }
        if (cache_) job.burn_in_cache = std::filesystem::absolute(cache_->directory()).string();
        const auto bytes = encode(job);
        for (int rank = 1; rank < rank_count(); ++rank) send(rank, tag_job, bytes);
    }

    // Rank 0's own share, on a thread that never calls MPI: results and progress go to the inbox.
    void compute_here() {
        try {
            for (;;) {
                if (stopping_) break;
                const std::size_t i = next_unit_++;
                if (i >= units_.size()) break;
                const int total = unit_weeks(scenarios_, units_[i]);
                run_shared_unit(
                    scenarios_, units_[i],
                    [&](const ReplicateResult& result) {
                        std::lock_guard lock(inbox_mutex_);
                        inbox_results_.push_back(result);
                    },
                    [&](int weeks) {
                        if (stopping_) throw Abandoned{};
                        if (weeks % 8 == 0 || weeks == total) {
                            std::lock_guard lock(inbox_mutex_);
                            inbox_progress_.emplace_back(static_cast<int>(i), weeks);
                        }
                    },
                    cache_);
            }
        } catch (const Abandoned&) {
        } catch (...) {
            std::lock_guard lock(inbox_mutex_);
            inbox_failure_ = std::current_exception();
        }
        std::lock_guard lock(inbox_mutex_);
        own_done_ = true;
    }

    void coordinate() {
        PollPause pause(std::chrono::microseconds(1000));
        for (;;) {
            bool busy = drain_inbox();
            while (auto message = try_receive(MPI_ANY_SOURCE)) {
                handle(*message);
                busy = true;
            }
            if (stop_was_requested() && !stopping_) {
                interrupted_ = true;
                stop_everyone();
            }
            if (own_finished_ && ranks_still_working_ == 0) return;
            if (busy) pause.busy();
            else pause.idle();
        }
    }

    bool drain_inbox() {
        std::vector<ReplicateResult> results;
        std::vector<std::pair<int, int>> progress;
        std::exception_ptr failure;
        {
            std::lock_guard lock(inbox_mutex_);
            results.swap(inbox_results_);
            progress.swap(inbox_progress_);
            failure = std::exchange(inbox_failure_, nullptr);
            own_finished_ = own_done_;
        }
        for (const auto& r : results) deliver(r);
        for (const auto& [unit, weeks] : progress) report_progress(unit, weeks);
        if (failure) fail(failure);
        return !results.empty() || !progress.empty();
    }

    void handle(const Incoming& message) {
        try {
            switch (message.tag) {
                case tag_request: give_unit(message.source); break;
                case tag_result: deliver(decode_result(message.bytes)); break;
                case tag_progress: {
                    const auto values = ints_of(message);
                    if (values.size() == 2) report_progress(values[0], values[1]);
                    break;
                }
                case tag_failed:
                    fail(std::make_exception_ptr(std::runtime_error(
                        fmt::format("rank {}: {}", message.source, std::string(message.bytes.begin(), message.bytes.end())))));
                    break;
                case tag_stopped: {
                    const auto signal = ints_of(message);
                    request_stop(signal.empty() ? 0 : signal[0]);
                    if (!stopping_)
                        fmt::print(stderr, "\nrank {} was stopped by {}; stopping every rank\n", message.source,
                                   stop_signal_name());
                    interrupted_ = true;
                    stop_everyone();
                    break;
                }
                default: break;
            }
        } catch (...) {
            fail(std::current_exception());
        }
    }

    void give_unit(int rank) {
        const std::size_t i = stopping_ ? units_.size() : next_unit_++;
        if (i >= units_.size()) {
            send(rank, tag_end_job);
            --ranks_still_working_;
            return;
        }
        send(rank, tag_unit, encode(UnitMessage{static_cast<int>(i), units_[i]}));
    }

    // Results are written as they come, also while stopping on a signal (each one saved is one a
    // resume need not run), but not after a failure, which may be the writing itself.
    void deliver(const ReplicateResult& result) {
        if (failure_) return;
        try {
            observer_.replicate_done(result);
        } catch (...) {
            fail(std::current_exception());
        }
    }

    // The observer throws Interrupted from progress once a stop is asked for: here that is the
    // stop, not a failure, and the results still arriving are written.
    void report_progress(int unit, int weeks) {
        if (unit < 0 || static_cast<std::size_t>(unit) >= units_.size()) return;
        const SharedUnit& u = units_[static_cast<std::size_t>(unit)];
        const int first = u.scenarios.at(0);
        try {
            observer_.progress({first, u.replicate, scenarios_[static_cast<std::size_t>(first)].run.seed}, weeks,
                               unit_weeks(scenarios_, u));
        } catch (const Interrupted&) {
            interrupted_ = true;
            stop_everyone();
        }
    }

    void fail(std::exception_ptr failure) {
        if (!failure_) failure_ = std::move(failure);
        stop_everyone();
    }

    void stop_everyone() {
        if (stopping_.exchange(true)) return;
        for (int rank = 1; rank < rank_count(); ++rank) send(rank, tag_abort_job);
    }

    std::span<const Parameters> scenarios_;
    std::span<const SharedUnit> units_;
    RunObserver& observer_;
    io::SettledCache* cache_;  // null: none
    std::atomic<std::size_t> next_unit_{0};
    std::atomic<bool> stopping_{false};
    int ranks_still_working_;  // ranks not yet told the job is over
    bool own_finished_ = false;
    bool interrupted_ = false;
    std::exception_ptr failure_;

    std::mutex inbox_mutex_;  // rank 0's own thread to this one
    std::vector<ReplicateResult> inbox_results_;
    std::vector<std::pair<int, int>> inbox_progress_;
    std::exception_ptr inbox_failure_;
    bool own_done_ = false;
};

}  // namespace

void run_units_on_ranks(std::span<const Parameters> scenarios, std::span<const SharedUnit> units, RunObserver& observer,
                        io::SettledCache* cache) {
    Coordinator(scenarios, units, observer, cache).run();
}

void release_ranks() {
    for (int rank = 1; rank < rank_count(); ++rank) send(rank, tag_quit);
}

}  // namespace vrusim::cli::mpi
