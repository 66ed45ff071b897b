// The measure cube against the week's events, and repeat victims.
// Each mechanism in isolation against its analytical expectation. Seeds are fixed; every
// statistical tolerance is 5 standard errors of the binomial (or Poisson, geometric) sampling
// spread, stated beside it, so a correct model fails about once in 3.5 million checks.
#include <catch2/catch.hpp>

#include "mechanisms_fixture.hpp"

using namespace vrusim;
using namespace vrusim::testing::mechanisms;

namespace {

Parameters everything_on() {
    Parameters p;
    p.population.areas = {{"North", 1000, 900, 1100, 30000, 25.0, 1.0}, {"South", 600, 700, 700, 20000, 12.0, 1.1}};
    p.violence.base_rate_per_year = 2.0;  // plenty of incidents in a few weeks
    p.violence.p_knife_if_not_carrying = 0.05;
    p.violence.p_homicide_given_knife_injury = 0.2;
    p.justice.p_arrest_given_recorded = 0.5;
    return p;
}

}  // namespace

TEST_CASE("measures: flows in the cube equal the week's events, cell by cell, and stocks never exceed the population") {
    const auto p = everything_on();
    Model m(p, plan);
    const auto& pop = m.population();
    constexpr int weeks = 30;
    MeasureCube cube(weeks, 2);
    MeasureCube expected(weeks, 2);
    bool flows_match = true, stocks_bounded = true, ordered = true;
    std::uint64_t homicides = 0;
    std::vector<double> knife_victims_by_area(2, 0.0);  // over the whole run
    for (int week = 0; week < weeks; ++week) {
        m.step();
        m.measure(cube, week);
        auto add = [&](Measure measure, std::uint32_t v) {
            ++expected.at(measure, week, pop.area[v], age_band(pop.age_weeks[v] / weeks_per_year));
        };
        std::uint32_t dead = 0;
        for (const auto s : pop.states) dead += (s & state::dead) != 0;
        for (const Event& e : m.events()) {
            const bool knife = e.flags & incident_flag::knife;
            switch (e.type) {
                case EventType::violent_incident: {
                    // An offender from outside the model (a county line's enforcer): the victim's cell.
                    const auto who = e.agent != no_agent ? e.agent : e.other;
                    add(Measure::violent_incidents, who);
                    if (knife) add(Measure::knife_incidents, who);
                    break;
                }
                case EventType::victimisation: {
                    const bool male = pop.traits[e.agent] & trait::male;
                    add(Measure::victimisations, e.agent);
                    if (male) add(Measure::victimisations_male, e.agent);
                    if (knife) {
                        add(Measure::knife_victimisations, e.agent);
                        if (male) add(Measure::knife_victimisations_male, e.agent);
                        knife_victims_by_area[pop.area[e.agent]] += 1;
                    }
                    if (e.flags & incident_flag::injury) add(Measure::injuries, e.agent);
                    break;
                }
                case EventType::ae_attendance:
                    add(Measure::ae_attendances, e.agent);
                    if (pop.traits[e.agent] & trait::male) add(Measure::ae_attendances_male, e.agent);
                    break;
                case EventType::hospital_admission:
                    if (knife) add(Measure::hospital_admissions_knife_assault_u25, e.agent);
                    if (knife && pop.traits[e.agent] & trait::male)
                        add(Measure::hospital_admissions_knife_assault_u25_male, e.agent);
                    break;
                case EventType::homicide:
                    ++homicides;
                    if (knife) add(Measure::knife_homicides_u25, e.agent);
                    break;
                case EventType::recorded_offence:
                    add(Measure::recorded_violent_offences, e.agent != no_agent ? e.agent : e.other);  // offender's cell, as documented
                    if (knife && e.other != no_agent) add(Measure::recorded_knife_assaults_u25, e.other);  // victim's
                    break;
                case EventType::arrest: add(Measure::arrests, e.agent); break;
                case EventType::custody: add(Measure::custody_entries, e.agent); break;
                case EventType::first_time_entrant: add(Measure::first_time_entrants, e.agent); break;
                case EventType::suspension: add(Measure::suspensions, e.agent); break;
                case EventType::permanent_exclusion: add(Measure::permanent_exclusions, e.agent); break;
                case EventType::parent_imprisoned: add(Measure::parent_imprisonments, e.agent); break;
                case EventType::entered_cohort: add(Measure::entrants, e.agent); break;
                default: break;
            }
        }
        for (const Measure flow : {Measure::violent_incidents, Measure::knife_incidents, Measure::victimisations,
                                   Measure::victimisations_male, Measure::knife_victimisations,
                                   Measure::knife_victimisations_male, Measure::ae_attendances_male,
                                   Measure::hospital_admissions_knife_assault_u25,
                                   Measure::hospital_admissions_knife_assault_u25_male,
                                   Measure::injuries, Measure::ae_attendances, Measure::knife_homicides_u25,
                                   Measure::recorded_violent_offences, Measure::recorded_knife_assaults_u25,
                                   Measure::arrests, Measure::custody_entries, Measure::first_time_entrants,
                                   Measure::suspensions, Measure::permanent_exclusions, Measure::parent_imprisonments,
                                   Measure::entrants})
            for (int a = 0; a < 2; ++a)
                for (int b = 0; b < age_band_count; ++b) flows_match &= cube.at(flow, week, a, b) == expected.at(flow, week, a, b);
        MeasureCount people = 0;
        for (int a = 0; a < 2; ++a)
            for (int b = 0; b < age_band_count; ++b) {
                const auto cell_people = cube.at(Measure::population, week, a, b);
                people += cell_people;
                for (const Measure stock : {Measure::weapon_carrying, Measure::weapon_carrying_past_year,
                                            Measure::victimised_past_year, Measure::neet, Measure::excluded,
                                            Measure::under_peer_influence, Measure::parent_in_prison, Measure::in_custody})
                    stocks_bounded &= cube.at(stock, week, a, b) <= cell_people;
                ordered &= cube.at(Measure::knife_incidents, week, a, b) <= cube.at(Measure::violent_incidents, week, a, b);
                ordered &= cube.at(Measure::injuries, week, a, b) <= cube.at(Measure::victimisations, week, a, b);
                ordered &= cube.at(Measure::weapon_carrying, week, a, b) <= cube.at(Measure::weapon_carrying_past_year, week, a, b);
            }
        // The dead of this week are no longer counted (their slots become vacant next week), nor
        // are vacant slots.
        const auto vacant = static_cast<std::uint32_t>(std::count_if(pop.states.begin(), pop.states.end(), [](auto s) {
            return (s & state::vacant) != 0;
        }));
        CHECK(people + dead + vacant == pop.size());
    }
    CHECK(flows_match);
    CHECK(stocks_bounded);
    CHECK(ordered);
    CHECK(cube.total(Measure::victimisations, 0, weeks) > 1000);
    CHECK(homicides > 0);
    // The expected Home Office measures: every knife victimisation adds the chances of admission,
    // death and recording that resolve_outcomes uses, to within the 1e-12 units they are stored in.
    const auto& vp = p.violence;
    const double p_death = vp.p_injury_knife * vp.p_homicide_given_knife_injury;
    const struct {
        Measure measure;
        double chance;
    } expectations[] = {
        {Measure::hospital_admissions_knife_assault_u25_expected,
         vp.p_injury_knife * vp.p_ae_given_injury_knife * vp.p_admission_given_ae_knife},
        {Measure::knife_homicides_u25_expected, p_death},
        {Measure::recorded_knife_assaults_u25_expected, p_death + (1 - p_death) * p.justice.p_recorded_knife},
    };
    REQUIRE(knife_victims_by_area[0] + knife_victims_by_area[1] > 20);
    for (const auto& [measure, chance] : expectations)
        for (int a = 0; a < 2; ++a) {
            double total = 0;
            for (int week = 0; week < weeks; ++week)
                for (int b = 0; b < age_band_count; ++b) total += static_cast<double>(cube.at(measure, week, a, b)) * info(measure).per_count;
            INFO(info(measure).name << " in area " << a);
            CHECK(total == Approx(knife_victims_by_area[a] * chance).margin(knife_victims_by_area[a] * 1e-11));
        }
}

