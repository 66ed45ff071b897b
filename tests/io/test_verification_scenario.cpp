// Verification scenarios through the loader and the results file: keys and rules with the loader's
// error quality, the bundled examples, and a results file holding only the verification measures.
#include <catch2/catch.hpp>

#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "io/edge_list.hpp"
#include "io/output_file.hpp"
#include "io/results_writer.hpp"
#include "io/scenario_loader.hpp"
#include "sim/verification/run.hpp"
#include "temp_dir.hpp"

using namespace vrusim;
using namespace vrusim::io;
namespace fs = std::filesystem;
using vrusim::testing::TempDir;

namespace {

const fs::path scenario_dir = VRUSIM_SCENARIO_DIR;

std::vector<std::string> problems_loading(const fs::path& file) {
    try {
        load_scenario(file);
    } catch (const ScenarioError& e) {
        return e.problems;
    }
    FAIL("expected a ScenarioError");
    return {};
}

fs::path write(const TempDir& dir, const std::string& name, const std::string& text) {
    const fs::path p = dir.path / name;
    std::ofstream(p) << text;
    return p;
}

// A verification run of `nodes` nodes for `weeks` weeks, 2 replicates, and the results file's
// metadata for it as the command line writes it (one area, scale 1).
struct VerificationRun {
    Parameters p;
    ResultsMetadata meta;
};

VerificationRun verification_run(int nodes, int weeks, const char* resolved_yaml) {
    VerificationRun v;
    v.p.run.weeks = weeks;
    v.p.run.burn_in_weeks = 0;
    v.p.verification.enabled = true;
    v.p.verification.nodes = nodes;
    ResultsMetadata& meta = v.meta;
    meta.scenario_name = "verification run";
    meta.resolved_yaml = resolved_yaml;
    meta.seed = 1;
    meta.replicates = 2;
    meta.weeks = weeks;
    meta.agents = static_cast<std::uint32_t>(nodes);
    meta.scale = 1;
    meta.area_names = {"network"};
    meta.measure_set = MeasureSet::verification;
    meta.scenario_hash = hash_text(meta.resolved_yaml);
    return v;
}

}  // namespace

TEST_CASE("verification scenario: the bundled examples load, with no population, and their edge list reads") {
    for (const char* name : {"sir-erdos-renyi.yaml", "sis-erdos-renyi.yaml", "sir-small-world.yaml", "edge-list.yaml"}) {
        CAPTURE(name);
        const LoadedScenario s = load_scenario(scenario_dir / "verification" / name);
        CHECK(s.parameters.verification.enabled);
        CHECK(s.parameters.population.areas.empty());
        CHECK_NOTHROW(load_network_ties(s));
    }
    const LoadedScenario list = load_scenario(scenario_dir / "verification" / "edge-list.yaml");
    CHECK(load_network_ties(list).size() == 7);
}

TEST_CASE("verification scenario: a misspelt key fails with file, line and column, and a suggestion") {
    TempDir dir;
    const auto file = write(dir, "v.yaml", "verification:\n  enabled: true\n  network: erdos_renyi\n  mean_degre: 4\n");
    const auto problems = problems_loading(file);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == file.string() + ":4:3: verification.mean_degre: unknown key; did you mean 'mean_degree'?");
}

