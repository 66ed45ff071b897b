#include "interventions.hpp"

#include "../phases.hpp"

#include <algorithm>
#include <cmath>

namespace vrusim {

namespace {

Reach decode(const Parameters& p, const InterventionSpec& in) {
    Reach c;
    for (const auto& t : trigger_names)
        if (t.name == in.trigger) c.trigger = t.event;
    for (std::size_t a = 0; a < p.population.areas.size(); ++a)
        if (p.population.areas[a].name == in.area) c.area = static_cast<int>(a);
    for (const auto& st : required_state_names)
        if (st.name == in.requires_state) c.required_state = st.bits;
    c.sex = in.sex == "male" ? 1 : (in.sex == "female" ? 2 : 0);
    c.knife_only = in.requires_knife;
    return c;
}

// An event that is the intervention's reachable moment: its kind, about a person, and with a knife
// if one is required (the incident's, or one the person is carrying).
bool at_moment(const World& w, const Reach& c, const Event& e) {
    return e.type == c.trigger && e.agent != no_agent &&
           (!c.knife_only || (e.flags & incident_flag::knife) != 0 || (w.pop.states[e.agent] & state::carrying) != 0);
}

bool taking_part(const Population& pop, std::uint32_t v, std::int32_t week) {
    return pop.programme[v] != 0 && weeks_since(pop.programme_until[v], week) < 0;
}

bool eligible(const World& w, const InterventionSpec& in, const Reach& c, std::uint32_t v) {
    const auto& pop = w.pop;
    const auto s = pop.states[v];
    if (s & state::gone || taking_part(pop, v, w.week)) return false;
    const int age = pop.age_weeks[v] / weeks_per_year;
    if (age < in.age_min || age > in.age_max) return false;
    if (c.area >= 0 && pop.area[v] != c.area) return false;
    const bool male = (pop.traits[v] & trait::male) != 0;
    if ((c.sex == 1 && !male) || (c.sex == 2 && male)) return false;
    return c.required_state == 0 || (s & c.required_state) != 0;
}

// The person's stream for intervention i this week: one stream per person and week, intervention
// i starting at block i (four numbers; an offer takes at most three), so two interventions never
// share a draw and none has to draw past the others'.
rng::Stream person_stream(const World& w, std::uint32_t v, std::size_t i) {
    auto r = w.stream(v, rng::Purpose::programme);
    r.seek_block(static_cast<std::uint32_t>(i));
    return r;
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
    w.events.push({w.week, EventType::programme_start, 0, v, static_cast<std::uint32_t>(i)});
    ++w.programme->starts[static_cast<std::size_t>(w.programme->year) * w.p.programme.interventions.size() + i];
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
    const double per_young = c.trigger == EventType::arrest    ? pp.adults_per_young_arrest
                             : c.trigger == EventType::custody ? pp.adults_per_young_custody
                                                               : pp.adults_per_young_ae_attendance;
    rng::Stream r(w.seed, w.replicate, rng::place_subject(3, static_cast<std::uint32_t>(i)), w.week,
                  rng::Purpose::programme);
    const int started = poisson_count(young * per_young * in.take_up, r.uniform(), open);
    state.adult_started[i] += started;
    state.adult_starts[static_cast<std::size_t>(state.year) * w.p.programme.interventions.size() + i] += started;
}

}  // namespace

void prepare_programme(const Parameters& p, Population& pop, ProgrammeState& state) {
    pop.programme.assign(pop.size(), 0);
    pop.programme_until.assign(pop.size(), never);
    state.year = -1;
    state.started.assign(p.programme.interventions.size(), 0);
    state.places.assign(p.programme.interventions.size(), 0);
    state.open_from.assign(p.programme.interventions.size(), 0);
    state.open_weeks.assign(p.programme.interventions.size(), 0);
    state.reach.clear();
    for (const auto& in : p.programme.interventions) state.reach.push_back(decode(p, in));
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
            const auto& in = p.programme.interventions[static_cast<std::size_t>(i)];
            const auto at = static_cast<std::size_t>(y) * t.interventions + i;
            t.reached_at(y, i, 0) = state.starts[at] / scale;
            t.reached_at(y, i, 1) = state.adult_starts[at] / scale;
            t.spend_at(y, i) = intervention_spend(in, state.plan.years[static_cast<std::size_t>(y)].share[i],
                                                  open_weeks_in_year(in, y, p.run.weeks),
                                                  (state.starts[at] + state.adult_starts[at]) / scale);
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
    }
    const int since_end = weeks_since(w.pop.programme_until[v], w.week);
    if (since_end < 0) return rr;
    if (!(in.decay_weeks > 0)) return 1.0;
    return 1.0 - (1.0 - rr) * std::exp(-since_end / in.decay_weeks);
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
    for (std::size_t i = 0; i < interventions.size(); ++i) {
        const InterventionSpec& in = interventions[i];
        const int since_open = reported_week - state.open_from[i];
        if (!in.enabled || since_open < 0 || since_open >= state.open_weeks[i]) continue;
        const Reach& c = state.reach[i];
        if (state.adult_places[i] > 0) start_adults(w, state, i, since_open, week_events);
        // The year's places are released evenly over the weeks it runs; unused ones carry forward.
        const double released = static_cast<double>(state.places[i]) * (since_open + 1) / state.open_weeks[i];
        int open = static_cast<int>(std::floor(released + 1e-9)) - state.started[i];
        if (open <= 0) continue;
        if (c.trigger == EventType::count_) {
            // Outreach: each eligible person is offered a place with the chance that fills the
            // open places on average, in slot order until they are gone.
            state.candidates.clear();
            for (std::uint32_t v = 0; v < w.pop.size(); ++v)
                if (eligible(w, in, c, v)) state.candidates.push_back(v);
            if (state.candidates.empty()) continue;
            // With no take-up, as many offers as places (all declined), as at a reachable moment.
            const double p_offer = std::min(
                1.0, open / (static_cast<double>(state.candidates.size()) * (in.take_up > 0 ? in.take_up : 1.0)));
            for (const std::uint32_t v : state.candidates) {
                auto r = person_stream(w, v, i);
                if (!r.bernoulli(p_offer)) continue;
                if (offer(w, in, i, v, r)) ++state.started[i], --open;
                if (open == 0) break;
            }
        } else {
            // The week's reachable moments, first come first served.
            for (std::size_t k = 0; k < week_events && open > 0; ++k) {
                const Event e = w.events.events()[k];
                if (!at_moment(w, c, e) || !eligible(w, in, c, e.agent)) continue;
                auto r = person_stream(w, e.agent, i);
                if (offer(w, in, i, e.agent, r)) ++state.started[i], --open;
            }
        }
    }
}

}  // namespace vrusim
