#include "worker.hpp"

#include <fmt/core.h>
#include <tbb/global_control.h>

#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/scenario_loader.hpp"
#include "io/settled_cache.hpp"
#include "messages.hpp"
#include "sim/burn_in/key.hpp"
#include "tools/progress.hpp"
#include "wire.hpp"

namespace vrusim::cli::mpi {

namespace {

struct Abandoned {};  // the unit is dropped: rank 0 asked, or this rank was sent a stop signal

void send_text(Tag tag, const std::string& text) { send(0, tag, std::span<const char>(text.data(), text.size())); }

// The job's scenarios, exactly as rank 0 has them: loaded from the YAML it sent and checked
// against its burn-in keys. Throws with what is wrong.
std::vector<Parameters> load_job(const Job& job) {
    if (job.build != this_build())
        throw std::runtime_error(fmt::format("runs vrusim {} but rank 0 runs {}: every rank must run the same build",
                                             this_build(), job.build));
    if (job.keys.size() != job.scenarios.size()) throw std::runtime_error("a job from rank 0 is damaged");
    std::vector<Parameters> scenarios;
    for (std::size_t i = 0; i < job.scenarios.size(); ++i) {
        auto loaded = io::load_scenario_text(job.scenarios[i], fmt::format("scenario {} from rank 0", i + 1),
                                             std::filesystem::current_path());
        if (burn_in_key(loaded.parameters) != job.keys[i])
            throw std::runtime_error(fmt::format("scenario {} loads differently here than at rank 0", i + 1));
        scenarios.push_back(std::move(loaded.parameters));
    }
    return scenarios;
}

class JobRunner {
public:
    explicit JobRunner(const Incoming& job_message) {
        try {
            const Job job = decode_job(job_message.bytes);
            limit_.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(std::max(1, job.threads)));
            scenarios_ = load_job(job);
            open_cache(job.burn_in_cache);
        } catch (const std::exception& e) {
            broken_ = true;
            send_text(tag_failed, e.what());
        }
    }

    // Asks for units and runs them until rank 0 says the job is over.
    void run() {
        for (;;) {
            send(0, tag_request);
            const auto unit = next_unit();
            if (!unit) return;
            if (broken_) send_text(tag_failed, "cannot run a unit: this rank could not load the job");
            else run_unit(*unit);
        }
    }

private:
    std::optional<UnitMessage> next_unit() {
        for (;;) {
            const Incoming message = receive(0);
            if (message.tag == tag_unit) return decode_unit(message.bytes);
            if (message.tag == tag_end_job) return std::nullopt;
            // tag_abort_job: rank 0 will end the job in answer to the request just sent.
        }
    }

    void run_unit(const UnitMessage& message) {
        const int total = unit_weeks(scenarios_, message.unit);
        try {
            run_shared_unit(
                scenarios_, message.unit,
                [](const ReplicateResult& result) { send(0, tag_result, encode(result)); },
                [&](int weeks) {
                    check_for_stop();
                    if (weeks % 8 == 0 || weeks == total) {
                        const int values[] = {message.index, weeks};
                        send_ints(0, tag_progress, values);
                    }
                },
                cache_.get());
        } catch (const Abandoned&) {
        } catch (const std::exception& e) {
            send_text(tag_failed, e.what());
        }
    }

    void check_for_stop() {
        if (stop_was_requested()) {
            if (!stop_reported_) {
                const int signal[] = {stop_signal_number()};
                send_ints(0, tag_stopped, signal);
            }
            stop_reported_ = true;
            throw Abandoned{};
        }
        if (try_receive_from_root(tag_abort_job)) throw Abandoned{};
    }

    // Rank 0 checked and made the directory; a node that cannot see it runs without the cache.
    void open_cache(const std::string& directory) {
        if (directory.empty()) return;
        auto warn = [](const std::string& line) {
            fmt::print(stderr, "vrusim-mpi: rank {}: warning: {}\n", this_rank(), line);
        };
        try {
            cache_ = std::make_unique<io::SettledCache>(directory, warn);
        } catch (const std::exception& e) {
            warn(fmt::format("the burn-in cache is not used on this rank: {}", e.what()));
        }
    }

    std::optional<tbb::global_control> limit_;
    std::unique_ptr<io::SettledCache> cache_;
    std::vector<Parameters> scenarios_;
    bool broken_ = false;
    bool stop_reported_ = false;
};

}  // namespace

void serve_rank_zero() {
    // mpirun passes a Ctrl-C or a job's time limit on to every rank as SIGTERM: this rank drops
    // its unit and says so, and rank 0 stops the others and keeps what is finished.
    catch_stop_signals();
    for (;;) {
        const Incoming message = receive(0);
        if (message.tag == tag_quit) return;
        if (message.tag == tag_job) JobRunner(message).run();
        // A late tag_abort_job (the job already over here) needs nothing.
    }
}

}  // namespace vrusim::cli::mpi
