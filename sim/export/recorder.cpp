#include "recorder.hpp"

#include <algorithm>

#include "sim/events.hpp"
#include "sim/model.hpp"
#include "sim/phases.hpp"

namespace vrusim {

namespace {

// What an event's two fields name, by type (sim/events.hpp).
enum class Party : std::uint8_t { none, person, line, adult, intervention };

struct Parties {
    Party agent = Party::person;
    Party other = Party::none;
};

Parties parties_of(EventType type, std::uint8_t flags) {
    switch (type) {
    case EventType::violent_incident:
    case EventType::victimisation:
    case EventType::ae_attendance:
    case EventType::hospital_admission:
    case EventType::homicide:
    case EventType::recorded_offence:
        return {Party::person, Party::person};
    case EventType::arrest:  // a county-lines arrest names the line
        return {Party::person, flags & incident_flag::county_lines ? Party::line : Party::none};
    case EventType::exploitation_approach:
    case EventType::exploitation_started:
    case EventType::safeguarding_referral:
        return {Party::person, Party::line};
    case EventType::line_opened:
    case EventType::line_closed:
    case EventType::holder_charged:
    case EventType::external_runner_arrested:
        return {Party::line, Party::none};
    case EventType::home_cuckooed:
    case EventType::cuckooing_ended:
    case EventType::adult_referral:
        return {Party::adult, Party::line};
    case EventType::programme_offer:
    case EventType::programme_start:
        return {Party::person, Party::intervention};
    default:
        return {Party::person, Party::none};
    }
}

std::int32_t index_or_none(std::uint32_t index) {
    return index == no_agent ? -1 : static_cast<std::int32_t>(index);
}

}  // namespace

std::uint64_t ExportTables::bytes() const {
    std::uint64_t total = events.size() * exported_event_bytes;
    for (const auto& s : snapshots)
        total += s.people.size() * exported_person_bytes + s.ties.size() * exported_tie_bytes +
                 s.members.size() * line_member_bytes;
    return total;
}

ExportRecorder::ExportRecorder(const ExportOptions& options, int replicates)
    : options_(options), budget_(options.limit_bytes / static_cast<std::uint64_t>(std::max(replicates, 1))) {
    tables_.events_recorded = options.events;
}

void ExportRecorder::after_week(const Model& model, int week) {
    if (options_.events) record_events(model, week);
    if (options_.network && std::binary_search(options_.network_weeks.begin(), options_.network_weeks.end(), week))
        record_network(model, week);
}

void ExportRecorder::record_events(const Model& model, int week) {
    if (events_stopped_) return;
    const auto events = model.events();
    // Whole weeks only: a lag analysis needs to know which weeks it has all of.
    const std::uint64_t week_bytes = events.size() * exported_event_bytes;
    if (used_ + week_bytes > budget_) {
        events_stopped_ = true;
        return;
    }
    used_ += week_bytes;
    const Population& pop = model.population();
    auto person = [&](std::uint32_t slot, bool leaver) -> std::uint64_t {
        if (slot == no_agent) return 0;
        // A leaver's slot already holds its next generation (vacated at the start of the week).
        return leaver ? static_cast<std::uint64_t>(pop.generation[slot]) << 32 | slot : person_id(pop, slot);
    };
    for (const Event& e : events) {
        ExportedEvent row;
        row.week = week;
        row.type = static_cast<std::uint8_t>(e.type);
        row.flags = e.flags;
        const Parties parties = parties_of(e.type, e.flags);
        const bool leaver = e.type == EventType::left_cohort;
        switch (parties.agent) {
        case Party::person:
            row.person = person(e.agent, leaver);
            if (e.agent != no_agent) {
                row.area = static_cast<std::uint8_t>(pop.area[e.agent]);  // the slot's: its place, not its person's
                if (!leaver) {  // a leaver's slot may already hold the next person: their age and sex unknown here
                    row.sex = pop.traits[e.agent] & trait::male ? 1 : 0;
                    row.age = static_cast<std::uint8_t>(pop.age_weeks[e.agent] / weeks_per_year);
                }
            }
            break;
        case Party::line: row.line = index_or_none(e.agent); break;
        case Party::adult: row.adult = index_or_none(e.agent); break;
        default: break;
        }
        switch (parties.other) {
        case Party::person: row.other_person = person(e.other, false); break;
        case Party::line: row.line = index_or_none(e.other); break;
        case Party::intervention: row.intervention = index_or_none(e.other); break;
        default: break;
        }
        tables_.events.push_back(row);
    }
    tables_.events_through_week = week;
}

void ExportRecorder::record_network(const Model& model, int week) {
    const Population& pop = model.population();
    const SocialGraph& graph = model.graph();
    const World& w = model.world();
    NetworkSnapshot snapshot;
    snapshot.week = week;
    const auto n = static_cast<std::uint32_t>(pop.size());
    for (std::uint32_t v = 0; v < n; ++v) {
        if (pop.states[v] & state::gone) continue;
        snapshot.people.push_back({person_id(pop, v), pop.neighbourhood[v], pop.household[v], pop.school_class[v],
                                   static_cast<std::uint8_t>(pop.area[v]),
                                   static_cast<std::uint8_t>(pop.age_weeks[v] / weeks_per_year),
                                   static_cast<std::uint8_t>(pop.traits[v] & trait::male ? 1 : 0)});
        const auto targets = graph.neighbours(v);
        const auto layers = graph.layers(v);
        const std::uint32_t places = tie_places(w, v);
        for (std::uint32_t place = 0; place < places; ++place) {
            const std::uint32_t u = tie_at(w, v, place);
            if (u == no_agent || pop.states[u] & state::gone) continue;
            const bool is_static = place < targets.size();
            if (is_static && u < v) continue;  // each static tie once, from its lower slot
            snapshot.ties.push_back({person_id(pop, v), person_id(pop, u),
                                     is_static ? static_cast<std::uint8_t>(layers[place])
                                               : static_cast<std::uint8_t>(ExportedLayer::co_offending)});
        }
        if (!pop.cl_line.empty() && pop.cl_line[v] != no_line)
            snapshot.members.push_back({person_id(pop, v), static_cast<std::int32_t>(pop.cl_line[v])});
    }
    const std::uint64_t bytes = snapshot.people.size() * exported_person_bytes +
                                snapshot.ties.size() * exported_tie_bytes + snapshot.members.size() * line_member_bytes;
    if (used_ + bytes > budget_) {
        tables_.snapshots_skipped.push_back(week);
        return;
    }
    used_ += bytes;
    tables_.snapshots.push_back(std::move(snapshot));
}

ExportTables ExportRecorder::take() {
    ExportTables out = std::move(tables_);
    tables_ = ExportTables{};
    tables_.events_recorded = options_.events;
    return out;
}

}  // namespace vrusim
