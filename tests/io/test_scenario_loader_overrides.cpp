// The scenario loader: command-line overrides, the memory check, and mutated scenarios.
#include <catch2/catch.hpp>

#include "scenario_loader_fixture.hpp"

using namespace vrusim;
using namespace vrusim::io;
using namespace vrusim::testing::loader;
namespace fs = std::filesystem;

TEST_CASE("scenario loader: a key given twice on the command line is refused, not silently the last one") {
    auto s = load_text(one_area);
    const auto before = all_values(s);
    try {
        io::apply_overrides(s, {"run.replicates=2", "run.seed=4", "run.replicates=5", "population.scale"});
        FAIL("expected a ScenarioError");
    } catch (const io::ScenarioError& e) {
        CHECK(e.problems == std::vector<std::string>{
                                "command line: run.replicates is given twice (run.replicates=2 and run.replicates=5); "
                                "give each key once",
                                "command line: --set population.scale: expected KEY=VALUE"});
    }
    CHECK(all_values(s) == before);  // nothing applied
    // Two spellings of one key are one key; an empty key and extends are named.
    CHECK_THROWS_WITH(io::apply_overrides(s, {"population.areas[0].imd_score=30", "population.areas[00].imd_score=31"}),
                      Catch::Contains("population.areas[0].imd_score is given twice"));
    CHECK_THROWS_WITH(io::apply_overrides(s, {"=5"}), Catch::Contains("--set =5: the key before '=' is empty"));
    CHECK_THROWS_WITH(io::apply_overrides(s, {"extends=x.yaml"}),
                      Catch::Contains("extends cannot be set from the command line"));
    io::apply_overrides(s, {"run.replicates=2", "run.seed=4"});
    CHECK(s.parameters.run.replicates == 2);
    CHECK(s.parameters.run.seed == 4);
}

TEST_CASE("scenario loader: every bad value given on the command line is reported, not only the first") {
    auto s = load_text(one_area);
    try {
        io::apply_overrides(s, {"run.weeks=-1", "run.seed=4", "justice.arrest_rr_18_24=-1"});
        FAIL("expected a ScenarioError");
    } catch (const io::ScenarioError& e) {
        REQUIRE(e.problems.size() == 2);
        CHECK(e.problems[0].find("run.weeks") != std::string::npos);
        CHECK(e.problems[1].find("justice.arrest_rr_18_24") != std::string::npos);
    }
}

TEST_CASE("scenario loader: command-line overrides reach one entry of the enforcement timeline") {
    LoadedScenario s = load_scenario(scenario_dir / "examples/intensification.yaml");
    apply_override(s, "county_lines.enforcement_timeline[0].repeat_every_weeks", "26");
    apply_override(s, "county_lines.enforcement_timeline[0].area", "Slough");
    CHECK(s.parameters.county_lines.enforcement_timeline[0].repeat_every_weeks == 26);
    CHECK(s.parameters.county_lines.enforcement_timeline[0].area == "Slough");
    CHECK(s.origins.at("county_lines.enforcement_timeline[0].area").file == "command line");
    CHECK(s.resolved_yaml.find("      repeat_every_weeks: 26") != std::string::npos);
    require_round_trip(s);

    const LoadedScenario before = s;
    auto fails = [&](LoadedScenario& target, std::string_view key, std::string_view value) {
        return problems_of([&] { apply_override(target, key, value); });
    };
    CHECK(fails(s, "county_lines.enforcement_timeline[0].closure_rr", "-2") ==
          std::vector<std::string>{"command line: county_lines.enforcement_timeline[0].closure_rr: expected a real "
                                   "number in [0, 100], got -2"});
    CHECK(fails(s, "county_lines.enforcement_timeline[0].area", "Nowhere") ==
          std::vector<std::string>{"command line: county_lines.enforcement_timeline[0].area: 'Nowhere' is not the name "
                                   "of an area in population.areas; give one of their names, or \"\" for every area"});
    CHECK(fails(s, "county_lines.enforcement_timeline[2].weeks", "2") ==
          std::vector<std::string>{"command line: county_lines.enforcement_timeline[2].weeks: there are only 2 timeline "
                                   "entries (indices 0 to 1)"});
    CHECK(fails(s, "county_lines.enforcement_timeline[0].closure", "2") ==
          std::vector<std::string>{"command line: county_lines.enforcement_timeline[0].closure: expected "
                                   "county_lines.enforcement_timeline[INDEX].KEY with KEY one of start_week, weeks, "
                                   "repeat_every_weeks, area, closure_rr, runner_arrest_rr, cuckoo_visit_rr, "
                                   "identification_rr"});
    CHECK(fails(s, "county_lines.enforcement_timeline", "[]") ==
          std::vector<std::string>{"command line: county_lines.enforcement_timeline: a list of records cannot be set "
                                   "from the command line: write a scenario file that extends this one, or set one "
                                   "entry with county_lines.enforcement_timeline[INDEX].KEY"});
    CHECK(all_values(s) == all_values(before));

    LoadedScenario tiny = load_scenario(scenario_dir / "tiny.yaml");
    CHECK(fails(tiny, "county_lines.enforcement_timeline[0].closure_rr", "2") ==
          std::vector<std::string>{"command line: county_lines.enforcement_timeline[0].closure_rr: there are no timeline "
                                   "entries to change: add them in a scenario file that extends this one"});
}

