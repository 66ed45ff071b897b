#include "interventions.hpp"

#include "../parallel.hpp"
#include "../phases.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vrusim {

namespace {

// The person's stream for intervention i this week: one stream per person and week, intervention
// i starting at block i (four numbers; an offer takes at most three), so two interventions never
// share a draw and none has to draw past the others'.
rng::Stream person_stream(const World& w, std::uint32_t v, std::size_t i) {
    auto r = w.stream(v, rng::Purpose::programme);
    r.seek_block(static_cast<std::uint32_t>(i));
    return r;
}

// A group effect: v's co-offenders who are present and not taking part in an intervention take
// part with v, for v's stay, without places (focused deterrence's call-in reaches the group).
void join_co_offenders(World& w, std::size_t i, std::uint32_t v) {
    auto& pop = w.pop;
    const auto* list = &pop.co_offenders[static_cast<std::size_t>(v) * pop.co_offender_capacity];
    for (int k = 0; k < pop.co_offender_capacity; ++k) {
        const auto u = static_cast<std::uint32_t>(list[k]);
        if (list[k] == 0 || person_id(pop, u) != list[k]) continue;
        if (pop.states[u] & (state::gone | state::in_custody) || taking_part(pop, u, w.week)) continue;
        pop.programme[u] = static_cast<std::uint8_t>(i + 1);
        pop.programme_until[u] = pop.programme_until[v];
        pop.programme_from[u] = pop.programme_from[v];
    }
}

// Offers v a place in intervention i: v starts with chance take_up. True if v started.
bool offer(World& w, const InterventionSpec& in, std::size_t i, std::uint32_t v, rng::Stream& r) {
    const bool takes_it = r.bernoulli(in.take_up);
    w.events.push({w.week, EventType::programme_offer, static_cast<std::uint8_t>(takes_it), v,
                   static_cast<std::uint32_t>(i)});
    if (!takes_it) return false;
    // The offer comes after the week's violence, so the stay's weeks are the next ones: from week
    // + 1 to week + stay, and the effect lasts the whole stay.
    w.pop.programme[v] = static_cast<std::uint8_t>(i + 1);
    w.pop.programme_until[v] = static_cast<std::int16_t>(w.week + 1 + r.spell_weeks(in.duration_weeks));
    w.pop.programme_from[v] = w.now();
    w.events.push({w.week, EventType::programme_start, 0, v, static_cast<std::uint32_t>(i)});
    ++w.programme->starts[static_cast<std::size_t>(w.programme->year) * w.p.programme.interventions.size() + i];
    if (in.reaches_co_offenders) join_co_offenders(w, i, v);
    return true;
}

// Money for intervention i has ended (it had some last year, none this year): with on_stop
// drop_out, those taking part leave now and the effect fades from here.
void end_stays(World& w, std::size_t i) {
    for (std::uint32_t v = 0; v < w.pop.size(); ++v)
        if (w.pop.programme[v] == i + 1 && taking_part(w.pop, v, w.week))
            w.pop.programme_until[v] = static_cast<std::int16_t>(w.week);
}

// A year's places from their exact number (simulated): rounded up or down at random, from a
// stream of the intervention, kind and year, so that a fraction of a place is kept on average.
int places_this_year(const World& w, double exact, std::uint32_t kind, std::size_t i, int year) {
    rng::Stream r(w.seed, w.replicate, rng::place_subject(kind, static_cast<std::uint32_t>(i)), year,
                  rng::Purpose::programme);
    return static_cast<int>(std::floor(exact)) + (r.bernoulli(exact - std::floor(exact)) ? 1 : 0);
}

// A new financial year: each intervention's weeks of it and its places (what its money buys),
// rounded at random (from a stream of the intervention and year) so that a fraction of a place is
// kept on average.
void new_financial_year(World& w, ProgrammeState& state, int year) {
    state.year = year;
    const auto& interventions = w.p.programme.interventions;
    const auto& money = state.plan.years[static_cast<std::size_t>(year)];
    for (std::size_t i = 0; i < interventions.size(); ++i) {
        const InterventionSpec& in = interventions[i];
        state.started[i] = 0;
        state.open_from[i] = std::max(year * weeks_per_year, in.start_week);
        state.open_weeks[i] = open_weeks_in_year(in, year, w.p.run.weeks);
        // The money ends: it was planned to run this year, had money last year and has none now.
        if (year > 0 && money.planned[i] > 0 && money.money[i] <= 0 &&
            state.plan.years[static_cast<std::size_t>(year) - 1].money[i] > 0 && in.on_stop == "drop_out")
            end_stays(w, i);
        const double share_of_year = money.share[i] * w.layout.scale * state.open_weeks[i] / weeks_per_year;
        state.places[i] = places_this_year(w, planned_places_per_year(in) * share_of_year, 1, i, year);
        state.adult_started[i] = 0;
        state.adult_places[i] = places_this_year(w, in.adult_places_per_year * share_of_year, 2, i, year);
        // A place effect covers fewer places when its money is cut, and a sample has fewer
        // neighbourhoods (of full size): scaled like places, rounded at random.
        state.hot_places[i] = places_this_year(w, in.hot_places * money.share[i] * w.layout.scale, 5, i, year);
    }
}

// The adults (25 and over) who start intervention i this week: a Poisson number arriving at the
// setting (the week's events of its kind in its area x the adult flow ratio), each taking up a
// place with take_up, no more than the adult places released so far.
void start_adults(World& w, ProgrammeState& state, std::size_t i, int since_open, std::size_t week_events) {
    const InterventionSpec& in = w.p.programme.interventions[i];
    const Reach& c = state.reach[i];
    const double released = static_cast<double>(state.adult_places[i]) * (since_open + 1) / state.open_weeks[i];
    const int open = static_cast<int>(std::floor(released + 1e-9)) - state.adult_started[i];
    if (open <= 0) return;
    int young = 0;
    for (std::size_t k = 0; k < week_events; ++k) {
        const Event e = w.events.events()[k];
        if (at_moment(w, c, e) && (c.area < 0 || w.pop.area[e.agent] == c.area)) ++young;
    }
    const auto& pp = w.p.programme;
    const double per_young = c.moment == Moment::arrest    ? pp.adults_per_young_arrest
                             : c.moment == Moment::custody ? pp.adults_per_young_custody
                                                           : pp.adults_per_young_ae_attendance;
    rng::Stream r(w.seed, w.replicate, rng::place_subject(3, static_cast<std::uint32_t>(i)), w.week,
                  rng::Purpose::programme);
    const int started = poisson_count(young * per_young * in.take_up, r.uniform(), open);
    state.adult_started[i] += started;
    state.adult_starts[static_cast<std::size_t>(state.year) * w.p.programme.interventions.size() + i] += started;
}

// Outreach has no modelled flow of adults: those aged 25 and over take their places in step with
// the young taking theirs (all released places, for an intervention with adult places only).
void pace_adults(const World& w, ProgrammeState& state, std::size_t i, int reported_week) {
    const int since_open = reported_week - state.open_from[i];
    if (!w.p.programme.interventions[i].enabled || since_open < 0 || since_open >= state.open_weeks[i]) return;
    const double released = static_cast<double>(state.adult_places[i]) * (since_open + 1) / state.open_weeks[i];
    const int target = state.places[i] > 0
                           ? static_cast<int>(std::floor(static_cast<double>(state.adult_places[i]) * state.started[i] /
                                                         state.places[i] + 1e-9))
                           : static_cast<int>(std::floor(released + 1e-9));
    const int started = std::max(0, std::min(target, state.adult_places[i]) - state.adult_started[i]);
    state.adult_started[i] += started;
    state.adult_starts[static_cast<std::size_t>(state.year) * w.p.programme.interventions.size() + i] += started;
}

// The slots of an intervention's area (slots are grouped by area), or all slots.
std::pair<std::uint32_t, std::uint32_t> area_slots(const World& w, const Reach& c) {
    if (c.area < 0) return {0, w.pop.size()};
    const auto a = static_cast<std::size_t>(c.area);
    return {w.layout.area_begin[a], w.layout.area_begin[a + 1]};
}

// Orders the candidates by risk score, highest first (ties in slot order), for highest_risk.
void order_by_risk(const World& w, ProgrammeState& state) {
    state.ranked.clear();
    for (const std::uint32_t v : state.candidates) state.ranked.emplace_back(static_cast<float>(-risk_score(w, v)), v);
    std::sort(state.ranked.begin(), state.ranked.end());
    state.candidates.clear();
    for (const auto& [negative_risk, v] : state.ranked) state.candidates.push_back(v);
}

// Outreach allocated by risk: every eligible person of the intervention's area (from this week's
// eligibility bits, less anyone another intervention has started since), offered places in order of
// risk until the places are gone.
void reach_out_by_risk(World& w, ProgrammeState& state, std::size_t i, int open) {
    const InterventionSpec& in = w.p.programme.interventions[i];
    const Reach& c = state.reach[i];
    state.candidates.clear();
    const auto [first, last] = area_slots(w, c);
    const int bit = state.outreach_bit[i];
    if (bit >= 0) {
        const std::uint32_t mask = 1u << bit;
        for (std::uint32_t v = first; v < last; ++v)
            if ((state.outreach_mask[v] & mask) && !taking_part(w.pop, v, w.week)) state.candidates.push_back(v);
    } else {
        for (std::uint32_t v = first; v < last; ++v)
            if (eligible(w, in, c, v)) state.candidates.push_back(v);
    }
    order_by_risk(w, state);
    // With no take-up, as many offers as places (all declined), as at a reachable moment.
    int offers = 0;
    for (const std::uint32_t v : state.candidates) {
        auto r = person_stream(w, v, i);
        if (offer(w, in, i, v, r)) ++state.started[i], --open;
        if (open == 0 || (in.take_up <= 0 && ++offers >= open)) break;
    }
}

// Outreach, first reached: the eligible of the intervention's area met in a random order (without
// replacement) until the open places are filled. Slots of the area are drawn at random from a
// stream of the intervention and week and kept if eligible and not yet offered this week, so the
// work follows the offers, not the population; where the eligible are too rare for the draws to
// find enough, they are listed by a scan and the rest of the week's offers drawn from the list.
void reach_out(World& w, ProgrammeState& state, std::size_t i, int open) {
    const InterventionSpec& in = w.p.programme.interventions[i];
    const Reach& c = state.reach[i];
    if (c.highest_risk) return reach_out_by_risk(w, state, i, open);
    const auto [first, last] = area_slots(w, c);
    if (last <= first) return;
    // This week's offers of intervention i are stamped (a new stamp per call; all cleared on wrap).
    if (++state.stamp == 0) {
        std::fill(state.offered.begin(), state.offered.end(), std::uint16_t{0});
        state.stamp = 1;
    }
    const std::uint16_t stamp = state.stamp;
    rng::Stream order(w.seed, w.replicate, rng::place_subject(4, static_cast<std::uint32_t>(i)), w.week,
                      rng::Purpose::programme);
    // With no take-up, as many offers as places (all declined), as at a reachable moment.
    int offers_left = in.take_up > 0 ? std::numeric_limits<int>::max() : open;
    auto offer_to = [&](std::uint32_t v) {
        state.offered[v] = stamp;
        auto r = person_stream(w, v, i);
        if (offer(w, in, i, v, r)) ++state.started[i], --open;
        --offers_left;
        return open > 0 && offers_left > 0;
    };
    // Enough draws to find the offers wanted where at least 1 in 256 of the area is eligible; past
    // twice the area's size a scan is cheaper.
    const std::uint32_t span = last - first;
    const double wanted = in.take_up > 0 ? open / in.take_up : open;
    const auto draws = static_cast<std::size_t>(std::max(1024.0, std::min(256.0 * wanted, 2.0 * span)));
    for (std::size_t d = 0; d < draws; ++d) {
        const std::uint32_t v = first + order.below(span);
        if (state.offered[v] != stamp && eligible(w, in, c, v) && !offer_to(v)) return;
    }
    // Too rare to find by drawing: the eligible not yet offered, drawn from a list.
    state.candidates.clear();
    for (std::uint32_t v = first; v < last; ++v)
        if (state.offered[v] != stamp && eligible(w, in, c, v)) state.candidates.push_back(v);
    while (!state.candidates.empty()) {
        const std::uint32_t k = order.below(static_cast<std::uint32_t>(state.candidates.size()));
        const std::uint32_t v = state.candidates[k];
        state.candidates[k] = state.candidates.back();
        state.candidates.pop_back();
        if (!offer_to(v)) return;
    }
}

// This week's outreach eligibility, for every outreach intervention allocated by risk with places open, in one
// parallel pass over the slots (a pure function of each slot's state: the same at any thread count).
void mark_outreach(const World& w, ProgrammeState& state) {
    const auto& interventions = w.p.programme.interventions;
    std::uint32_t active = 0;
    for (std::size_t i = 0; i < interventions.size(); ++i)
        if (state.outreach_bit[i] >= 0 && state.open_now[i] > 0) active |= 1u << state.outreach_bit[i];
    if (active == 0) return;
    parallel::for_each_index(std::uint32_t{0}, w.pop.size(), [&](std::uint32_t v) {
        std::uint32_t bits = 0;
        for (std::size_t i = 0; i < interventions.size(); ++i) {
            const int bit = state.outreach_bit[i];
            if (bit >= 0 && (active >> bit & 1u) && eligible(w, interventions[i], state.reach[i], v)) bits |= 1u << bit;
        }
        state.outreach_mask[v] = bits;
    });
}

// The week's reachable moments: first come first served, or (highest_risk) the week's eligible in
// order of risk.
void reach_at_moments(World& w, ProgrammeState& state, std::size_t i, int open, std::size_t week_events) {
    const InterventionSpec& in = w.p.programme.interventions[i];
    const Reach& c = state.reach[i];
    if (!c.highest_risk) {
        for (std::size_t k = 0; k < week_events && open > 0; ++k) {
            const Event e = w.events.events()[k];
            if (!at_moment(w, c, e) || !eligible(w, in, c, e.agent)) continue;
            auto r = person_stream(w, e.agent, i);
            if (offer(w, in, i, e.agent, r)) ++state.started[i], --open;
        }
        return;
    }
    state.candidates.clear();
    for (std::size_t k = 0; k < week_events; ++k) {
        const Event e = w.events.events()[k];
        if (at_moment(w, c, e) && eligible(w, in, c, e.agent)) state.candidates.push_back(e.agent);
    }
    order_by_risk(w, state);
    state.candidates.erase(std::unique(state.candidates.begin(), state.candidates.end()), state.candidates.end());
    for (const std::uint32_t v : state.candidates) {
        if (open == 0) break;
        if (!eligible(w, in, c, v)) continue;  // a co-offender of someone who started this week
        auto r = person_stream(w, v, i);
        if (offer(w, in, i, v, r)) ++state.started[i], --open;
    }
}

// Hot places: each neighbourhood's victimisations of residents, fading with the window, and this
// week's place effects: each hot-places intervention covers the neighbourhoods of its area with
// most recent violence, their residents' offending and victimisation multiplied from next week.
void update_places(World& w, ProgrammeState& state, int reported_week) {
    const auto& interventions = w.p.programme.interventions;
    for (const Event& e : w.events.events())
        if (e.type == EventType::victimisation && e.agent != no_agent) state.recent_violence[w.pop.neighbourhood[e.agent]] += 1;
    std::fill(state.place_rr_offending.begin(), state.place_rr_offending.end(), 1.0f);
    std::fill(state.place_rr_victimisation.begin(), state.place_rr_victimisation.end(), 1.0f);
    const auto hoods = static_cast<std::uint32_t>(state.recent_violence.size());
    for (std::size_t i = 0; i < interventions.size(); ++i) {
        const InterventionSpec& in = interventions[i];
        const Reach& c = state.reach[i];
        const int since_open = reported_week - state.open_from[i];
        if (c.moment != Moment::hot_places || !in.enabled || since_open < 0 || since_open >= state.open_weeks[i] ||
            state.hot_places[i] <= 0)
            continue;
        state.ranked.clear();
        for (std::uint32_t nb = 0; nb < hoods; ++nb)
            if (c.area < 0 || w.layout.neighbourhood_area[nb] == c.area)
                state.ranked.emplace_back(static_cast<float>(-state.recent_violence[nb]), nb);
        const auto k = std::min(state.ranked.size(), static_cast<std::size_t>(state.hot_places[i]));
        std::partial_sort(state.ranked.begin(), state.ranked.begin() + static_cast<std::ptrdiff_t>(k), state.ranked.end());
        for (std::size_t j = 0; j < k; ++j) {
            state.place_rr_offending[state.ranked[j].second] *= static_cast<float>(in.rr_offending);
            state.place_rr_victimisation[state.ranked[j].second] *= static_cast<float>(in.rr_victimisation);
        }
    }
    // The window: what happened t weeks ago counts exp(-t / window) of what happened this week.
    double window = 0;
    for (const auto& in : interventions)
        if (in.hot_places > 0) window = std::max(window, in.hot_places_window_weeks);
    const double fade = window > 0 ? std::exp(-1.0 / window) : 0.0;
    for (double& v : state.recent_violence) v *= fade;
}

}  // namespace

