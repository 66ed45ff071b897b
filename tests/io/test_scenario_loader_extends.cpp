// The scenario loader: extends chains, the resolved scenario, and the bundled scenarios and timelines.
#include <catch2/catch.hpp>

#include "scenario_loader_fixture.hpp"

using namespace vrusim;
using namespace vrusim::io;
using namespace vrusim::testing::loader;
namespace fs = std::filesystem;

TEST_CASE("scenario loader: extends chains merge maps, child values win and parent values are kept") {
    TempDir dir;
    dir.write("base.yaml", one_area + R"(name: base
run:
  replicates: 5
  weeks: 20
violence:
  p_injury_knife: 0.4
  group_size_pmf: [0.5, 0.5]
)");
    dir.write("mid/mid.yaml", "extends: ../base.yaml\nrun:\n  replicates: 7\nviolence:\n  p_injury_other: 0.2\n");
    const auto child = dir.write("mid/child.yaml", R"(# the child
extends: mid.yaml
run:
  weeks: 10
violence:
  p_injury_knife: 0.6
  group_size_pmf: [1]
)");
    const LoadedScenario s = load_scenario(child);
    CHECK(s.name == "base");
    CHECK(s.parameters.run.replicates == 7);
    CHECK(s.parameters.run.weeks == 10);
    CHECK(s.parameters.violence.p_injury_knife == 0.6);
    CHECK(s.parameters.violence.p_injury_other == 0.2);
    CHECK(s.parameters.violence.group_size_pmf == std::vector<double>{1.0});  // lists are replaced whole
    REQUIRE(s.parameters.population.areas.size() == 1);
    CHECK(s.parameters.population.areas[0].name == "A");
    CHECK(s.files == std::vector<fs::path>{child, dir.path / "mid/mid.yaml", dir.path / "base.yaml"});
    CHECK(s.source_text.starts_with("# --- file: " + child.string() + " ---\n# the child\n"));
    CHECK(s.source_text.find("# --- file: " + dir.str("base.yaml") + " ---\npopulation:") != std::string::npos);
    CHECK(s.origins.at("run.weeks").file == child.string());
    CHECK(s.origins.at("run.replicates").file == dir.str("mid/mid.yaml"));
    CHECK(s.origins.at("run.replicates").line == 3);
    CHECK_FALSE(s.origins.contains("run.seed"));
    require_round_trip(s);
}

TEST_CASE("scenario loader: an extends cycle is detected and reported with the chain") {
    TempDir dir;
    const auto a = dir.write("a.yaml", "extends: b.yaml\n");
    dir.write("b.yaml", "run:\n  seed: 3\nextends: a.yaml\n");
    CHECK(problems_of([&] { load_scenario(a); }) ==
          std::vector<std::string>{dir.str("b.yaml") + ":3:1: extends: 'a.yaml' makes a cycle: " + a.string() + " -> " +
                                   dir.str("b.yaml") + " -> " + a.string()});
    const auto self = dir.write("self.yaml", "extends: ./self.yaml\n");
    CHECK(problems_of([&] { load_scenario(self); }).front().find("makes a cycle") != std::string::npos);
}

TEST_CASE("scenario loader: a missing extended file is reported at the extends line") {
    TempDir dir;
    const auto child = dir.write("child.yaml", "name: x\nextends: nope.yaml\n");
    CHECK(problems_of([&] { load_scenario(child); }) ==
          std::vector<std::string>{child.string() + ":2:1: extends: cannot read 'nope.yaml' (" + dir.str("nope.yaml") +
                                   "): no such file"});
    CHECK(text_problems("extends: 3.5\n").size() == 1);
    CHECK(text_problems("extends: [a]\n") ==
          std::vector<std::string>{"t.yaml:1:1: extends: expected the path of a scenario file, got a list"});
}