TEST_CASE("measures: repeat victims are those victimised in two different weeks of the last 52") {
    auto p = isolated(500);
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 20;
    Model m(p, plan);
    const auto& pop = m.population();
    std::map<std::uint64_t, std::set<int>> weeks_victimised;
    MeasureCube cube(30, 1);
    for (int week = 0; week < 30; ++week) {
        m.step();
        m.measure(cube, week);
        for (const Event& e : m.events())
            if (e.type == EventType::victimisation) weeks_victimised[person_id(pop, e.agent)].insert(week);
    }
    std::uint32_t repeat = 0, once_or_more = 0;
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        if (pop.states[v] & state::gone) continue;
        const auto it = weeks_victimised.find(person_id(pop, v));
        if (it == weeks_victimised.end()) continue;
        ++once_or_more;
        repeat += it->second.size() >= 2;
    }
    MeasureCount measured_repeat = 0, measured_victims = 0;
    for (int b = 0; b < age_band_count; ++b) {
        measured_repeat += cube.at(Measure::repeat_victimised_past_year, 29, 0, b);
        measured_victims += cube.at(Measure::victimised_past_year, 29, 0, b);
    }
    REQUIRE(repeat > 100);
    CHECK(measured_repeat == repeat);
    CHECK(measured_victims == once_or_more);
}
