#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <array>

#include "../phases.hpp"

namespace vrusim {

namespace {

constexpr std::array stocks = {Measure::weapon_carrying, Measure::weapon_carrying_past_year,
                               Measure::victimised_past_year, Measure::neet, Measure::excluded,
                               Measure::under_peer_influence, Measure::parent_in_prison,
                               Measure::in_custody, Measure::population};
constexpr int stock_count = static_cast<int>(stocks.size());
using StockCounts = std::array<std::uint32_t, stock_count * age_band_count>;

StockCounts count_stocks(const World& w, std::uint32_t begin, std::uint32_t end) {
    const auto& pop = w.pop;
    const int school_until = w.p.school.leaving_age * weeks_per_year;
    auto body = [&](const tbb::blocked_range<std::uint32_t>& range, StockCounts c) {
        for (std::uint32_t v = range.begin(); v != range.end(); ++v) {
            const auto s = pop.states[v];
            if (s & state::dead) continue;
            const int b = age_band(pop.age_weeks[v] / weeks_per_year);
            const bool flags[stock_count] = {
                (s & state::carrying) != 0,
                weeks_since(pop.last_carried[v], w.week) < weeks_per_year,
                weeks_since(pop.last_victimised[v], w.week) < weeks_per_year,
                (s & state::neet) != 0,
                (s & state::excluded) != 0 && pop.age_weeks[v] < school_until,
                (s & state::influenced) != 0,
                (s & state::parent_in_prison) != 0,
                (s & state::in_custody) != 0,
                true,
            };
            for (int i = 0; i < stock_count; ++i) c[i * age_band_count + b] += flags[i];
        }
        return c;
    };
    auto join = [](StockCounts a, const StockCounts& b) {
        for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
        return a;
    };
    // Integer sums are exact, so the result is the same whatever the split.
    return tbb::parallel_reduce(tbb::blocked_range<std::uint32_t>(begin, end), StockCounts{}, body, join);
}

}  // namespace

void measure_week(const World& w, MeasureCube& cube, int out_week) {
    const auto& pop = w.pop;
    auto cell = [&](Measure m, std::uint32_t v) -> std::uint32_t& {
        return cube.at(m, out_week, pop.area[v], age_band(pop.age_weeks[v] / weeks_per_year));
    };
    for (const Event& e : w.events.events()) {
        const bool knife = e.flags & incident_flag::knife;
        switch (e.type) {
            case EventType::violent_incident:
                ++cell(Measure::violent_incidents, e.agent);
                if (knife) ++cell(Measure::knife_incidents, e.agent);
                break;
            case EventType::victimisation:
                ++cell(Measure::victimisations, e.agent);
                if (e.flags & incident_flag::injury) ++cell(Measure::injuries, e.agent);
                break;
            case EventType::ae_attendance: ++cell(Measure::ae_attendances, e.agent); break;
            case EventType::hospital_admission:
                if (knife) ++cell(Measure::hospital_admissions_knife_assault_u25, e.agent);
                break;
            case EventType::homicide:
                if (knife) ++cell(Measure::knife_homicides_u25, e.agent);
                break;
            case EventType::recorded_offence:
                ++cell(Measure::recorded_violent_offences, e.agent);
                if (knife && e.other != no_agent) ++cell(Measure::recorded_knife_assaults_u25, e.other);
                break;
            case EventType::arrest: ++cell(Measure::arrests, e.agent); break;
            case EventType::custody: ++cell(Measure::custody_entries, e.agent); break;
            case EventType::first_time_entrant: ++cell(Measure::first_time_entrants, e.agent); break;
            case EventType::suspension: ++cell(Measure::suspensions, e.agent); break;
            case EventType::permanent_exclusion: ++cell(Measure::permanent_exclusions, e.agent); break;
            case EventType::parent_imprisoned: ++cell(Measure::parent_imprisonments, e.agent); break;
            case EventType::entered_cohort: ++cell(Measure::entrants, e.agent); break;
            case EventType::left_cohort: ++cube.at(Measure::leavers, out_week, pop.area[e.agent], e.flags); break;
            case EventType::count_: break;
        }
    }
    for (int a = 0; a < w.layout.areas; ++a) {
        const StockCounts c = count_stocks(w, w.layout.area_begin[a], w.layout.area_begin[a + 1]);
        for (int i = 0; i < stock_count; ++i)
            for (int b = 0; b < age_band_count; ++b) cube.at(stocks[i], out_week, a, b) += c[i * age_band_count + b];
    }
}

}  // namespace vrusim
