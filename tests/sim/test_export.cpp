// The event and network export (sim/export/): what researchers get from `vrusim run --export`
// must be the model's own events, name people consistently over their lives, never change the
// run, and stop only at a week's end when the limit is reached.
#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include <algorithm>
#include <map>
#include <set>

#include "shared_plans.hpp"
#include "sim/burn_in/shared_run.hpp"
#include "sim/events.hpp"
#include "sim/export/recorder.hpp"

using namespace vrusim;

namespace {

ExportOptions everything(const Parameters& p) {
    ExportOptions o;
    o.events = true;
    o.network = true;
    o.network_weeks = {0, p.run.weeks / 2, p.run.weeks - 1};
    o.limit_bytes = std::uint64_t{1} << 34;
    return o;
}

ReplicateResult run_one(const Parameters& p, const ExportOptions& exports, int replicate = 0) {
    const std::vector<Parameters> scenarios{p};
    ReplicateResult out;
    run_shared_unit(scenarios, SharedUnit{replicate, {0}}, [&](const ReplicateResult& r) { out = r; }, {}, nullptr,
                    exports);
    return out;
}

std::uint32_t slot_of(std::uint64_t id) { return static_cast<std::uint32_t>(id); }
std::uint32_t generation_of(std::uint64_t id) { return static_cast<std::uint32_t>(id >> 32) - 1; }

}  // namespace

TEST_CASE("exporting events and the network leaves the run exactly as it is without them") {
    const Parameters p = testing::small("thames-valley-2023-24.yaml");
    const ReplicateResult plain = run_one(p, {});
    const ReplicateResult exported = run_one(p, everything(p));
    CHECK(plain.exports == nullptr);
    REQUIRE(exported.exports != nullptr);
    testing::require_same(plain, exported);
}

TEST_CASE("exported events are the model's: every reported week, each type as often as the run counted it") {
    const Parameters p = testing::small("thames-valley-2023-24.yaml");
    const ReplicateResult r = run_one(p, everything(p));
    const ExportTables& t = *r.exports;
    CHECK(t.events_recorded);
    CHECK(t.events_through_week == p.run.weeks - 1);
    CHECK(std::is_sorted(t.events.begin(), t.events.end(), [](const auto& a, const auto& b) { return a.week < b.week; }));
    // The measures count these events week by week (sim/phases/measurement.cpp): the export must agree.
    auto count = [&](EventType type) {
        return std::count_if(t.events.begin(), t.events.end(),
                             [&](const ExportedEvent& e) { return e.type == static_cast<std::uint8_t>(type); });
    };
    auto measured = [&](Measure m) {
        double total = 0;
        for (int w = 0; w < p.run.weeks; ++w)
            for (int a = 0; a < r.measures.areas(); ++a)
                for (int b = 0; b < age_band_count; ++b) total += static_cast<double>(r.measures.at(m, w, a, b));
        return static_cast<long>(total);
    };
    CHECK(count(EventType::entered_cohort) == measured(Measure::entrants));
    CHECK(count(EventType::left_cohort) == measured(Measure::leavers));
    CHECK(count(EventType::entered_cohort) > 0);
    CHECK(count(EventType::victimisation) > 0);
    CHECK(count(EventType::programme_start) > 0);  // the Thames Valley programme runs
    for (const auto& e : t.events) {
        INFO("type " << event_type_names[e.type] << " week " << e.week);
        REQUIRE(e.week >= 0);
        REQUIRE(e.week < p.run.weeks);
        if (e.type == static_cast<std::uint8_t>(EventType::programme_start)) {
            CHECK(e.intervention >= 0);
            CHECK(e.intervention < static_cast<int>(p.programme.interventions.size()));
        }
        if (e.type == static_cast<std::uint8_t>(EventType::line_opened)) {
            CHECK(e.person == 0);
            CHECK(e.line >= 0);
        }
        // A leaver's age and sex are unknown (the slot may hold the next person); anyone else's known.
        if (e.type == static_cast<std::uint8_t>(EventType::left_cohort)) {
            CHECK(e.age == 0xff);
            CHECK(e.sex == 0xff);
        } else if (e.person != 0) {
            CHECK(e.sex <= 1);
            CHECK(e.age >= 10);
            CHECK(e.age <= 24);
        }
    }
}

