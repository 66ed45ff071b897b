#include <algorithm>
#include <array>
#include <cmath>

#include "../phases.hpp"
#include "../parallel.hpp"
#include "../programme/interventions.hpp"

namespace vrusim {

double offending_hazard(const World& w, std::uint32_t v) {
    const auto& pop = w.pop;
    const auto& f = w.p.factors;
    const auto s = pop.states[v];
    if (s & (state::in_custody | state::gone)) return 0.0;
    const int age = pop.age_weeks[v] / weeks_per_year;
    double h = w.rates.offending_base_weekly * w.trend_rr * pop.static_rr[v] * w.rates.age_rr[age];
    if (s & state::ever_offended) h *= f.rr_prior_offending;
    if (pop.traits[v] & trait::substance_prone && age >= 15) h *= f.rr_substance_use;
    if (s & state::parent_in_prison) h *= f.rr_parent_in_prison;
    if (s & state::influenced) h *= f.rr_violent_peers;
    if (s & state::excluded) h *= f.rr_excluded;
    if (s & state::neet) h *= f.rr_neet;
    if (weeks_since(pop.last_suspended[v], w.week) < w.p.school.suspension_recent_weeks) h *= f.rr_suspended_recent;
    if (s & state::exploited) h *= w.p.county_lines.rr_offending_exploited;
    h *= programme_rr(w, v, Effect::offending);
    return with_contagion(w, v, h);
}

double with_contagion(const World& w, std::uint32_t v, double h) {
    const auto& pop = w.pop;
    const auto& own = w.rates.victimised_rr;
    if (const int dt = weeks_since(pop.last_victimised[v], w.week); dt < static_cast<int>(own.size())) h *= own[dt];
    const auto& tie = w.rates.tie_victimised_rr;
    if (const int dt = weeks_since(pop.last_tie_victimised[v], w.week); dt < static_cast<int>(tie.size())) h *= tie[dt];
    return h;
}

namespace {

constexpr int group_max = 8;

struct Group {
    std::array<std::uint32_t, group_max> members{};
    int size = 0;
    bool contains(std::uint32_t v) const { return std::find(members.begin(), members.begin() + size, v) != members.begin() + size; }
};

bool unavailable(const Population& pop, std::uint32_t v) {
    return pop.states[v] & (state::in_custody | state::gone);
}

}  // namespace

std::uint32_t tie_places(const World& w, std::uint32_t v) {
    return static_cast<std::uint32_t>(w.graph.neighbours(v).size() + static_cast<std::size_t>(w.pop.co_offender_capacity));
}

std::uint32_t tie_at(const World& w, std::uint32_t v, std::uint32_t place) {
    const auto& pop = w.pop;
    const auto targets = w.graph.neighbours(v);
    if (place < targets.size()) {
        const auto u = targets[place];
        return tie_active(w.graph.layers(v)[place], pop.age_weeks[v], pop.age_weeks[u], w.max_age_gap_weeks()) ? u : no_agent;
    }
    const auto id = pop.co_offenders[static_cast<std::size_t>(v) * pop.co_offender_capacity + (place - targets.size())];
    const auto u = static_cast<std::uint32_t>(id);
    return id != 0 && person_id(pop, u) == id ? u : no_agent;
}

std::uint32_t random_tie(const World& w, std::uint32_t v, rng::Stream& r) {
    const std::uint32_t places = tie_places(w, v);
    return places == 0 ? no_agent : tie_at(w, v, r.below(places));
}

namespace {

Group draw_group(const World& w, std::uint32_t offender, rng::Stream& r) {
    Group g;
    g.members[g.size++] = offender;
    const double u = r.uniform();
    int wanted = 1;
    while (wanted < w.rates.group_size_max && u > w.rates.group_size_cdf[wanted - 1]) ++wanted;
    // Accomplices come from the offender's ties (PROTON-OC's accomplice search, radius 1), each
    // drawn with probability proportional to their own offending hazard this week (PROTON-OC
    // ranks candidates by criminal tendency): the prone offend together, the rest rarely.
    const std::uint32_t places = tie_places(w, offender);
    while (g.size < wanted) {
        double total = 0;
        for (std::uint32_t i = 0; i < places; ++i)
            if (const auto a = tie_at(w, offender, i); a != no_agent && !unavailable(w.pop, a) && !g.contains(a))
                total += offending_hazard(w, a);
        if (!(total > 0)) break;
        double pick = r.uniform() * total;
        std::uint32_t chosen = no_agent;
        for (std::uint32_t i = 0; i < places && pick >= 0; ++i) {
            const auto a = tie_at(w, offender, i);
            if (a == no_agent || unavailable(w.pop, a) || g.contains(a)) continue;
            const double h = offending_hazard(w, a);
            if (h <= 0) continue;
            chosen = a;
            pick -= h;
        }
        g.members[g.size++] = chosen;
    }
    return g;
}

// A victim drawn with probability proportional to victim weight: with victim_from_graph_share
// among the offender's active ties, otherwise among the people of the offender's neighbourhood
// within tie_max_age_gap_years of their age (youth violence is mostly between peers), by the
// week's weights (weigh_victims). A draw of someone unavailable now (taken into custody or killed
// earlier this week) or in the group is redrawn, a few times.
std::uint32_t draw_victim(const World& w, std::uint32_t offender, const Group& group, rng::Stream& r) {
    const auto& pop = w.pop;
    const int max_gap_years = static_cast<int>(w.p.graph.tie_max_age_gap_years);
    auto fits = [&](std::uint32_t u) { return u != no_agent && !unavailable(pop, u) && !group.contains(u); };
    if (r.bernoulli(w.p.violence.victim_from_graph_share)) {
        // Ties: the offender's static ties and remembered co-offenders, weighted.
        const std::uint32_t ties = tie_places(w, offender);
        double total = 0;
        for (std::uint32_t i = 0; i < ties; ++i)
            if (const auto u = tie_at(w, offender, i); fits(u)) total += pop.victim_weight[u];
        if (total > 0) {
            double pick = r.uniform() * total;
            std::uint32_t last = no_agent;
            for (std::uint32_t i = 0; i < ties; ++i) {
                const auto u = tie_at(w, offender, i);
                if (!fits(u) || pop.victim_weight[u] <= 0) continue;
                last = u;
                pick -= pop.victim_weight[u];
                if (pick < 0) return u;
            }
            return last;
        }
        // No tie to hurt: a stranger instead.
    }
    const std::uint32_t nb = pop.neighbourhood[offender];
    const int own = pop.age_weeks[offender] / weeks_per_year - age_min_years;
    const int first = std::max(0, own - max_gap_years), last_year = std::min(single_years - 1, own + max_gap_years);
    const double* sums = &pop.victim_weight_sums[static_cast<std::size_t>(nb) * single_years];
    double total = 0;
    for (int y = first; y <= last_year; ++y) total += sums[y];
    for (int attempt = 0; attempt < 4 && total > 0; ++attempt) {
        double pick = r.uniform() * total;
        int year = first;
        while (year < last_year && pick >= sums[year]) pick -= sums[year++];
        std::uint32_t chosen = no_agent;
        for (std::uint32_t u = w.layout.neighbourhood_begin[nb]; u < w.layout.neighbourhood_begin[nb + 1]; ++u) {
            if (pop.victim_weight[u] <= 0 || pop.age_weeks[u] / weeks_per_year - age_min_years != year) continue;
            chosen = u;
            pick -= pop.victim_weight[u];
            if (pick < 0) break;
        }
        if (fits(chosen)) return chosen;
    }
    return no_agent;
}

// Remembers b as a's most recent co-offender.
void add_co_offender(Population& pop, std::uint32_t a, std::uint32_t b) {
    auto* list = &pop.co_offenders[static_cast<std::size_t>(a) * pop.co_offender_capacity];
    const auto id = person_id(pop, b);
    auto* end = list + pop.co_offender_capacity;
    auto* found = std::find(list, end, id);
    if (found == end) found = end - 1;
    std::copy_backward(list, found, found + 1);
    list[0] = id;
}

}  // namespace

void start_carrying(World& w, std::uint32_t v, rng::Stream& r) {
    w.pop.states[v] |= state::carrying;
    w.pop.carry_until[v] = static_cast<std::int16_t>(w.week + r.spell_weeks(w.p.weapons.duration_mean_weeks));
    w.pop.last_carried[v] = w.now();
}

void arrest(World& w, std::uint32_t m, const Arrest& how, rng::Stream& r) {
    const auto& jp = w.p.justice;
    auto& pop = w.pop;
    pop.last_arrested[m] = w.now();
    w.events.push({w.week, EventType::arrest, how.flags, m, how.other});
    if (r.bernoulli(jp.p_sanction_given_arrest * how.sanction_rr)) {
        if (!(pop.states[m] & state::ever_sanctioned))
            w.events.push({w.week, EventType::first_time_entrant, 0, m, no_agent});
        pop.states[m] |= state::ever_sanctioned;
    }
    // Youth custody and prison differ: remands and sentences of adults are more often custodial and longer.
    const bool adult = pop.age_weeks[m] >= 18 * weeks_per_year;
    // Detention and training orders and remands to youth detention are for children of 12 and
    // over: below that custody is, in practice, nil.
    const bool too_young = pop.age_weeks[m] < jp.youth_custody_min_age * weeks_per_year;
    if (r.bernoulli(adult ? jp.p_custody_given_arrest_18_24 : jp.p_custody_given_arrest) && !too_young) {
        pop.states[m] |= state::in_custody;
        pop.custody_until[m] = static_cast<std::int16_t>(
            w.week + r.spell_weeks(adult ? jp.custody_weeks_mean_18_24 : jp.custody_weeks_mean));
        w.events.push({w.week, EventType::custody, 0, m, no_agent});
    }
}

// Police arrest young adults for a recorded offence more readily than children, whom they more
// often interview voluntarily or divert (docs/model.md 7.11).
double arrest_probability(const JusticeParams& j, bool adult) {
    return adult ? std::min(1.0, j.p_arrest_given_recorded * j.arrest_rr_18_24) : j.p_arrest_given_recorded;
}

namespace {

// An arrest for a knife incident carries the knife flag (programme triggers read it).
void apply_justice(World& w, const Group& g, std::uint8_t incident_flags, rng::Stream& r) {
    const Arrest how{static_cast<std::uint8_t>(incident_flags & incident_flag::knife)};
    for (int i = 0; i < g.size; ++i) {
        const bool adult = w.pop.age_weeks[g.members[i]] >= 18 * weeks_per_year;
        if (r.bernoulli(arrest_probability(w.p.justice, adult))) arrest(w, g.members[i], how, r);
    }
}

// The victim's household and friends are exposed to the violence (contagion through ties).
void expose_ties(World& w, std::uint32_t victim) {
    auto& pop = w.pop;
    const auto targets = w.graph.neighbours(victim);
    const auto layers = w.graph.layers(victim);
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (layers[i] == Layer::school_class || pop.states[targets[i]] & state::vacant) continue;
        if (tie_active(layers[i], pop.age_weeks[victim], pop.age_weeks[targets[i]], w.max_age_gap_weeks()))
            pop.last_tie_victimised[targets[i]] = w.now();
    }
}

// What follows an incident once its offenders and victim are known: knife, injury, hospital,
// homicide, recording, justice and feedback. An empty group is an offender outside the model
// (a line's enforcer from another force area): no offender state, no arrest.
void resolve_outcomes(World& w, const Group& g, std::uint32_t victim, double p_knife, std::uint8_t flags,
                      rng::Stream& r) {
    auto& pop = w.pop;
    const auto& vp = w.p.violence;
    // Knives are drawn mostly in conflicts between young men, in the drug market too: an odds ratio,
    // so a chance near 1 stays below it.
    if (victim != no_agent && pop.traits[victim] & trait::male && p_knife < 1)
        p_knife = p_knife * vp.knife_rr_male_victim / (1 - p_knife + p_knife * vp.knife_rr_male_victim);
    const bool knife = r.bernoulli(p_knife);
    const bool injury = victim != no_agent && r.bernoulli(knife ? vp.p_injury_knife : vp.p_injury_other);
    const bool ae = injury && r.bernoulli(knife ? vp.p_ae_given_injury_knife : vp.p_ae_given_injury_other);
    const bool admitted = ae && knife && r.bernoulli(vp.p_admission_given_ae_knife);
    const bool homicide = injury && knife && r.bernoulli(vp.p_homicide_given_knife_injury);
    const bool recorded =
        homicide || r.bernoulli(knife ? w.p.justice.p_recorded_knife : w.p.justice.p_recorded_other);

    if (knife) flags |= incident_flag::knife;
    if (injury) flags |= incident_flag::injury;
    if (recorded) flags |= incident_flag::recorded;
    if (g.size > 1) flags |= incident_flag::group;

    const std::uint32_t offender = g.size > 0 ? g.members[0] : no_agent;
    w.events.push({w.week, EventType::violent_incident, flags, offender, victim});
    for (int i = 0; i < g.size; ++i) {
        const auto m = g.members[i];
        pop.last_offence[m] = w.now();
        pop.states[m] |= state::ever_offended;
        for (int j = 0; j < g.size; ++j)
            if (j != i) add_co_offender(pop, m, g.members[j]);
    }
    if (victim != no_agent) {
        w.events.push({w.week, EventType::victimisation, flags, victim, offender});
        if (ae) w.events.push({w.week, EventType::ae_attendance, flags, victim, offender});
        if (admitted) w.events.push({w.week, EventType::hospital_admission, flags, victim, offender});
        if (homicide) w.events.push({w.week, EventType::homicide, flags, victim, offender});
        if (pop.last_victimised[victim] != w.now()) pop.prev_victimised[victim] = pop.last_victimised[victim];
        pop.last_victimised[victim] = w.now();
        if (injury) pop.last_injured[victim] = w.now();
        if (w.p.contagion.enabled) expose_ties(w, victim);
        // Fear after being hurt: drawn from the incident's stream, so a person injured twice in a
        // week draws twice. Minor violence (no injury) does not set it off.
        if (w.p.weapons.enabled && injury && !(pop.states[victim] & state::carrying) &&
            r.bernoulli(w.p.weapons.p_start_after_victimisation))
            start_carrying(w, victim, r);
        if (homicide) pop.states[victim] |= state::dead;
    }
    if (recorded) {
        w.events.push({w.week, EventType::recorded_offence, flags, offender, victim});
        apply_justice(w, g, flags, r);
    }
}

void resolve_incident(World& w, std::uint32_t offender, rng::Stream& r) {
    auto& pop = w.pop;
    if (unavailable(pop, offender)) return;  // taken into custody or killed earlier this week
    const auto& vp = w.p.violence;
    const Group g = draw_group(w, offender, r);
    // A young adult's victim is often 25 or over: outside the model, so no young victim.
    const bool adult = pop.age_weeks[offender] >= 18 * weeks_per_year;
    const std::uint32_t victim =
        adult && r.bernoulli(vp.adult_victim_share_18_24) ? no_agent : draw_victim(w, offender, g, r);
    bool armed = false;
    for (int i = 0; i < g.size; ++i) armed |= (pop.states[g.members[i]] & state::carrying) != 0;
    // Violence involving a young adult (either side) is more often armed.
    double p_knife = armed ? vp.p_knife_if_carrying : vp.p_knife_if_not_carrying;
    if (adult || (victim != no_agent && pop.age_weeks[victim] >= 18 * weeks_per_year))
        p_knife = std::min(1.0, p_knife * vp.knife_rr_18_24);
    resolve_outcomes(w, g, victim, p_knife, 0, r);
}

// Violence by people of 25 and over against 18-24s: they are outside the model, so an incident has
// no offender agent and leads to no arrest. In each neighbourhood a Poisson count a week with mean
// rate / 52 per 18-24-year-old there (not in custody), each victim drawn among them by this week's
// victim weight (docs/model.md 7.10). Serial, in neighbourhood order, after the young people's
// incidents.
void outside_violence(World& w) {
    const auto& vp = w.p.violence;
    if (!(vp.outside_offender_rate_18_24 > 0)) return;
    auto& pop = w.pop;
    // An 18-24-year-old who can be a victim this week (a weight of 0: in custody, dead or vacant).
    auto eligible = [&pop](std::uint32_t u) { return pop.age_weeks[u] >= 18 * weeks_per_year && pop.victim_weight[u] > 0; };
    const auto neighbourhoods = static_cast<std::uint32_t>(w.layout.neighbourhood_begin.size() - 1);
    for (std::uint32_t nb = 0; nb < neighbourhoods; ++nb) {
        const std::uint32_t begin = w.layout.neighbourhood_begin[nb], end = w.layout.neighbourhood_begin[nb + 1];
        std::uint32_t adults = 0;
        double total = 0;
        for (std::uint32_t u = begin; u < end; ++u) {
            if (!eligible(u)) continue;
            ++adults;
            total += pop.victim_weight[u];
        }
        if (adults == 0 || !(total > 0)) continue;
        rng::Stream r(w.seed, w.replicate, rng::place_subject(1, nb), w.week, rng::Purpose::outside_violence);
        const int incidents = r.poisson(vp.outside_offender_rate_18_24 / weeks_per_year * adults);
        for (int i = 0; i < incidents; ++i) {
            double pick = r.uniform() * total;
            std::uint32_t victim = no_agent;
            for (std::uint32_t u = begin; u < end; ++u) {
                if (!eligible(u)) continue;
                victim = u;
                pick -= pop.victim_weight[u];
                if (pick < 0) break;
            }
            if (victim != no_agent && !unavailable(pop, victim))
                resolve_outcomes(w, Group{}, victim, vp.p_knife_outside_offender, 0, r);
        }
    }
}

}  // namespace

