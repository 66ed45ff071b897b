// Justice (arrest, custody, first-time entrants) and turnover at 25, in isolation.
// Each mechanism in isolation against its analytical expectation. Seeds are fixed; every
// statistical tolerance is 5 standard errors of the binomial (or Poisson, geometric) sampling
// spread, stated beside it, so a correct model fails about once in 3.5 million checks.
#include <catch2/catch.hpp>

#include "mechanisms_fixture.hpp"

using namespace vrusim;
using namespace vrusim::testing::mechanisms;

TEST_CASE("justice: arrests (more readily of young adults), custody (youth and adult, none under 12) and first-time entrants follow the configured probabilities") {
    auto p = isolated(1000);
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 10;
    p.justice.p_recorded_other = 0.5;
    p.justice.p_recorded_knife = 0.5;
    p.justice.p_arrest_given_recorded = 0.5;
    p.justice.arrest_rr_18_24 = 1.6;  // 0.8 at 18-24
    p.justice.p_sanction_given_arrest = 0.3;
    p.justice.p_custody_given_arrest = 0.3;
    p.justice.p_custody_given_arrest_18_24 = 0.6;
    p.justice.custody_weeks_mean = p.justice.custody_weeks_mean_18_24 = 4;
    Model m(p, plan);
    auto& pop = m.population();
    for (auto& s : pop.states) s &= static_cast<std::uint16_t>(~state::ever_sanctioned);  // everyone a possible first-timer
    double recorded_children = 0, recorded_adults = 0, fte = 0, arrests_unsanctioned = 0;
    double arrests_youth = 0, arrests_adult = 0, custody_youth = 0, custody_adult = 0;
    double arrests_under_12 = 0, custody_under_12 = 0;
    auto group = [&](std::uint32_t v) {
        const int age = pop.age_weeks[v] / weeks_per_year;
        return age < 12 ? 0 : age < 18 ? 1 : 2;
    };
    std::map<std::uint64_t, int> fte_per_person;
    bool fte_only_unsanctioned = true, none_offends_from_custody = true;
    for (int week = 0; week < 25; ++week) {
        std::vector<std::uint16_t> states_before;  // after this week's turnover, before its incidents
        step_phases(m, week, [&] { states_before = pop.states; });
        std::set<std::uint32_t> taken;  // into custody earlier this week
        for (const Event& e : m.events()) {
            const bool was_sanctioned = states_before[e.agent] & state::ever_sanctioned;
            switch (e.type) {
                case EventType::recorded_offence: (group(e.agent) == 2 ? recorded_adults : recorded_children) += 1; break;
                case EventType::arrest:
                    (group(e.agent) == 0 ? arrests_under_12 : group(e.agent) == 1 ? arrests_youth : arrests_adult) += 1;
                    arrests_unsanctioned += !was_sanctioned;
                    break;
                case EventType::violent_incident: none_offends_from_custody &= taken.count(e.agent) == 0; break;
                case EventType::custody:
                    taken.insert(e.agent);
                    (group(e.agent) == 0 ? custody_under_12 : group(e.agent) == 1 ? custody_youth : custody_adult) += 1;
                    break;
                case EventType::first_time_entrant:
                    fte += 1;
                    fte_only_unsanctioned &= !was_sanctioned;
                    ++fte_per_person[person_id(pop, e.agent)];
                    break;
                default: break;
            }
        }
    }
    REQUIRE(recorded_children > 1000);
    REQUIRE(recorded_adults > 1000);
    // Groups of one, so each recorded incident has one offender (the event's agent) to arrest.
    // Binomial shares, 5 SE.
    CHECK(share_near(arrests_under_12 + arrests_youth, recorded_children, p.justice.p_arrest_given_recorded));
    CHECK(share_near(arrests_adult, recorded_adults, p.justice.p_arrest_given_recorded * p.justice.arrest_rr_18_24));
    CHECK(share_near(custody_youth, arrests_youth, p.justice.p_custody_given_arrest));
    REQUIRE(arrests_under_12 > 100);
    CHECK(custody_under_12 == 0);  // youth_custody_min_age
    CHECK(share_near(custody_adult, arrests_adult, p.justice.p_custody_given_arrest_18_24));
    CHECK(share_near(fte, arrests_unsanctioned, p.justice.p_sanction_given_arrest));
    CHECK(none_offends_from_custody);  // a person may start several incidents a week, none once in custody
    CHECK(fte_only_unsanctioned);
    CHECK(std::all_of(fte_per_person.begin(), fte_per_person.end(), [](const auto& kv) { return kv.second == 1; }));
}

