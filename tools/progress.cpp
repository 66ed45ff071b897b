#include "progress.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>

namespace vrusim::cli {

namespace {

std::atomic<bool> stop_requested{false};
std::atomic<int> stop_signal{0};
extern "C" void on_stop_signal(int signal) {
    stop_signal = signal;
    stop_requested = true;
}

}  // namespace

void catch_stop_signals() {
    stop_requested = false;
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal, on_stop_signal);
}

const char* stop_signal_name() {
    switch (stop_signal.load()) {
        case SIGINT: return "Ctrl-C (SIGINT)";
        case SIGTERM: return "SIGTERM (a job's time limit, or kill)";
        case SIGHUP: return "SIGHUP (the terminal closed)";
        default: return "a signal";
    }
}

bool stop_was_requested() { return stop_requested; }

void request_stop(int signal) {
    int none = 0;
    stop_signal.compare_exchange_strong(none, signal);
    stop_requested = true;
}

int stop_signal_number() { return stop_signal; }

int interrupted_exit() { return 128 + (stop_signal != 0 ? stop_signal.load() : SIGINT); }

Reporter::Reporter(std::function<void(const ReplicateResult&)> forward, std::size_t results, std::int64_t total_weeks,
                   bool quiet, const char* noun)
    : forward_(std::move(forward)),
      results_(results),
      total_weeks_(total_weeks),
      quiet_(quiet),
      tty_(isatty(STDERR_FILENO) != 0),
      noun_(noun) {}

void Reporter::count_groups(std::vector<std::size_t> needed, const char* group_noun) {
    group_needed_ = std::move(needed);
    group_noun_ = group_noun;
}

void Reporter::replicate_done(const ReplicateResult& result) {
    ++done_;
    const auto group = static_cast<std::size_t>(result.plan.scenario);
    if (group < group_needed_.size() && group_needed_[group] > 0) --group_needed_[group];
    if (forward_) forward_(result);
    if (keep) kept.push_back(result);
    report(true);
}

void Reporter::progress(const RunPlan& plan, int week, int total_weeks) {
    // Not at a unit's last week: its results are about to be delivered, and are kept.
    if (stop_requested && week < total_weeks) throw Interrupted{};
    unit_weeks_[{plan.scenario, plan.replicate}] = week;
    report(false);
}

void Reporter::finish_line() const {
    if (!quiet_ && tty_) std::fputs("\n", stderr);
}

void Reporter::report(bool always) {
    if (quiet_) return;
    const auto now = std::chrono::steady_clock::now();
    const double since_last = std::chrono::duration<double>(now - last_).count();
    if (!always && since_last < (tty_ ? 0.5 : 10.0)) return;
    last_ = now;
    std::int64_t weeks = 0;
    for (const auto& [unit, w] : unit_weeks_) weeks += w;
    const double fraction = total_weeks_ > 0 ? std::min(1.0, static_cast<double>(weeks) / static_cast<double>(total_weeks_)) : 1.0;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const std::string eta =
        fraction > 0.02 && fraction < 1 ? fmt::format(", about {:.0f} s left", elapsed / fraction * (1 - fraction)) : "";
    std::string groups;
    if (group_noun_ != nullptr) {
        const auto left = std::count_if(group_needed_.begin(), group_needed_.end(), [](std::size_t n) { return n > 0; });
        groups = fmt::format("{}/{} {}s and ", group_needed_.size() - static_cast<std::size_t>(left),
                             group_needed_.size(), group_noun_);
    }
    // Progress is a courtesy: written with stdio, whose failure (a closed stderr) never stops the run.
    const std::string line = fmt::format("{}run: {}{}/{} {} done, {:.0f}% of the work, {:.0f} s elapsed{}{}",
                                         tty_ ? "\r" : "", groups, done_, results_, noun_, 100 * fraction, elapsed, eta,
                                         tty_ ? "   " : "\n");
    std::fputs(line.c_str(), stderr);
}

}  // namespace vrusim::cli
