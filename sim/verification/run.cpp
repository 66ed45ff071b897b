#include "run.hpp"

#include <chrono>
#include <stdexcept>

#include "process.hpp"

namespace vrusim::verification {

Network build_network(const VerificationParams& v, std::span<const Tie> given, std::uint64_t seed,
                      std::uint32_t replicate) {
    const auto nodes = static_cast<std::uint32_t>(v.nodes);
    if (v.network == "erdos_renyi") return erdos_renyi(nodes, v.mean_degree, seed, replicate);
    if (v.network == "watts_strogatz")
        return watts_strogatz(nodes, static_cast<std::uint32_t>(v.mean_degree), v.rewiring, seed, replicate);
    if (v.network == "edge_list") return Network::from_ties(nodes, given);
    throw std::invalid_argument("verification: unknown network '" + v.network + "'");
}

ReplicateResult run_replicate(const Parameters& p, std::span<const Tie> given, const RunPlan& plan,
                              const std::function<void(int week)>& on_week) {
    const auto start = std::chrono::steady_clock::now();
    const auto replicate = static_cast<std::uint32_t>(plan.replicate);
    const Network network = build_network(p.verification, given, plan.seed, replicate);
    SpreadProcess process(network, p.peer_influence, plan.seed, replicate);
    process.infect_initial(static_cast<std::uint64_t>(p.verification.initial_infected));

    ReplicateResult result;
    result.plan = plan;
    result.agents = network.nodes();
    result.measures = MeasureCube(p.run.weeks, 1, MeasureSet::verification);
    const int burn_in = p.run.burn_in_weeks;
    const int total = burn_in + p.run.weeks;
    for (int week = 0; week < total; ++week) {
        const WeekCounts c = process.step(week);
        if (week >= burn_in) {
            const int w = week - burn_in;
            result.measures.at(VerificationMeasure::susceptible, w, 0, 0) = c.susceptible;
            result.measures.at(VerificationMeasure::infected, w, 0, 0) = c.infected;
            result.measures.at(VerificationMeasure::recovered, w, 0, 0) = c.recovered;
            result.measures.at(VerificationMeasure::new_infections, w, 0, 0) = c.new_infections;
        }
        if (on_week) on_week(week);
    }
    result.state_hash = process.state_hash() ^ (network.hash() * 0x9E3779B97F4A7C15ULL);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

ReplicateRunner replicate_runner(const Parameters& parameters, std::span<const Tie> given) {
    return [&parameters, given](const RunPlan& plan, const std::function<void(int)>& on_week) {
        return run_replicate(parameters, given, plan, on_week);
    };
}

std::uint64_t estimate_memory_bytes(const VerificationParams& v) {
    const auto nodes = static_cast<std::uint64_t>(v.nodes);
    // An edge list's ties are not known from the keys: io::check_memory adds them from the file's size.
    const auto ties =
        v.network == "edge_list" ? 0 : static_cast<std::uint64_t>(static_cast<double>(nodes) * v.mean_degree / 2);
    // Per node: row start 8, state and snapshot 2, spell end 4, the seeding bitmap; per tie: the
    // generator's list (8) while the CSR columns (2 x 4) are filled.
    return nodes * 15 + ties * 16;
}

}  // namespace vrusim::verification
