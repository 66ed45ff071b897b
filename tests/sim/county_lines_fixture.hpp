#pragma once
/// Shared by the county-lines tests (tests/sim/test_county_lines_*.cpp): scenarios with busy
/// or quiet lines, bookkeeping checks and small helpers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "busy_county_lines.hpp"
#include "sim/ensemble.hpp"
#include "sim/model.hpp"
#include "sim/phases.hpp"


namespace vrusim::testing::county_lines_tests {


inline constexpr RunPlan plan{0, 0, 20240402};
inline constexpr double z = 4;  // standard errors allowed in every statistical check

// |observed share - p| within z binomial standard errors sqrt(p(1-p)/n).
inline bool share_near(double successes, double trials, double p) {
    return trials > 0 && std::abs(successes / trials - p) <= z * std::sqrt(p * (1 - p) / trials);
}

// Two made-up areas, about 3,300 young people, county lines on. The areas differ in drug
// admissions and hub weight so that markets differ.
inline Parameters two_areas() {
    Parameters p;
    p.population.areas = {{"North", 600, 600, 600, 20000, 25.0, 1.0, 1.5, 1.0},
                          {"South", 500, 500, 500, 15000, 12.0, 1.0, 0.8, 0.5}};
    p.run.burn_in_weeks = 0;
    p.run.weeks = 80;
    p.county_lines.enabled = true;
    return p;
}

// Lines form, staff, trade and close many times in a short run (make_county_lines_busy), with
// runners coming and going, busy cuckooing and busy markets.
inline Parameters busy_lines() {
    Parameters p = two_areas();
    testing::make_county_lines_busy(p);
    auto& c = p.county_lines;
    c.exit_rate_per_week = 0.1;
    c.runner_arrest_per_week = 0.05;
    p.exploitation.p_line_given_comply = 0.7;
    p.cuckooing.move_on_weeks_mean = 4;
    p.cuckooing.visit_rate_per_week = 0.2;
    p.violence.base_rate_per_year = 0.5;  // recent offenders to seed new lines
    return p;
}

// busy_lines() with violent markets: robberies, rivalry and punishment, mostly with knives, and
// enough homicides and custody that runners die and are locked up within the run.
inline Parameters violent_markets() {
    Parameters p = busy_lines();
    testing::make_markets_violent(p);
    p.county_lines.p_knife_market = 0.8;
    p.violence.p_admission_given_ae_knife = 0.5;
    p.violence.p_homicide_given_knife_injury = 0.1;
    p.justice.p_custody_given_arrest = 0.3;
    return p;
}

// Every approach relative risk 1 and nobody in care, no violence (so no custody or deaths), and no
// lines: only street approaches, with the same weight for everyone.
inline Parameters uniform_vulnerability(double per_band) {
    Parameters p;
    p.population.areas = {{"North", per_band, per_band, per_band, 30 * per_band, 20.0, 1.0}};
    p.run.burn_in_weeks = 0;
    p.run.weeks = 52;
    p.violence.enabled = false;
    p.county_lines.enabled = true;
    p.county_lines.lines_regional = 0;  // and no national lines to take a share of: no lines at all
    p.county_lines.lines_national = 0;
    auto& e = p.exploitation;
    e.age_rr_10_12 = e.age_rr_18_24 = 1;
    e.rr_excluded = e.rr_neet = e.rr_missing = e.rr_substance = e.rr_in_care = e.rr_parent_in_prison = 1;
    e.rr_ace = e.rr_sen = e.rr_trusted_adult = e.rr_sport = e.rr_in_support = 1;
    e.in_care_prevalence = 0;
    p.safeguarding.rr_comply_protected = 1;
    return p;
}

// Many staffed lines whose runners can leave only by closure, exit or ageing out: no violence
// (no deaths, no custody), no market incidents and no routine arrests, so the runners a line has
// when its holder is charged are exactly those listed before the week, less any whose slot was
// refilled.
inline Parameters quiet_lines() {
    Parameters p = two_areas();
    p.violence.enabled = false;
    auto& c = p.county_lines;
    c.lines_regional = 40;
    c.entry_rate_per_week = 0.5;
    c.closure_rate_per_week = 0.05;
    c.runner_arrest_per_week = 0;
    c.p_robbery_per_week = c.p_rivalry_per_week = c.p_punishment_per_week = 0;
    c.disruption_kappa = 0;
    p.justice.p_custody_given_arrest = 0;
    p.exploitation.approach_prevalence_13_17 = 0.9;
    p.exploitation.compliance_share = 0.6;
    p.exploitation.p_line_given_comply = 1;
    return p;
}

// An enforcement-timeline entry in `area` ("" for all) for weeks [start, start + weeks), repeated.
inline EnforcementEntry window(std::string area, int start, int weeks, int repeat, double closure_rr) {
    EnforcementEntry e;
    e.area = std::move(area);
    e.start_week = start;
    e.weeks = weeks;
    e.repeat_every_weeks = repeat;
    e.closure_rr = closure_rr;
    return e;
}

// Model::step() spelled out, with a hook after the turnover so a test can see refilled slots
// before anything else touches them ("step_phases matches Model::step" checks it stays in step).
inline void step_phases(Model& m, int week, const std::function<void()>& after_turnover = {}) {
    World& w = m.world();
    w.week = week;
    w.events.clear();
    age_and_turn_over(w);
    if (after_turnover) after_turnover();
    life_events(w);
    take_snapshot(w);
    peer_processes(w);
    county_lines(w);
    violence(w);
    county_lines_after_violence(w);
    emit_marked_events(w);
}

inline bool has(std::uint16_t bits, std::uint16_t flag) { return (bits & flag) != 0; }

struct Faults {
    std::vector<std::string> found;  ///< the first 20 broken invariants, described
    /// Runners killed this week still marked as runners but no longer listed (a runner killed in
    /// its own runner week must leave the line and the runner state together; see the test below).
    std::vector<std::string> dead_runner_unlisted;
};

// Every broken invariant of the line table, the runner columns and the trap houses.
inline Faults bookkeeping_faults(const Model& m, int week) {
    const auto& pop = m.population();
    const auto& cl = m.county_lines();
    const auto& lines = cl.lines;
    const auto& adults = cl.adults;
    Faults faults;
    auto fault = [&](const std::string& what) {
        if (faults.found.size() < 20) faults.found.push_back("week " + std::to_string(week) + ": " + what);
    };
    std::vector<int> listed(pop.size(), 0);
    std::vector<std::uint32_t> listed_in(pop.size(), no_line);
    for (std::uint32_t l = 0; l < lines.capacity(); ++l) {
        const int n = lines.n_runners[l];
        const auto line = "line " + std::to_string(l);
        if (n > LineTable::runners_cap) fault(line + " holds more runners than runners_cap");
        if (lines.n_trap[l] > LineTable::trap_cap) fault(line + " holds more trap houses than trap_cap");
        if (!lines.live(l) && (n != 0 || lines.external_runners[l] != 0 || lines.n_trap[l] != 0))
            fault(line + " is closed but holds runners or trap houses");
        if (lines.live(l) && lines.n_trap[l] > lines.trap_wanted[l]) fault(line + " has more trap houses than it wants");
        const auto* list = lines.runners_of(l);
        for (int i = 0; i < LineTable::runners_cap; ++i) {
            const std::uint64_t id = list[i];
            if (i >= n) {
                if (id != 0) fault(line + " has an entry past its runner count");
                continue;
            }
            const auto v = static_cast<std::uint32_t>(id);
            if (id == 0 || v >= pop.size() || person_id(pop, v) != id) {
                fault(line + " lists a person who no longer holds the slot");
                continue;
            }
            ++listed[v];
            listed_in[v] = l;
            const auto who = line + " lists slot " + std::to_string(v);
            if (!has(pop.states[v], state::runner)) fault(who + " without state::runner");
            if (!has(pop.states[v], state::exploited)) fault(who + " without state::exploited");
            if (pop.cl_line[v] != l) fault(who + " whose cl_line is " + std::to_string(pop.cl_line[v]));
        }
        for (int t = 0; t < lines.n_trap[l]; ++t) {
            const auto adult = lines.trap[static_cast<std::size_t>(l) * LineTable::trap_cap + t];
            if (adult >= adults.size() || adults.line[adult] != l)
                fault(line + " trap house " + std::to_string(adult) + " does not point back");
        }
    }
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        const bool runner = has(pop.states[v], state::runner);
        const auto slot = "slot " + std::to_string(v) + (has(pop.states[v], state::dead) ? " (dead)" : "");
        if (runner != (pop.cl_line[v] != no_line)) fault(slot + ": state::runner and cl_line disagree");
        if (listed[v] > 1) fault(slot + " is listed " + std::to_string(listed[v]) + " times");
        if (runner && listed[v] == 0) {
            const auto what = slot + " is a runner of line " + std::to_string(pop.cl_line[v]) + " but in no list";
            if (has(pop.states[v], state::dead)) faults.dead_runner_unlisted.push_back("week " + std::to_string(week) + ": " + what);
            fault(what);
        }
        if (runner && listed[v] == 1 && listed_in[v] != pop.cl_line[v]) fault(slot + " is listed in a line other than its cl_line");
    }
    for (std::uint32_t i = 0; i < adults.size(); ++i) {
        const auto l = adults.line[i];
        if (l == no_line) continue;
        const auto adult = "adult " + std::to_string(i);
        if (l >= lines.capacity() || !lines.live(l)) {
            fault(adult + " is a trap house of a closed line");
            continue;
        }
        const auto* trap = &lines.trap[static_cast<std::size_t>(l) * LineTable::trap_cap];
        if (std::count(trap, trap + lines.n_trap[l], i) != 1) fault(adult + " is not in its line's trap list exactly once");
    }
    return faults;
}

