#include "validation.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "model.hpp"
#include "phases.hpp"

namespace vrusim {

namespace {

// a / b, or NaN (no value, printed "n/a") when there is no one to count.
double share(double a, double b) { return b > 0 ? a / b : NAN; }

// The share of all the people's counts held by the k with the largest (NaN when there are none,
// or when k is 0: too small a sample for the top few per cent to be anyone).
double top_share(const std::unordered_map<std::uint64_t, int>& by_person, std::size_t k) {
    std::vector<int> counts;
    counts.reserve(by_person.size());
    for (const auto& [id, n] : by_person) counts.push_back(n);
    std::sort(counts.begin(), counts.end(), std::greater<>());
    k = std::min(k, counts.size());
    const double all = std::accumulate(counts.begin(), counts.end(), 0.0);
    return k > 0 ? share(std::accumulate(counts.begin(), counts.begin() + static_cast<long>(k), 0.0), all) : NAN;
}

}  // namespace

PatternResult measure_patterns(const Parameters& p, const RunPlan& plan) {
    Model m(p, plan);
    const auto& pop = m.population();
    const int areas = static_cast<int>(p.population.areas.size());
    std::vector<double> serious(areas, 0);
    double hazard = 0, attributable = 0;
    std::unordered_set<std::uint64_t> network, everyone;
    std::unordered_set<std::uint64_t> injured;
    std::unordered_map<std::uint64_t, int> victimisations, offences;
    std::vector<std::unordered_map<std::uint64_t, int>> offences_by_year(
        static_cast<std::size_t>((p.run.weeks + weeks_per_year - 1) / weeks_per_year));
    std::vector<double> people_by_year(offences_by_year.size(), 0);
    double teens[2][2] = {};
    double teen_offenders = 0, teen_offenders_victimised = 0;
    double adult_victims = 0, adult_repeat_victims = 0;
    double at_17[2][2] = {}, at_16_17[2][2] = {};  // [girls, boys] x [people, offended]
    // The 16-17s at the end of the first reported year, by whether they offended in it (1) or not.
    std::unordered_map<std::uint64_t, bool> adolescents;
    double later[2][2] = {};  // [without, offenders] x [present four years later, offended in that year]
    for (int week = 0; week < p.run.burn_in_weeks + p.run.weeks; ++week) {
        m.step();
        if (week < p.run.burn_in_weeks) continue;
        const World& w = m.world();
        for (const Event& e : m.events()) {
            switch (e.type) {
                case EventType::violent_incident:
                    if (e.agent != no_agent && !(e.flags & incident_flag::drug_market)) {
                        ++offences[person_id(pop, e.agent)];
                        ++offences_by_year[static_cast<std::size_t>((week - p.run.burn_in_weeks) / weeks_per_year)]
                                          [person_id(pop, e.agent)];
                    }
                    break;
                case EventType::recorded_offence:
                    if (e.flags & (incident_flag::knife | incident_flag::injury)) {
                        const auto at = e.other != no_agent ? e.other : e.agent;
                        if (at != no_agent) serious[pop.area[at]] += 1;
                    }
                    break;
                case EventType::victimisation:
                    ++victimisations[person_id(pop, e.agent)];
                    if (e.flags & incident_flag::injury) injured.insert(person_id(pop, e.agent));
                    break;
                case EventType::arrest: {
                    network.insert(person_id(pop, e.agent));
                    const auto* co = &pop.co_offenders[static_cast<std::size_t>(e.agent) * pop.co_offender_capacity];
                    for (int i = 0; i < pop.co_offender_capacity; ++i)
                        if (co[i] != 0) network.insert(co[i]);
                    break;
                }
                default: break;
            }
        }
        // Victimisation of 13-17s by sex at each reported year's end: [girls, boys] x [people, victimised].
        const int reported_year = (week + 1 - p.run.burn_in_weeks) / weeks_per_year;
        if ((week + 1 - p.run.burn_in_weeks) % weeks_per_year == 0)
            for (std::uint32_t v = 0; v < pop.size(); ++v) {
                const int age = pop.age_weeks[v] / weeks_per_year;
                if (!(pop.states[v] & state::gone))
                    people_by_year[static_cast<std::size_t>((week - p.run.burn_in_weeks) / weeks_per_year)] += 1;
                if (pop.states[v] & state::gone) continue;
                const bool offended = weeks_since(pop.last_offence[v], w.week) < weeks_per_year;
                const int boy = (pop.traits[v] & trait::male) ? 1 : 0;
                if (age == 16 || age == 17) {
                    at_16_17[boy][0] += 1;
                    at_16_17[boy][1] += offended;
                    if (reported_year == 1) adolescents[person_id(pop, v)] = offended;
                }
                if (age == 17) {
                    at_17[boy][0] += 1;
                    at_17[boy][1] += (pop.states[v] & state::ever_offended) != 0;
                }
                if (reported_year == 5 && (age == 20 || age == 21))
                    if (const auto it = adolescents.find(person_id(pop, v)); it != adolescents.end()) {
                        later[it->second][0] += 1;
                        later[it->second][1] += offended;
                    }
                if (age >= 18) {
                    const bool victim = weeks_since(pop.last_victimised[v], w.week) < weeks_per_year;
                    adult_victims += victim;
                    adult_repeat_victims += victim && weeks_since(pop.prev_victimised[v], w.week) < weeks_per_year;
                }
                if (age < 13 || age > 17) continue;
                teens[boy][0] += 1;
                teens[boy][1] += weeks_since(pop.last_victimised[v], w.week) < weeks_per_year;
                teen_offenders += offended;
                teen_offenders_victimised += offended && weeks_since(pop.last_victimised[v], w.week) < weeks_per_year;
            }
        // Contagion and the population, sampled every fourth week (the hazards change slowly).
        if (week % 4 != 0) continue;
        for (std::uint32_t v = 0; v < pop.size(); ++v) {
            if (pop.states[v] & state::gone) continue;
            everyone.insert(person_id(pop, v));
            const double h = offending_hazard(w, v);
            if (h <= 0) continue;
            const double c = with_contagion(w, v, 1.0);
            hazard += h;
            attributable += h * (1 - 1 / c);
        }
    }
    PatternResult r;
    const double years = p.run.weeks / static_cast<double>(weeks_per_year);
    for (int a = 0; a < areas; ++a)
        r.serious_violence_per_1000.push_back(serious[a] / p.population.scale / years /
                                              p.population.areas[a].population_all_ages * 1e3);
    r.contagion_share = share(attributable, hazard);
    // Network members who were in the population during the period (a remembered co-offender may
    // have left before it began).
    std::size_t in_network = 0;
    for (const auto id : network) in_network += everyone.count(id);
    r.network_population_share = share(static_cast<double>(in_network), static_cast<double>(everyone.size()));
    std::size_t injured_in = 0;
    for (const auto id : injured) injured_in += network.count(id);
    r.injured_victims_in_network = share(static_cast<double>(injured_in), static_cast<double>(injured.size()));
    r.top_5pc_victims_share = top_share(victimisations, std::max<std::size_t>(1, victimisations.size() / 20));
    // Offending: the incidents started by the 6% of everyone in the population who started most
    // (Wolfgang's and Farrington's "chronic" 6%).
    r.top_6pc_offenders_share = top_share(offences, everyone.size() * 6 / 100);
    // One year at a time: the incidents started by the 2% of the year-end population who started
    // most (the Offending, Crime and Justice Survey's one-year figure), a mean over complete years.
    double top_2pc = 0, frequent_offenders = 0, frequent_incidents = 0, top_28pc = 0;
    int years_counted = 0;
    constexpr int frequent = 6;  // offences in a year that make a "frequent offender" (OCJS)
    for (std::size_t y = 0; y < offences_by_year.size(); ++y) {
        if (people_by_year[y] <= 0 || offences_by_year[y].empty()) continue;  // an incomplete last year
        top_2pc += top_share(offences_by_year[y], static_cast<std::size_t>(people_by_year[y] * 0.02));
        double starters = 0, many = 0, incidents = 0, by_many = 0;
        for (const auto& [id, n] : offences_by_year[y]) {
            starters += 1;
            incidents += n;
            if (n >= frequent) many += 1, by_many += n;
        }
        frequent_offenders += many / starters;
        frequent_incidents += by_many / incidents;
        top_28pc += top_share(offences_by_year[y], static_cast<std::size_t>(std::lround(starters * 0.28)));
        ++years_counted;
    }
    r.top_2pc_offenders_share_year = share(top_2pc, years_counted);
    r.frequent_share_of_offenders = share(frequent_offenders, years_counted);
    r.frequent_share_of_incidents = share(frequent_incidents, years_counted);
    r.top_28pc_of_starters_share = share(top_28pc, years_counted);
    r.offended_in_period_share = share(static_cast<double>(offences.size()), static_cast<double>(everyone.size()));
    r.victimised_past_year_girls_13_17 = share(teens[0][1], teens[0][0]);
    r.victimised_past_year_boys_13_17 = share(teens[1][1], teens[1][0]);
    r.offended_past_year_13_17 = share(teen_offenders, teens[0][0] + teens[1][0]);
    r.victimised_given_offended_13_17 = share(teen_offenders_victimised, teen_offenders);
    r.repeat_victims_share_18_24 = share(adult_repeat_victims, adult_victims);
    for (int boy = 0; boy < 2; ++boy) {
        r.ever_offended_at_17[boy] = share(at_17[boy][1], at_17[boy][0]);
        r.offended_past_year_16_17[boy] = share(at_16_17[boy][1], at_16_17[boy][0]);
    }
    r.offending_again_at_20_21 = share(later[1][1], later[1][0]);
    r.offending_at_20_21_without = share(later[0][1], later[0][0]);
    return r;
}

}  // namespace vrusim