void prepare_programme(const Parameters& p, const Layout& layout, Population& pop, ProgrammeState& state) {
    pop.programme.assign(pop.size(), 0);
    pop.programme_until.assign(pop.size(), never);
    pop.programme_from.assign(pop.size(), never);
    state.year = -1;
    state.started.assign(p.programme.interventions.size(), 0);
    state.places.assign(p.programme.interventions.size(), 0);
    state.open_from.assign(p.programme.interventions.size(), 0);
    state.open_weeks.assign(p.programme.interventions.size(), 0);
    state.reach.clear();
    for (const auto& in : p.programme.interventions) state.reach.push_back(decode_reach(p, in));
    state.hot_places.assign(p.programme.interventions.size(), 0);
    state.open_now.assign(p.programme.interventions.size(), 0);
    state.outreach_bit.assign(p.programme.interventions.size(), -1);
    int bits = 0;
    for (std::size_t i = 0; i < p.programme.interventions.size() && bits < 32; ++i)
        if (state.reach[i].moment == Moment::community && state.reach[i].highest_risk) state.outreach_bit[i] = bits++;
    state.outreach_mask.assign(bits > 0 ? pop.size() : 0, 0u);
    const bool first_reached_outreach = std::ranges::any_of(
        state.reach, [](const Reach& c) { return c.moment == Moment::community && !c.highest_risk; });
    state.offered.assign(first_reached_outreach ? pop.size() : 0, std::uint16_t{0});
    state.stamp = 0;
    state.has_places = std::ranges::any_of(state.reach, [](const Reach& c) { return c.moment == Moment::hot_places; });
    const std::size_t hoods = state.has_places ? layout.neighbourhood_rr.size() : 0;
    state.recent_violence.assign(hoods, 0.0);
    state.place_rr_offending.assign(hoods, 1.0f);
    state.place_rr_victimisation.assign(hoods, 1.0f);
    state.ranked.reserve(std::max<std::size_t>(pop.size(), hoods));
    state.plan = plan_funding(p);
    state.starts.assign(state.plan.years.size() * p.programme.interventions.size(), 0);
    state.adult_starts.assign(state.starts.size(), 0);
    state.adult_started.assign(p.programme.interventions.size(), 0);
    state.adult_places.assign(p.programme.interventions.size(), 0);
    state.candidates.reserve(pop.size());
}

