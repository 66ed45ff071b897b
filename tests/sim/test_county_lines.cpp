// County lines and exploitation (sim/county_lines.*, sim/phases/county_lines.cpp, exploitation.cpp):
// the bookkeeping of lines, runners and trap houses; recruitment, closure, replacement and
// safeguarding against their configured rates; market violence in the measures. Seeds are fixed;
// every statistical tolerance is 4 standard errors of the sampling spread named beside it, so a
// correct model fails about once in 16,000 checks.
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

using namespace vrusim;

namespace {

constexpr RunPlan plan{0, 0, 20240402};
constexpr double z = 4;  // standard errors allowed in every statistical check

// |observed share - p| within z binomial standard errors sqrt(p(1-p)/n).
bool share_near(double successes, double trials, double p) {
    return trials > 0 && std::abs(successes / trials - p) <= z * std::sqrt(p * (1 - p) / trials);
}

// Two made-up areas, about 3,300 young people, county lines on. The areas differ in drug
// admissions and hub weight so that markets differ.
Parameters two_areas() {
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
Parameters busy_lines() {
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
Parameters violent_markets() {
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
Parameters uniform_vulnerability(double per_band) {
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
Parameters quiet_lines() {
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
EnforcementEntry window(std::string area, int start, int weeks, int repeat, double closure_rr) {
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
void step_phases(Model& m, int week, const std::function<void()>& after_turnover = {}) {
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

bool has(std::uint16_t bits, std::uint16_t flag) { return (bits & flag) != 0; }

struct Faults {
    std::vector<std::string> found;  ///< the first 20 broken invariants, described
    /// Runners killed this week still marked as runners but no longer listed (a runner killed in
    /// its own runner week must leave the line and the runner state together; see the test below).
    std::vector<std::string> dead_runner_unlisted;
};

// Every broken invariant of the line table, the runner columns and the trap houses.
Faults bookkeeping_faults(const Model& m, int week) {
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
bool clean_newcomer(const Population& pop, std::uint32_t v) {
    bool clean = !has(pop.states[v], state::exploited | state::runner | state::missing | state::in_support) &&
                 pop.cl_line[v] == no_line && pop.cl_debt[v] == 0;
    for (const auto* column : pop.county_lines_stamps()) clean &= (*column)[v] == never;
    return clean;
}

// A fixed pseudo-random choice of slots, independent of the model's own streams.
int group_of(std::uint32_t v, int groups) {
    return static_cast<int>(rng::Stream(555, 0, v, 0, rng::Purpose::synthesis_state).below(static_cast<std::uint32_t>(groups)));
}

}  // namespace

TEST_CASE("county lines: step_phases matches Model::step") {
    const auto p = violent_markets();
    Model a(p, plan), b(p, plan);
    for (int week = 0; week < 15; ++week) {
        a.step();
        step_phases(b, week);
    }
    CHECK(a.state_hash() == b.state_hash());
}

TEST_CASE("county lines: runner lists, runner states, trap houses and refilled slots stay consistent every week") {
    const auto p = violent_markets();
    Model m(p, plan);
    const auto& pop = m.population();
    const auto& lines = m.county_lines().lines;
    constexpr int weeks = 80;
    std::vector<std::string> faults;
    std::size_t opened = 0, charged = 0, folded = 0, cuckooed = 0, joined = 0, runner_refills = 0, market_homicides = 0,
                runners_in_custody = 0, newcomers = 0;
    bool newcomers_clean = true;
    int max_live = 0;
    for (int week = 0; week < weeks; ++week) {
        const auto generation = pop.generation;
        std::vector<bool> was_runner(pop.size());
        for (std::uint32_t v = 0; v < pop.size(); ++v) was_runner[v] = has(pop.states[v], state::runner);
        step_phases(m, week, [&] {
            for (std::uint32_t v = 0; v < pop.size(); ++v) {
                if (pop.generation[v] == generation[v]) continue;
                ++newcomers;
                runner_refills += was_runner[v];
                newcomers_clean &= clean_newcomer(pop, v);
            }
        });
        for (const auto& f : bookkeeping_faults(m, week).found)
            if (faults.size() < 20) faults.push_back(f);
        for (const Event& e : m.events()) {
            opened += e.type == EventType::line_opened;
            charged += e.type == EventType::line_closed && (e.flags & incident_flag::holder_charged);
            folded += e.type == EventType::line_closed && !(e.flags & incident_flag::holder_charged);
            cuckooed += e.type == EventType::home_cuckooed;
            joined += e.type == EventType::exploitation_started && e.other != no_agent;
            market_homicides += e.type == EventType::homicide && (e.flags & incident_flag::drug_market);
            runners_in_custody += e.type == EventType::custody && has(pop.states[e.agent], state::runner);
        }
        int live = 0;
        for (std::uint32_t l = 0; l < lines.capacity(); ++l) live += lines.live(l);
        max_live = std::max(max_live, live);
    }
    INFO("opened " << opened << ", charged " << charged << ", folded " << folded << ", cuckooed " << cuckooed
                   << ", joined " << joined << ", runner slots refilled " << runner_refills << ", market homicides "
                   << market_homicides << ", runners into custody (still listed) " << runners_in_custody
                   << ", most lines live " << max_live);
    // The run exercises every path the invariants cover: lines opened, charged and folded, homes
    // taken over, runners joining, locked up, killed, and their slots refilled.
    REQUIRE(opened > 100);
    REQUIRE(charged > 50);
    REQUIRE(folded > 5);
    REQUIRE(cuckooed > 50);
    REQUIRE(joined > 300);
    REQUIRE(runners_in_custody > 0);
    REQUIRE(market_homicides > 0);
    REQUIRE(runner_refills > 0);
    REQUIRE(newcomers > 100);
    CHECK(newcomers_clean);
    std::string all;
    for (const auto& f : faults) all += f + "\n";
    INFO(all);
    CHECK(faults.empty());
}

// A runner killed in their own runner week (robbery or punishment) is dropped from the list by
// runner_weeks() and must leave the runner state too, or the dead slot keeps state::runner and
// cl_line until it is refilled, and could be referred as that line's runner (a bug once).
TEST_CASE("county lines: a runner killed in their runner week leaves the line's list and the runner state together") {
    const auto p = violent_markets();
    Model m(p, plan);
    std::vector<std::string> faults;
    for (int week = 0; week < 40; ++week) {
        m.step();
        for (const auto& f : bookkeeping_faults(m, week).dead_runner_unlisted)
            if (faults.size() < 10) faults.push_back(f);
    }
    std::string all;
    for (const auto& f : faults) all += f + "\n";
    INFO(all);
    CHECK(faults.empty());
}

TEST_CASE("recruitment: with uniform vulnerability and no lines, 1 - exp(-52 h) = approach_prevalence x (1 - tie_share) of 13-17s are approached in a year, and compliance_share of approaches comply") {
    // A high prevalence and tie share, so that a hazard solved without the log (h = target / 52)
    // or without the tie share would miss by many standard errors.
    auto p = uniform_vulnerability(10000);
    p.exploitation.approach_prevalence_13_17 = 0.8;
    p.exploitation.tie_share = 0.4;
    const auto& e = p.exploitation;
    Model m(p, plan);
    const auto& pop = m.population();
    const auto& cl = m.county_lines();
    // Every weight is 1, so the bisection's hazard is the closed form and compliance is the share itself.
    const double target = e.approach_prevalence_13_17 * (1 - e.tie_share);
    CHECK(cl.approach_hazard == Approx(-std::log1p(-target) / weeks_per_year).epsilon(1e-9));
    CHECK(cl.compliance_scale == Approx(e.compliance_share).epsilon(1e-9));
    // The cohort aged 13-17 at the start. Until their first approach nobody is exploited (there
    // are no lines to recruit otherwise) or in custody (no violence), so each keeps weight 1 and
    // is approached in a week with probability 1 - exp(-h): over 52 weeks, exactly the target.
    std::vector<bool> cohort(pop.size()), approached(pop.size());
    double cohort_size = 0;
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        const int age = pop.age_weeks[v] / weeks_per_year;
        cohort[v] = age >= 13 && age < 18;
        cohort_size += cohort[v];
    }
    double approaches = 0, complied = 0;
    bool street_only = true;
    for (int week = 0; week < weeks_per_year; ++week) {
        m.step();
        for (const Event& ev : m.events()) {
            if (ev.type == EventType::exploitation_approach) {
                street_only &= ev.other == no_agent;
                approached[ev.agent] = true;
                approaches += 1;
            }
            complied += ev.type == EventType::exploitation_started;
        }
    }
    double cohort_approached = 0;
    for (std::uint32_t v = 0; v < pop.size(); ++v) cohort_approached += cohort[v] && approached[v];
    CHECK(street_only);
    REQUIRE(cohort_size > 9500);
    CAPTURE(cohort_size, cohort_approached / cohort_size, approaches, complied / approaches);
    CHECK(share_near(cohort_approached, cohort_size, target));  // independent people: binomial, 4 SE
    // Each approach complies with probability compliance_scale x weight = compliance_share.
    REQUIRE(approaches > 3000);
    CHECK(share_near(complied, approaches, e.compliance_share));  // binomial, 4 SE
}

TEST_CASE("recruitment: approach_weight multiplies in each factor's relative risk, and doubling one doubles the weight of those with it only") {
    const auto p = two_areas();  // the default relative risks, all different from 1
    Model m(p, plan);
    auto& pop = m.population();
    const std::uint32_t v = 17;
    constexpr std::int32_t week = 300;
    auto reset = [&] {
        pop.states[v] = 0;
        pop.traits[v] = 0;
        pop.age_weeks[v] = 15 * weeks_per_year;
        pop.last_missing[v] = never;
    };
    reset();
    const double w0 = approach_weight(p, pop, v, week);
    CHECK(w0 == 1.0);  // a 15-year-old with no factor is the reference
    using Rr = double ExploitationParams::*;
    struct Factor {
        const char* name;
        Rr rr;
        std::function<void()> set;
    };
    const std::vector<Factor> factors = {
        {"excluded", &ExploitationParams::rr_excluded, [&] { pop.states[v] |= state::excluded; }},
        {"neet", &ExploitationParams::rr_neet, [&] { pop.states[v] |= state::neet; }},
        {"missing 12 weeks ago", &ExploitationParams::rr_missing, [&] { pop.last_missing[v] = week - 12; }},
        {"substance use at 15", &ExploitationParams::rr_substance, [&] { pop.traits[v] |= trait::substance_prone; }},
        {"in care", &ExploitationParams::rr_in_care, [&] { pop.traits[v] |= trait::in_care; }},
        {"parent in prison", &ExploitationParams::rr_parent_in_prison, [&] { pop.states[v] |= state::parent_in_prison; }},
        {"ace", &ExploitationParams::rr_ace, [&] { pop.traits[v] |= trait::ace; }},
        {"sen", &ExploitationParams::rr_sen, [&] { pop.traits[v] |= trait::sen; }},
        {"trusted adult", &ExploitationParams::rr_trusted_adult, [&] { pop.traits[v] |= trait::trusted_adult; }},
        {"sport", &ExploitationParams::rr_sport, [&] { pop.traits[v] |= trait::sport; }},
        {"in support", &ExploitationParams::rr_in_support, [&] { pop.states[v] |= state::in_support; }},
        {"aged 12", &ExploitationParams::age_rr_10_12, [&] { pop.age_weeks[v] = 13 * weeks_per_year - 1; }},
        {"aged 10", &ExploitationParams::age_rr_10_12, [&] { pop.age_weeks[v] = 10 * weeks_per_year; }},
        {"aged 18", &ExploitationParams::age_rr_18_24, [&] { pop.age_weeks[v] = 18 * weeks_per_year; }},
        {"aged 24", &ExploitationParams::age_rr_18_24, [&] { pop.age_weeks[v] = 25 * weeks_per_year - 1; }},
    };
    for (const auto& f : factors) {
        CAPTURE(f.name);
        Parameters doubled = p;
        doubled.exploitation.*f.rr *= 2;
        reset();
        const double without_doubled = approach_weight(doubled, pop, v, week);
        f.set();
        const double with = approach_weight(p, pop, v, week), with_doubled = approach_weight(doubled, pop, v, week);
        reset();
        CHECK(with / w0 == Approx(p.exploitation.*f.rr));
        CHECK(with_doubled / with == Approx(2.0));
        CHECK(without_doubled == w0);  // people without the factor are untouched
    }
    // Factors that multiply together.
    reset();
    pop.states[v] |= state::excluded | state::in_support;
    pop.traits[v] |= trait::in_care;
    CHECK(approach_weight(p, pop, v, week) ==
          Approx(p.exploitation.rr_excluded * p.exploitation.rr_in_support * p.exploitation.rr_in_care));
    // Edges: a missing episode counts for 13 weeks (0..12), substance use from 15, the 13-17 band.
    auto weight_with = [&](const std::function<void()>& set) {
        reset();
        set();
        const double w = approach_weight(p, pop, v, week);
        reset();
        return w;
    };
    CHECK(weight_with([&] { pop.last_missing[v] = week - 13; }) == w0);
    CHECK(weight_with([&] { pop.last_missing[v] = week; }) == Approx(p.exploitation.rr_missing));
    CHECK(weight_with([&] { pop.age_weeks[v] = 15 * weeks_per_year - 1; pop.traits[v] |= trait::substance_prone; }) == w0);
    CHECK(weight_with([&] { pop.age_weeks[v] = 13 * weeks_per_year; }) == w0);
    CHECK(weight_with([&] { pop.age_weeks[v] = 18 * weeks_per_year - 1; }) == w0);
    // Nobody exploited already, in custody or dead can be approached.
    CHECK(weight_with([&] { pop.states[v] |= state::exploited; }) == 0.0);
    CHECK(weight_with([&] { pop.states[v] |= state::in_custody; }) == 0.0);
    CHECK(weight_with([&] { pop.states[v] |= state::dead; }) == 0.0);
}

TEST_CASE("recruitment: people in care are approached rr_in_care times as often as others, and twice as often again when it doubles") {
    // Uniform vulnerability except care; nobody complies, so nobody's weight drops to 0 and each
    // person-week's approaches are Poisson(h x weight).
    auto ratio_observed = [](double rr_in_care) {
        auto p = uniform_vulnerability(3000);
        p.exploitation.approach_prevalence_13_17 = 0.6;
        p.exploitation.compliance_share = 0;
        p.exploitation.in_care_prevalence = 0.3;
        p.exploitation.rr_in_care = rr_in_care;
        Model m(p, plan);
        const auto& pop = m.population();
        double weeks_in_care = 0, weeks_other = 0, approached_in_care = 0, approached_other = 0;
        for (int week = 0; week < 30; ++week) {
            m.step();
            for (std::uint32_t v = 0; v < pop.size(); ++v) (has(pop.traits[v], trait::in_care) ? weeks_in_care : weeks_other) += 1;
            for (const Event& e : m.events())
                if (e.type == EventType::exploitation_approach)
                    (has(pop.traits[e.agent], trait::in_care) ? approached_in_care : approached_other) += 1;
        }
        REQUIRE(approached_in_care > 1000);
        REQUIRE(approached_other > 1000);
        const double ratio = (approached_in_care / weeks_in_care) / (approached_other / weeks_other);
        // Ratio of two Poisson rates: relative standard error sqrt(1/x1 + 1/x2) (delta method).
        const double relative_se = std::sqrt(1 / approached_in_care + 1 / approached_other);
        return std::make_pair(ratio, relative_se);
    };
    const auto [ratio_2, se_2] = ratio_observed(2);
    const auto [ratio_4, se_4] = ratio_observed(4);
    CAPTURE(ratio_2, ratio_4);
    CHECK(std::abs(ratio_2 / 2 - 1) < z * se_2);
    CHECK(std::abs(ratio_4 / 4 - 1) < z * se_4);
    CHECK(std::abs(ratio_4 / ratio_2 / 2 - 1) < z * std::sqrt(se_2 * se_2 + se_4 * se_4));
}

TEST_CASE("recruitment: a line's tie approaches reach only people one or two ties from its members, and a tie recruit joins that line") {
    const auto p = busy_lines();
    Model m(p, plan);
    const auto& pop = m.population();
    const auto& lines = m.county_lines().lines;
    // Ties of a slot: the static layers and the remembered co-offenders (before and after the week,
    // since the violence after the county-lines phase may add some).
    auto tied = [&](std::uint32_t a, std::uint32_t b, const std::vector<std::uint64_t>& co_before) {
        const auto n = m.graph().neighbours(a);
        if (std::binary_search(n.begin(), n.end(), b)) return true;
        const auto cap = static_cast<std::size_t>(pop.co_offender_capacity);
        for (std::size_t k = 0; k < cap; ++k)
            for (const auto* co : {&co_before, &pop.co_offenders})
                if ((*co)[a * cap + k] == person_id(pop, b)) return true;
        return false;
    };
    double tie_approaches = 0, tie_joins = 0;
    bool within_two = true, joined_that_line = true;
    for (int week = 0; week < 40; ++week) {
        const LineTable before = lines;
        const auto co_before = pop.co_offenders;
        m.step();
        const auto events = m.events();
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Event& e = events[i];
            if (e.type != EventType::exploitation_approach || e.other == no_agent) continue;
            tie_approaches += 1;
            // The line's members this week: those listed before it, and those who joined during it.
            std::vector<std::uint32_t> members;
            for (const auto* table : {&before, &lines})
                for (int k = 0; k < table->n_runners[e.other]; ++k) members.push_back(static_cast<std::uint32_t>(table->runners_of(e.other)[k]));
            bool near = false;
            for (const auto member : members) {
                if (tied(member, e.agent, co_before)) near = true;
                for (const auto middle : m.graph().neighbours(member)) near |= tied(middle, e.agent, co_before);
                const auto cap = static_cast<std::size_t>(pop.co_offender_capacity);
                for (std::size_t k = 0; k < cap; ++k)
                    for (const auto* co : {&co_before, &pop.co_offenders})
                        if (const auto id = (*co)[member * cap + k]; id != 0) near |= tied(static_cast<std::uint32_t>(id), e.agent, co_before);
                if (near) break;
            }
            within_two &= near;
            // A tie approach that is complied with (the next event, same person) joins the approaching line.
            if (i + 1 < events.size() && events[i + 1].type == EventType::exploitation_started && events[i + 1].agent == e.agent) {
                tie_joins += 1;
                joined_that_line &= events[i + 1].other == e.other || events[i + 1].other == no_agent;
            }
        }
    }
    CAPTURE(tie_approaches, tie_joins);
    REQUIRE(tie_approaches > 200);
    REQUIRE(tie_joins > 50);
    CHECK(within_two);
    CHECK(joined_that_line);
}

TEST_CASE("closure: a charged holder closes the line as Type 1 the same week, with runner arrests and referrals in the configured proportions") {
    auto p = quiet_lines();
    p.county_lines.closure_rate_per_week = 0.08;
    p.county_lines.enforcement_timeline = {window("", -1000, 30000, 0, 3.0)};  // intensified throughout
    const auto& c = p.county_lines;
    Model m(p, plan);
    const auto& pop = m.population();
    const auto& lines = m.county_lines().lines;
    double closures = 0, runners = 0, arrested = 0, referred = 0, externals = 0, externals_arrested = 0;
    bool type1_pairs = true, arrests_of_members = true, referrals_of_members = true, closed_now = true;
    for (int week = 0; week < 100; ++week) {
        const LineTable before = lines;
        m.step();
        std::map<std::uint32_t, int> present;  // Type 1 closures this week: line -> runners it had
        std::map<std::uint32_t, int> charged;  // holder_charged events by line
        for (const Event& e : m.events()) {
            if (e.type == EventType::holder_charged) ++charged[e.agent];
            if (e.type != EventType::line_closed || !(e.flags & incident_flag::holder_charged)) continue;
            const auto l = e.agent;
            closed_now &= before.state[l] == LineState::active || before.state[l] == LineState::disrupted;
            int n = 0;
            for (int i = 0; i < before.n_runners[l]; ++i) {
                const auto id = before.runners_of(l)[i];
                n += person_id(pop, static_cast<std::uint32_t>(id)) == id;
            }
            present[l] = n;
            closures += 1;
            runners += n;
            externals += before.external_runners[l];
        }
        for (const auto& [l, n] : charged) type1_pairs &= n == 1 && present.count(l) == 1;
        type1_pairs &= charged.size() == present.size();
        auto member = [&](const Event& e) {
            const auto* list = before.runners_of(e.other);
            return present.count(e.other) == 1 &&
                   std::find(list, list + before.n_runners[e.other], person_id(pop, e.agent)) != list + before.n_runners[e.other];
        };
        for (const Event& e : m.events()) {
            if (e.type == EventType::arrest && (e.flags & incident_flag::at_closure)) {
                arrests_of_members &= member(e) && (e.flags & incident_flag::county_lines);
                arrested += 1;
            }
            if (e.type == EventType::safeguarding_referral && (e.flags & incident_flag::at_closure)) {
                referrals_of_members &= member(e);
                referred += 1;
            }
            if (e.type == EventType::external_runner_arrested) {
                closed_now &= present.count(e.agent) == 1;
                externals_arrested += 1;
            }
        }
    }
    CAPTURE(closures, runners, arrested / runners, referred / runners, externals, externals_arrested / externals);
    CHECK(type1_pairs);
    CHECK(closed_now);
    CHECK(arrests_of_members);
    CHECK(referrals_of_members);
    REQUIRE(closures > 300);
    REQUIRE(runners > 1000);
    REQUIRE(externals > 300);
    // Each runner present is arrested, and separately referred, with its own draw: binomial, 4 SE.
    CHECK(share_near(arrested, runners, c.p_runner_arrest_at_closure));
    CHECK(share_near(referred, runners, c.p_runner_referral_at_closure));
    CHECK(share_near(externals_arrested, externals, c.p_runner_arrest_at_closure));
}

TEST_CASE("closure: the timeline sets each area's enforcement multipliers in exactly its listed weeks, counted from the first reported week") {
    auto p = two_areas();
    p.run.burn_in_weeks = 6;
    auto north = window("North", 3, 2, 5, 4.0);  // reported weeks 3-4, 8-9, 13-14, ...
    north.runner_arrest_rr = 2;
    north.cuckoo_visit_rr = 3;
    north.identification_rr = 5;
    const auto everywhere = window("", -2, 4, 0, 1.5);  // reported weeks -2..1 (in the burn-in), once
    p.county_lines.enforcement_timeline = {north, everywhere};
    Model m(p, plan);
    const auto& cl = m.county_lines();
    for (int week = 0; week < 30; ++week) {
        m.step();
        const int reported = week - p.run.burn_in_weeks;
        CAPTURE(week, reported);
        const bool in_north = reported >= 3 && (reported - 3) % 5 < 2;
        const bool in_all = reported >= -2 && reported <= 1;
        const double all = in_all ? 1.5 : 1.0;
        CHECK(cl.enforcement[0].closure == Approx((in_north ? 4.0 : 1.0) * all));
        CHECK(cl.enforcement[0].runner_arrest == (in_north ? 2.0 : 1.0));
        CHECK(cl.enforcement[0].cuckoo_visit == (in_north ? 3.0 : 1.0));
        CHECK(cl.enforcement[0].identification == (in_north ? 5.0 : 1.0));
        CHECK(cl.enforcement[1].closure == all);
        CHECK(cl.enforcement[1].runner_arrest == 1.0);
        CHECK(cl.enforcement[1].cuckoo_visit == 1.0);
        CHECK(cl.enforcement[1].identification == 1.0);
    }
}

TEST_CASE("closure: closure_rr m in a window scales the weekly closure hazard by m^gamma in that area and those weeks only") {
    auto p = quiet_lines();
    const double m_rr = 8, c = 0.04;
    p.county_lines.closure_rate_per_week = c;
    p.county_lines.enforcement_timeline = {window("North", 0, 5, 10, m_rr)};
    const double gamma = p.county_lines.enforcement_gamma;
    Model m(p, plan);
    const auto& lines = m.county_lines().lines;
    // [area][in window]: line-weeks at risk (active or disrupted when the week starts) and closures.
    double at_risk[2][2] = {}, closed[2][2] = {};
    for (int week = 0; week < 120; ++week) {
        const LineTable before = lines;
        m.step();
        const bool in_window = week % 10 < 5;
        for (std::uint32_t l = 0; l < before.capacity(); ++l)
            if (before.state[l] == LineState::active || before.state[l] == LineState::disrupted)
                at_risk[before.market_area[l]][in_window] += 1;
        for (const Event& e : m.events())
            if (e.type == EventType::line_closed && (e.flags & incident_flag::holder_charged))
                closed[before.market_area[e.agent]][in_window] += 1;
    }
    const double base = -std::expm1(-c), raised = -std::expm1(-c * std::pow(m_rr, gamma));
    for (int a = 0; a < 2; ++a)
        for (int in = 0; in < 2; ++in) {
            CAPTURE(a, in, at_risk[a][in], closed[a][in] / at_risk[a][in]);
            REQUIRE(at_risk[a][in] > 500);
            // Each line-week at risk closes with its own draw: binomial, 4 SE.
            CHECK(share_near(closed[a][in], at_risk[a][in], a == 0 && in ? raised : base));
        }
}

TEST_CASE("replacement: after a sweep of closures new lines enter the emptied markets, and a replacement keeps the closed line's brand p_brand_reuse of the time") {
    auto p = quiet_lines();
    p.county_lines.closure_rate_per_week = 0.01;
    p.county_lines.beta_enforcement = 0;  // no deterrence: each market's capacity stays where it was
    // Every 15 weeks from week 20, one week in which every trading line's holder is charged.
    p.county_lines.enforcement_timeline = {window("", 20, 1, 15, 1e6)};
    const auto& c = p.county_lines;
    Model m(p, plan);
    const auto& cl = m.county_lines();
    const auto& lines = cl.lines;
    constexpr int weeks = 96;
    std::vector<int> last_closure_week(2, -1000), live_at_start(weeks), live_at_end(weeks), trading_at_start(weeks),
        type1(weeks), opened(weeks);
    std::vector<std::uint32_t> last_closure_brand(2, 0);
    double replacements = 0, reused = 0;
    std::uint32_t newest_brand = 0;
    bool fresh_brands_new = true;
    for (int week = 0; week < weeks; ++week) {
        const LineTable before = lines;
        m.step();
        for (std::uint32_t l = 0; l < before.capacity(); ++l) {
            trading_at_start[week] += before.state[l] == LineState::active || before.state[l] == LineState::disrupted;
            live_at_start[week] += before.live(l);
            live_at_end[week] += lines.live(l);
        }
        for (const Event& e : m.events()) {
            if (e.type == EventType::line_closed) {
                type1[week] += (e.flags & incident_flag::holder_charged) != 0;
                last_closure_week[before.market_area[e.agent]] = week;
                last_closure_brand[before.market_area[e.agent]] = before.brand[e.agent];
            }
            if (e.type != EventType::line_opened) continue;
            ++opened[week];
            // A line opened this week is still open, so its slot holds its market and brand.
            const auto market = lines.market_area[e.agent];
            const auto brand = lines.brand[e.agent];
            const bool replacement = week - last_closure_week[market] < 26;
            replacements += replacement;
            if (replacement && brand == last_closure_brand[market]) {
                reused += 1;
            } else {
                fresh_brands_new &= brand == newest_brand + 1;  // a new brand is the next one issued
                newest_brand = brand;
            }
        }
    }
    CHECK(fresh_brands_new);
    CHECK(newest_brand == cl.brands_issued);
    int sweeps = 0;
    for (int week = 20; week + 10 < weeks; week += 15) {
        CAPTURE(week, trading_at_start[week], type1[week], live_at_start[week], live_at_end[week + 10]);
        ++sweeps;
        REQUIRE(trading_at_start[week] > 15);
        CHECK(type1[week] == trading_at_start[week]);  // every trading line closed in the sweep
        int opened_after = 0;
        for (int k = 0; k <= 10; ++k) opened_after += opened[week + k];
        // Gaps fill at entry_rate x gap a week (0.5 here): after ten weeks all but about 0.5^10 of
        // the emptied capacity has been offered to new lines.
        CHECK(opened_after >= type1[week]);
        CHECK(live_at_end[week + 10] >= 0.8 * live_at_start[week]);
    }
    CHECK(sweeps == 5);
    CAPTURE(replacements, reused / replacements);
    REQUIRE(replacements > 150);
    CHECK(share_near(reused, replacements, c.p_brand_reuse));  // each replacement draws its own: binomial, 4 SE
}

namespace {

struct LineMeasures {
    MeasureCube cube, expected;     ///< the model's, and rebuilt from the events by the line's market
    int slot_reused_elsewhere = 0;  ///< a line closed and its slot reopened in the other market, same week
};

// Closures in one market are often followed the same week by an opening in the other, in the
// slot the closure just freed; the closure still belongs to the market of the line that closed.
LineMeasures line_measures(int weeks) {
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

bool same_measure(const LineMeasures& r, Measure measure) {
    const auto got = r.cube.measure(measure), want = r.expected.measure(measure);
    return std::equal(got.begin(), got.end(), want.begin(), want.end());
}

}  // namespace

TEST_CASE("measures: line openings are counted in their market, and closures, closure arrests and closure referrals in total") {
    constexpr int weeks = 60;
    const auto r = line_measures(weeks);
    REQUIRE(r.cube.total(Measure::county_lines_closed, 0, weeks) > 100);
    REQUIRE(r.cube.total(Measure::closure_arrests, 0, weeks) > 100);
    REQUIRE(r.cube.total(Measure::closure_referrals, 0, weeks) > 100);
    CHECK(same_measure(r, Measure::county_lines_opened));
    for (const Measure measure : {Measure::county_lines_closed, Measure::closure_arrests, Measure::closure_referrals}) {
        CAPTURE(info(measure).name);
        CHECK(r.cube.total(measure, 0, weeks) == r.expected.total(measure, 0, weeks));
    }
}

// Known fault: measure_week() (sim/phases/measurement.cpp) finds the market of line_closed,
// holder_charged, external_runner_arrested and at-closure arrest and referral events by reading
// lines.market_area[line] after the step, but enter_lines() (sim/phases/county_lines.cpp) may
// already have reused the closed line's slot for a new line in another market that same week.
TEST_CASE("measures: closures, closure arrests and closure referrals are counted in the market of the line that closed") {
    constexpr int weeks = 60;
    const auto r = line_measures(weeks);
    CAPTURE(r.slot_reused_elsewhere);
    REQUIRE(r.cube.total(Measure::county_lines_closed, 0, weeks) > 100);
    for (const Measure measure : {Measure::county_lines_closed, Measure::closure_arrests, Measure::closure_referrals}) {
        CAPTURE(info(measure).name);
        CHECK(same_measure(r, measure));
    }
}

TEST_CASE("market violence: incidents carry drug_market and county_lines, reach knife admissions, and an outside offender's incident counts in the victim's cell") {
    const auto p = violent_markets();
    Model m(p, plan);
    const auto& pop = m.population();
    const auto& cl = m.county_lines();
    constexpr int weeks = 60;
    MeasureCube cube(weeks, 2), expected(weeks, 2);
    std::vector<std::uint32_t> knife_by_week_area(static_cast<std::size_t>(weeks) * 2, 0);
    double market = 0, outside = 0, market_admissions = 0;
    bool flags_agree = true, outside_is_market = true, knife_tally = true;
    for (int week = 0; week < weeks; ++week) {
        m.step();
        m.measure(cube, week);
        auto add = [&](Measure measure, std::uint32_t v) {
            ++expected.at(measure, week, pop.area[v], age_band(pop.age_weeks[v] / weeks_per_year));
        };
        for (const Event& e : m.events()) {
            const bool knife = e.flags & incident_flag::knife, drugs = e.flags & incident_flag::drug_market;
            if (e.type == EventType::violent_incident) {
                const auto who = e.agent != no_agent ? e.agent : e.other;  // the victim's cell if no offender
                add(Measure::violent_incidents, who);
                if (knife) add(Measure::knife_incidents, who);
                if (knife) ++knife_by_week_area[static_cast<std::size_t>(week) * 2 + pop.area[who]];
                if (drugs) {
                    market += 1;
                    flags_agree &= (e.flags & incident_flag::county_lines) != 0;
                    add(Measure::drug_market_violent_incidents, e.other);
                    if (knife) add(Measure::county_lines_knife_incidents, e.other);
                }
                if (e.agent == no_agent) {
                    outside += 1;
                    outside_is_market &= drugs;
                }
            }
            if (e.type == EventType::hospital_admission) {
                if (knife) add(Measure::hospital_admissions_knife_assault_u25, e.agent);
                market_admissions += knife && drugs && (e.flags & incident_flag::county_lines);
            }
        }
        // The knife tally that attracts new lines: the last 52 weeks' knife incidents by area.
        for (int a = 0; a < 2; ++a) {
            std::uint32_t year = 0;
            for (int k = std::max(0, week - weeks_per_year + 1); k <= week; ++k) year += knife_by_week_area[static_cast<std::size_t>(k) * 2 + a];
            knife_tally &= cl.knife_incidents.last_year(a) == year;
        }
    }
    CAPTURE(market, outside, market_admissions);
    REQUIRE(market > 200);
    REQUIRE(outside > 50);
    CHECK(market_admissions > 0);
    CHECK(flags_agree);
    CHECK(outside_is_market);
    CHECK(knife_tally);
    for (const Measure measure : {Measure::violent_incidents, Measure::knife_incidents, Measure::drug_market_violent_incidents,
                                  Measure::county_lines_knife_incidents, Measure::hospital_admissions_knife_assault_u25}) {
        CAPTURE(info(measure).name);
        const auto got = cube.measure(measure), want = expected.measure(measure);
        CHECK(std::equal(got.begin(), got.end(), want.begin(), want.end()));
    }
}

TEST_CASE("safeguarding: support lowers approach weight by rr_in_support and compliance by rr_comply_protected, during support and for protection_weeks after") {
    // Uniform vulnerability except support; no identification, so nobody's support changes.
    auto p = uniform_vulnerability(3000);
    auto& e = p.exploitation;
    e.approach_prevalence_13_17 = 0.6;
    e.compliance_share = 0.5;
    e.rr_in_support = 0.5;
    auto& sp = p.safeguarding;
    sp.rr_comply_protected = 0.4;
    sp.p_identify_per_week = sp.p_identify_arrest = sp.p_identify_victimised = sp.p_identify_missing = 0;
    Model m(p, plan);
    auto& pop = m.population();
    // Three groups: never supported; in support throughout; support ended just before the run
    // (protected for protection_weeks = 52, longer than the run).
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        const int g = group_of(v, 3);
        if (g == 1) {
            pop.states[v] |= state::in_support;
            pop.support_until[v] = 30000;
        } else if (g == 2) {
            pop.support_until[v] = 0;
        }
    }
    // Direct: the weight of someone in support is rr_in_support times theirs without it.
    for (std::uint32_t v = 0; v < 50; ++v) {
        const double w = approach_weight(p, pop, v, 0);
        pop.states[v] ^= state::in_support;
        const double toggled = approach_weight(p, pop, v, 0);
        pop.states[v] ^= state::in_support;
        CHECK((has(pop.states[v], state::in_support) ? w / toggled : toggled / w) == Approx(e.rr_in_support));
    }
    // Only the people given a group count: a new 10-year-old in a slot has no support history.
    const auto first_generation = pop.generation;
    auto original = [&](std::uint32_t v) { return pop.generation[v] == first_generation[v]; };
    double weight_weeks[3] = {}, approaches[3] = {}, complied[3] = {};
    for (int week = 0; week < 40; ++week) {
        m.step();
        for (std::uint32_t v = 0; v < pop.size(); ++v)
            if (original(v)) weight_weeks[group_of(v, 3)] += pop.cl_weight[v] > 0;
        for (const Event& ev : m.events()) {
            if (!original(ev.agent)) continue;
            if (ev.type == EventType::exploitation_approach) approaches[group_of(ev.agent, 3)] += 1;
            if (ev.type == EventType::exploitation_started) complied[group_of(ev.agent, 3)] += 1;
        }
    }
    for (int g = 0; g < 3; ++g) REQUIRE(approaches[g] > 800);
    // Approach rates per person-week able to be approached: Poisson, relative SE sqrt(1/x1 + 1/x2).
    auto rate = [&](int g) { return approaches[g] / weight_weeks[g]; };
    CAPTURE(rate(1) / rate(0), rate(2) / rate(0));
    CHECK(std::abs(rate(1) / rate(0) / e.rr_in_support - 1) < z * std::sqrt(1 / approaches[1] + 1 / approaches[0]));
    CHECK(std::abs(rate(2) / rate(0) - 1) < z * std::sqrt(1 / approaches[2] + 1 / approaches[0]));
    // Compliance = compliance_share x weight, x rr_comply_protected while protected: binomial, 4 SE.
    CAPTURE(complied[0] / approaches[0], complied[1] / approaches[1], complied[2] / approaches[2]);
    CHECK(share_near(complied[0], approaches[0], e.compliance_share));
    CHECK(share_near(complied[1], approaches[1], e.compliance_share * e.rr_in_support * sp.rr_comply_protected));
    CHECK(share_near(complied[2], approaches[2], e.compliance_share * sp.rr_comply_protected));
}

TEST_CASE("safeguarding: each referral of someone not in support starts support with p_support_engaged, right after it, and goes to the NRM with p_nrm") {
    const auto p = busy_lines();
    const auto& sp = p.safeguarding;
    Model m(p, plan);
    const auto& pop = m.population();
    double referrals = 0, eligible = 0, started = 0, nrm = 0;
    bool follows_referral = true, only_eligible = true;
    for (int week = 0; week < 60; ++week) {
        const auto generation = pop.generation;
        const auto states = pop.states;
        const auto support_until = pop.support_until;
        m.step();
        const auto events = m.events();
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Event& e = events[i];
            if (e.type == EventType::support_started) {
                follows_referral &= i > 0 && events[i - 1].type == EventType::safeguarding_referral && events[i - 1].agent == e.agent;
                continue;
            }
            if (e.type != EventType::safeguarding_referral) continue;
            referrals += 1;
            nrm += (e.flags & incident_flag::nrm) != 0;
            // In support when referred: support that had not run out by this week's start, held by the same person.
            const auto v = e.agent;
            const bool in_support = pop.generation[v] == generation[v] && has(states[v], state::in_support) && support_until[v] > week;
            const bool starts = i + 1 < events.size() && events[i + 1].type == EventType::support_started && events[i + 1].agent == v;
            only_eligible &= !(in_support && starts);
            if (in_support) continue;
            eligible += 1;
            started += starts;
        }
    }
    CHECK(follows_referral);
    CHECK(only_eligible);
    CAPTURE(referrals, eligible, started / eligible, nrm / referrals);
    REQUIRE(eligible > 300);
    CHECK(share_near(started, eligible, sp.p_support_engaged));  // binomial, 4 SE
    CHECK(share_near(nrm, referrals, sp.p_nrm));                 // binomial, 4 SE
}

// Known fault: county_lines_after_violence() (sim/phases/exploitation.cpp) skips people who are
// not exploited or were identified recently, but not the dead: a child killed this week is
// "identified" through the injury route (last_victimised == now) and referred, sometimes to the
// NRM and into support, inflating runners_safeguarded and nrm_referrals.
TEST_CASE("safeguarding: a child killed this week is not identified and referred after the violence") {
    const auto p = violent_markets();
    Model m(p, plan);
    const auto& pop = m.population();
    double referred_dead = 0, homicides = 0;
    for (int week = 0; week < 60; ++week) {
        m.step();
        for (const Event& e : m.events()) {
            homicides += e.type == EventType::homicide;
            // Referrals at closure come before the week's violence; the others come after it.
            referred_dead += e.type == EventType::safeguarding_referral && !(e.flags & incident_flag::at_closure) &&
                             has(pop.states[e.agent], state::dead);
        }
    }
    REQUIRE(homicides > 50);
    CHECK(referred_dead == 0);
}

TEST_CASE("measures: with county lines disabled every county-lines measure is zero, and with them enabled none is") {
    auto p = violent_markets();
    p.run.weeks = 40;
    const auto first = static_cast<int>(Measure::exploitation_approaches);
    auto totals = [&](bool enabled) {
        p.county_lines.enabled = enabled;
        const auto result = run_replicate(p, plan);
        std::vector<std::uint64_t> t;
        for (int i = first; i < measure_count; ++i) t.push_back(result.measures.total(static_cast<Measure>(i), 0, p.run.weeks));
        return t;
    };
    const auto off = totals(false), on = totals(true);
    for (int i = first; i < measure_count; ++i) {
        CAPTURE(info(static_cast<Measure>(i)).name);
        CHECK(off[i - first] == 0);
        CHECK(on[i - first] > 0);
    }
}

TEST_CASE("displacement: with deterrence, heavy enforcement in one area moves new lines to the other") {
    // North's holders are charged far more often (a closure multiplier every other week); with
    // beta_enforcement its recent closures make it less attractive, so more of the new lines open
    // in South than without deterrence.
    auto share_opened_in_south = [](double beta) {
        auto p = quiet_lines();
        p.county_lines.beta_enforcement = beta;
        p.county_lines.enforcement_timeline = {window("North", 0, 1, 2, 20)};
        Model m(p, plan);
        double south = 0, all = 0;
        for (int week = 0; week < p.run.weeks; ++week) {
            m.step();
            for (const Event& e : m.events()) {
                if (e.type != EventType::line_opened) continue;
                all += 1;
                south += m.county_lines().lines.market_area[e.agent] == 1;
            }
        }
        return std::make_pair(south, all);
    };
    const auto [south_without, all_without] = share_opened_in_south(0);
    const auto [south_with, all_with] = share_opened_in_south(2);
    REQUIRE(all_without > 100);
    REQUIRE(all_with > 100);
    const double a = south_without / all_without, b = south_with / all_with;
    const double se = std::sqrt(a * (1 - a) / all_without + b * (1 - b) / all_with);
    CAPTURE(a, b, se, all_without, all_with);
    CHECK(b - a > z * se);
}
