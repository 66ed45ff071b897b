#include "../phases.hpp"
#include "../programme/interventions.hpp"
#include "life_events.hpp"

namespace vrusim {

double neet_static_rr(const Parameters& p, std::uint16_t states) {
    return (states & state::excluded) ? p.neet.rr_excluded : 1.0;
}

void neet_step(World& w, std::uint32_t v, double u, rng::Stream& r) {
    auto& pop = w.pop;
    auto& s = pop.states[v];
    if (s & state::neet) {
        if (pop.neet_until[v] <= w.week) s &= static_cast<std::uint16_t>(~state::neet);
        return;
    }
    if (pop.age_weeks[v] < w.p.neet.min_age * weeks_per_year || s & (state::in_custody | state::gone)) return;
    // Entry rate normalised so the prevalence settles at the target whatever the share excluded.
    const double entry = w.rates.neet_entry_weekly / w.normalisers.neet_rr_mean;
    if (u < entry * neet_static_rr(w.p, s) * programme_rr(w, v, Effect::neet)) {
        s |= state::neet;
        pop.neet_until[v] = static_cast<std::int16_t>(w.week + r.spell_weeks(w.p.neet.spell_mean_weeks));
    }
}

}  // namespace vrusim
