#pragma once
/// Per-slot steps of the life-events pass (family, school, NEET), sharing one random stream:
/// each step's decision uses its own fixed draw `u` (so one process never shifts another's
/// numbers); spell lengths come from later draws of `r`.
#include "../world.hpp"

namespace vrusim {

/// A parent is sent to prison, or comes home.
void family_step(World& w, std::uint32_t v, double u, rng::Stream& r);
/// School suspension or permanent exclusion of a pupil.
void school_step(World& w, std::uint32_t v, double u);
/// A move into or out of NEET.
void neet_step(World& w, std::uint32_t v, double u, rng::Stream& r);

}  // namespace vrusim
