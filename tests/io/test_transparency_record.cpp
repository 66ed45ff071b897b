// `vrusim record` (io/transparency_record.hpp): every scenario key appears with its value, source and
// evidence, every assumption is flagged, the calibration of a results file is the same as from the
// run's own replicates, every known limitation of docs/model.md is listed, and results of another
// scenario are refused.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "io/results_metadata.hpp"
#include "io/results_writer.hpp"
#include "io/scenario_loader.hpp"
#include "io/overrides.hpp"
#include "io/transparency_record.hpp"
#include "sim/calibration.hpp"
#include "sim/schema.hpp"
#include "temp_dir.hpp"

using namespace vrusim;
using namespace vrusim::io;

namespace {

LoadedScenario tiny(const std::vector<std::string>& overrides = {}) {
    auto s = load_scenario(std::filesystem::path(VRUSIM_SCENARIO_DIR) / "tiny.yaml");
    apply_overrides(s, overrides);
    return s;
}

std::string record_of(const LoadedScenario& s, const StoredResults* results = nullptr) {
    return transparency_record({&s, results, "run.h5", "2026-12-07 10:00 UTC"});
}

// The table row of a key ("| `key` | ...").
std::string row_of(const std::string& record, const std::string& key) {
    const auto at = record.find("| `" + key + "` |");
    if (at == std::string::npos) return "";
    return record.substr(at, record.find('\n', at) - at);
}

}  // namespace

TEST_CASE("record: every scenario key appears with its source and evidence, and every assumption is flagged") {
    const auto s = load_scenario(std::filesystem::path(VRUSIM_SCENARIO_DIR) / "thames-valley-2023-24.yaml");
    const std::string record = record_of(s);
    int assumptions = 0;
    for (const Field& f : scenario_schema()) {
        if (f.is_metadata()) continue;
        if (f.type == ValueType::record_list) {
            for (const auto& m : f.record_fields) {
                const std::string key = std::string(f.key) + "[]." + std::string(m.key);
                const auto row = row_of(record, key);
                INFO(key);
                REQUIRE_FALSE(row.empty());
                if (evidence_rating(m.source) == EvidenceRating::assumption) {
                    CHECK_THAT(row, Catch::EndsWith("| **assumption** |"));
                    ++assumptions;
                }
            }
            continue;
        }
        const auto row = row_of(record, std::string(f.key));
        INFO(f.key);
        REQUIRE_FALSE(row.empty());
        CHECK_THAT(row, Catch::Contains("| " + value_text(f.get(s.parameters))));
        if (evidence_rating(f.source) == EvidenceRating::assumption) {
            CHECK_THAT(row, Catch::EndsWith("| **assumption** |"));
            ++assumptions;
        }
    }
    CHECK(assumptions > 100);  // the model has many: each is named as one
    CHECK_THAT(record, Catch::Contains(fmt::format("| assumption | {} |", assumptions)));
    // Each intervention of the programme is listed with the values it sets, its own evidence among them.
    CHECK_THAT(record, Catch::Contains("#### `programme.interventions`: 16 interventions"));
    CHECK_THAT(record, Catch::Contains("name = \"School Navigators (Reading)\""));
    CHECK_THAT(record, Catch::Contains("evidence = "));
    CHECK_THAT(record, Catch::Contains("(its evidence: **assumption**)"));  // e.g. Hospital Navigators' placeholder
    // What the record is for, and what it records about the run.
    for (const char* text : {"Tier 1: overview", "What it is not for", "no personal data", "Scenario hash**: ",
                             "**Seed**: 1", "vrusim 0.7.0", "Owner and responsibility", "Risks, limitations"})
        CHECK_THAT(record, Catch::Contains(text));
    CHECK_THAT(record, Catch::Contains(fmt::format("{:016x}", hash_text(s.resolved_yaml))));
    CHECK_THAT(record, Catch::StartsWith(std::string(record_marker)));
}

