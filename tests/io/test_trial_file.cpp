// Trial files (io/trial_file.hpp): problems reported at the trial file's line and key, every one
// at once; the intervention found by name in the scenario, a place effect refused.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "io/trial_file.hpp"
#include "problems_of.hpp"
#include "temp_dir.hpp"

using namespace vrusim;
using namespace vrusim::io;

namespace {

std::filesystem::path write_trial(const std::filesystem::path& dir, const std::string& body) {
    const auto file = dir / "t.trial.yaml";
    std::ofstream(file) << "scenario: " << VRUSIM_SCENARIO_DIR << "/thames-valley-2023-24.yaml\n" << body;
    return file;
}

}  // namespace

TEST_CASE("trial file: problems are reported at the trial file's line and key, every one at once") {
    vrusim::testing::TempDir dir;
    const auto file = write_trial(dir.path, "intervention: Focused Deterrence\n"
                                            "unit: school\n"
                                            "per_arm: 1\n"
                                            "sizes: [10, 5, 0.5]\n"
                                            "alpha: 0.9\n"
                                            "colour: red\n");
    const auto all = vrusim::testing::problems_of([&] { load_trial(file); });
    CHECK_THAT(all, Catch::Contains("t.trial.yaml:3:7: unit: expected person, school_class or neighbourhood, got school"));
    CHECK_THAT(all, Catch::Contains("t.trial.yaml:5:9: sizes[0]: 10 is more than per_arm (1)"));
    CHECK_THAT(all, Catch::Contains("t.trial.yaml:5:13: sizes[1]: 5 is more than per_arm (1)"));
    CHECK_THAT(all, Catch::Contains("sizes[2]: expected a whole number of units per arm from 1"));
    CHECK_THAT(all, Catch::Contains("t.trial.yaml:6:8: alpha: expected a significance level above 0 and at most 0.5"));
    CHECK_THAT(all, Catch::Contains("t.trial.yaml:7:1: colour: not a trial key"));
    CHECK_THAT(all, Catch::Contains("t.trial.yaml:1:1: outcome: missing"));
}

TEST_CASE("trial file: sizes must increase, and a cluster trial needs 2 clusters an arm") {
    vrusim::testing::TempDir dir;
    const auto file = write_trial(dir.path, "intervention: x\noutcome: arrest\nunit: neighbourhood\nper_arm: 1\n"
                                            "sizes: [4, 4]\n");
    const auto all = vrusim::testing::problems_of([&] { load_trial(file); });
    CHECK_THAT(all, Catch::Contains("per_arm: a trial randomising a neighbourhood needs at least 2 of them an arm"));
    CHECK_THAT(all, Catch::Contains("sizes[1]: sizes must increase: 4 follows 4"));
}

TEST_CASE("trial file: the intervention is found by name in the scenario's programme, a place effect refused") {
    vrusim::testing::TempDir dir;
    auto t = load_trial(write_trial(dir.path, "intervention: Focused Deterrence\noutcome: violent_offending\n"
                                              "per_arm: 200\nsizes: [50, 100, 200]\nfollow_up_weeks: 26\n"));
    const auto scenario = trial_scenario(t, {"population.scale=0.1"});
    CHECK(scenario.parameters.programme.interventions[t.design.intervention].name == "Focused Deterrence");
    CHECK(scenario.parameters.population.scale == 0.1);
    CHECK(t.design.per_arm == 200);
    CHECK(t.design.follow_up_weeks == 26);
    CHECK(t.sizes == std::vector<int>{50, 100, 200});

    auto missing = load_trial(write_trial(dir.path, "intervention: Focused Deterence\noutcome: arrest\n"));
    const auto not_found = vrusim::testing::problems_of([&] { trial_scenario(missing, {}); });
    CHECK_THAT(not_found, Catch::Contains("t.trial.yaml:2:15: intervention: no intervention named 'Focused Deterence' "
                                          "in thames-valley-2023-24.yaml's programme (it has 'School Navigators (Reading)'"));
    auto adults = load_trial(write_trial(dir.path, "intervention: Custody Coaches\noutcome: arrest\nunit: school_class\n"));
    CHECK_THAT(vrusim::testing::problems_of([&] { trial_scenario(adults, {}); }),
               Catch::Contains("t.trial.yaml:4:7: unit: 'Custody Coaches' reaches people aged 18 and over, past school age"));
    auto places = load_trial(write_trial(dir.path, "intervention: Hotspot policing (Grip)\noutcome: arrest\n"));
    CHECK_THAT(vrusim::testing::problems_of([&] { trial_scenario(places, {}); }),
               Catch::Contains("is a place effect (trigger hot_places)"));
}
