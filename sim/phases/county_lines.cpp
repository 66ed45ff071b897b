// County lines, the lines' side: the enforcement timeline, approach weights, closures, line
// states, entry of new lines, cuckooing and rivalry (docs/model.md, county lines). The people's
// side is in exploitation.cpp.
#include <tbb/blocked_range.h>

#include <algorithm>
#include <cmath>

#include "county_lines_internal.hpp"
#include "../programme/interventions.hpp"
#include "../parallel.hpp"

namespace vrusim {

namespace {

using cl::Place;
using cl::current_slot;

// Multipliers of the timeline entries in force this week, by area (entries multiply).
void enforcement_this_week(World& w) {
    const int reported_week = w.week - w.p.run.burn_in_weeks;
    for (int a = 0; a < w.layout.areas; ++a) {
        Enforcement m;
        for (const auto& entry : w.p.county_lines.enforcement_timeline) {
            const int since = reported_week - entry.start_week;
            const int phase = entry.repeat_every_weeks > 0 ? since % entry.repeat_every_weeks : since;
            const bool in_window = since >= 0 && phase < entry.weeks;
            if (!in_window || (!entry.area.empty() && entry.area != w.p.population.areas[a].name)) continue;
            m.closure *= entry.closure_rr;
            m.runner_arrest *= entry.runner_arrest_rr;
            m.cuckoo_visit *= entry.cuckoo_visit_rr;
            m.identification *= entry.identification_rr;
        }
        w.cl->enforcement[a] = m;
    }
}

// Everyone's approach weight for the week, with sums by neighbourhood (each summed in slot order,
// so the sums do not depend on the thread count) and by area.
void compute_weights(World& w) {
    auto& cl = *w.cl;
    auto& pop = w.pop;
    const auto neighbourhoods = static_cast<std::uint32_t>(cl.nb_weight.size());
    parallel::for_each_chunk(tbb::blocked_range<std::uint32_t>(0, neighbourhoods), [&](const auto& range) {
        for (std::uint32_t nb = range.begin(); nb != range.end(); ++nb) {
            double sum = 0;
            for (std::uint32_t v = w.layout.neighbourhood_begin[nb]; v < w.layout.neighbourhood_begin[nb + 1]; ++v) {
                pop.cl_weight[v] = cl.weight(pop, v, w.week);
                sum += pop.cl_weight[v];
            }
            cl.nb_weight[nb] = sum;
        }
    });
    std::fill(cl.area_weight.begin(), cl.area_weight.end(), 0.0);
    for (std::uint32_t nb = 0; nb < neighbourhoods; ++nb) cl.area_weight[w.layout.neighbourhood_area[nb]] += cl.nb_weight[nb];
}

// Members who no longer hold their slot (turned 25 or died) leave the list; members taken into
// custody or killed leave the line.
void drop_departed_members(World& w) {
    for (std::uint32_t l = 0; l < w.cl->lines.capacity(); ++l) {
        if (!w.cl->lines.live(l)) continue;
        cl::filter_runners(w, l, [&](std::uint32_t v) {
            if (!(w.pop.states[v] & (state::in_custody | state::gone))) return true;
            auto r = w.stream(v, rng::Purpose::exploitation);
            cl::leave_line(w, v, r);
            return false;
        });
    }
}

void release_trap_house(World& w, std::uint32_t l, int t, std::uint8_t flags, bool refer, rng::Stream& r) {
    auto& lines = w.cl->lines;
    auto& adults = w.cl->adults;
    auto* trap = lines.trap_of(l);
    const std::uint32_t adult = trap[t];
    adults.line[adult] = no_line;
    trap[t] = trap[--lines.n_trap[l]];
    w.events.push({w.week, EventType::cuckooing_ended, flags, adult, l});
    if (refer && r.bernoulli(w.p.cuckooing.p_adult_referral)) {
        adults.protected_until[adult] = static_cast<std::int16_t>(w.week + w.p.cuckooing.protection_weeks);
        w.events.push({w.week, EventType::adult_referral, flags, adult, l});
    }
}

// Closes line l. A charged holder (Type 1) brings arrests and referrals of the line's runners
// and the release of its trap houses; other closures (the line folds) release everyone.
void close_line(World& w, std::uint32_t l, bool charged, rng::Stream& r) {
    auto& cl = *w.cl;
    auto& lines = cl.lines;
    const auto& cp = w.p.county_lines;
    w.events.push({w.week, EventType::line_closed, charged ? incident_flag::holder_charged : std::uint8_t{0}, l, no_agent});
    if (charged) {
        w.events.push({w.week, EventType::holder_charged, incident_flag::at_closure, l, no_agent});
        cl.closures.add(lines.market_area[l]);
    }
    const std::uint8_t at_closure = incident_flag::county_lines | incident_flag::at_closure;
    for (int i = 0; i < lines.n_runners[l]; ++i) {
        const auto v = current_slot(w.pop, lines.runners_of(l)[i]);
        if (v == no_agent) continue;
        if (charged && r.bernoulli(cp.p_runner_arrest_at_closure))
            arrest(w, v, Arrest{at_closure, l, cp.rr_sanction_runner}, r);
        if (charged && r.bernoulli(cp.p_runner_referral_at_closure * programme_rr(w, v, Effect::identification)))
            cl::refer(w, v, at_closure, l, r);
        cl::leave_line(w, v, r);
    }
    for (int i = 0; charged && i < lines.external_runners[l]; ++i)
        if (r.bernoulli(cp.p_runner_arrest_at_closure))
            w.events.push({w.week, EventType::external_runner_arrested, at_closure, l, no_agent});
    while (lines.n_trap[l] > 0) release_trap_house(w, l, lines.n_trap[l] - 1, incident_flag::at_closure, charged, r);
    std::fill_n(lines.runners_of(l), LineTable::runners_cap, 0);
    lines.n_runners[l] = 0;
    lines.external_runners[l] = 0;
    lines.state[l] = LineState::closed;
    lines.state_since[l] = w.now();
    cl.last_closure_week[lines.market_area[l]] = w.now();
    cl.last_closure_brand[lines.market_area[l]] = lines.brand[l];
}

// Holders are charged at a weekly hazard raised by intensification (with diminishing returns)
// and by recent arrests of the line's runners.
void enforce(World& w) {
    auto& lines = w.cl->lines;
    const auto& cp = w.p.county_lines;
    for (std::uint32_t l = 0; l < lines.capacity(); ++l) {
        lines.recent_arrests[l] *= static_cast<float>(1.0 - 1.0 / 13);
        if (lines.state[l] != LineState::active && lines.state[l] != LineState::disrupted) continue;
        auto r = cl::place_stream(w, Place::line_enforcement, l);
        const double m = w.cl->enforcement[lines.market_area[l]].closure;
        const double arrested_share = lines.recent_arrests[l] / static_cast<double>(std::max(1, lines.staff(l)));
        const double hazard =
            cp.closure_rate_per_week * std::pow(m, cp.enforcement_gamma) * (1 + cp.disruption_kappa * arrested_share);
        if (r.bernoulli(-std::expm1(-hazard))) close_line(w, l, true, r);
    }
}

// Forming lines trade once staffed (and, away from their hub, once they have a trap house);
// lines that cannot staff themselves fold.
void update_line_states(World& w) {
    auto& lines = w.cl->lines;
    const auto& cp = w.p.county_lines;
    for (std::uint32_t l = 0; l < lines.capacity(); ++l) {
        if (!lines.live(l)) continue;
        const bool staffed = lines.staff(l) >= cp.min_runners;
        const bool base = lines.hub_area[l] == lines.market_area[l] || lines.n_trap[l] > 0;
        const int weeks_in_state = w.week - lines.state_since[l];
        auto set = [&](LineState s) {
            lines.state[l] = s;
            lines.state_since[l] = w.now();
        };
        auto fold = [&] {
            auto r = cl::place_stream(w, Place::line_state, l);
            close_line(w, l, false, r);
        };
        switch (lines.state[l]) {
            case LineState::forming:
                if (staffed && base) set(LineState::active);
                else if (weeks_in_state >= cp.forming_max_weeks) fold();
                break;
            case LineState::active:
                if (!staffed) set(LineState::disrupted);
                break;
            case LineState::disrupted:
                if (staffed) set(LineState::active);
                else if (weeks_in_state >= cp.disrupted_max_weeks) fold();
                break;
            case LineState::closed: break;
        }
    }
}

// Replaces each market's `field` with its z-score across areas (0 if it does not vary).
void standardise(std::vector<CountyLines::Market>& markets, double CountyLines::Market::*field) {
    double mean = 0, var = 0;
    for (const auto& m : markets) mean += m.*field;
    mean /= static_cast<double>(markets.size());
    for (const auto& m : markets) var += (m.*field - mean) * (m.*field - mean);
    const double sd = std::sqrt(var / static_cast<double>(markets.size()));
    for (auto& m : markets) m.*field = sd > 0 ? (m.*field - mean) / sd : 0;
}

std::uint16_t draw_hub(const World& w, rng::Stream& r) {
    const auto& areas = w.p.population.areas;
    if (r.bernoulli(w.p.county_lines.external_hub_share)) return external_hub;
    double total = 0;
    for (const auto& a : areas) total += a.hub_weight;
    const bool by_population = total <= 0;  // no hub weights given: hubs in proportion to population
    if (by_population)
        for (const auto& a : areas) total += a.population_10_24();
    double pick = r.uniform() * total;
    for (std::size_t a = 0; a < areas.size(); ++a) {
        pick -= by_population ? areas[a].population_10_24() : areas[a].hub_weight;
        if (pick <= 0) return static_cast<std::uint16_t>(a);
    }
    return static_cast<std::uint16_t>(areas.size() - 1);
}

// A new line needs a local "older" to recruit for it: a recent offender aged 18-24 in its hub
// (or, for a line run from outside, in its market), found by a short search.
void seed_recruiter(World& w, std::uint32_t l, rng::Stream& r) {
    const auto& lines = w.cl->lines;
    const int a = lines.hub_area[l] == external_hub ? lines.market_area[l] : lines.hub_area[l];
    const std::uint32_t begin = w.layout.area_begin[a], size = w.layout.area_begin[a + 1] - begin;
    for (int attempt = 0; size > 0 && attempt < 64; ++attempt) {
        const std::uint32_t v = begin + r.below(size);
        const auto s = w.pop.states[v];
        if (w.pop.age_weeks[v] >= 18 * weeks_per_year && s & state::recent_offender &&
            !(s & (state::exploited | state::in_custody | state::gone))) {
            // A participant of an intervention against exploitation may say no (drawn only for them,
            // so everyone else's draws are the baseline's).
            if (const double rr = programme_rr(w, v, Effect::exploitation); rr < 1 && !r.bernoulli(rr)) continue;
            cl::join_line(w, v, l, r);
            return;
        }
    }
}

void open_line(World& w, std::uint32_t l, int market, rng::Stream& r) {
    auto& cl = *w.cl;
    auto& lines = cl.lines;
    const auto& cp = w.p.county_lines;
    lines.state[l] = LineState::forming;
    lines.formed[l] = lines.state_since[l] = w.now();
    lines.market_area[l] = static_cast<std::uint16_t>(market);
    lines.hub_area[l] = draw_hub(w, r);
    // A market that lost a line recently is often resupplied under the same brand.
    constexpr int replacement_window = 26;
    const bool replacement = weeks_since(cl.last_closure_week[market], w.week) < replacement_window;
    lines.brand[l] = replacement && r.bernoulli(cp.p_brand_reuse) ? cl.last_closure_brand[market] : ++cl.brands_issued;
    const double external = lines.hub_area[l] == external_hub ? cp.runners_target * cp.external_runner_share : 0;
    lines.external_runners[l] = static_cast<std::uint8_t>(std::floor(external) + (r.bernoulli(external - std::floor(external)) ? 1 : 0));
    const double traps = std::min<double>(cp.trap_houses_target, LineTable::trap_cap);
    lines.trap_wanted[l] = static_cast<std::uint8_t>(std::floor(traps) + (r.bernoulli(traps - std::floor(traps)) ? 1 : 0));
    lines.recent_arrests[l] = 0;
    lines.revenue[l] = 0;
    w.events.push({w.week, EventType::line_opened, 0, l, no_agent});
    seed_recruiter(w, l, r);
}

// New lines fill the gap between each market's capacity and its lines. Capacity is shared out by
// attraction: population, knife crime and drug-related admissions (Castro-Gonzalez 2023), damped
// by lines already run from the area and by recent closures there (deterrence, so enforcement in
// one area can displace lines to others).
void enter_lines(World& w) {
    auto& cl = *w.cl;
    auto& lines = cl.lines;
    const auto& cp = w.p.county_lines;
    auto& markets = cl.markets;
    for (int a = 0; a < w.layout.areas; ++a) {
        const double people = w.layout.area_begin[a + 1] - w.layout.area_begin[a];
        markets[a] = {people > 0 ? cl.knife_incidents.last_year(a) / people : 0,
                      std::log(std::max(1e-6, w.p.population.areas[a].drug_admissions_rr)),
                      people > 0 ? cl.closures.last_year(a) / people : 0, 0, 0, 0};
    }
    for (std::uint32_t l = 0; l < lines.capacity(); ++l) {
        if (!lines.live(l)) continue;
        ++markets[lines.market_area[l]].lines;
        if (lines.hub_area[l] != external_hub) ++markets[lines.hub_area[l]].run_from_here;
    }
    standardise(markets, &CountyLines::Market::knife);
    standardise(markets, &CountyLines::Market::drugs);
    standardise(markets, &CountyLines::Market::closures);
    double total = 0;
    for (int a = 0; a < w.layout.areas; ++a) {
        auto& m = markets[a];
        const double people = w.layout.area_begin[a + 1] - w.layout.area_begin[a];
        m.attraction = people *
                       std::exp(cp.beta_knife * m.knife + cp.beta_drug_admissions * m.drugs - cp.beta_enforcement * m.closures) /
                       (1 + cp.beta_competition * m.run_from_here);
        total += m.attraction;
    }
    if (total <= 0) return;
    for (int a = 0; a < w.layout.areas; ++a) {
        auto r = cl::place_stream(w, Place::area_entry, static_cast<std::uint32_t>(a));
        const double gap = cl.lines_capacity * markets[a].attraction / total - markets[a].lines;
        const int entering = gap > 0 ? r.poisson(cp.entry_rate_per_week * gap) : 0;
        for (int i = 0; i < entering; ++i) {
            // Not a slot closed this week: the week's closure events still name it, and are
            // counted by its market after the step.
            std::uint32_t l = 0;
            while (l < lines.capacity() && (lines.live(l) || lines.state_since[l] == w.now())) ++l;
            if (l == lines.capacity()) {
                ++cl.entries_refused;
                break;
            }
            open_line(w, l, a, r);
        }
    }
}

// Lines short of trap houses take over a vulnerable adult's home in their market; lines move on,
// and response visits end takeovers and refer the adult.
void cuckoo(World& w) {
    auto& cl = *w.cl;
    auto& lines = cl.lines;
    auto& adults = cl.adults;
    const auto& cu = w.p.cuckooing;
    for (std::uint32_t l = 0; l < lines.capacity(); ++l) {
        if (!lines.live(l)) continue;
        auto r = cl::place_stream(w, Place::line_cuckooing, l);
        const double visit = cu.visit_rate_per_week * cl.enforcement[lines.market_area[l]].cuckoo_visit;
        for (int t = lines.n_trap[l] - 1; t >= 0; --t) {
            const double u_move = r.uniform(), u_visit = r.uniform();
            if (u_move < 1.0 / cu.move_on_weeks_mean)
                release_trap_house(w, l, t, 0, false, r);
            else if (u_visit < visit)
                release_trap_house(w, l, t, 0, true, r);
        }
        if (lines.n_trap[l] >= lines.trap_wanted[l] || !r.bernoulli(cu.p_takeover_per_week)) continue;
        const auto market = lines.market_area[l];
        const std::uint32_t begin = adults.area_begin[market], size = adults.area_begin[market + 1] - begin;
        for (int attempt = 0; size > 0 && attempt < 8; ++attempt) {
            const std::uint32_t i = begin + r.below(size);
            const double acceptance = adults.drug_use[i] ? 1.0 : 1.0 / cu.weight_drug_use;
            if (adults.line[i] != no_line || weeks_since(adults.protected_until[i], w.week) < 0 || !r.bernoulli(acceptance))
                continue;
            adults.line[i] = static_cast<std::uint16_t>(l);
            lines.trap_of(l)[lines.n_trap[l]++] = i;
            w.events.push({w.week, EventType::home_cuckooed, 0, i, l});
            break;
        }
    }
}

// Lines sharing a market fight: an incident between a runner of each.
void rivalry(World& w) {
    auto& lines = w.cl->lines;
    for (std::uint32_t a = 0; a < lines.capacity(); ++a) {
        if (!lines.live(a) || lines.n_runners[a] == 0) continue;
        auto r = cl::place_stream(w, Place::line_rivalry, a);
        for (std::uint32_t b = a + 1; b < lines.capacity(); ++b) {
            if (!lines.live(b) || lines.n_runners[b] == 0 || lines.market_area[b] != lines.market_area[a]) continue;
            if (!r.bernoulli(w.p.county_lines.p_rivalry_per_week)) continue;
            const auto offender = current_slot(w.pop, lines.runners_of(a)[r.below(lines.n_runners[a])]);
            const auto victim = current_slot(w.pop, lines.runners_of(b)[r.below(lines.n_runners[b])]);
            if (offender != no_agent && victim != no_agent) resolve_market_incident(w, offender, victim, r);
        }
    }
}

}  // namespace

void county_lines(World& w) {
    if (w.cl == nullptr) return;
    w.cl->knife_incidents.start_week(w.week);
    w.cl->closures.start_week(w.week);
    enforcement_this_week(w);
    compute_weights(w);
    drop_departed_members(w);
    enforce(w);
    cl::runner_weeks(w);
    update_line_states(w);
    enter_lines(w);
    cl::recruit(w);
    cl::background_missing(w);
    cuckoo(w);
    rivalry(w);
}

}  // namespace vrusim
