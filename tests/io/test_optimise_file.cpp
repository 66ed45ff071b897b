// Optimiser files (io/optimise_file.hpp): problems reported at the file's line and key, every one
// at once; candidates found by name in the plan, only the grant's, and limits only on candidates.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "io/optimise_file.hpp"
#include "problems_of.hpp"
#include "temp_dir.hpp"

using namespace vrusim;
using namespace vrusim::io;

namespace {

std::filesystem::path write_file(const std::filesystem::path& dir, const std::string& body) {
    const auto file = dir / "o.optimise.yaml";
    std::ofstream(file) << "scenario: " << VRUSIM_SCENARIO_DIR << "/thames-valley-2023-24.yaml\n" << body;
    return file;
}

}  // namespace

TEST_CASE("optimiser file: problems are reported at the file's line and key, every one at once") {
    vrusim::testing::TempDir dir;
    const auto file = write_file(dir.path, "objective: knife_crime\n"
                                           "grant: -5\n"
                                           "candidates:\n"
                                           "  - {intervention: Hospital Navigators, places: [100, 50]}\n"
                                           "  - {intervention: Hospital Navigators, places: {from: 0, to: 10}}\n"
                                           "  - {places: [1]}\n"
                                           "  - {intervention: Custody Coaches, places: {to: 300, step: 1e-17}}\n"
                                           "limits:\n"
                                           "  - {interventions: [Hospital Navigators, Hospital Navigators]}\n"
                                           "search: {keep: 1, colour: red}\n"
                                           "budget: 3\n");
    const auto all = vrusim::testing::problems_of([&] { load_optimise(file); });
    CHECK_THAT(all, Catch::Contains("o.optimise.yaml:2:12: objective: expected social_value, "
                                    "hospital_admissions_knife_assault_u25_expected"));
    CHECK_THAT(all, Catch::Contains("o.optimise.yaml:3:8: grant: expected pounds a year above 0"));
    CHECK_THAT(all, Catch::Contains("o.optimise.yaml:5:55: candidates[0].places[1]: places must increase: 50 follows 100"));
    CHECK_THAT(all, Catch::Contains("candidates[1].places: a range of places needs to: and step:"));
    CHECK_THAT(all, Catch::Contains("o.optimise.yaml:7:5: candidates[2]: missing intervention"));
    CHECK_THAT(all, Catch::Contains("candidates[3].places: 3e+19 values: give a larger step"));
    CHECK_THAT(all, Catch::Contains("limits[0].interventions: 'Hospital Navigators' is named twice"));
    CHECK_THAT(all, Catch::Contains("limits[0]: limits nothing"));
    CHECK_THAT(all, Catch::Contains("search.keep: expected a share above 0 and below 1, got 1"));
    CHECK_THAT(all, Catch::Contains("search.colour: not a search key"));
    CHECK_THAT(all, Catch::Contains("o.optimise.yaml:12:1: budget: not an optimiser key"));
}

TEST_CASE("optimiser file: candidates are the plan's grant interventions, and limits name candidates") {
    vrusim::testing::TempDir dir;
    const auto file = write_file(dir.path, "objective: social_value\n"
                                           "grant: 1510000\n"
                                           "candidates:\n"
                                           "  - {intervention: Hospital Navigators, places: {from: 0, to: 300, step: 150}}\n"
                                           "  - {intervention: Navigators, places: [0, 1]}\n"
                                           "  - {intervention: Custody Navigators, places: [0, 1]}\n"
                                           "  - {intervention: Hotspot policing (Grip), places: [0, 1]}\n"
                                           "limits:\n"
                                           "  - {interventions: [Hospital Navigators, Custody Coaches], max_running: 1}\n");
    OptimiseFile opt = load_optimise(file);
    REQUIRE(opt.candidates.size() == 4);
    CHECK(opt.candidates[0].candidate.places == std::vector<double>{0, 150, 300});
    const auto all = vrusim::testing::problems_of([&] { optimise_scenario(opt, {}); });
    CHECK_THAT(all, Catch::Contains("o.optimise.yaml:6:20: intervention: no intervention named 'Navigators'"));
    CHECK_THAT(all, Catch::Contains("'Hotspot policing (Grip)' is paid from its own stream (funded_by: separate)"));
    CHECK_THAT(all, Catch::Contains("'Custody Navigators' has places for people of 25 and over only"));
    CHECK_THAT(all, Catch::Contains("limits[0].interventions: 'Custody Coaches' is not a candidate"));

    const auto good = write_file(dir.path, "objective: hospital_admissions_knife_assault_u25_expected\n"
                                           "grant: 1000000\n"
                                           "set: {population.scale: 0.5}\n"
                                           "candidates:\n"
                                           "  - {intervention: Hospital Navigators, places: [0, 150], cost_per_place: 600}\n");
    OptimiseFile ok = load_optimise(good);
    const LoadedScenario s = optimise_scenario(ok, {});
    CHECK(s.parameters.funding.grant == 1000000);
    CHECK(s.parameters.population.scale == 0.5);
    CHECK_FALSE(ok.objective.social_value);
    CHECK(s.parameters.programme.interventions[ok.candidates[0].candidate.intervention].name == "Hospital Navigators");
    CHECK(ok.candidates[0].candidate.cost_per_place == 600);

    // The file's set: is applied as --set is, its problems at its lines.
    const auto bad_set = write_file(dir.path, "objective: social_value\n"
                                              "set: {colour: red, run.weeks: 0}\n"
                                              "candidates: [{intervention: Hospital Navigators, places: [0, 150]}]\n");
    OptimiseFile b = load_optimise(bad_set);
    const auto set_problems = vrusim::testing::problems_of([&] { optimise_scenario(b, {}); });
    CHECK_THAT(set_problems, Catch::Contains("o.optimise.yaml:3:7: set.colour: unknown key"));
    CHECK_THAT(set_problems, Catch::Contains("o.optimise.yaml:3:20: set.run.weeks: expected an integer"));
}

TEST_CASE("optimiser file: an empty file or a list is called an optimiser file, not a scenario") {
    vrusim::testing::TempDir dir;
    const auto empty = dir.path / "empty.yaml";
    std::ofstream(empty) << "";
    CHECK_THAT(vrusim::testing::problems_of([&] { load_optimise(empty); }),
               Catch::Contains("empty.yaml:1:1: the optimiser file is empty: expected a map of keys such as scenario:"));
    const auto list = dir.path / "list.yaml";
    std::ofstream(list) << "- a\n- b\n";
    CHECK_THAT(vrusim::testing::problems_of([&] { load_optimise(list); }),
               Catch::Contains("list.yaml:1:1: expected a map of keys such as scenario: and candidates: at the top level"));
}
