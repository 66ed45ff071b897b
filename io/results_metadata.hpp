#pragma once
/// The metadata a results file records for a loaded scenario (docs/outputs.md): what `vrusim run`
/// writes, and what the explorer writes when it exports a run.
#include <span>

#include "results_writer.hpp"
#include "scenario_loader.hpp"
#include "sim/verification/network.hpp"

namespace vrusim::io {

/// The results file's metadata for `scenario`; `ties` is the verification mode's edge list, if any
/// (its content is hashed into the stored scenario).
ResultsMetadata results_metadata(const LoadedScenario& scenario, std::span<const verification::Tie> ties = {});

}  // namespace vrusim::io
