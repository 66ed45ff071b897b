#include "model.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "phases.hpp"

namespace vrusim {

namespace {

SocialGraph synthesise_and_build(const Parameters& p, const RunPlan& plan, Population& pop, Layout& layout) {
    synthesise(p, plan.seed, static_cast<std::uint32_t>(plan.replicate), pop, layout);
    return SocialGraph::build(pop, layout, p, plan.seed, static_cast<std::uint32_t>(plan.replicate));
}

// Chance of being in a state t weeks after becoming eligible (entering outside it), with weekly
// entry probability e and spells of mean D: pi (1 - exp(-t / tau)), pi = eD / (1 + eD), tau = D / (1 + eD).
double equilibrium_share(double e, double spell_mean, int t) {
    const double pi = e * spell_mean / (1 + e * spell_mean), tau = spell_mean / (1 + e * spell_mean);
    return pi * -std::expm1(-t / tau);
}

}  // namespace

Model::Model(const Parameters& parameters, const RunPlan& plan)
    : p_(parameters),
      plan_(plan),
      rates_(derive_rates(parameters)),
      graph_(synthesise_and_build(p_, plan_, pop_, layout_)),
      marks_(pop_.size(), 0),
      world_{p_, rates_, layout_, graph_, pop_, events_, marks_, {}, plan.seed,
             static_cast<std::uint32_t>(plan.replicate), 0} {
    world_.normalisers = compute_normalisers();  // school: from traits
    initialise_states();
    world_.normalisers = compute_normalisers();  // NEET: from the exclusions just drawn
    initialise_neet();
    initialise_history();
    if (p_.county_lines.enabled) {
        county_lines_ = CountyLines::build(p_, layout_, pop_, plan_.seed, static_cast<std::uint32_t>(plan_.replicate));
        world_.cl = &county_lines_;
    }
    // Incidents and marked events are a few per hundred agents a week; reserve once.
    events_.reserve(std::max<std::size_t>(1024, pop_.size() / 8));
}

Normalisers Model::compute_normalisers() const {
    Normalisers n;
    double school_sum = 0, neet_sum = 0;
    std::uint64_t pupils = 0, neet_age = 0;
    for (std::uint32_t v = 0; v < pop_.size(); ++v) {
        const int age = pop_.age_weeks[v] / weeks_per_year;
        if (age < p_.school.leaving_age) {
            school_sum += school_static_rr(p_, pop_.traits[v]);
            ++pupils;
        }
        if (age >= p_.neet.min_age) {
            neet_sum += neet_static_rr(p_, pop_.states[v]);
            ++neet_age;
        }
    }
    if (pupils) n.school_rr_mean = school_sum / static_cast<double>(pupils);
    if (neet_age) n.neet_rr_mean = neet_sum / static_cast<double>(neet_age);
    return n;
}

// Starting states drawn from their target prevalences (and, for histories, from the hazard a
// person has been exposed to since age 10), so the burn-in only has to settle the dynamics.
void Model::initialise_states() {
    const auto& p = p_;
    tbb::parallel_for(std::uint32_t{0}, pop_.size(), [&](std::uint32_t v) {
        rng::Stream s(plan_.seed, static_cast<std::uint32_t>(plan_.replicate), person_id(pop_, v), -1,
                      rng::Purpose::synthesis_state);
        auto& st = pop_.states[v];
        const int age_w = pop_.age_weeks[v];
        const int age = age_w / weeks_per_year;
        const int weeks_since_10 = age_w - age_min_years * weeks_per_year;
        if (p.peer_influence.enabled && s.bernoulli(p.peer_influence.initial_prevalence)) {
            st |= state::influenced;
            pop_.influence_until[v] = static_cast<std::int16_t>(s.spell_weeks(p.peer_influence.duration_mean_weeks));
        }
        if (p.weapons.enabled && s.bernoulli(p.weapons.initial_prevalence)) {
            st |= state::carrying;
            pop_.carry_until[v] = static_cast<std::int16_t>(s.spell_weeks(p.weapons.duration_mean_weeks));
        }
        if (p.family.enabled && age < 18 &&
            s.bernoulli(equilibrium_share(rates_.parent_prison_weekly, p.family.parent_prison_weeks_mean, weeks_since_10))) {
            st |= state::parent_in_prison;
            pop_.parent_prison_until[v] = static_cast<std::int16_t>(s.spell_weeks(p.family.parent_prison_weeks_mean));
        }
        if (p.school.enabled) {
            const int school_weeks = std::min(age_w, p.school.leaving_age * weeks_per_year) - age_min_years * weeks_per_year;
            const double rr = school_static_rr(p, pop_.traits[v]) / world_.normalisers.school_rr_mean;
            if (school_weeks > 0 && s.bernoulli(-std::expm1(-rates_.exclusion_weekly * rr * school_weeks)))
                st |= state::excluded;
        }
    });
}

void Model::initialise_neet() {
    const auto& np = p_.neet;
    if (!np.enabled) return;
    tbb::parallel_for(std::uint32_t{0}, pop_.size(), [&](std::uint32_t v) {
        const int weeks_eligible = pop_.age_weeks[v] - np.min_age * weeks_per_year;
        if (weeks_eligible < 0) return;
        rng::Stream s(plan_.seed, static_cast<std::uint32_t>(plan_.replicate), person_id(pop_, v), -2,
                      rng::Purpose::synthesis_state);
        auto& st = pop_.states[v];
        const double entry = rates_.neet_entry_weekly / world_.normalisers.neet_rr_mean * neet_static_rr(p_, st);
        if (s.bernoulli(equilibrium_share(entry, np.spell_mean_weeks, weeks_eligible))) {
            st |= state::neet;
            pop_.neet_until[v] = static_cast<std::int16_t>(s.spell_weeks(np.spell_mean_weeks));
        }
    });
}

// Offending and sanction histories from the hazard a person faces now (their other states are
// already drawn), as if it had applied since age 10.
void Model::initialise_history() {
    if (!p_.violence.enabled) return;
    const auto& j = p_.justice;
    const double per_offence_sanction = j.p_recorded_other * j.p_arrest_given_recorded * j.p_sanction_given_arrest;
    tbb::parallel_for(std::uint32_t{0}, pop_.size(), [&](std::uint32_t v) {
        rng::Stream s(plan_.seed, static_cast<std::uint32_t>(plan_.replicate), person_id(pop_, v), -3,
                      rng::Purpose::synthesis_state);
        const double expected =
            offending_hazard(world_, v) * (pop_.age_weeks[v] - age_min_years * weeks_per_year);
        auto& st = pop_.states[v];
        if (s.bernoulli(-std::expm1(-expected))) st |= state::ever_offended;
        if (s.bernoulli(-std::expm1(-expected * per_offence_sanction))) st |= state::ever_sanctioned | state::ever_offended;
    });
}

void Model::step() {
    world_.week = weeks_done_;
    events_.clear();
    age_and_turn_over(world_);
    life_events(world_);
    take_snapshot(world_);
    peer_processes(world_);
    vrusim::county_lines(world_);
    violence(world_);
    county_lines_after_violence(world_);
    emit_marked_events(world_);
    ++weeks_done_;
}

void Model::measure(MeasureCube& cube, int out_week) const { measure_week(world_, cube, out_week); }

std::uint64_t Model::state_hash() const {
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const auto& column) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(column.data());
        for (std::size_t i = 0; i < column.size() * sizeof(column[0]); ++i) {
            h ^= bytes[i];
            h *= 1099511628211ull;
        }
    };
    mix(pop_.generation);
    mix(pop_.traits);
    mix(pop_.age_weeks);
    mix(pop_.states);
    for (const auto* column : {&pop_.carry_until, &pop_.influence_until, &pop_.neet_until, &pop_.parent_prison_until,
                               &pop_.custody_until, &pop_.last_offence, &pop_.last_victimised,
                               &pop_.last_tie_victimised, &pop_.last_carried, &pop_.last_suspended,
                               &pop_.last_arrested})
        mix(*column);
    mix(pop_.co_offenders);
    if (world_.cl != nullptr) {  // only with the feature on, so the hash of a run without it is unchanged
        mix(pop_.cl_line);
        mix(pop_.cl_debt);
        for (const auto* column : pop_.county_lines_stamps()) mix(*column);
        const auto& lines = county_lines_.lines;
        mix(lines.state);
        mix(lines.brand);
        mix(lines.hub_area);
        mix(lines.market_area);
        mix(lines.runners);
        mix(lines.n_runners);
        mix(lines.external_runners);
        mix(lines.trap);
        mix(lines.n_trap);
        mix(county_lines_.adults.line);
        mix(county_lines_.adults.protected_until);
    }
    return h;
}

}  // namespace vrusim