TEST_CASE("scenario loader: command-line overrides are validated with the schema and update the resolved YAML") {
    LoadedScenario s = load_scenario(scenario_dir / "tiny.yaml");
    apply_override(s, "run.replicates", "50");
    CHECK(s.parameters.run.replicates == 50);
    CHECK(s.resolved_yaml.find("  replicates: 50") != std::string::npos);
    CHECK(s.origins.at("run.replicates").file == "command line");
    CHECK(s.source_text.ends_with("# --- override: run.replicates=50 ---\n"));
    apply_override(s, "violence.group_size_pmf", "[0.9, 0.1]");
    CHECK(s.parameters.violence.group_size_pmf == std::vector<double>{0.9, 0.1});
    apply_override(s, "population.areas[1].imd_score", "30");
    CHECK(s.parameters.population.areas[1].imd_score == 30);
    apply_override(s, "name", "a name: with a colon");
    CHECK(s.name == "a name: with a colon");
    require_round_trip(s);

    const LoadedScenario before = s;
    auto fails = [&](std::string_view key, std::string_view value) {
        return problems_of([&] { apply_override(s, key, value); });
    };
    CHECK(fails("run.replicates", "0") ==
          std::vector<std::string>{"command line: run.replicates: expected an integer in [1, 65536], got 0"});
    CHECK(fails("run.replicate", "5") ==
          std::vector<std::string>{"command line: run.replicate: unknown key; did you mean 'run.replicates'?"});
    CHECK(fails("p_knife_if_carrying", "0.1") == std::vector<std::string>{
                                                     "command line: p_knife_if_carrying: unknown key; did you mean "
                                                     "'violence.p_knife_if_carrying'?"});
    CHECK(fails("violence.group_size_pmf", "[0.9]") ==
          std::vector<std::string>{"command line: violence.group_size_pmf: the probabilities must sum to 1 (within "
                                   "1e-06), they sum to 0.9"});
    CHECK(fails("population.areas[5].imd_score", "3") ==
          std::vector<std::string>{"command line: population.areas[5].imd_score: there are only 2 areas (indices 0 to 1)"});
    CHECK(fails("population.areas", "[]").size() == 1);
    CHECK(fails("run.weeks", "[1").size() == 1);
    CHECK(fails("population.scale", "0.0001").front().starts_with("command line: population.scale: 0.0001 gives no agents"));
    CHECK(all_values(s) == all_values(before));  // a failed override changes nothing
    CHECK(s.resolved_yaml == before.resolved_yaml);
}

TEST_CASE("scenario loader: check_memory rejects a scenario that does not fit, pointing at population.scale") {
    const LoadedScenario tiny = load_scenario(scenario_dir / "tiny.yaml");
    const std::uint64_t need = estimate_run_memory_bytes(tiny.parameters, 4);
    CHECK_NOTHROW(check_memory(tiny, 4, need));
    const auto problems = problems_of([&] { check_memory(tiny, 4, need - 1); });
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].starts_with((scenario_dir / "tiny.yaml").string() +
                                  ":16:10: population.scale: 4 replicates at once with scale 1 (2500 agents each) need "
                                  "about "));
    CHECK(problems[0].find("is available;") != std::string::npos);

    const LoadedScenario baseline = load_scenario(scenario_dir / "default.yaml");
    const auto at_default = problems_of([&] { check_memory(baseline, 1, estimate_run_memory_bytes(baseline.parameters, 1) / 2); });
    REQUIRE(at_default.size() == 1);
    CHECK(at_default[0].starts_with("default: population.scale: 1 replicate at once with scale 1 (440364 agents each)"));
    CHECK(at_default[0].find("try population.scale: ") != std::string::npos);
    CHECK_NOTHROW(check_memory(baseline, 1, std::uint64_t{1} << 50));
}