TEST_CASE("scenario loader: the resolved YAML loads back to identical parameters") {
    for (const char* name : {"default.yaml", "tiny.yaml", "examples/extends_example.yaml",
                             "examples/intensification.yaml", "examples/safeguarding.yaml"}) {
        INFO(name);
        require_round_trip(load_scenario(scenario_dir / name));
    }
    // Every field away from its default, texts with characters that need escaping.
    LoadedScenario s = load_scenario(scenario_dir / "tiny.yaml");
    for (const Field& f : scenario_schema()) {
        if (!f.set || f.key == "violence.group_size_pmf") continue;
        std::visit(
            [&](const auto& d) {
                using T = std::decay_t<decltype(d)>;
                if constexpr (std::is_same_v<T, bool>) f.set(s.parameters, Value{!d});
                else if constexpr (std::is_same_v<T, std::int64_t>) f.set(s.parameters, Value{static_cast<double>(d + 1) <= f.max ? d + 1 : d - 1});
                else if constexpr (std::is_same_v<T, double>) f.set(s.parameters, Value{f.min + (d - f.min) * 0.987654321});
            },
            f.default_value);
    }
    s.parameters.population.class_size = 29;
    s.parameters.peer_influence.enabled = true;  // the verification mode, switched on above, needs it
    s.parameters.population.areas[0].name = "Nör\"th\\ \t: #1\n";
    s.name = "quote \" and 'single' and: colon";
    s.description = "line one\nline two";
    s.resolved_yaml = scenario_yaml(s.parameters, s.name, s.description);
    require_round_trip(s);
}

TEST_CASE("scenario loader: default.yaml loads and has the nine Thames Valley areas, 440,364 aged 10-24") {
    const LoadedScenario s = load_scenario(scenario_dir / "default.yaml");
    const auto& areas = s.parameters.population.areas;
    REQUIRE(areas.size() == 9);
    double young = 0;
    double all_ages = 0;
    for (const AreaSpec& a : areas) {
        young += a.population_10_14 + a.population_15_19 + a.population_20_24;
        all_ages += a.population_all_ages;
    }
    CHECK(young == 440364);
    CHECK(all_ages == 2431905);
    CHECK(areas.front().name == "Bracknell Forest");
    CHECK(areas.back().name == "Oxfordshire");
    CHECK(s.parameters.run.seed == 1);
    CHECK(s.parameters.run.replicates == 10);
    CHECK(s.parameters.run.weeks == 156);
    CHECK(s.parameters.run.burn_in_weeks == 156);
    CHECK(s.name == "Thames Valley baseline");
    CHECK(s.files == std::vector<fs::path>{scenario_dir / "default.yaml"});
}

TEST_CASE("scenario loader: tiny.yaml loads as a two-area synthetic scenario") {
    const LoadedScenario s = load_scenario(scenario_dir / "tiny.yaml");
    REQUIRE(s.parameters.population.areas.size() == 2);
    CHECK(s.parameters.population.areas[0].name == "North");
    CHECK(s.parameters.population.scale == 1.0);
    CHECK(simulated_agent_count(s.parameters) == 2500);
    CHECK(s.parameters.run.replicates == 2);
    CHECK(s.parameters.run.weeks == 26);
    CHECK(s.parameters.run.burn_in_weeks == 4);
}

TEST_CASE("scenario loader: the extends example overrides the default") {
    const LoadedScenario s = load_scenario(scenario_dir / "examples/extends_example.yaml");
    CHECK(s.parameters.run.replicates == 50);
    CHECK(s.parameters.contagion.rr_after_victimisation == 4.0);
    CHECK(s.parameters.population.areas.size() == 9);
    CHECK(s.files.size() == 2);
}

TEST_CASE("scenario loader: the county-lines examples set their timeline and safeguarding keys") {
    const LoadedScenario baseline = load_scenario(scenario_dir / "default.yaml");
    // The national intensification weeks: twice a year in the baseline, four times in the example.
    REQUIRE(baseline.parameters.county_lines.enforcement_timeline.size() == 1);
    CHECK(baseline.parameters.county_lines.enforcement_timeline[0].repeat_every_weeks == 26);
    std::vector<std::string> hubs;
    for (const AreaSpec& a : baseline.parameters.population.areas) {
        if (a.hub_weight > 0) hubs.push_back(a.name);
    }
    CHECK(hubs == std::vector<std::string>{"Reading", "Slough", "Milton Keynes", "Oxfordshire"});

    // The national weeks run from the burn-in (week -132 = 24 - 6 x 26), so it settles under them.
    CHECK(baseline.parameters.county_lines.enforcement_timeline[0].start_week == -132);

    // The example keeps the national weeks and adds two a year from week 37 of the first reported
    // year: one every 13 weeks from week 24.
    const LoadedScenario more = load_scenario(scenario_dir / "examples/intensification.yaml");
    CHECK(more.parameters.county_lines.enabled);
    REQUIRE(more.parameters.county_lines.enforcement_timeline.size() == 2);
    const EnforcementEntry& national = more.parameters.county_lines.enforcement_timeline[0];
    CHECK(national.start_week == -132);
    CHECK(national.repeat_every_weeks == 26);
    const EnforcementEntry& e = more.parameters.county_lines.enforcement_timeline[1];
    CHECK(e.start_week == 37);
    CHECK(e.weeks == 1);
    CHECK(e.repeat_every_weeks == 26);
    CHECK(e.area.empty());
    CHECK(e.closure_rr == 4.0);
    CHECK(e.runner_arrest_rr == 3.0);
    CHECK(e.cuckoo_visit_rr == 5.0);
    CHECK(e.identification_rr == 2.0);

    const LoadedScenario safer = load_scenario(scenario_dir / "examples/safeguarding.yaml");
    CHECK(safer.parameters.county_lines.enabled);
    CHECK(safer.parameters.safeguarding.p_identify_missing == 0.6);
    CHECK(safer.parameters.safeguarding.p_support_engaged == 0.8);
    CHECK(safer.parameters.safeguarding.support_weeks_mean == 39);
    CHECK(safer.parameters.population.areas.size() == 9);
}

