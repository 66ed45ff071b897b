// Which runs `vrusim compare` pairs replicate by replicate (io::pairing_conflicts), and the
// programme/ group of a results file read back as written.
#include <catch2/catch.hpp>

#include "io/results_writer.hpp"
#include "io/run_comparison.hpp"
#include "io/scenario_loader.hpp"
#include "temp_dir.hpp"
#include "tiny_run.hpp"

using namespace vrusim;

namespace {

io::StoredResults stored(std::uint64_t seed, const std::string& extra = "") {
    io::StoredResults r;
    r.meta = testing::tiny_meta();
    r.meta.seed = seed;
    r.meta.resolved_yaml = "population:\n  scale: 0.1\nprogramme:\n  interventions: []\n" + extra;
    r.vrusim_version = "0.7.0";
    r.vrusim_source = "0123456789abcdef";
    r.status = "complete";
    return r;
}

}  // namespace

TEST_CASE("compare: runs of other programmes pair, other seeds, replicates, versions or populations are named") {
    auto plan = stored(7, "funding:\n  enabled: true\n");
    plan.meta.resolved_yaml.replace(plan.meta.resolved_yaml.find("[]"), 2, "[{name: X, places_per_year: 1}]");
    CHECK(io::pairing_conflicts(stored(7), plan, "base.h5", "plan.h5").empty());

    auto other = stored(8);
    other.meta.replicates = 5;
    other.vrusim_version = "0.6.1";
    other.meta.resolved_yaml.replace(other.meta.resolved_yaml.find("0.1"), 3, "0.2");
    other.meta.scale = 0.2;  // the file's attribute, which the conflict names (not the YAML's copy too)
    const auto conflicts = io::pairing_conflicts(stored(7), other, "base.h5", "other.h5");
    REQUIRE(conflicts.size() == 4);
    CHECK(conflicts[0] == "vrusim version: 0.7.0 in base.h5, 0.6.1 in other.h5");
    CHECK(conflicts[1] == "run.seed: 7 in base.h5, 8 in other.h5");
    CHECK(conflicts[2] == "run.replicates: 3 in base.h5, 5 in other.h5");
    CHECK(conflicts[3] == "population.scale: 0.1 in base.h5, 0.2 in other.h5");
}

TEST_CASE("compare: a plan that also changes the model's own settings is named, one that changes only its programme and money is not") {
    const auto base = stored(7, "economics:\n  discount_rate: 0.035\ncounty_lines:\n  enabled: true\n");
    auto plan = stored(7, "economics:\n  discount_rate: 0.05\ncounty_lines:\n  enabled: true\nfunding:\n  grant: 5\n");
    plan.meta.resolved_yaml.replace(plan.meta.resolved_yaml.find("[]"), 2, "[{name: X, places_per_year: 1}]");
    CHECK(io::model_setting_differences(base, plan).empty());
    auto other = plan;
    other.meta.resolved_yaml.replace(other.meta.resolved_yaml.find("true"), 4, "false");
    CHECK(io::model_setting_differences(base, other) == std::vector<std::string>{"county_lines.enabled"});
}

TEST_CASE("results: the programme group holds each replicate's reach and spend, the funding plan and conditions") {
    testing::TempDir dir;
    io::ResultsMetadata meta = testing::tiny_meta();
    // A stored scenario that loads (compare reads its economics section).
    meta.resolved_yaml = io::load_scenario(VRUSIM_SCENARIO_DIR "/default.yaml").resolved_yaml;
    meta.scenario_hash = io::hash_text(meta.resolved_yaml);
    meta.intervention_names = {"School Navigators", "Hospital Navigators"};
    meta.funding.enabled = true;
    for (int y = 0; y < 1; ++y) {
        FundingYear fy;
        fy.year = 2024;
        fy.grant = 1000;
        fy.core = 300;
        fy.evaluation = 50;
        fy.planned = {400, 100};
        fy.money = {400, 100};
        fy.share = {1, 1};
        fy.conditions = {{"interventions", 0.5, 0.3, true, true}, {"evaluation", 0.1, 0.1, true, true},
                         {"match", 0.05, 0.2, true, false}};
        meta.funding.years.push_back(fy);
    }
    const auto out = dir.path / "p.h5";
    {
        io::ResultsWriter writer(out, meta, false);
        for (int rep = 0; rep < meta.replicates; ++rep) {
            ReplicateResult r = testing::known_result(meta, rep);
            r.programme.years = 1;
            r.programme.interventions = 2;
            r.programme.reached = {10.0 + rep, 0, 20, 5};
            r.programme.spend = {1000.0 * (rep + 1), 2000};
            writer.replicate_done(r);
        }
        writer.finish();
    }
    const auto stored = io::read_results(out);
    const auto& p = stored.programme;
    REQUIRE(p.count() == 2);
    REQUIRE(p.years() == 1);
    CHECK(p.financial_years[0] == "2024-25");
    CHECK(p.interventions[1] == "Hospital Navigators");
    CHECK(p.funding_enabled);
    CHECK(p.replicates == 3);
    CHECK(p.reached_at(2, 0, 0, 0) == 12);
    CHECK(p.reached_at(1, 0, 1, 1) == 5);
    CHECK(p.spend_at(2, 0, 0) == 3000);
    CHECK((*p.funding_item("core"))[0] == 300);
    CHECK(p.condition_names == std::vector<std::string>{"interventions", "evaluation", "match"});
    CHECK(p.condition_pass == std::vector<std::uint8_t>{1, 1, 0});
    CHECK(p.condition_value[0] == 0.5);
    // The run's spend a year per replicate: interventions + evaluation + core.
    const RunYears years = io::run_years(stored, "p");
    CHECK(years.spend[0] == 1000 + 2000 + 50 + 300);
    CHECK(years.spend[2] == 3000 + 2000 + 50 + 300);
    CHECK(years.economics.discount_rate == 0.035);
}