TEST_CASE("record: a source's evidence is its weakest tag, assumptions first") {
    CHECK(evidence_rating("assumption; direction from YEF [R]") == EvidenceRating::assumption);
    CHECK(evidence_rating("placeholder -20% (calibration.md 6)") == EvidenceRating::assumption);
    CHECK(evidence_rating("[D] Green 2017: 125-day median [V]") == EvidenceRating::derived);
    CHECK(evidence_rating("65% [R]; 17x [V]") == EvidenceRating::recalled);
    CHECK(evidence_rating("ONS mid-2020 estimate [S]") == EvidenceRating::secondary);
    CHECK(evidence_rating("PHE, 94% [V]") == EvidenceRating::verified);
    CHECK(evidence_rating("run setting") == EvidenceRating::setting);
    CHECK(evidence_rating("ONS mid-year estimate") == EvidenceRating::unrated);
}

TEST_CASE("record: every known limitation of docs/model.md section 9 is listed, by its number and title") {
    std::ifstream in(std::filesystem::path(VRUSIM_SOURCE_DIR) / "docs" / "model.md");
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const auto from = doc.find("\n## 9. Known limitations"), to = doc.find("\n## 10. ");
    REQUIRE(from != std::string::npos);
    const std::string section = doc.substr(from, to - from);
    const std::string record = record_of(tiny());
    const std::regex item(R"(\n(\d+)\. )");
    int items = 0;
    for (auto it = std::sregex_iterator(section.begin(), section.end(), item); it != std::sregex_iterator(); ++it) {
        ++items;
        CHECK_THAT(record, Catch::Contains("\n- " + (*it)[1].str() + ". "));
    }
    CHECK(items > 50);  // 58 when written: the loop above checked each
}

TEST_CASE("record: a results file's calibration is the run's own, and results of another scenario are refused") {
    vrusim::testing::TempDir dir;
    const auto s = tiny({"run.weeks=52", "run.replicates=2"});
    const auto meta = results_metadata(s);
    std::vector<ReplicateResult> ran;
    {
        ResultsWriter writer(dir.path / "run.h5", meta, false);
        for (int r = 0; r < 2; ++r) {
            ran.push_back(run_replicate(s.parameters, {0, r, s.parameters.run.seed}));
            writer.replicate_done(ran.back());
        }
        writer.finish();
    }
    const auto stored = read_results(dir.path / "run.h5");
    // The stored measures are exactly the counts the replicates made.
    const auto back = stored_replicates(stored);
    REQUIRE(back.size() == 2);
    for (std::size_t r = 0; r < 2; ++r) CHECK(std::ranges::equal(back[r].measures.raw(), ran[r].measures.raw()));
    const std::string record = record_of(s, &stored);
    for (const auto& result : evaluate_calibration(s.parameters, ran)) {
        const auto at = record.find("| " + std::string(result.target->description) + " |");
        INFO(result.target->description);
        REQUIRE(at != std::string::npos);
        CHECK_THAT(record.substr(at, record.find('\n', at) - at),
                   Catch::Contains(fmt::format("| {:.4g} [", result.achieved.mean)));
    }
    CHECK_THAT(record, Catch::Contains("From run.h5 (2 replicates, 52 reported weeks"));
    const auto other = tiny({"run.weeks=52", "run.replicates=2", "run.seed=9"});
    CHECK_THROWS_WITH(record_of(other, &stored), Catch::Contains("was not made from this scenario"));
}

TEST_CASE("record: tags written with a note are read, and a scenario's free text cannot add headings or HTML") {
    CHECK(evidence_rating("Focused deterrence [V, YEF news; S, the ledger]") == EvidenceRating::secondary);
    CHECK(evidence_rating("mentoring [S, via the ledger]: -21%") == EvidenceRating::secondary);
    CHECK(evidence_rating("[V, Home Office 2024]") == EvidenceRating::verified);
    CHECK(evidence_rating("Table [V2] of a report") == EvidenceRating::unrated);  // not a tag
    auto s = tiny();
    s.name = "Plan\n# Heading injected\n| a | b |";
    s.description = "<script>x</script>";
    s.parameters.population.areas[0].name = "North\n# Another";
    const std::string record = record_of(s);
    std::istringstream lines(record);
    std::string line;
    int headings = 0;
    while (std::getline(lines, line)) headings += line.starts_with("# ");
    CHECK(headings == 1);
    CHECK(record.find("<script>") == std::string::npos);
    CHECK_THAT(record, Catch::Contains("&lt;script&gt;"));
}