TEST_CASE("justice: custody removes people from offending until release") {
    auto p = isolated(1000);
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 26;
    p.justice.p_recorded_other = 1;
    p.justice.p_arrest_given_recorded = 1;
    p.justice.p_custody_given_arrest = 1;
    p.justice.custody_weeks_mean = 6;
    Model m(p, plan);
    const auto& pop = m.population();
    bool no_offending_in_custody = true, released_on_time = true;
    for (int week = 0; week < 20; ++week) {
        std::vector<std::uint16_t> states_before;
        std::vector<std::int16_t> until_before;
        step_phases(m, week, [&] {
            states_before = pop.states;
            until_before = pop.custody_until;
        });
        for (const Event& e : m.events())
            if (e.type == EventType::violent_incident) no_offending_in_custody &= !(states_before[e.agent] & state::in_custody);
        for (std::uint32_t v = 0; v < pop.size(); ++v)
            if (states_before[v] & state::in_custody) released_on_time &= until_before[v] > week;
    }
    CHECK(no_offending_in_custody);
    CHECK(released_on_time);
}

TEST_CASE("turnover: over 52 weeks exactly the 24-year-olds leave, as many enter, and ages stay 10-24") {
    auto p = isolated(1000);
    p.neet.enabled = p.school.enabled = p.family.enabled = p.peer_influence.enabled = p.weapons.enabled = true;
    Model m(p, plan);
    const auto& pop = m.population();
    const auto n = pop.size();
    const auto aged_24 = std::count_if(pop.age_weeks.begin(), pop.age_weeks.end(),
                                       [](auto a) { return a >= age_max_years * weeks_per_year; });
    std::size_t entrants = 0, leavers = 0;
    bool ages_ok = true, same_size = true, pairs = true;
    MeasureCube cube(52, 1);
    for (int week = 0; week < 52; ++week) {
        m.step();
        m.measure(cube, week);
        const auto in = count_events(m, EventType::entered_cohort), out = count_events(m, EventType::left_cohort);
        pairs &= in == out;
        entrants += in;
        leavers += out;
        for (const auto a : pop.age_weeks) ages_ok &= a >= age_min_years * weeks_per_year && a < (age_max_years + 1) * weeks_per_year;
        MeasureCount people = 0;
        for (int b = 0; b < age_band_count; ++b) people += cube.at(Measure::population, week, 0, b);
        same_size &= people == n;
    }
    CHECK(same_size);
    CHECK(ages_ok);
    CHECK(pairs);
    CHECK(entrants == leavers);
    CHECK(leavers == static_cast<std::size_t>(aged_24));
    CHECK(cube.total(Measure::leavers, 0, 52) == leavers);
    CHECK(cube.total(Measure::entrants, 0, 52) == entrants);
    // Every leaver was 24 and every entrant is 10: leavers sit in the 18-24 band, entrants in 10-14.
    std::uint64_t leavers_18_24 = 0, entrants_10_14 = 0;
    for (int week = 0; week < 52; ++week) {
        leavers_18_24 += cube.at(Measure::leavers, week, 0, 2);
        entrants_10_14 += cube.at(Measure::entrants, week, 0, 0);
    }
    CHECK(leavers_18_24 == leavers);
    CHECK(entrants_10_14 == entrants);
}