TEST_CASE("scenario loader: an enforcement timeline loads, entry keys left out take their defaults") {
    const LoadedScenario s = load_text(one_area + R"(county_lines:
  enforcement_timeline:
    - {start_week: 24, weeks: 1, repeat_every_weeks: 26, area: "", closure_rr: 4.0, runner_arrest_rr: 3.0, cuckoo_visit_rr: 5.0, identification_rr: 2.0}
    - start_week: -10
      area: A
      closure_rr: 2
)");
    const auto& timeline = s.parameters.county_lines.enforcement_timeline;
    REQUIRE(timeline.size() == 2);
    CHECK(timeline[0].start_week == 24);
    CHECK(timeline[0].weeks == 1);
    CHECK(timeline[0].repeat_every_weeks == 26);
    CHECK(timeline[0].area.empty());
    CHECK(timeline[0].closure_rr == 4.0);
    CHECK(timeline[0].runner_arrest_rr == 3.0);
    CHECK(timeline[0].cuckoo_visit_rr == 5.0);
    CHECK(timeline[0].identification_rr == 2.0);
    CHECK(timeline[1].start_week == -10);
    CHECK(timeline[1].area == "A");
    CHECK(timeline[1].closure_rr == 2.0);
    CHECK(timeline[1].weeks == EnforcementEntry{}.weeks);
    CHECK(timeline[1].identification_rr == 1.0);
    CHECK(s.origins.at("county_lines.enforcement_timeline[1].closure_rr").line == 13);
    CHECK(s.resolved_yaml.find("  enforcement_timeline:\n    - start_week: 24  # week\n") != std::string::npos);
    require_round_trip(s);
}

TEST_CASE("scenario loader: a timeline entry naming no area, or with a bad value, is rejected naming the key") {
    const auto problems = text_problems(one_area + R"(county_lines:
  min_runners: 6
  enforcement_timeline:
    - {start_week: 24, area: Nowhere, closure_rr: 4}
    - {weeks: 4, repeat_every_weeks: 2, runner_arrest_rr: -1, closure: 2}
    - 3
)");
    CHECK(has(problems, "t.yaml:11:30: county_lines.enforcement_timeline[0].area: 'Nowhere' is not the name of an "
                        "area in population.areas; give one of their names, or \"\" for every area"));
    CHECK(has(problems, "t.yaml:12:59: county_lines.enforcement_timeline[1].runner_arrest_rr: expected a real number in "
                        "[0, 100], got -1"));
    CHECK(has(problems, "t.yaml:12:63: county_lines.enforcement_timeline[1].closure: unknown key; did you mean "
                        "'closure_rr'?"));
    CHECK(has(problems, "t.yaml:13:7: county_lines.enforcement_timeline[2]: expected a map with the keys start_week, "
                        "weeks, repeat_every_weeks, area, closure_rr, runner_arrest_rr, cuckoo_visit_rr, "
                        "identification_rr, got 3"));
    CHECK(has(problems, "t.yaml:9:16: county_lines.min_runners: must not exceed county_lines.runners_target (5), got 6"));
    CHECK(has(problems, "t.yaml:12:38: county_lines.enforcement_timeline[1].repeat_every_weeks: must be 0 (once) or at "
                        "least the window's weeks (4) so that windows do not overlap, got 2"));
    CHECK(problems.size() == 6);

    CHECK_NOTHROW(load_text(one_area + "county_lines:\n  enforcement_timeline:\n    - {weeks: 4, repeat_every_weeks: 4}\n"));
}
