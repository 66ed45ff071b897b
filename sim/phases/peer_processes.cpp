#include <tbb/parallel_for.h>

#include <algorithm>

#include "../phases.hpp"

namespace vrusim {

namespace {

struct Exposure {
    int offending_ties = 0;  ///< active ties who offended recently
    int carrying_ties = 0;   ///< active ties who carry a weapon
};

// Counts exposures over the static layers and the co-offending layer, from last week's states.
Exposure count_exposure(const World& w, std::uint32_t v) {
    const auto& pop = w.pop;
    const int max_gap = w.max_age_gap_weeks();
    Exposure e;
    auto visit = [&](std::uint16_t su) {
        if (su & (state::in_custody | state::dead)) return;
        e.offending_ties += (su & state::recent_offender) != 0;
        e.carrying_ties += (su & state::carrying) != 0;
    };
    const auto targets = w.graph.neighbours(v);
    const auto layers = w.graph.layers(v);
    const auto age_v = pop.age_weeks[v];
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto seen = pop.snapshot[targets[i]];
        if (tie_active(layers[i], age_v, snapshot_age(seen), max_gap)) visit(snapshot_states(seen));
    }
    const auto* co = &pop.co_offenders[static_cast<std::size_t>(v) * pop.co_offender_capacity];
    for (int i = 0; i < pop.co_offender_capacity; ++i) {
        const auto u = static_cast<std::uint32_t>(co[i]);
        if (co[i] != 0 && person_id(pop, u) == co[i]) visit(snapshot_states(pop.snapshot[u]));
    }
    return e;
}

// Probability that at least one of k ties transmits, from a table of 1 - (1 - p)^k.
double any_of(const std::vector<double>& table, int k) {
    return table[std::min<std::size_t>(static_cast<std::size_t>(k), table.size() - 1)];
}

}  // namespace

void peer_processes(World& w) {
    const auto& pi = w.p.peer_influence;
    const auto& wp = w.p.weapons;
    if (!pi.enabled && !wp.enabled) return;
    auto& pop = w.pop;
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, pop.size()), [&](const auto& range) {
        for (std::uint32_t v = range.begin(); v != range.end(); ++v) {
            auto& s = pop.states[v];
            if (s & (state::in_custody | state::dead)) continue;
            const bool susceptible = pi.enabled && !(s & (state::influenced | state::resistant));
            const bool may_start_carrying = wp.enabled && !(s & state::carrying);
            const Exposure e = (susceptible || may_start_carrying) ? count_exposure(w, v) : Exposure{};
            auto r = w.stream(v, rng::Purpose::peer_influence);

            if (pi.enabled) {
                if (s & state::influenced) {
                    if (pop.influence_until[v] <= w.week) {
                        s &= static_cast<std::uint16_t>(~state::influenced);
                        if (!r.bernoulli(pi.p_resusceptible)) s |= state::resistant;
                    }
                } else if (susceptible && r.bernoulli(any_of(w.rates.influence_by_ties, e.offending_ties))) {
                    s |= state::influenced;
                    pop.influence_until[v] = static_cast<std::int16_t>(w.week + r.spell_weeks(pi.duration_mean_weeks));
                }
            }

            if (wp.enabled) {
                auto q = w.stream(v, rng::Purpose::weapons);
                if (s & state::carrying) {
                    if (pop.carry_until[v] <= w.week) s &= static_cast<std::uint16_t>(~state::carrying);
                } else {
                    const double p_start = 1.0 - (1.0 - w.rates.carry_start_weekly) *
                                                     (1.0 - any_of(w.rates.carrying_by_ties, e.carrying_ties));
                    if (q.bernoulli(p_start)) {
                        s |= state::carrying;
                        pop.carry_until[v] = static_cast<std::int16_t>(w.week + q.spell_weeks(wp.duration_mean_weeks));
                    }
                }
                if (s & state::carrying) pop.last_carried[v] = w.now();
            }
        }
    });
}

}  // namespace vrusim
