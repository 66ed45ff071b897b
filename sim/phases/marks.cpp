#include "../phases.hpp"

namespace vrusim {

void emit_marked_events(World& w) {
    const auto n = w.pop.size();
    for (std::uint32_t v = 0; v < n; ++v) {
        const auto m = w.marks[v];
        if (m == 0) continue;
        auto push = [&](EventType type, std::uint8_t flags = 0) { w.events.push({w.week, type, flags, v, no_agent}); };
        // left_cohort carries the leaver's age band in its flags: the slot already holds the newcomer.
        if (m & mark::left) push(EventType::left_cohort, static_cast<std::uint8_t>(m >> mark::leaver_band_shift));
        if (m & mark::entered) push(EventType::entered_cohort);
        if (m & mark::parent_imprisoned) push(EventType::parent_imprisoned);
        if (m & mark::suspended) push(EventType::suspension);
        if (m & mark::excluded) push(EventType::permanent_exclusion);
    }
}

}  // namespace vrusim