TEST_CASE("turnover: a slot left at 25 is refilled at 10 with nothing carried over, a slot left by death stays vacant") {
    auto p = isolated(500);
    Model m(p, plan);
    World& w = m.world();
    auto& pop = m.population();
    const std::uint32_t old = 5, dead = 6;
    pop.age_weeks[old] = static_cast<std::uint16_t>((age_max_years + 1) * weeks_per_year - 1);
    pop.age_weeks[dead] = static_cast<std::uint16_t>(16 * weeks_per_year);
    pop.states[dead] |= state::dead;
    for (const auto v : {old, dead}) {
        pop.states[v] |= state::carrying | state::influenced | state::neet | state::excluded | state::ever_offended |
                         state::ever_sanctioned | state::parent_in_prison | state::recent_offender;
        for (auto* column : {&pop.carry_until, &pop.influence_until, &pop.neet_until, &pop.parent_prison_until,
                             &pop.custody_until, &pop.last_offence, &pop.last_victimised, &pop.last_tie_victimised,
                             &pop.last_carried, &pop.last_suspended, &pop.last_arrested})
            (*column)[v] = 7;
        std::fill_n(pop.co_offenders.begin() + static_cast<std::ptrdiff_t>(v) * pop.co_offender_capacity,
                    pop.co_offender_capacity, person_id(pop, 1));
    }
    const auto generation_old = pop.generation[old];
    const auto position = std::make_tuple(pop.area[old], pop.neighbourhood[old], pop.household[old], pop.school_class[old]);
    const auto untouched_age = pop.age_weeks[7];
    w.week = 10;
    age_and_turn_over(w);
    CHECK(pop.age_weeks[old] == age_min_years * weeks_per_year);
    CHECK(pop.states[old] == 0);
    CHECK((w.marks[old] & (mark::left | mark::entered)) == (mark::left | mark::entered));
    // The dead person's slot is vacant until the cohort's size calls for someone to move in; the
    // slot keeps ageing with its cohort.
    CHECK(pop.age_weeks[dead] == 16 * weeks_per_year + 1);
    CHECK(pop.states[dead] == state::vacant);
    CHECK((w.marks[dead] & (mark::left | mark::entered)) == mark::left);
    for (const auto v : {old, dead}) {
        CAPTURE(v);
        CHECK(pop.generation[v] == 1);
        for (auto* column : {&pop.carry_until, &pop.influence_until, &pop.neet_until, &pop.parent_prison_until,
                             &pop.custody_until, &pop.last_offence, &pop.last_victimised, &pop.last_tie_victimised,
                             &pop.last_carried, &pop.last_suspended, &pop.last_arrested})
            CHECK((*column)[v] == never);
        CHECK(std::all_of(pop.co_offenders.begin() + static_cast<std::ptrdiff_t>(v) * pop.co_offender_capacity,
                          pop.co_offenders.begin() + static_cast<std::ptrdiff_t>(v + 1) * pop.co_offender_capacity,
                          [](std::uint64_t id) { return id == 0; }));
    }
    CHECK(generation_old == 0);
    CHECK(position == std::make_tuple(pop.area[old], pop.neighbourhood[old], pop.household[old], pop.school_class[old]));
    CHECK(w.marks[old] >> mark::leaver_band_shift == age_band(24));
    CHECK(w.marks[dead] >> mark::leaver_band_shift == age_band(16));
    CHECK(pop.age_weeks[7] == untouched_age + 1);
    CHECK(w.marks[7] == 0);
    // The newcomer's traits come from their own stream: redrawing gives the same person.
    const auto traits = pop.traits[old];
    const auto rr = pop.static_rr[old];
    draw_person(p, m.layout(), plan.seed, 0, old, pop);
    CHECK(pop.traits[old] == traits);
    CHECK(pop.static_rr[old] == rr);
}
