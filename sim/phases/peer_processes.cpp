#include <algorithm>
#include <atomic>

#include "../phases.hpp"
#include "../programme/interventions.hpp"
#include "../parallel.hpp"

namespace vrusim {

namespace {

// Each source (a person who offended recently or carries a weapon) adds one to the exposure
// count of each of its active ties. Pushing from the few sources is much cheaper than every
// person scanning all their ties; the counts are integers, so the result is the same in any order.
void count_exposures(World& w) {
    auto& pop = w.pop;
    const int max_gap = w.max_age_gap_weeks();
    std::fill(pop.exposure.begin(), pop.exposure.end(), 0u);
    parallel::for_each_chunk(tbb::blocked_range<std::uint32_t>(0, pop.size()), [&](const auto& range) {
        for (std::uint32_t u = range.begin(); u != range.end(); ++u) {
            const auto seen = pop.snapshot[u];
            const auto su = snapshot_states(seen);
            const std::uint32_t add = ((su & state::recent_offender) ? 1u : 0u) | ((su & state::carrying) ? 1u << 16 : 0u);
            if (add == 0 || su & (state::in_custody | state::gone)) continue;
            auto push = [&](std::uint32_t v) { std::atomic_ref(pop.exposure[v]).fetch_add(add, std::memory_order_relaxed); };
            const auto targets = w.graph.neighbours(u);
            const auto layers = w.graph.layers(u);
            const auto age_u = snapshot_age(seen);
            for (std::size_t i = 0; i < targets.size(); ++i) {
                // One load gives the tie's age and states: nobody to expose in a vacant slot.
                const auto seen_v = pop.snapshot[targets[i]];
                if (!(snapshot_states(seen_v) & state::gone) && tie_active(layers[i], age_u, snapshot_age(seen_v), max_gap))
                    push(targets[i]);
            }
            const auto* co = &pop.co_offenders[static_cast<std::size_t>(u) * pop.co_offender_capacity];
            for (int i = 0; i < pop.co_offender_capacity; ++i) {
                const auto v = static_cast<std::uint32_t>(co[i]);
                if (co[i] != 0 && person_id(pop, v) == co[i]) push(v);
            }
        }
    });
}

// Probability that at least one of k ties transmits, from a table of 1 - (1 - p)^k.
double any_of(const std::vector<double>& table, int k) {
    return table[std::min<std::size_t>(static_cast<std::size_t>(k), table.size() - 1)];
}

}  // namespace

void peer_processes(World& w) {
    const auto& pi = w.p.peer_influence;
    const auto& wp = w.p.weapons;
    const bool offending = w.p.violence.enabled;
    if (!pi.enabled && !wp.enabled && !offending) return;
    auto& pop = w.pop;
    if (pi.enabled || wp.enabled) count_exposures(w);
    parallel::for_each_chunk(tbb::blocked_range<std::uint32_t>(0, pop.size()), [&](const auto& range) {
        for (std::uint32_t v = range.begin(); v != range.end(); ++v) {
            auto& s = pop.states[v];
            if (s & (state::in_custody | state::gone)) continue;
            // One stream for the pass. The three weekly decisions take the first three draws, in
            // a fixed order, so that a change to one process leaves the others' numbers alone;
            // spell lengths and recoveries draw after them.
            auto r = w.stream(v, rng::Purpose::peers);
            const double u_offend = r.uniform(), u_influence = r.uniform(), u_carry = r.uniform();
            const int offending_ties = static_cast<int>(pop.exposure[v] & 0xffffu);
            const int carrying_ties = static_cast<int>(pop.exposure[v] >> 16);

            if (pi.enabled) {
                if (s & state::influenced) {
                    if (pop.influence_until[v] <= w.week) {
                        s &= static_cast<std::uint16_t>(~state::influenced);
                        if (!r.bernoulli(pi.p_resusceptible)) s |= state::resistant;
                    }
                } else if (!(s & state::resistant) && u_influence < any_of(w.rates.influence_by_ties, offending_ties) *
                                                                          programme_rr(w, v, Effect::peer_influence)) {
                    s |= state::influenced;
                    pop.influence_until[v] = static_cast<std::int16_t>(w.week + r.spell_weeks(pi.duration_mean_weeks));
                }
            }

            if (wp.enabled) {
                if (s & state::carrying) {
                    if (pop.carry_until[v] <= w.week) s &= static_cast<std::uint16_t>(~state::carrying);
                } else {
                    double p_start = 1.0 - (1.0 - w.rates.carry_start_weekly) *
                                               (1.0 - any_of(w.rates.carrying_by_ties, carrying_ties));
                    if (!(pop.traits[v] & trait::male)) p_start *= wp.female_rr;
                    p_start *= programme_rr(w, v, Effect::carrying);
                    if (u_carry < p_start) {
                        s |= state::carrying;
                        pop.carry_until[v] = static_cast<std::int16_t>(w.week + r.spell_weeks(wp.duration_mean_weeks));
                    }
                }
                if (s & state::carrying) pop.last_carried[v] = w.now();
            }

            // The offence decision reads this week's influence state, so it comes last. The hazard
            // is a rate: a very prone person may start several incidents in a week (Poisson).
            if (offending) {
                if (const int k = poisson_count(offending_hazard(w, v), u_offend, max_incidents_per_week); k > 0) {
                    w.marks[v] |= mark::offends;
                    w.offences[v] = static_cast<std::uint8_t>(k);
                }
            }
        }
    });
}

}  // namespace vrusim