ProgrammeTally programme_tally(const Parameters& p, const ProgrammeState& state, double scale) {
    ProgrammeTally t;
    t.years = static_cast<int>(state.plan.years.size());
    t.interventions = static_cast<int>(p.programme.interventions.size());
    t.reached.assign(static_cast<std::size_t>(t.years) * t.interventions * programme_age_groups.size(), 0.0);
    t.spend.assign(static_cast<std::size_t>(t.years) * t.interventions, 0.0);
    for (int y = 0; y < t.years; ++y)
        for (int i = 0; i < t.interventions; ++i) {
            const auto at = static_cast<std::size_t>(y) * t.interventions + i;
            t.reached_at(y, i, 0) = state.starts[at] / scale;
            t.reached_at(y, i, 1) = state.adult_starts[at] / scale;
            // Services are commissioned: what is spent is the money the plan gives them, whoever takes it up.
            t.spend_at(y, i) = state.plan.years[static_cast<std::size_t>(y)].money[static_cast<std::size_t>(i)];
        }
    return t;
}

double programme_effect(const World& w, std::uint32_t v, Effect e) {
    const auto& in = w.p.programme.interventions[w.pop.programme[v] - 1u];
    double rr = 1;
    switch (e) {
        case Effect::offending: rr = in.rr_offending; break;
        case Effect::carrying: rr = in.rr_carrying; break;
        case Effect::victimisation: rr = in.rr_victimisation; break;
        case Effect::exclusion: rr = in.rr_exclusion; break;
        case Effect::neet: rr = in.rr_neet; break;
        case Effect::exploitation: rr = in.rr_exploitation; break;
        case Effect::peer_influence: rr = in.rr_peer_influence; break;
        case Effect::identification: rr = in.rr_identification; break;
    }
    // A protective factor given while taking part acts for those who lack it.
    const auto protective = w.programme->reach[w.pop.programme[v] - 1u].protective;
    if (e == Effect::offending && protective != 0 && !(w.pop.traits[v] & protective))
        rr *= protective == trait::trusted_adult ? w.p.factors.rr_trusted_adult : w.p.factors.rr_sport;
    const int since_end = weeks_since(w.pop.programme_until[v], w.week);
    // The onset: in the stay's t-th week (t = 1 the week after the offer) min(1, t / onset_weeks)
    // of the effect; after the stay, what it had reached fades.
    double reached = 1;
    if (in.onset_weeks > 0) {
        const int weeks_in = since_end < 0 ? weeks_since(w.pop.programme_from[v], w.week)
                                           : w.pop.programme_until[v] - w.pop.programme_from[v] - 1;
        reached = std::min(1.0, weeks_in / in.onset_weeks);
    }
    if (since_end < 0) return reached < 1 ? 1.0 - (1.0 - rr) * reached : rr;
    if (!(in.decay_weeks > 0)) return 1.0;
    return 1.0 - (1.0 - rr) * reached * std::exp(-since_end / in.decay_weeks);
}

