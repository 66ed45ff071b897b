// The export in the results file (io/results_exports.hpp): what a run recorded is what a reader
// gets back, a replicate's export waits whole on disk before the replicate counts as done, and a
// damaged or missing one makes that replicate run again rather than pass into the file.
#include <catch2/catch.hpp>

#include <fstream>

#include "io/output_file.hpp"
#include "io/results_exports.hpp"
#include "io/results_writer.hpp"
#include "temp_dir.hpp"
#include "tiny_run.hpp"

using namespace vrusim;
using vrusim::testing::TempDir;

namespace {

ExportOptions options() {
    ExportOptions o;
    o.events = true;
    o.network = true;
    o.network_weeks = {1, 3};
    o.limit_bytes = 1 << 20;
    return o;
}

// Made-up tables that differ by replicate, with every field set.
ExportTables known_tables(int rep) {
    ExportTables t;
    t.events_recorded = true;
    for (int i = 0; i < 40 + rep; ++i) {
        ExportedEvent e;
        e.person = (std::uint64_t{1} << 32) | static_cast<std::uint32_t>(i);
        e.other_person = i % 3 ? 0 : e.person + 7;
        e.week = i / 10;
        e.line = i % 5 - 1;
        e.adult = i % 7 - 1;
        e.intervention = i % 4 - 1;
        e.type = static_cast<std::uint8_t>(i % 28);
        e.flags = static_cast<std::uint8_t>(i * 37);
        e.area = static_cast<std::uint8_t>(i % 2);
        e.age = static_cast<std::uint8_t>(10 + i % 15);
        e.sex = static_cast<std::uint8_t>(i % 2);
        t.events.push_back(e);
    }
    t.events_through_week = 3;
    NetworkSnapshot s;
    s.week = 1;
    s.people = {{5, 3, 40, 7, 1, 15, 1}, {9, 4, 41, 7, 0, 16, 0}, {(std::uint64_t{2} << 32) | 4, 3, 40, 9, 1, 22, 1}};
    s.ties = {{5, 9, 0}, {6, 10, 3}, {(std::uint64_t{2} << 32) | 4, 11, 2}};
    s.members = {{5, 2}, {9, rep}};
    t.snapshots.push_back(s);
    t.snapshots_skipped = {3};
    return t;
}

ReplicateResult with_export(const io::ResultsMetadata& meta, int rep) {
    ReplicateResult r = testing::known_result(meta, rep);
    r.exports = std::make_shared<const ExportTables>(known_tables(rep));
    return r;
}

}  // namespace

TEST_CASE("a replicate's export survives its waiting file exactly, and a damaged one is never read") {
    const ExportTables t = known_tables(2);
    const std::string bytes = io::encode_exports(t, 2, 99);
    const auto back = io::decode_exports(bytes, 2, 99);
    REQUIRE(back);
    CHECK(*back == t);
    CHECK_FALSE(io::decode_exports(bytes, 1, 99));  // another replicate's
    CHECK_FALSE(io::decode_exports(bytes, 2, 98));  // another scenario's
    for (std::size_t at : {std::size_t{0}, std::size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
        std::string damaged = bytes;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
        CHECK_FALSE(io::decode_exports(damaged, 2, 99));
    }
    CHECK_FALSE(io::decode_exports(bytes.substr(0, bytes.size() - 9), 2, 99));  // cut short
    CHECK_FALSE(io::decode_exports("", 2, 99));
}

TEST_CASE("a run's export is in its finished results file, replicate by replicate, and its work files are gone") {
    TempDir dir;
    const auto out = dir.path / "exp.h5";
    io::ResultsMetadata meta = testing::tiny_meta();
    meta.exports = options();
    {
        io::ResultsWriter writer(out, meta, false);
        for (int r = 0; r < meta.replicates; ++r) writer.replicate_done(with_export(meta, r));
        writer.finish();
    }
    CHECK_FALSE(std::filesystem::exists(io::exports_work_dir(out)));
    for (int r = 0; r < meta.replicates; ++r) CHECK(io::read_exports(out, r) == known_tables(r));
    const auto stored = io::read_export_options(out);
    REQUIRE(stored);
    CHECK(*stored == meta.exports);
    CHECK(io::read_results(out).meta.exports == meta.exports);
}

TEST_CASE("a resume runs again a replicate whose export is missing or damaged, and refuses other export settings") {
    TempDir dir;
    const auto out = dir.path / "exp.h5";
    io::ResultsMetadata meta = testing::tiny_meta();
    meta.exports = options();
    {
        io::ResultsWriter writer(out, meta, false);
        for (int r = 0; r < meta.replicates; ++r) writer.replicate_done(with_export(meta, r));
        // Stopped before finishing.
    }
    std::filesystem::remove(io::exports_work_file(out, 0));
    {
        std::fstream f(io::exports_work_file(out, 2), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(30);
        f.put('\x7f');
    }
    {
        ExportOptions other = meta.exports;
        other.network_weeks = {2};
        io::ResultsMetadata changed = meta;
        changed.exports = other;
        CHECK_THROWS_WITH(io::ResultsWriter(out, changed, true), Catch::Contains("exports: --export events,network "
                                                                                 "--export-weeks 1,3"));
        changed.exports = {};
        CHECK_THROWS_WITH(io::ResultsWriter(out, changed, true), Catch::Contains("no --export now"));
    }
    io::ResultsWriter writer(out, meta, true);
    CHECK(writer.completed_replicates() == std::vector<int>{1});
    CHECK_THROWS_WITH(writer.finish(), Catch::Contains("replicates 0, 2 are missing"));
    writer.replicate_done(with_export(meta, 0));
    writer.replicate_done(with_export(meta, 2));
    writer.finish();
    for (int r = 0; r < meta.replicates; ++r) CHECK(io::read_exports(out, r) == known_tables(r));
}

TEST_CASE("a run with --export refuses a file where its exports wait, and a new run clears only its own leftovers") {
    TempDir dir;
    const auto out = dir.path / "exp.h5";
    io::ResultsMetadata meta = testing::tiny_meta();
    meta.exports = options();
    { std::ofstream(io::exports_work_dir(out)) << "mine"; }
    CHECK_THROWS_WITH(io::ResultsWriter(out, meta, false), Catch::Contains("exists and is not a directory"));
    std::filesystem::remove(io::exports_work_dir(out));
    std::filesystem::create_directory(io::exports_work_dir(out));
    const auto user_file = io::exports_work_dir(out) / "notes.txt";
    { std::ofstream(user_file) << "mine"; }
    io::write_whole_file(io::exports_work_file(out, 1), io::encode_exports(known_tables(1), 1, meta.scenario_hash));
    {
        io::ResultsWriter writer(out, meta, false);
        CHECK_FALSE(std::filesystem::exists(io::exports_work_file(out, 1)));  // stale: this is a new run
        for (int r = 0; r < meta.replicates; ++r) writer.replicate_done(with_export(meta, r));
        writer.finish();
    }
    CHECK(std::filesystem::exists(user_file));  // the directory stays for it
}
