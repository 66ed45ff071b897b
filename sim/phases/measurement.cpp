#include <tbb/blocked_range.h>

#include <array>
#include <cmath>

#include "../phases.hpp"
#include "../parallel.hpp"

namespace vrusim {

namespace {

constexpr std::array stocks = {Measure::weapon_carrying, Measure::weapon_carrying_past_year,
                               Measure::weapon_carrying_past_year_male,
                               Measure::victimised_past_year, Measure::repeat_victimised_past_year,
                               Measure::injured_past_year,
                               Measure::offended_past_year, Measure::offended_and_victimised_past_year,
                               Measure::neet, Measure::excluded,
                               Measure::under_peer_influence, Measure::parent_in_prison,
                               Measure::parent_in_prison_past_year,
                               Measure::in_custody, Measure::population,
                               Measure::criminally_exploited, Measure::children_criminally_exploited,
                               Measure::criminally_exploited_ever,
                               Measure::approached_past_year, Measure::exploited_past_year,
                               Measure::county_lines_runners, Measure::in_programme};
constexpr int stock_count = static_cast<int>(stocks.size());
using StockCounts = std::array<std::uint32_t, stock_count * age_band_count>;

StockCounts count_stocks(const World& w, std::uint32_t begin, std::uint32_t end) {
    const auto& pop = w.pop;
    const int school_until = w.p.school.leaving_age * weeks_per_year;
    auto body = [&](const tbb::blocked_range<std::uint32_t>& range, StockCounts c) {
        for (std::uint32_t v = range.begin(); v != range.end(); ++v) {
            const auto s = pop.states[v];
            if (s & state::gone) continue;
            const int age = pop.age_weeks[v] / weeks_per_year;
            const int b = age_band(age);
            // A parent's spell that ended in the last year still counts (its end week is kept).
            const int since_parent_home = weeks_since(pop.parent_prison_until[v], w.week);
            const bool offended = weeks_since(pop.last_offence[v], w.week) < weeks_per_year;
            const bool victimised = weeks_since(pop.last_victimised[v], w.week) < weeks_per_year;
            const bool carried = weeks_since(pop.last_carried[v], w.week) < weeks_per_year;
            const bool flags[stock_count] = {
                (s & state::carrying) != 0,
                carried,
                carried && (pop.traits[v] & trait::male) != 0,
                victimised,
                weeks_since(pop.prev_victimised[v], w.week) < weeks_per_year,
                weeks_since(pop.last_injured[v], w.week) < weeks_per_year,
                offended,
                offended && victimised,
                (s & state::neet) != 0,
                (s & state::excluded) != 0 && pop.age_weeks[v] < school_until,
                (s & state::influenced) != 0,
                (s & state::parent_in_prison) != 0,
                (s & state::parent_in_prison) != 0 || (since_parent_home >= 0 && since_parent_home < weeks_per_year),
                (s & state::in_custody) != 0,
                true,
                (s & state::exploited) != 0,
                (s & state::exploited) != 0 && age < 18,
                pop.first_exploited[v] != never,
                weeks_since(pop.last_approached[v], w.week) < weeks_per_year,
                weeks_since(pop.last_exploited[v], w.week) < weeks_per_year,
                (s & state::runner) != 0,
                !pop.programme.empty() && pop.programme[v] != 0 && weeks_since(pop.programme_until[v], w.week) < 0,
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
    return parallel::reduce(tbb::blocked_range<std::uint32_t>(begin, end), StockCounts{}, body, join);
}

// Events of lines and vulnerable adults: counted by the line's market area or the adult's area.
void measure_county_lines_event(const World& w, const Event& e, MeasureCube& cube, int out_week) {
    if (w.cl == nullptr) return;
    const auto& markets = w.cl->lines.market_area;
    auto line_cell = [&](Measure m) -> MeasureCount& { return cube.at(m, out_week, markets[e.agent], 0); };
    switch (e.type) {
        case EventType::line_opened: ++line_cell(Measure::county_lines_opened); break;
        case EventType::line_closed: ++line_cell(Measure::county_lines_closed); break;
        case EventType::holder_charged:
        case EventType::external_runner_arrested: ++line_cell(Measure::closure_arrests); break;
        case EventType::adult_referral:
            if (e.flags & incident_flag::at_closure) ++cube.at(Measure::closure_referrals, out_week, markets[e.other], 0);
            break;
        default: break;
    }
}

void count_county_lines_stocks(const World& w, MeasureCube& cube, int out_week) {
    if (w.cl == nullptr) return;
    const auto& lines = w.cl->lines;
    for (std::uint32_t l = 0; l < lines.capacity(); ++l)
        if (lines.state[l] == LineState::active || lines.state[l] == LineState::disrupted)
            ++cube.at(Measure::active_county_lines, out_week, lines.market_area[l], 0);
    const auto& adults = w.cl->adults;
    for (std::uint32_t i = 0; i < adults.size(); ++i)
        if (adults.line[i] != no_line) ++cube.at(Measure::cuckooed_homes, out_week, adults.area[i], 0);
}

}  // namespace

void measure_week(const World& w, MeasureCube& cube, int out_week) {
    const auto& pop = w.pop;
    auto cell = [&](Measure m, std::uint32_t v) -> MeasureCount& {
        return cube.at(m, out_week, pop.area[v], age_band(pop.age_weeks[v] / weeks_per_year));
    };
    auto male = [&](std::uint32_t v) { return (pop.traits[v] & trait::male) != 0; };
    // Chances of the Home Office outcomes given a knife victimisation (resolve_outcomes), in units
    // of expected_per_count.
    const auto& vp = w.p.violence;
    const double p_death = vp.p_injury_knife * vp.p_homicide_given_knife_injury;
    auto units = [](double p) { return static_cast<MeasureCount>(std::llround(p / expected_per_count)); };
    const MeasureCount expected_admission =
        units(vp.p_injury_knife * vp.p_ae_given_injury_knife * vp.p_admission_given_ae_knife);
    const MeasureCount expected_homicide = units(p_death);
    const MeasureCount expected_recorded = units(p_death + (1 - p_death) * w.p.justice.p_recorded_knife);
    for (const Event& e : w.events.events()) {
        const bool knife = e.flags & incident_flag::knife;
        switch (e.type) {
            case EventType::violent_incident:
                // An offender from outside the model (a line's enforcer) counts in the victim's cell.
                ++cell(Measure::violent_incidents, e.agent != no_agent ? e.agent : e.other);
                if (knife) ++cell(Measure::knife_incidents, e.agent != no_agent ? e.agent : e.other);
                if (e.flags & incident_flag::drug_market) {
                    ++cell(Measure::drug_market_violent_incidents, e.other);
                    if (knife) ++cell(Measure::county_lines_knife_incidents, e.other);
                }
                break;
            case EventType::victimisation:
                ++cell(Measure::victimisations, e.agent);
                if (male(e.agent)) ++cell(Measure::victimisations_male, e.agent);
                if (knife) {
                    ++cell(Measure::knife_victimisations, e.agent);
                    cell(Measure::hospital_admissions_knife_assault_u25_expected, e.agent) += expected_admission;
                    cell(Measure::recorded_knife_assaults_u25_expected, e.agent) += expected_recorded;
                    cell(Measure::knife_homicides_u25_expected, e.agent) += expected_homicide;
                }
                if (knife && male(e.agent)) ++cell(Measure::knife_victimisations_male, e.agent);
                if (e.flags & incident_flag::injury) ++cell(Measure::injuries, e.agent);
                break;
            case EventType::ae_attendance:
                ++cell(Measure::ae_attendances, e.agent);
                if (male(e.agent)) ++cell(Measure::ae_attendances_male, e.agent);
                break;
            case EventType::hospital_admission:
                if (knife) ++cell(Measure::hospital_admissions_knife_assault_u25, e.agent);
                if (knife && male(e.agent)) ++cell(Measure::hospital_admissions_knife_assault_u25_male, e.agent);
                break;
            case EventType::homicide:
                if (knife) ++cell(Measure::knife_homicides_u25, e.agent);
                break;
            case EventType::recorded_offence:
                ++cell(Measure::recorded_violent_offences, e.agent != no_agent ? e.agent : e.other);
                if (knife && e.other != no_agent) ++cell(Measure::recorded_knife_assaults_u25, e.other);
                break;
            case EventType::arrest:
                ++cell(Measure::arrests, e.agent);
                if (e.flags & incident_flag::county_lines) ++cell(Measure::runners_arrested, e.agent);
                if (e.flags & incident_flag::at_closure) ++cube.at(Measure::closure_arrests, out_week, w.cl->lines.market_area[e.other], 0);
                break;
            case EventType::custody: ++cell(Measure::custody_entries, e.agent); break;
            case EventType::first_time_entrant: ++cell(Measure::first_time_entrants, e.agent); break;
            case EventType::suspension: ++cell(Measure::suspensions, e.agent); break;
            case EventType::permanent_exclusion: ++cell(Measure::permanent_exclusions, e.agent); break;
            case EventType::parent_imprisoned: ++cell(Measure::parent_imprisonments, e.agent); break;
            case EventType::entered_cohort: ++cell(Measure::entrants, e.agent); break;
            case EventType::left_cohort: ++cube.at(Measure::leavers, out_week, pop.area[e.agent], e.flags); break;
            case EventType::exploitation_approach: ++cell(Measure::exploitation_approaches, e.agent); break;
            case EventType::missing_episode: ++cell(Measure::missing_episodes, e.agent); break;
            case EventType::safeguarding_referral:
                ++cell(Measure::runners_safeguarded, e.agent);
                if (e.flags & incident_flag::nrm) ++cell(Measure::nrm_referrals, e.agent);
                if (e.flags & incident_flag::at_closure) ++cube.at(Measure::closure_referrals, out_week, w.cl->lines.market_area[e.other], 0);
                break;
            case EventType::exploitation_started:
                ++cell(Measure::exploitation_starts, e.agent);
                if (e.flags & incident_flag::repeat) ++cell(Measure::re_exploitations, e.agent);
                break;
            case EventType::programme_offer: ++cell(Measure::programme_offers, e.agent); break;
            case EventType::programme_start: ++cell(Measure::programme_starts, e.agent); break;
            case EventType::support_started:
            case EventType::count_: break;
            default: measure_county_lines_event(w, e, cube, out_week); break;
        }
    }
    for (int a = 0; a < w.layout.areas; ++a) {
        const StockCounts c = count_stocks(w, w.layout.area_begin[a], w.layout.area_begin[a + 1]);
        for (int i = 0; i < stock_count; ++i)
            for (int b = 0; b < age_band_count; ++b) cube.at(stocks[i], out_week, a, b) += c[i * age_band_count + b];
    }
    count_county_lines_stocks(w, cube, out_week);
}

}  // namespace vrusim