TEST_CASE("verification scenario: rules between keys point at the key, with what was expected") {
    TempDir dir;
    const auto network = write(dir, "a.yaml", "verification:\n  enabled: true\n  network: erdos-renyi\n");
    CHECK(problems_loading(network) ==
          std::vector<std::string>{network.string() + ":3:12: verification.network: expected one of erdos_renyi, "
                                                      "watts_strogatz, edge_list, got 'erdos-renyi'"});
    const auto list = write(dir, "b.yaml", "verification:\n  enabled: true\n  network: edge_list\n");
    CHECK(problems_loading(list).front() ==
          list.string() + ":3:12: verification.edge_list: network edge_list needs the path of the CSV file of ties "
                          "(relative to the scenario file)");
    const auto ring = write(dir, "c.yaml", "verification:\n  enabled: true\n  network: watts_strogatz\n  mean_degree: 5\n");
    CHECK(problems_loading(ring).front().starts_with(ring.string() + ":4:16: verification.mean_degree: watts_strogatz "
                                                                     "needs an even whole number"));
    const auto seeds = write(dir, "d.yaml", "verification:\n  enabled: true\n  nodes: 10\n  mean_degree: 2\n  initial_infected: 11\n");
    CHECK(problems_loading(seeds).front() ==
          seeds.string() + ":5:21: verification.initial_infected: must be at most verification.nodes (10), got 11");
    // Settings a run could not carry out, or that say two things, are refused before it starts.
    const auto crowded = write(dir, "e.yaml", "verification:\n  enabled: true\n  network: watts_strogatz\n  nodes: 39\n"
                                              "  mean_degree: 10\n  rewiring: 1\n");
    CHECK(problems_loading(crowded).front().ends_with("verification.rewiring: watts_strogatz with rewiring needs at "
                                                      "least 4 x mean_degree nodes (40) so that rewired ties have room "
                                                      "not to coincide, got 39"));
    const auto both = write(dir, "f.yaml", "verification:\n  enabled: true\n  edge_list: ties.csv\n");
    CHECK(problems_loading(both).front().ends_with("verification.edge_list: an edge list is given but network is "
                                                   "erdos_renyi; set network: edge_list or remove edge_list"));
    const auto off = write(dir, "g.yaml", "peer_influence:\n  enabled: false\nverification:\n  enabled: true\n");
    CHECK(problems_loading(off).front().ends_with("peer_influence.enabled: the verification mode runs peer influence "
                                                  "alone: peer_influence.enabled must be true"));
}

TEST_CASE("verification scenario: a results file of a verification run holds the four verification measures only") {
    TempDir dir;
    const auto [p, meta] = verification_run(500, 6, "verification: {enabled: true}\n");
    const fs::path out = dir.path / "v.h5";
    {
        ResultsWriter writer(out, meta, false);
        ReplicateResult model_cube;  // a model cube is refused
        model_cube.plan = {0, 0, 1};
        model_cube.measures = MeasureCube(p.run.weeks, 1);
        CHECK_THROWS(writer.replicate_done(model_cube));
        for (int r = 0; r < 2; ++r) writer.replicate_done(verification::run_replicate(p, {}, RunPlan{0, r, 1}));
        writer.finish();
    }
    const StoredResults stored = read_results(out);
    CHECK(stored.meta.measure_set == MeasureSet::verification);
    REQUIRE(stored.values.size() == 4);
    for (const auto& values : stored.values) CHECK(values.size() == 2u * 6 * 1 * 3);
    // Week 0 of replicate 0: every node is susceptible, infected or recovered.
    CHECK(stored.values[0][0] + stored.values[1][0] + stored.values[2][0] == 500);
    const hid_t file = H5Fopen(out.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    CHECK(H5Lexists(file, "replicates/infected", H5P_DEFAULT) > 0);
    CHECK(H5Lexists(file, "summary/new_infections", H5P_DEFAULT) > 0);
    CHECK(H5Lexists(file, "replicates/violent_incidents", H5P_DEFAULT) == 0);
    H5Fclose(file);
}

TEST_CASE("verification scenario: an interrupted verification run resumes with the same writer, and a model run may not resume it") {
    TempDir dir;
    const auto [p, meta] = verification_run(300, 4, "verification: {enabled: true, nodes: 300}\n");
    const fs::path out = dir.path / "v.h5";
    {
        ResultsWriter writer(out, meta, false);
        writer.replicate_done(verification::run_replicate(p, {}, RunPlan{0, 1, 1}));
    }  // interrupted: the work file keeps replicate 1
    ResultsMetadata as_model = meta;
    as_model.measure_set = MeasureSet::model;
    CHECK_THROWS_AS(ResultsWriter(out, as_model, true), OutputPathError);
    {
        ResultsWriter writer(out, meta, true);
        CHECK(writer.completed_replicates() == std::vector<int>{1});
        writer.replicate_done(verification::run_replicate(p, {}, RunPlan{0, 0, 1}));
        writer.finish();
    }
    CHECK(read_results(out).replicates_done == std::vector<int>{0, 1});
}

TEST_CASE("verification scenario: docs/outputs.md lists every verification measure and the measure_set attribute") {
    std::ifstream in(fs::path(VRUSIM_SOURCE_DIR) / "docs" / "outputs.md");
    const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE_FALSE(doc.empty());
    for (const auto& m : measure_info(MeasureSet::verification)) {
        const std::string row = "| `" + std::string(m.name) + "` |";
        INFO(row);
        CHECK(doc.find(row) != std::string::npos);
    }
    CHECK(doc.find("| `measure_set` |") != std::string::npos);
}
