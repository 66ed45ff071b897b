#include <algorithm>
#include <cmath>

#include "../initial_states.hpp"
#include "../phases.hpp"
#include "../parallel.hpp"

namespace vrusim {

namespace {

// The occupant leaves (turned 25, moved away or was killed): the slot is vacant, and a new
// generation number makes every id stored elsewhere (co-offenders, line members) lapse.
std::uint8_t vacate(World& w, std::uint32_t v, int leaver_age_years) {
    auto& pop = w.pop;
    ++pop.generation[v];
    pop.states[v] = state::vacant;
    for (auto* column : pop.person_stamps()) (*column)[v] = never;
    std::fill_n(pop.co_offenders.begin() + static_cast<std::ptrdiff_t>(v) * pop.co_offender_capacity,
                pop.co_offender_capacity, 0);
    pop.cl_line[v] = no_line;
    pop.cl_debt[v] = 0;
    for (auto* column : pop.county_lines_stamps()) (*column)[v] = never;
    if (!pop.programme.empty()) {
        pop.programme[v] = 0;
        pop.programme_until[v] = never;
        pop.programme_from[v] = never;
    }
    return static_cast<std::uint8_t>(mark::left | age_band(leaver_age_years) << mark::leaver_band_shift);
}

// A new person takes the vacant slot at the slot's age: a 10-year-old starting secondary life
// with nothing behind them, or someone older moving in with the history their age implies.
std::uint8_t enter(World& w, std::uint32_t v) {
    auto& pop = w.pop;
    pop.states[v] = 0;
    draw_person(w.p, w.layout, w.seed, w.replicate, v, pop);
    if (pop.age_weeks[v] > age_min_years * weeks_per_year) draw_newcomer_states(w, v);
    return mark::entered;
}

// Missing episodes, exploitation outside a line (or the tail after leaving one) and support end
// when their spells run out; a runner stays exploited while in the line.
void end_county_lines_spells(World& w, std::uint32_t v) {
    auto& pop = w.pop;
    auto& s = pop.states[v];
    std::uint16_t ended = 0;
    if (s & state::missing && pop.missing_until[v] <= w.week) ended |= state::missing;
    if (s & state::exploited && !(s & state::runner) && pop.exploited_until[v] <= w.week) ended |= state::exploited;
    if (s & state::in_support && pop.support_until[v] <= w.week) ended |= state::in_support;
    s &= static_cast<std::uint16_t>(~ended);
}

// At each birthday the changing part of the log offending proneness moves as a stationary AR(1)
// with the given year-to-year correlation around the person's fixed part, so that who offends most
// changes over the years while its spread stays the same (docs/model.md 4.2); the draw follows
// the birthday's move draw in its stream.
void renew_proneness(World& w, std::uint32_t v, rng::Stream& r) {
    const auto& vp = w.p.violence;
    const double rho = vp.offending_proneness_year_correlation, f = vp.offending_proneness_fixed_share;
    if (rho >= 1 || f >= 1 || vp.offending_proneness_sigma <= 0) return;
    auto& pop = w.pop;
    const double z = pop.proneness_z[v];
    const double fixed = f > 0 ? proneness_draws(w.seed, w.replicate, person_id(pop, v)).fixed : 0.0;
    const double next = next_proneness(z, fixed, rho, f, r.normal());
    pop.proneness_z[v] = static_cast<float>(next);
    pop.static_rr[v] = static_cast<float>(pop.static_rr[v] * std::exp(vp.offending_proneness_sigma * (next - z)));
}

// The slot's cohort ages a week. When it turns 25 it starts again at 10, held with the area's
// occupancy at 10; at each birthday in between, occupants move away or newcomers move in so that
// the cohort keeps the area's single-year age structure (docs/model.md 7.3).
std::uint8_t age_slot(World& w, std::uint32_t v) {
    auto& pop = w.pop;
    std::uint8_t marks = 0;
    const int age_years = pop.age_weeks[v] / weeks_per_year;
    if (pop.states[v] & state::dead) marks |= vacate(w, v, age_years);  // killed last week
    const int next = pop.age_weeks[v] + 1;
    if (next % weeks_per_year != 0) {
        pop.age_weeks[v] = static_cast<std::uint16_t>(next);
        return marks;
    }
    // A birthday (or the cohort's 25th): one draw decides the move, from the slot's own stream.
    const auto& cohort = w.layout.cohorts[pop.area[v]];
    auto demography = w.stream(v, rng::Purpose::demography);
    const double u = demography.uniform();
    const bool held = !(pop.states[v] & state::vacant);
    if (next >= (age_max_years + 1) * weeks_per_year) {
        if (held) marks |= vacate(w, v, age_years);
        pop.age_weeks[v] = static_cast<std::uint16_t>(age_min_years * weeks_per_year);
        if (u < cohort.occupancy[0]) marks |= enter(w, v);
        return marks;
    }
    pop.age_weeks[v] = static_cast<std::uint16_t>(next);
    const int i = age_years - age_min_years;  // the year just completed
    if (held && !(pop.states[v] & state::in_custody) && u < cohort.leave[i])
        marks |= vacate(w, v, age_years);
    else if (!held && u < cohort.fill[i])
        marks |= enter(w, v);
    else if (held)
        renew_proneness(w, v, demography);
    return marks;
}

}  // namespace

void age_and_turn_over(World& w) {
    auto& pop = w.pop;
    const int window = w.p.peer_influence.source_window_weeks;
    parallel::for_each_chunk(tbb::blocked_range<std::uint32_t>(0, pop.size()), [&](const auto& range) {
        for (std::uint32_t v = range.begin(); v != range.end(); ++v) {
            w.marks[v] = age_slot(w, v);
            auto& s = pop.states[v];
            if (s & state::vacant) continue;
            if (s & state::in_custody && pop.custody_until[v] <= w.week) s &= static_cast<std::uint16_t>(~state::in_custody);
            if (s & (state::missing | state::exploited | state::in_support)) end_county_lines_spells(w, v);
            // A recent offender is a source of violent peer influence.
            if (weeks_since(pop.last_offence[v], w.week) < window)
                s |= state::recent_offender;
            else
                s &= static_cast<std::uint16_t>(~state::recent_offender);
        }
    });
}

}  // namespace vrusim