// County-lines state a newly entered person must not carry.
inline bool clean_newcomer(const Population& pop, std::uint32_t v) {
    bool clean = !has(pop.states[v], state::exploited | state::runner | state::missing | state::in_support) &&
                 pop.cl_line[v] == no_line && pop.cl_debt[v] == 0;
    for (const auto* column : pop.county_lines_stamps()) clean &= (*column)[v] == never;
    return clean;
}

// A fixed pseudo-random choice of slots, independent of the model's own streams.
inline int group_of(std::uint32_t v, int groups) {
    return static_cast<int>(rng::Stream(555, 0, v, 0, rng::Purpose::synthesis_state).below(static_cast<std::uint32_t>(groups)));
}



struct LineMeasures {
    MeasureCube cube, expected;     ///< the model's, and rebuilt from the events by the line's market
    int slot_reused_elsewhere = 0;  ///< a line closed and its slot reopened in the other market, same week
};

// Closures in one market are often followed the same week by an opening in the other, in the
// slot the closure just freed; the closure still belongs to the market of the line that closed.
inline LineMeasures line_measures(int weeks) {
    auto p = quiet_lines();
    p.county_lines.closure_rate_per_week = 0.1;
    Model m(p, plan);
    const auto& lines = m.county_lines().lines;
    LineMeasures r{MeasureCube(weeks, 2), MeasureCube(weeks, 2)};
    for (int week = 0; week < weeks; ++week) {
        const LineTable before = lines;
        m.step();
        m.measure(r.cube, week);
        std::map<std::uint32_t, std::uint16_t> closed_in;  // line closed this week -> its market
        for (const Event& e : m.events()) {
            auto add = [&](Measure measure, std::uint16_t market) { ++r.expected.at(measure, week, market, 0); };
            switch (e.type) {
                case EventType::line_opened:
                    // A line opened this week is still open, so its slot holds its market.
                    add(Measure::county_lines_opened, lines.market_area[e.agent]);
                    if (closed_in.count(e.agent) && closed_in[e.agent] != lines.market_area[e.agent]) ++r.slot_reused_elsewhere;
                    break;
                case EventType::line_closed:
                    closed_in[e.agent] = before.market_area[e.agent];
                    add(Measure::county_lines_closed, before.market_area[e.agent]);
                    break;
                case EventType::holder_charged:
                case EventType::external_runner_arrested: add(Measure::closure_arrests, before.market_area[e.agent]); break;
                case EventType::arrest:
                    if (e.flags & incident_flag::at_closure) add(Measure::closure_arrests, before.market_area[e.other]);
                    break;
                case EventType::safeguarding_referral:
                case EventType::adult_referral:
                    if (e.flags & incident_flag::at_closure) add(Measure::closure_referrals, before.market_area[e.other]);
                    break;
                default: break;
            }
        }
    }
    return r;
}

inline bool same_measure(const LineMeasures& r, Measure measure) {
    const auto got = r.cube.measure(measure), want = r.expected.measure(measure);
    return std::equal(got.begin(), got.end(), want.begin(), want.end());
}


}  // namespace vrusim::testing::county_lines_tests
