#pragma once
/// Which scenarios may share a burn-in.
#include <cstdint>
#include <string_view>

#include "sim/parameters.hpp"

namespace vrusim {

/// A hash of every scenario key that can act before the first reported week: every key of the
/// schema except the scenario's name and description, run.replicates, run.weeks and the
/// programme, funding and economics sections (the programme acts from the first reported week;
/// funding only pays for it; economics only values the results). Two scenarios with equal keys
/// reach the same state at the end of the burn-in for each seed and replicate; a change to any
/// other key changes the key, so a stale state is never reused. Not defined for the verification
/// mode (which runs no burn-in of the model).
std::uint64_t burn_in_key(const Parameters& parameters);

/// Whether a schema key (dotted, e.g. "funding.grant") is one burn_in_key leaves out.
bool acts_after_burn_in(std::string_view key);

}  // namespace vrusim
