#include <catch2/catch.hpp>

#include <hdf5.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <vrusim/version.hpp>

#include "io/results_writer.hpp"
#include "temp_dir.hpp"
#include "tiny_run.hpp"

using namespace vrusim;
using namespace vrusim::io;
namespace fs = std::filesystem;

namespace {

using vrusim::testing::TempDir;
using vrusim::testing::known_count;
using vrusim::testing::known_result;
using vrusim::testing::tiny_meta;

// Number of stored values that differ from known_count x per_count / scale (NaN expected for missing replicates).
int mismatches(const StoredResults& stored, const ResultsMetadata& meta) {
    int wrong = 0;
    for (int m = 0; m < measure_count; ++m) {
        const auto& values = stored.values[static_cast<std::size_t>(m)];
        std::size_t i = 0;
        if (values.size() != static_cast<std::size_t>(meta.replicates * meta.weeks * stored.areas * age_band_count))
            return -1;
        for (int rep = 0; rep < meta.replicates; ++rep)
            for (int w = 0; w < meta.weeks; ++w)
                for (int a = 0; a < stored.areas; ++a)
                    for (int b = 0; b < age_band_count; ++b, ++i)
                        if (values[i] != static_cast<double>(known_count(rep, m, w, a, b)) *
                                             measure_info()[static_cast<std::size_t>(m)].per_count / meta.scale)
                            ++wrong;
    }
    return wrong;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("results: a finished file reads back every value as count / scale, with its metadata") {
    TempDir dir;
    const fs::path out = dir.path / "tiny.h5";
    const ResultsMetadata meta = tiny_meta();
    {
        ResultsWriter writer(out, meta, false);
        CHECK(writer.partial() == dir.path / "tiny.h5.partial");
        CHECK(fs::exists(dir.path / "tiny.h5.partial"));
        CHECK_FALSE(fs::exists(out));
        CHECK(writer.completed_replicates().empty());
        for (int rep : {2, 0, 1}) writer.replicate_done(known_result(meta, rep));
        CHECK(writer.completed_replicates() == std::vector<int>{0, 1, 2});
        CHECK(read_results(writer.partial()).status == "running");
        CHECK_FALSE(fs::exists(out));
        writer.finish();
        CHECK_THROWS(writer.finish());
    }
    CHECK(fs::exists(out));
    CHECK_FALSE(fs::exists(dir.path / "tiny.h5.partial"));

    const StoredResults stored = read_results(out);
    CHECK(stored.status == "complete");
    CHECK(stored.vrusim_version == vrusim::version);
    CHECK(stored.created_utc.size() == 20);  // 2024-04-01T12:00:00Z
    CHECK(stored.replicates_done == std::vector<int>{0, 1, 2});
    CHECK(stored.weeks == 4);
    CHECK(stored.areas == 2);
    CHECK(stored.bands == 3);
    CHECK(stored.meta.scenario_name == meta.scenario_name);
    CHECK(stored.meta.resolved_yaml == meta.resolved_yaml);
    CHECK(stored.meta.source_text == meta.source_text);
    CHECK(stored.meta.seed == meta.seed);
    CHECK(stored.meta.replicates == meta.replicates);
    CHECK(stored.meta.weeks == meta.weeks);
    CHECK(stored.meta.burn_in_weeks == meta.burn_in_weeks);
    CHECK(stored.meta.start_year == meta.start_year);
    CHECK(stored.meta.agents == meta.agents);
    CHECK(stored.meta.population_10_24 == meta.population_10_24);
    CHECK(stored.meta.population_all_ages == meta.population_all_ages);
    CHECK(stored.meta.scale == meta.scale);
    CHECK(stored.meta.area_names == meta.area_names);
    CHECK(stored.meta.scenario_hash == meta.scenario_hash);
    REQUIRE(stored.values.size() == static_cast<std::size_t>(measure_count));
    CHECK(mismatches(stored, meta) == 0);
    // Spot check of the scaling itself: 3 simulated admissions at scale 0.1 represent 30.
    CHECK(stored.values[0][2 * 4 * 2 * 3] == Approx(30.0));
}

TEST_CASE("results: the file carries the documented attributes, groups and datasets") {
    TempDir dir;
    const fs::path out = dir.path / "tiny.h5";
    const ResultsMetadata meta = tiny_meta();
    {
        ResultsWriter writer(out, meta, false);
        for (int rep = 0; rep < meta.replicates; ++rep) writer.replicate_done(known_result(meta, rep));
        writer.finish();
    }
    const hid_t file = H5Fopen(out.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    for (const char* name : {"format", "format_version", "vrusim_version", "status", "created_utc", "finished_utc",
                             "scenario_name", "scenario_hash", "seed", "replicates", "weeks", "burn_in_weeks",
                             "start_year", "agents", "population_10_24", "population_all_ages", "scale"}) {
        INFO(name);
        CHECK(H5Aexists(file, name) > 0);
    }
    for (const char* path : {"scenario", "scenario/resolved_yaml", "scenario/source", "dims/week", "dims/area",
                             "dims/age_band", "dims/replicate", "dims/measure", "replicates/done", "replicates/agents",
                             "replicates/seconds", "replicates/state_hash", "summary"}) {
        INFO(path);
        CHECK(H5Lexists(file, path, H5P_DEFAULT) > 0);
    }
    for (const auto& m : measure_info()) {
        const std::string name(m.name);
        INFO(name);
        CHECK(H5Lexists(file, ("replicates/" + name).c_str(), H5P_DEFAULT) > 0);
        CHECK(H5Aexists_by_name(file, ("replicates/" + name).c_str(), "unit", H5P_DEFAULT) > 0);
        CHECK(H5Aexists_by_name(file, ("replicates/" + name).c_str(), "kind", H5P_DEFAULT) > 0);
        CHECK(H5Lexists(file, ("summary/" + name).c_str(), H5P_DEFAULT) > 0);
        CHECK(H5Lexists(file, ("summary/" + name + "/ci95_high").c_str(), H5P_DEFAULT) > 0);
    }
    H5Fclose(file);
}

TEST_CASE("results: summary holds the across-replicate mean, 95% interval and percentiles") {
    TempDir dir;
    const fs::path out = dir.path / "tiny.h5";
    const ResultsMetadata meta = tiny_meta();
    {
        ResultsWriter writer(out, meta, false);
        for (int rep = 0; rep < meta.replicates; ++rep) writer.replicate_done(known_result(meta, rep));
        writer.finish();
    }
    // Cell (admissions, week 0, area 0, band 0) holds 1, 2, 3 simulated = 10, 20, 30 represented.
    const SummaryCells admissions = read_summary(out, Measure::hospital_admissions_knife_assault_u25);
    REQUIRE(admissions.mean.size() == 4 * 2 * 3);
    CHECK(admissions.n == 3);
    CHECK(admissions.mean[0] == Approx(20.0));
    CHECK(admissions.sd[0] == Approx(10.0));
    const double half_width = 4.302652729911275 * 10.0 / std::sqrt(3.0);  // t(0.975, 2) sd / sqrt(n)
    CHECK(admissions.ci95_low[0] == Approx(20.0 - half_width));
    CHECK(admissions.ci95_high[0] == Approx(20.0 + half_width));
    CHECK(admissions.p2_5[0] == Approx(10.5));
    CHECK(admissions.p97_5[0] == Approx(29.5));

    // Every cell of another measure agrees with summarise() of the values put in.
    const SummaryCells carrying = read_summary(out, Measure::weapon_carrying);
    const int m = static_cast<int>(Measure::weapon_carrying);
    std::size_t cell = 0;
    for (int w = 0; w < meta.weeks; ++w)
        for (int a = 0; a < 2; ++a)
            for (int b = 0; b < age_band_count; ++b, ++cell) {
                std::vector<double> values;
                for (int rep = 0; rep < meta.replicates; ++rep)
                    values.push_back(known_count(rep, m, w, a, b) / meta.scale);
                const CellSummary expected = summarise(values);
                CHECK(carrying.mean[cell] == Approx(expected.mean));
                CHECK(carrying.ci95_high[cell] == Approx(expected.ci95_high));
                CHECK(carrying.p2_5[cell] == Approx(expected.p2_5));
            }
}

TEST_CASE("results: an interrupted run resumes from the replicates already stored") {
    TempDir dir;
    const fs::path out = dir.path / "tiny.h5";
    const ResultsMetadata meta = tiny_meta();
    {
        ResultsWriter writer(out, meta, false);
        writer.replicate_done(known_result(meta, 1));
    }  // destroyed without finish, as if the run was stopped
    CHECK_FALSE(fs::exists(out));
    const StoredResults interrupted = read_results(partial_path(out));
    CHECK(interrupted.status == "running");
    CHECK(interrupted.replicates_done == std::vector<int>{1});
    CHECK(std::isnan(interrupted.values[0][0]));  // replicate 0 not written yet

    {
        ResultsWriter writer(out, meta, true);
        CHECK(writer.completed_replicates() == std::vector<int>{1});
        writer.replicate_done(known_result(meta, 0));
        writer.replicate_done(known_result(meta, 2));
        writer.finish();
    }
    const StoredResults stored = read_results(out);
    CHECK(stored.status == "complete");
    CHECK(stored.replicates_done == std::vector<int>{0, 1, 2});
    CHECK(mismatches(stored, meta) == 0);
}

TEST_CASE("results: resuming a file from a different scenario, seed or size is refused") {
    TempDir dir;
    const fs::path out = dir.path / "tiny.h5";
    const ResultsMetadata meta = tiny_meta();
    {
        ResultsWriter writer(out, meta, false);
        writer.replicate_done(known_result(meta, 0));
    }
    ResultsMetadata other = meta;
    // The refusal names the keys that changed, not only the hash.
    other.resolved_yaml = "run:\n  seed: 7\n  replicates: 4\nviolence: {enabled: false}\n";
    other.scenario_hash = hash_text(other.resolved_yaml);
    CHECK_THROWS_WITH(ResultsWriter(out, other, true),
                      Catch::Contains("the scenario: run.replicates: 3 in the file, 4 now, "
                                      "violence.enabled: absent in the file, false now"));
    other = meta;
    other.seed = 8;
    CHECK_THROWS_WITH(ResultsWriter(out, other, true), Catch::Contains("seed 7 in the file, 8 now"));
    other = meta;
    other.replicates = 5;
    CHECK_THROWS_WITH(ResultsWriter(out, other, true), Catch::Contains("replicates"));
    // A work file from a build of other model sources (the same version) is another model's.
    {
        const hid_t file = H5Fopen(partial_path(out).c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
        REQUIRE(file >= 0);
        REQUIRE(H5Adelete(file, "vrusim_source") >= 0);
        H5Fclose(file);
    }
    CHECK_THROWS_WITH(ResultsWriter(out, meta, true), Catch::Contains("vrusim_source (none) in the file"));
    // The refused attempts left the work file as it was.
    CHECK(read_results(partial_path(out)).replicates_done == std::vector<int>{0});
    CHECK_THROWS_WITH(ResultsWriter(dir.path / "absent.h5", meta, true), Catch::Contains("does not exist"));
}

TEST_CASE("results: a work file whose datasets claim another shape is refused as damaged, not read") {
    // Found by fuzzing --resume (tests/fuzz/fuzz_partial.cpp): a damaged replicates/done claimed
    // 2^62 elements and the resume tried to allocate them; a measure with longer rows than the
    // run's would have been written past the end of its buffer.
    TempDir dir;
    const fs::path out = dir.path / "tiny.h5";
    const ResultsMetadata meta = tiny_meta();
    {
        ResultsWriter writer(out, meta, false);
        writer.replicate_done(known_result(meta, 0));
    }
    for (const char* name : {"replicates/done", "replicates/violent_incidents"}) {
        CAPTURE(name);
        const fs::path copy = dir.path / "copy.h5.partial";
        fs::copy_file(partial_path(out), copy, fs::copy_options::overwrite_existing);
        {
            // Replace the dataset with one of another shape, as damage to its header would.
            const hid_t file = H5Fopen(copy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
            REQUIRE(file >= 0);
            REQUIRE(H5Ldelete(file, name, H5P_DEFAULT) >= 0);
            const hsize_t dims[] = {1000000};
            const hid_t space = H5Screate_simple(1, dims, nullptr);
            const hid_t dataset = H5Dcreate2(file, name, H5T_NATIVE_UINT8, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            REQUIRE(dataset >= 0);
            H5Dclose(dataset);
            H5Sclose(space);
            H5Fclose(file);
        }
        CHECK_THROWS_WITH(ResultsWriter(dir.path / "copy.h5", meta, true),
                          Catch::Contains("is damaged") && Catch::Contains(name));
        CHECK(read_results(partial_path(out)).replicates_done == std::vector<int>{0});  // the original untouched
    }
}

TEST_CASE("results: a work file whose finished replicate holds a value no run writes is refused as damaged") {
    // Found by a hostile user: an infinity written into a finished replicate of the work file was
    // resumed silently, and the printed table dropped the replicate from its mean.
    TempDir dir;
    const fs::path out = dir.path / "tiny.h5";
    const ResultsMetadata meta = tiny_meta();
    {
        ResultsWriter writer(out, meta, false);
        writer.replicate_done(known_result(meta, 0));
    }
    for (const double bad : {double{INFINITY}, double{NAN}, -1.0}) {
        CAPTURE(bad);
        const fs::path copy = dir.path / "copy.h5.partial";
        fs::copy_file(partial_path(out), copy, fs::copy_options::overwrite_existing);
        {
            const hid_t file = H5Fopen(copy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
            REQUIRE(file >= 0);
            const hid_t dataset = H5Dopen2(file, "replicates/arrests", H5P_DEFAULT);
            REQUIRE(dataset >= 0);
            const hid_t space = H5Dget_space(dataset);
            const hsize_t start[] = {0, 0, 0, 0}, count[] = {1, 1, 1, 1};
            REQUIRE(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, nullptr, count, nullptr) >= 0);
            const hid_t one = H5Screate_simple(4, count, nullptr);
            REQUIRE(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, one, space, H5P_DEFAULT, &bad) >= 0);
            H5Sclose(one);
            H5Sclose(space);
            H5Dclose(dataset);
            H5Fclose(file);
        }
        CHECK_THROWS_WITH(ResultsWriter(dir.path / "copy.h5", meta, true),
                          Catch::Contains("is damaged") && Catch::Contains("replicate 0") && Catch::Contains("arrests"));
    }
    // An unfinished replicate's cells are not checked (they are written again on resume).
    CHECK_NOTHROW(ResultsWriter(out, meta, true));
}

TEST_CASE("results: finish refuses while a replicate is missing and leaves the work file") {
    TempDir dir;
    const fs::path out = dir.path / "tiny.h5";
    const ResultsMetadata meta = tiny_meta();
    ResultsWriter writer(out, meta, false);
    writer.replicate_done(known_result(meta, 0));
    writer.replicate_done(known_result(meta, 1));
    CHECK_THROWS_WITH(writer.finish(), Catch::Contains("replicates 2 are missing"));
    CHECK_FALSE(fs::exists(out));
    CHECK(fs::exists(partial_path(out)));
    writer.replicate_done(known_result(meta, 2));
    writer.finish();
    CHECK(fs::exists(out));
}

TEST_CASE("results: a replicate of the wrong shape, number or seed is refused") {
    TempDir dir;
    const ResultsMetadata meta = tiny_meta();
    ResultsWriter writer(dir.path / "tiny.h5", meta, false);
    ReplicateResult wrong = known_result(meta, 0);
    wrong.measures = MeasureCube(meta.weeks + 1, 2);
    CHECK_THROWS(writer.replicate_done(wrong));
    wrong = known_result(meta, 0);
    wrong.plan.replicate = 3;
    CHECK_THROWS(writer.replicate_done(wrong));
    wrong = known_result(meta, 0);
    wrong.plan.seed = 99;
    CHECK_THROWS(writer.replicate_done(wrong));
    CHECK(writer.completed_replicates().empty());
}

TEST_CASE("results: hash_text is 64-bit FNV-1a") {
    CHECK(hash_text("") == 0xcbf29ce484222325ULL);
    CHECK(hash_text("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(hash_text("foobar") == 0x85944171f73967e8ULL);
}

TEST_CASE("results: docs/outputs.md lists every measure and root attribute") {
    const std::string doc = read_text(fs::path(VRUSIM_SOURCE_DIR) / "docs" / "outputs.md");
    REQUIRE_FALSE(doc.empty());
    for (const auto& m : measure_info()) {
        const std::string row = "| `" + std::string(m.name) + "` |";
        INFO(row);
        CHECK(doc.find(row) != std::string::npos);
    }
    for (const char* attribute : {"vrusim_version", "seed", "replicates", "weeks", "burn_in_weeks", "start_year",
                                  "agents", "population_10_24", "population_all_ages", "scale", "status",
                                  "scenario_name", "scenario_hash", "created_utc"}) {
        const std::string row = std::string("| `") + attribute + "` |";
        INFO(row);
        CHECK(doc.find(row) != std::string::npos);
    }
}