void run_programme(World& w) {
    if (w.programme == nullptr) return;
    auto& state = *w.programme;
    const int reported_week = w.week - w.p.run.burn_in_weeks;
    if (reported_week < 0) return;  // the programme acts in the reported years only
    const int year = reported_week / weeks_per_year;
    const auto& interventions = w.p.programme.interventions;
    if (year != state.year) new_financial_year(w, state, year);
    const std::size_t week_events = w.events.events().size();
    // The year's places are released evenly over the weeks it runs; unused ones carry forward.
    for (std::size_t i = 0; i < interventions.size(); ++i) {
        state.open_now[i] = 0;
        const int since_open = reported_week - state.open_from[i];
        if (!interventions[i].enabled || since_open < 0 || since_open >= state.open_weeks[i] ||
            state.reach[i].moment == Moment::hot_places)  // a place effect, below
            continue;
        const double released = static_cast<double>(state.places[i]) * (since_open + 1) / state.open_weeks[i];
        state.open_now[i] = static_cast<int>(std::floor(released + 1e-9)) - state.started[i];
    }
    mark_outreach(w, state);
    for (std::size_t i = 0; i < interventions.size(); ++i) {
        const int since_open = reported_week - state.open_from[i];
        if (!interventions[i].enabled || since_open < 0 || since_open >= state.open_weeks[i]) continue;
        const Reach& c = state.reach[i];
        if (c.moment == Moment::hot_places) continue;
        if (state.adult_places[i] > 0 && c.moment != Moment::community) start_adults(w, state, i, since_open, week_events);
        if (state.open_now[i] <= 0) continue;
        if (c.moment == Moment::community) reach_out(w, state, i, state.open_now[i]);
        else reach_at_moments(w, state, i, state.open_now[i], week_events);
    }
    for (std::size_t i = 0; i < interventions.size(); ++i)
        if (state.reach[i].moment == Moment::community && state.adult_places[i] > 0) pace_adults(w, state, i, reported_week);
    if (state.has_places) update_places(w, state, reported_week);
}

bool offer_outside_places(World& w, std::size_t i, std::uint32_t v) {
    auto r = person_stream(w, v, i);
    return offer(w, w.p.programme.interventions.at(i), i, v, r);
}

}  // namespace vrusim
