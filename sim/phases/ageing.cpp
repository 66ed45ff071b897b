#include <tbb/parallel_for.h>

#include <algorithm>

#include "../phases.hpp"

namespace vrusim {

namespace {

// A new 10-year-old takes the slot: new person, same position, nothing carried over.
void refill_slot(World& w, std::uint32_t v) {
    auto& pop = w.pop;
    ++pop.generation[v];
    pop.age_weeks[v] = static_cast<std::uint16_t>(age_min_years * weeks_per_year);
    pop.states[v] = 0;
    for (auto* column : {&pop.carry_until, &pop.influence_until, &pop.neet_until, &pop.parent_prison_until,
                         &pop.custody_until, &pop.last_offence, &pop.last_victimised, &pop.last_tie_victimised,
                         &pop.last_carried, &pop.last_suspended, &pop.last_arrested})
        (*column)[v] = never;
    std::fill_n(pop.co_offenders.begin() + static_cast<std::ptrdiff_t>(v) * pop.co_offender_capacity,
                pop.co_offender_capacity, 0);
    pop.cl_line[v] = no_line;
    pop.cl_debt[v] = 0;
    for (auto* column : pop.county_lines_stamps()) (*column)[v] = never;
    draw_person(w.p, w.layout, w.seed, w.replicate, v, pop);
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

}  // namespace

void age_and_turn_over(World& w) {
    auto& pop = w.pop;
    const auto leave_at = static_cast<std::uint16_t>((age_max_years + 1) * weeks_per_year);
    const int window = w.p.peer_influence.source_window_weeks;
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, pop.size()), [&](const auto& range) {
        for (std::uint32_t v = range.begin(); v != range.end(); ++v) {
            std::uint8_t marks = 0;
            if (pop.states[v] & state::dead || pop.age_weeks[v] + 1 >= leave_at) {
                const int band = age_band(pop.age_weeks[v] / weeks_per_year);
                refill_slot(w, v);
                marks = static_cast<std::uint8_t>(mark::left | mark::entered | band << mark::leaver_band_shift);
            } else {
                ++pop.age_weeks[v];
            }
            auto& s = pop.states[v];
            if (s & state::in_custody && pop.custody_until[v] <= w.week) s &= static_cast<std::uint16_t>(~state::in_custody);
            if (s & (state::missing | state::exploited | state::in_support)) end_county_lines_spells(w, v);
            // A recent offender is a source of violent peer influence.
            if (weeks_since(pop.last_offence[v], w.week) < window)
                s |= state::recent_offender;
            else
                s &= static_cast<std::uint16_t>(~state::recent_offender);
            w.marks[v] = marks;
        }
    });
}

}  // namespace vrusim
