#pragma once
/// Pieces of the county-lines phase shared by its two files: lines (county_lines.cpp) and the
/// people they exploit (exploitation.cpp). Everything here runs serially.
#include <algorithm>

#include "../phases.hpp"

namespace vrusim::cl {

/// Subjects of the place streams: one per line or area and week, a different kind per sub-step
/// so that no two sub-steps share numbers.
enum class Place : std::uint32_t {
    // 1-3 are synthesis places (population.cpp), 4 the vulnerable adults (county_lines.cpp).
    line_enforcement = 5,
    line_search = 6,
    line_cuckooing = 7,
    line_rivalry = 8,
    area_entry = 9,
    area_approaches = 10,
    area_missing = 11,
    line_state = 12,
};
inline rng::Stream place_stream(const World& w, Place kind, std::uint32_t index) {
    return rng::Stream(w.seed, w.replicate, rng::place_subject(static_cast<std::uint32_t>(kind), index), w.week,
                       rng::Purpose::county_lines);
}

/// The slot of a stored person id if its person still holds the slot, else no_agent.
inline std::uint32_t current_slot(const Population& pop, std::uint64_t id) {
    const auto v = static_cast<std::uint32_t>(id);
    return id != 0 && person_id(pop, v) == id ? v : no_agent;
}

inline bool room(const World& w, std::uint32_t l) {
    const auto& lines = w.cl->lines;
    return lines.live(l) && lines.staff(l) < w.p.county_lines.runners_target &&
           lines.n_runners[l] < LineTable::runners_cap;
}

/// Keeps the runners of line l for which keep(slot) is true, in joining order; ids whose person
/// no longer holds the slot (turned 25, or died last week) are dropped whatever keep says.
template <class Keep>
void filter_runners(World& w, std::uint32_t l, Keep keep) {
    auto& lines = w.cl->lines;
    auto* list = lines.runners_of(l);
    int kept = 0;
    for (int i = 0; i < lines.n_runners[l]; ++i) {
        const auto v = current_slot(w.pop, list[i]);
        if (v != no_agent && keep(v)) list[kept++] = list[i];
    }
    std::fill(list + kept, list + lines.n_runners[l], 0);
    lines.n_runners[l] = static_cast<std::uint8_t>(kept);
}

/// v joins line l as a runner (its member list, state and the start of exploitation).
void join_line(World& w, std::uint32_t v, std::uint32_t l, rng::Stream& r);
/// v leaves its line (the caller removes it from the member list): still counted as exploited
/// for a short tail.
void leave_line(World& w, std::uint32_t v, rng::Stream& r);
/// v is identified as exploited and referred (MASH; NRM with some probability), and may start support.
void refer(World& w, std::uint32_t v, std::uint8_t flags, std::uint32_t line, rng::Stream& r);
/// v starts a missing episode.
void start_missing(World& w, std::uint32_t v, std::uint8_t flags, rng::Stream& r);

/// Runners' week, line by line: deployment, revenue and debt, missing episodes, routine arrests,
/// robbery and punishment, exit.
void runner_weeks(World& w);
/// Recruitment: tie searches by lines short of runners, then street approaches in each area.
void recruit(World& w);
/// Background missing episodes (not caused by a deployment), by area.
void background_missing(World& w);

}  // namespace vrusim::cl
