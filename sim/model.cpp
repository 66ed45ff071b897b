#include "model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "burn_in/key.hpp"
#include "burn_in/settled_state.hpp"
#include "initial_states.hpp"
#include "phases.hpp"
#include "parallel.hpp"

namespace vrusim {

namespace {

std::shared_ptr<const Layout> synthesise_population(const Parameters& p, const RunPlan& plan, Population& pop) {
    auto layout = std::make_shared<Layout>();
    synthesise(p, plan.seed, static_cast<std::uint32_t>(plan.replicate), pop, *layout);
    return layout;
}

std::shared_ptr<const SocialGraph> build_graph(const Parameters& p, const RunPlan& plan, const Population& pop,
                                               const Layout& layout) {
    return std::make_shared<const SocialGraph>(
        SocialGraph::build(pop, layout, p, plan.seed, static_cast<std::uint32_t>(plan.replicate)));
}

}  // namespace

Model::Model(const Parameters& parameters, const RunPlan& plan)
    : p_(parameters),
      plan_(plan),
      rates_(derive_rates(parameters)),
      layout_(synthesise_population(p_, plan_, pop_)),
      graph_(build_graph(p_, plan_, pop_, *layout_)),
      marks_(pop_.size(), 0),
      offences_(pop_.size(), 0),
      world_{p_, rates_, *layout_, *graph_, pop_, events_, marks_, offences_, {}, plan.seed,
             static_cast<std::uint32_t>(plan.replicate), 0} {
    world_.normalisers = compute_normalisers();  // school: from traits
    initialise_states();
    world_.normalisers = compute_normalisers();  // NEET: from the exclusions just drawn
    initialise_neet();
    initialise_history();
    if (p_.county_lines.enabled)
        county_lines_ = CountyLines::build(p_, *layout_, pop_, plan_.seed, static_cast<std::uint32_t>(plan_.replicate));
    agents_at_start_ = people();
    attach_optional_state();
}

Model::Model(const Parameters& parameters, const RunPlan& plan, SettledState settled)
    : p_(parameters),
      plan_(plan),
      rates_(derive_rates(parameters)),
      pop_(std::move(settled.pop)),
      layout_(std::move(settled.layout)),
      graph_(std::move(settled.graph)),
      marks_(std::move(settled.marks)),
      offences_(std::move(settled.offences)),
      county_lines_(std::move(settled.county_lines)),
      world_{p_, rates_, *layout_, *graph_, pop_, events_, marks_, offences_, settled.normalisers, plan.seed,
             static_cast<std::uint32_t>(plan.replicate), 0},
      weeks_done_(settled.weeks_done),
      agents_at_start_(settled.agents_at_start) {
    if (settled.plan.seed != plan.seed || settled.plan.replicate != plan.replicate)
        throw std::logic_error("a settled state continued under another seed or replicate");
    if (settled.key != burn_in_key(p_))
        throw std::logic_error("a settled state continued under parameters that act in the burn-in differently");
    // The programme's columns are made afresh for this scenario's interventions (the burn-in's
    // scenario may have had others, or none): in a run from scratch they are untouched until the
    // first reported week.
    pop_.programme.clear();
    pop_.programme_until.clear();
    pop_.programme_from.clear();
    attach_optional_state();
}

// County lines (when on) and the programme (when there are interventions) hang off the world.
void Model::attach_optional_state() {
    if (p_.county_lines.enabled) world_.cl = &county_lines_;
    if (!p_.programme.interventions.empty()) {
        programme_ = std::make_unique<ProgrammeState>();
        prepare_programme(p_, *layout_, pop_, *programme_);
        world_.programme = programme_.get();
    }
    // Incidents and marked events are a few per hundred agents a week; reserve once.
    events_.reserve(std::max<std::size_t>(1024, pop_.size() / 8));
}

SettledState Model::release_settled() {
    return SettledState{plan_, burn_in_key(p_), layout_, graph_, std::move(pop_), std::move(county_lines_),
                        std::move(marks_), std::move(offences_), world_.normalisers, weeks_done_, agents_at_start_};
}

SettledState Model::settled_shell() const {
    SettledState shell;
    shell.plan = plan_;
    shell.key = burn_in_key(p_);
    shell.layout = layout_;
    shell.graph = graph_;
    return shell;
}

Normalisers Model::compute_normalisers() const {
    Normalisers n;
    double exclusion_sum = 0, suspension_sum = 0, neet_sum = 0;
    std::uint64_t pupils = 0, neet_age = 0;
    for (std::uint32_t v = 0; v < pop_.size(); ++v) {
        if (pop_.states[v] & state::vacant) continue;
        const int age = pop_.age_weeks[v] / weeks_per_year;
        if (age < p_.school.leaving_age) {
            const double traits = school_static_rr(p_, pop_.traits[v]);
            exclusion_sum += traits * rates_.exclusion_age_rr[age];
            suspension_sum += traits * rates_.suspension_age_rr[age];
            ++pupils;
        }
        if (age >= p_.neet.min_age) {
            neet_sum += neet_static_rr(p_, pop_.states[v]);
            ++neet_age;
        }
    }
    if (pupils && exclusion_sum > 0) n.exclusion_rr_mean = exclusion_sum / static_cast<double>(pupils);
    if (pupils && suspension_sum > 0) n.suspension_rr_mean = suspension_sum / static_cast<double>(pupils);
    if (neet_age) n.neet_rr_mean = neet_sum / static_cast<double>(neet_age);
    return n;
}

// Starting states drawn from their target prevalences (and, for histories, from the hazard a
// person has been exposed to since age 10), so the burn-in only has to settle the dynamics.
void Model::initialise_states() {
    parallel::for_each_index(std::uint32_t{0}, pop_.size(), [&](std::uint32_t v) {
        if (!(pop_.states[v] & state::vacant)) draw_initial_states(world_, v, true);
    });
}

void Model::initialise_neet() {
    parallel::for_each_index(std::uint32_t{0}, pop_.size(), [&](std::uint32_t v) {
        if (!(pop_.states[v] & state::vacant)) draw_initial_neet(world_, v);
    });
}

void Model::initialise_history() {
    parallel::for_each_index(std::uint32_t{0}, pop_.size(), [&](std::uint32_t v) {
        if (pop_.states[v] & state::vacant) return;
        draw_initial_history(world_, v);
        draw_initial_custody(world_, v);
    });
}

void Model::step() {
    world_.week = weeks_done_;
    // A secular trend (off by default) acts from the first reported week, never in the burn-in.
    const double years_reported = static_cast<double>(weeks_done_ - p_.run.burn_in_weeks) / weeks_per_year;
    world_.trend_rr = years_reported > 0 ? std::pow(1 + p_.violence.trend_per_year, years_reported) : 1.0;
    events_.clear();
    age_and_turn_over(world_);
    life_events(world_);
    take_snapshot(world_);
    peer_processes(world_);
    vrusim::county_lines(world_);
    violence(world_);
    county_lines_after_violence(world_);
    emit_marked_events(world_);
    run_programme(world_);
    ++weeks_done_;
}

std::uint32_t Model::people() const {
    return static_cast<std::uint32_t>(std::count_if(pop_.states.begin(), pop_.states.end(),
                                                    [](std::uint16_t s) { return !(s & state::gone); }));
}

void Model::measure(MeasureCube& cube, int out_week) const { measure_week(world_, cube, out_week); }

ProgrammeTally Model::programme_tally() const {
    return programme_ ? vrusim::programme_tally(p_, *programme_, layout_->scale) : ProgrammeTally{};
}

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
    for (const auto* column : pop_.person_stamps()) mix(*column);
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
    if (!pop_.programme.empty()) {  // only with interventions, so the baseline's hash is unchanged
        mix(pop_.programme);
        mix(pop_.programme_until);
        mix(pop_.programme_from);
    }
    return h;
}

}  // namespace vrusim