bool resolve_market_incident(World& w, std::uint32_t offender, std::uint32_t victim, rng::Stream& r) {
    if (unavailable(w.pop, victim) || (offender != no_agent && unavailable(w.pop, offender))) return false;
    Group g;
    if (offender != no_agent) g.members[g.size++] = offender;
    resolve_outcomes(w, g, victim, w.p.county_lines.p_knife_market,
                     incident_flag::drug_market | incident_flag::county_lines, r);
    return true;
}

double probability_of_any(double h) {
    if (h < 0.05) return h * (1 - h / 2 * (1 - h / 3 * (1 - h / 4 * (1 - h / 5))));
    return -std::expm1(-h);
}

int poisson_count(double h, double u, int cap) {
    double tail = probability_of_any(h);  // P(K >= 1)
    if (!(u < tail)) return 0;
    const double p0 = std::exp(-h);
    double term = p0;  // P(K = k - 1) for the next k
    int k = 1;
    // P(K >= k + 1) = P(K >= k) - P(K = k); the tail shrinks fast for the weekly hazards used.
    while (k < cap) {
        term *= h / k;
        tail -= term;
        if (!(u < tail)) break;
        ++k;
    }
    return k;
}

void weigh_victims(World& w) {
    auto& pop = w.pop;
    const auto& vp = w.p.violence;
    const double exploited = w.p.county_lines.victim_weight_exploited;
    const auto neighbourhoods = static_cast<std::uint32_t>(w.layout.neighbourhood_begin.size() - 1);
    parallel::for_each_chunk(tbb::blocked_range<std::uint32_t>(0, neighbourhoods), [&](const auto& range) {
        for (std::uint32_t nb = range.begin(); nb != range.end(); ++nb) {
            double* sums = &pop.victim_weight_sums[static_cast<std::size_t>(nb) * single_years];
            std::fill_n(sums, single_years, 0.0);
            for (std::uint32_t v = w.layout.neighbourhood_begin[nb]; v < w.layout.neighbourhood_begin[nb + 1]; ++v) {
                // Victims are drawn towards people who carry weapons, offend or are exploited
                // (victim-offender overlap), who were hurt in the last year (repeat victimisation),
                // and by a lasting proneness; the states are the week's snapshot.
                const auto su = snapshot_states(pop.snapshot[v]);
                double weight = pop.victim_rr[v];
                if (su & state::carrying) weight *= vp.victim_weight_carrier;
                if (su & state::recent_offender) weight *= vp.victim_weight_recent_offender;
                if (su & state::exploited) weight *= exploited;
                if (weeks_since(pop.last_victimised[v], w.week) < weeks_per_year) weight *= vp.victim_weight_recent_victim;
                if (su & (state::in_custody | state::gone)) weight = 0;
                weight *= programme_rr(w, v, Effect::victimisation);
                pop.victim_weight[v] = static_cast<float>(weight);
                sums[pop.age_weeks[v] / weeks_per_year - age_min_years] += static_cast<float>(weight);
            }
        }
    });
}

void violence(World& w) {
    if (!w.p.violence.enabled) return;
    auto& pop = w.pop;
    weigh_victims(w);
    // Who offends was decided in the peers pass (peer_processes); incidents touch other people's
    // state, so they are resolved one by one, in slot order.
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        if (!(w.marks[v] & mark::offends)) continue;
        // A person's incidents of the week share one stream, drawn from in turn.
        auto r = w.stream(v, rng::Purpose::incident);
        for (int i = 0; i < w.offences[v]; ++i) resolve_incident(w, v, r);
    }
    outside_violence(w);
}

}  // namespace vrusim
