#include "../phases.hpp"
#include "life_events.hpp"

namespace vrusim {

void family_step(World& w, std::uint32_t v, double u, rng::Stream& r) {
    auto& pop = w.pop;
    auto& s = pop.states[v];
    if (s & state::parent_in_prison) {
        if (pop.parent_prison_until[v] <= w.week) s &= static_cast<std::uint16_t>(~state::parent_in_prison);
        return;
    }
    if (pop.age_weeks[v] >= 18 * weeks_per_year) return;
    if (u < w.rates.parent_prison_weekly) {
        s |= state::parent_in_prison;
        pop.parent_prison_until[v] = static_cast<std::int16_t>(w.week + r.spell_weeks(w.p.family.parent_prison_weeks_mean));
        w.marks[v] |= mark::parent_imprisoned;
    }
}

}  // namespace vrusim
