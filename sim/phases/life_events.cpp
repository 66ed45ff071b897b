#include "../phases.hpp"
#include "life_events.hpp"
#include "../parallel.hpp"

namespace vrusim {

void life_events(World& w) {
    const bool family = w.p.family.enabled, school = w.p.school.enabled, neet = w.p.neet.enabled;
    if (!family && !school && !neet) return;
    parallel::for_each_chunk(tbb::blocked_range<std::uint32_t>(0, w.pop.size()), [&](const auto& range) {
        for (std::uint32_t v = range.begin(); v != range.end(); ++v) {
            if (w.pop.states[v] & state::gone) continue;
            auto r = w.stream(v, rng::Purpose::life_events);
            const double u_family = r.uniform(), u_school = r.uniform(), u_neet = r.uniform();
            if (family) family_step(w, v, u_family, r);
            if (school) school_step(w, v, u_school);
            if (neet) neet_step(w, v, u_neet, r);
        }
    });
}

void take_snapshot(World& w) {
    auto& pop = w.pop;
    parallel::for_each_chunk(tbb::blocked_range<std::uint32_t>(0, pop.size()), [&](const auto& range) {
        for (std::uint32_t v = range.begin(); v != range.end(); ++v)
            pop.snapshot[v] = static_cast<std::uint32_t>(pop.age_weeks[v]) << 16 | pop.states[v];
    });
}

}  // namespace vrusim
