#pragma once
/// What `vrusim run --export events,network` records of a replicate, for researchers' own analyses
/// (docs/outputs.md, "Events and network"): the reported weeks' event stream and snapshots of the
/// social graph, with people named by stable pseudonymous ids (person_id: slot and generation).
#include <cstdint>
#include <string_view>
#include <vector>

namespace vrusim {

/// What to record, for every replicate of a run.
struct ExportOptions {
    bool events = false;
    bool network = false;
    std::vector<int> network_weeks;  ///< reported weeks (0-based) whose end the network is taken at, ascending
    std::uint64_t limit_bytes = 0;   ///< the whole results file's export, in table bytes; each replicate gets an equal share

    bool any() const { return events || network; }
    friend bool operator==(const ExportOptions&, const ExportOptions&) = default;
};

/// The default limit: 2 GiB of table rows a results file, room for the default run's events and
/// one network snapshot (docs/outputs.md gives the sizes).
inline constexpr std::uint64_t default_export_limit_mib = 2048;

/// One event. People are person_ids (0: none); lines, vulnerable adults and interventions are
/// indices (-1: none). Which fields an event type fills: docs/outputs.md.
struct ExportedEvent {
    std::uint64_t person = 0;        ///< the person the event is about
    std::uint64_t other_person = 0;  ///< the other person (offender or victim), if any
    std::int32_t week = 0;           ///< reported week, 0 = the first week from 1 April of start_year
    std::int32_t line = -1;          ///< county line (index in the line table)
    std::int32_t adult = -1;         ///< vulnerable adult (index)
    std::int32_t intervention = -1;  ///< intervention (index in the scenario's programme)
    std::uint8_t type = 0;           ///< EventType
    std::uint8_t flags = 0;          ///< incident_flag bits (left_cohort: the leaver's age band)
    std::uint8_t area = 0xff;        ///< the person's area (index in the scenario's areas); 255: no person
    std::uint8_t age = 0xff;         ///< the person's age in completed years; 255: no person, or a leaver
    std::uint8_t sex = 0xff;         ///< the person's sex: 0 female, 1 male; 255: no person, or a leaver
    friend bool operator==(const ExportedEvent&, const ExportedEvent&) = default;
};

/// Social-graph layers as exported: the static graph's three, then co-offending.
enum class ExportedLayer : std::uint8_t { household = 0, friendship = 1, school_class = 2, co_offending = 3 };
inline constexpr std::string_view exported_layer_names[] = {"household", "friendship", "school_class", "co_offending"};

/// A tie active at the snapshot's week. Static layers: each tie once (source has the lower
/// slot); co-offending: as each person remembers their most recent co-offenders (directed).
struct ExportedTie {
    std::uint64_t source = 0;
    std::uint64_t target = 0;
    std::uint8_t layer = 0;  ///< ExportedLayer
    friend bool operator==(const ExportedTie&, const ExportedTie&) = default;
};

/// A person present at the snapshot's week (every one: those without ties too), with where they
/// live and learn: the nodes of the network.
struct ExportedPerson {
    std::uint64_t person = 0;
    std::uint32_t neighbourhood = 0;  ///< index of the neighbourhood (areas' neighbourhoods in order)
    std::uint32_t household = 0;      ///< household id (shared by the household's members)
    std::uint32_t school_class = 0;   ///< school class id (a year group's class; kept after school age)
    std::uint8_t area = 0;
    std::uint8_t age = 0;             ///< completed years
    std::uint8_t sex = 0;             ///< 0 female, 1 male
    friend bool operator==(const ExportedPerson&, const ExportedPerson&) = default;
};

/// A county line's runner at the snapshot's week.
struct LineMember {
    std::uint64_t person = 0;
    std::int32_t line = -1;
    friend bool operator==(const LineMember&, const LineMember&) = default;
};

struct NetworkSnapshot {
    int week = 0;  ///< reported week, at its end
    std::vector<ExportedPerson> people;
    std::vector<ExportedTie> ties;
    std::vector<LineMember> members;
    friend bool operator==(const NetworkSnapshot&, const NetworkSnapshot&) = default;
};

/// One replicate's export. Rows are recorded week by week until the replicate's share of the
/// limit would be passed: then the events stop at a week's end and later snapshots are skipped,
/// and what is kept says so (events_through_week, snapshots_skipped).
struct ExportTables {
    bool events_recorded = false;    ///< the run exported events (else events is empty by choice)
    std::vector<ExportedEvent> events;
    int events_through_week = -1;    ///< the last reported week whose events are all here (-1: none)
    std::vector<NetworkSnapshot> snapshots;
    std::vector<int> snapshots_skipped;  ///< weeks asked for whose snapshot did not fit the limit

    /// Table bytes as the limit counts them (rows times their packed sizes).
    std::uint64_t bytes() const;
    friend bool operator==(const ExportTables&, const ExportTables&) = default;
};

/// Bytes of one row of each table, as counted against the limit and stored (packed).
inline constexpr std::uint64_t exported_event_bytes = 8 + 8 + 4 + 4 + 4 + 4 + 1 + 1 + 1 + 1 + 1;
inline constexpr std::uint64_t exported_person_bytes = 8 + 4 + 4 + 4 + 1 + 1 + 1;
inline constexpr std::uint64_t exported_tie_bytes = 8 + 8 + 1;
inline constexpr std::uint64_t line_member_bytes = 8 + 4;

}  // namespace vrusim