TEST_CASE("a person's id names them from entering to leaving, and no one after they have left") {
    const Parameters p = testing::small("thames-valley-2023-24.yaml");
    const ExportTables t = *run_one(p, everything(p)).exports;
    std::map<std::uint64_t, int> left_week, entered_week;
    for (const auto& e : t.events) {
        if (e.type == static_cast<std::uint8_t>(EventType::left_cohort)) left_week.emplace(e.person, e.week);
        if (e.type == static_cast<std::uint8_t>(EventType::entered_cohort)) entered_week.emplace(e.person, e.week);
    }
    REQUIRE(!left_week.empty());
    // A slot left and filled in one week: the leaver is the generation before the newcomer.
    std::map<std::pair<std::uint32_t, int>, std::uint64_t> leaver_at;
    for (const auto& [id, week] : left_week) leaver_at[{slot_of(id), week}] = id;
    int refilled = 0;
    for (const auto& [id, week] : entered_week) {
        const auto leaver = leaver_at.find({slot_of(id), week});
        if (leaver == leaver_at.end()) continue;
        CHECK(generation_of(leaver->second) + 1 == generation_of(id));
        ++refilled;
    }
    CHECK(refilled > 0);
    for (const auto& e : t.events) {
        if (e.type == static_cast<std::uint8_t>(EventType::left_cohort)) continue;
        for (const std::uint64_t id : {e.person, e.other_person}) {
            if (id == 0) continue;
            if (const auto left = left_week.find(id); left != left_week.end()) {
                INFO(event_type_names[e.type] << " in week " << e.week << " names a person who left in week " << left->second);
                CHECK(e.week < left->second);
            }
            if (const auto entered = entered_week.find(id); entered != entered_week.end()) CHECK(e.week >= entered->second);
        }
    }
    for (const auto& s : t.snapshots)
        for (const auto& tie : s.ties)
            for (const std::uint64_t id : {tie.source, tie.target})
                if (const auto left = left_week.find(id); left != left_week.end()) CHECK(s.week < left->second);
}

TEST_CASE("network snapshots: the weeks asked for, each static tie once, co-offending ties directed") {
    const Parameters p = testing::small("thames-valley-2023-24.yaml");
    const ExportOptions o = everything(p);
    const ExportTables t = *run_one(p, o).exports;
    REQUIRE(t.snapshots.size() == o.network_weeks.size());
    CHECK(t.snapshots_skipped.empty());
    for (std::size_t i = 0; i < t.snapshots.size(); ++i) {
        const auto& s = t.snapshots[i];
        CHECK(s.week == o.network_weeks[i]);
        std::set<std::pair<std::uint64_t, std::uint64_t>> static_pairs;
        std::array<int, 4> by_layer{};
        for (const auto& tie : s.ties) {
            REQUIRE(tie.layer < 4);
            ++by_layer[tie.layer];
            CHECK(tie.source != tie.target);
            if (tie.layer == static_cast<std::uint8_t>(ExportedLayer::co_offending)) continue;
            CHECK(slot_of(tie.source) < slot_of(tie.target));
            CHECK(static_pairs.insert({tie.source, tie.target}).second);  // once
        }
        CHECK(by_layer[0] > 0);
        CHECK(by_layer[1] > 0);
        CHECK(by_layer[2] > 0);
        // Every tie joins people listed as present, each person listed once.
        std::set<std::uint64_t> present;
        for (const auto& person : s.people) CHECK(present.insert(person.person).second);
        for (const auto& tie : s.ties) {
            CHECK(present.count(tie.source) == 1);
            CHECK(present.count(tie.target) == 1);
        }
        CHECK(std::all_of(s.people.begin(), s.people.end(), [](const ExportedPerson& x) { return x.sex <= 1 && x.age >= 10 && x.age <= 24; }));
    }
    // Co-offenders are remembered from the incidents: by the last week some are.
    const auto& last = t.snapshots.back().ties;
    CHECK(std::any_of(last.begin(), last.end(), [](const ExportedTie& tie) {
        return tie.layer == static_cast<std::uint8_t>(ExportedLayer::co_offending);
    }));
}

TEST_CASE("the export is the same at 1 and 2 threads") {
    const Parameters p = testing::small("thames-valley-2023-24.yaml");
    ExportTables one, two;
    {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
        one = *run_one(p, everything(p), 1).exports;
    }
    {
        tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 2);
        two = *run_one(p, everything(p), 1).exports;
    }
    CHECK(one == two);
}

TEST_CASE("a limit stops the events at a week's end, keeps what came before, and skips snapshots that do not fit") {
    Parameters p = testing::small("thames-valley-2023-24.yaml");
    p.run.replicates = 4;  // the limit is shared: each replicate gets a quarter
    ExportOptions o = everything(p);
    const ExportTables whole = *run_one(p, o).exports;
    REQUIRE(whole.bytes() > 0);
    // A limit of a third of one replicate's events: they stop part-way, at a week's end.
    o.limit_bytes = 4 * (whole.events.size() * exported_event_bytes / 3);
    o.network = false;
    const ExportTables cut = *run_one(p, o).exports;
    REQUIRE(cut.events_through_week >= 0);
    CHECK(cut.events_through_week < p.run.weeks - 1);
    CHECK(cut.bytes() <= o.limit_bytes / 4);
    CHECK(cut.events.back().week == cut.events_through_week);
    REQUIRE(cut.events.size() < whole.events.size());
    CHECK(std::equal(cut.events.begin(), cut.events.end(), whole.events.begin()));
    // The next week would not have fitted.
    const auto next_week_rows = std::count_if(whole.events.begin(), whole.events.end(),
                                              [&](const ExportedEvent& e) { return e.week == cut.events_through_week + 1; });
    CHECK((cut.events.size() + static_cast<std::size_t>(next_week_rows)) * exported_event_bytes > o.limit_bytes / 4);
    // Snapshots alone with room for none: each skipped and said so.
    ExportOptions network_only = everything(p);
    network_only.events = false;
    network_only.limit_bytes = 4;
    const ExportTables none = *run_one(p, network_only).exports;
    CHECK(none.snapshots.empty());
    CHECK(none.snapshots_skipped == network_only.network_weeks);
    CHECK_FALSE(none.events_recorded);
}
