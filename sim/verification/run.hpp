#pragma once
/// One replicate of the verification mode: build the network, seed it, run the weeks, record the
/// verification measures. The model library reads no files: an edge list's ties come from the
/// caller (io/edge_list.hpp reads them).
#include <cstdint>
#include <functional>
#include <span>

#include "../ensemble.hpp"
#include "../parameters.hpp"
#include "network.hpp"

namespace vrusim::verification {

/// The network of `verification.network` for this (seed, replicate); `given` holds the ties of
/// an edge list (used, and required, only for network edge_list).
Network build_network(const VerificationParams& v, std::span<const Tie> given, std::uint64_t seed,
                      std::uint32_t replicate);

/// Runs one replicate: burn-in weeks unreported, then run.weeks reported, into a cube of the
/// verification measure set (one area, all counts in the first age band).
ReplicateResult run_replicate(const Parameters& parameters, std::span<const Tie> given, const RunPlan& plan,
                              const std::function<void(int week)>& on_week = {});

/// run_replicate as a ReplicateRunner for run_ensemble; `given` must outlive it.
ReplicateRunner replicate_runner(const Parameters& parameters, std::span<const Tie> given);

/// Peak bytes of one replicate (network, its construction and the node columns), for the memory check.
std::uint64_t estimate_memory_bytes(const VerificationParams& v);

}  // namespace vrusim::verification