TEST_CASE("memory: the run's estimate counts every replicate's measures and finishing the file, not only the agents") {
    const LoadedScenario baseline = load_scenario(scenario_dir / "default.yaml");
    auto p = baseline.parameters;
    const std::uint64_t cells = static_cast<std::uint64_t>(p.run.weeks) * p.population.areas.size() * age_band_count;
    CHECK(measure_cube_bytes(p) == cells * sizeof(MeasureCount) * measure_count);
    const auto one = estimate_run_memory_bytes(p, 1);
    p.run.replicates *= 10;  // ten times as many replicates kept, one at a time
    CHECK(estimate_run_memory_bytes(p, 1) - one == 9 * baseline.parameters.run.replicates *
                                                       (measure_cube_bytes(p) + cells * sizeof(double)));
    CHECK(estimate_run_memory_bytes(p, 2) - estimate_run_memory_bytes(p, 1) == estimate_memory_bytes(p));
}

TEST_CASE("memory: a cgroup limit (v1 or v2, at the process's group or an ancestor) lowers what a run may use") {
    TempDir dir;
    const fs::path root = dir.path;
    auto put = [&](const fs::path& file, const std::string& text) {
        fs::create_directories(file.parent_path());
        std::ofstream(file) << text;
    };
    // v2: a 2 GiB limit on the parent with 0.5 GiB used, none ("max") on the process's own group.
    put(root / "jobs" / "memory.max", "2147483648\n");
    put(root / "jobs" / "memory.current", "536870912\n");
    put(root / "jobs" / "step" / "memory.max", "max\n");
    put(root / "jobs" / "step" / "memory.current", "100\n");
    CHECK(cgroup_headroom(root, "0::/jobs/step\n") == std::uint64_t{1610612736});
    // v1: the memory controller's own tree; "unlimited" is a huge number and counts as none.
    put(root / "memory" / "memory.limit_in_bytes", "9223372036854771712\n");
    put(root / "memory" / "slurm" / "memory.limit_in_bytes", "1073741824\n");
    put(root / "memory" / "slurm" / "memory.usage_in_bytes", "1073741900\n");  // over: nothing left
    CHECK(cgroup_headroom(root, "4:memory:/slurm\n1:cpu:/\n") == std::uint64_t{0});
    CHECK(cgroup_headroom(root, "4:cpu,memory:/\n") == std::nullopt);
    CHECK(cgroup_headroom(root, "1:cpu:/\n") == std::nullopt);  // no memory controller listed
    CHECK(cgroup_headroom(root, "garbage") == std::nullopt);
}

TEST_CASE("scenario loader: hundreds of mutated versions of tiny.yaml never crash") {
    std::ifstream in(scenario_dir / "tiny.yaml", std::ios::binary);
    const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(!original.empty());
    std::mt19937 rng(20240401);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    const std::vector<std::string> tokens = {":", "-", "[", "]", "{", "}", "\n", "  ", "&a", "*a", "!!str", "\"", "'",
                                             "#", ".nan", "1e999", "-1", "? ", "\t", "---", "\xff", "extends: tiny.yaml\n",
                                             "99999999999999999999", "~", "|", ">", "%YAML 1.2\n", std::string(1, '\0')};
    int loaded = 0;
    int rejected = 0;
    for (int i = 0; i < 400; ++i) {
        std::string text = original;
        const int edits = 1 + static_cast<int>(pick(4));
        for (int e = 0; e < edits && !text.empty(); ++e) {
            switch (pick(5)) {
                case 0: text.resize(pick(text.size())); break;
                case 1: text[pick(text.size())] = static_cast<char>(pick(256)); break;
                case 2: text.insert(pick(text.size()), tokens[pick(tokens.size())]); break;
                case 3: text.erase(pick(text.size()), 1 + pick(20)); break;
                default: {
                    const std::size_t a = pick(text.size());
                    text.insert(pick(text.size()), text.substr(a, 1 + pick(40)));
                }
            }
        }
        INFO("variant " << i << ":\n" << text);
        try {
            const LoadedScenario s = load_scenario_text(text, "fuzz.yaml", scenario_dir);
            require_round_trip(s);
            ++loaded;
        } catch (const ScenarioError& e) {
            CHECK_FALSE(e.problems.empty());
            ++rejected;
        }
    }
    CHECK(loaded > 0);
    CHECK(rejected > 0);
}
