#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "io/memory_limit.hpp"
#include "io/overrides.hpp"
#include "io/scenario_loader.hpp"
#include "sim/measures.hpp"
#include "sim/population.hpp"
#include "sim/schema.hpp"

using namespace vrusim;
using namespace vrusim::io;
namespace fs = std::filesystem;

namespace {

const fs::path scenario_dir = VRUSIM_SCENARIO_DIR;

/// A fresh directory for scenario files, removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        static std::atomic<int> counter{0};
        path = fs::temp_directory_path() / ("vrusim-loader-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    fs::path write(const std::string& name, std::string_view text) const {
        const fs::path p = path / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }
    std::string str(const std::string& name) const { return (path / name).string(); }
};

// One valid area, appended to snippets that test something else.
const std::string one_area = R"(population:
  areas:
    - name: A
      population_10_14: 100
      population_15_19: 100
      population_20_24: 100
      population_all_ages: 2000
)";

LoadedScenario load_text(std::string_view yaml, const std::string& name = "t.yaml") {
    return load_scenario_text(yaml, name, scenario_dir);
}

/// The problems a load reports; fails the test if it loads.
template <class Load>
std::vector<std::string> problems_of(Load&& load) {
    try {
        load();
    } catch (const ScenarioError& e) {
        CHECK(std::string(e.what()).find(e.problems.front()) == 0);
        return e.problems;
    }
    FAIL("expected a ScenarioError");
    return {};
}

std::vector<std::string> text_problems(std::string_view yaml) {
    return problems_of([&] { load_text(yaml); });
}

bool has(const std::vector<std::string>& problems, const std::string& expected) {
    return std::find(problems.begin(), problems.end(), expected) != problems.end();
}

/// Every value of every schema row, areas included, as text (values compare exactly).
std::vector<std::string> all_values(const LoadedScenario& s) {
    std::vector<std::string> out{s.name, s.description};
    for (const Field& f : scenario_schema()) {
        if (f.get) out.push_back(std::string(f.key) + "=" + value_text(f.get(s.parameters)));
        if (f.type != ValueType::record_list) continue;
        for (std::size_t i = 0; i < f.record_count(s.parameters); ++i) {
            for (const RecordField& r : f.record_fields) out.push_back(std::string(r.key) + "=" + value_text(r.get(s.parameters, i)));
        }
    }
    return out;
}

void require_round_trip(const LoadedScenario& s) {
    const LoadedScenario again = load_scenario_text(s.resolved_yaml, "resolved.yaml", scenario_dir);
    CHECK(all_values(again) == all_values(s));
    CHECK(again.resolved_yaml == s.resolved_yaml);
}

}  // namespace

TEST_CASE("scenario loader: a YAML syntax error names file, line and column") {
    const auto problems = text_problems("run:\n  seed: 1\nviolence: [0.5, 0.6\npopulation: 3\n");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].starts_with("t.yaml:4:11: YAML syntax error: "));
    // yaml-cpp 0.7 reads a stray comma as nothing (and its LoadAll loops for ever on it).
    CHECK(text_problems("# comment\n  , a\n") ==
          std::vector<std::string>{"t.yaml:2:3: YAML syntax error: no value could be read here"});
}

TEST_CASE("scenario loader: a tab in the indentation is named as such, where it is") {
    // yaml-cpp's own message is "illegal map value" at the line after.
    const auto problems = text_problems("run:\n  seed: 1\n\treplicates: 2\n");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].starts_with("t.yaml:3:1: YAML syntax error: a tab in the indentation"));
    // A tab inside a value or before a comment is not indentation, and is not reported.
    CHECK_NOTHROW(load_text(one_area + "name: \"a\tb\"\nrun:\n  seed: 3  \t# comment\n"));
}

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

TEST_CASE("scenario loader: an explicit YAML type tag that contradicts the key's type is refused") {
    // "!!float 3" is the float 3.0: a writer who tags it so did not mean a count of replicates.
    const auto problems = text_problems(one_area + "run:\n  replicates: !!float 3\n  seed: !!bool true\n"
                                                   "violence:\n  enabled: !!int 1\n  p_knife_if_carrying: !!bool true\n");
    CHECK(has(problems, "t.yaml:9:15: run.replicates: expected an integer in [1, 65536], got !!float 3"));
    CHECK(has(problems, "t.yaml:10:9: run.seed: expected an integer in [0, 9007199254740991], got !!bool true"));
    CHECK(has(problems, "t.yaml:12:12: violence.enabled: expected true or false, got !!int 1"));
    CHECK(problems.size() == 4);
    // Tags that agree with the key are accepted.
    CHECK_NOTHROW(load_text(one_area + "run:\n  replicates: !!int 3\nviolence:\n  p_knife_if_carrying: !!float 0.01\n"));
    // Other tags, tags on keys and YAML merge keys are refused where they are, once.
    CHECK(text_problems(one_area + "run: !foo\n  seed: 3\n") ==
          std::vector<std::string>{"t.yaml:8:6: run: the YAML tag !foo is not supported here (a scenario uses plain "
                                   "values, maps and lists)"});
    CHECK(text_problems(one_area + "run:\n  seed: !!binary Tm9ydGg=\n") ==
          std::vector<std::string>{"t.yaml:9:9: run.seed: the YAML tag !!binary is not supported here (a scenario "
                                   "uses plain values, maps and lists)"});
    CHECK(text_problems(one_area + "run:\n  !!int weeks: 26\n") ==
          std::vector<std::string>{"t.yaml:9:3: run.weeks: a key cannot carry a YAML tag; write it as plain text"});
    CHECK(has(text_problems(one_area + "name: !!int 5\n"), "t.yaml:8:7: name: expected text, got !!int 5"));
    CHECK(has(text_problems(one_area + "run: &r\n  seed: 3\nviolence:\n  <<: *r\n"),
              "t.yaml:11:3: violence.<<: YAML merge keys (<<) are not supported; write the keys out in full, or put "
              "the shared part in its own file and use extends:"));
}

TEST_CASE("scenario loader: a value of the wrong type is rejected with what was expected") {
    const auto problems = text_problems(one_area + R"(run:
  replicates: ten
  weeks: 2.5
violence:
  p_knife_if_carrying: {a: 1}
  p_injury_knife: "0.5"
  enabled: yes
  group_size_pmf: 1
)");
    CHECK(has(problems, "t.yaml:9:15: run.replicates: expected an integer in [1, 65536], got ten"));
    CHECK(has(problems, "t.yaml:10:10: run.weeks: expected an integer in [1, 2600], got 2.5"));
    CHECK(has(problems, "t.yaml:12:24: violence.p_knife_if_carrying: expected a real number in [0, 1], got a map"));
    CHECK(has(problems, "t.yaml:13:19: violence.p_injury_knife: expected a real number in [0, 1], got the text \"0.5\""));
    CHECK(has(problems, "t.yaml:14:12: violence.enabled: expected true or false, got yes"));
    CHECK(has(problems, "t.yaml:15:19: violence.group_size_pmf: expected a list of real numbers, each in [0, 1], got 1"));
    CHECK(problems.size() == 6);
}

TEST_CASE("scenario loader: a value out of bounds is rejected naming file, line, key and bounds") {
    const auto problems = text_problems(one_area + "violence:\n  p_knife_if_carrying: 1.5\n  group_size_pmf: [0.5, 1.5]\n");
    CHECK(has(problems, "t.yaml:9:24: violence.p_knife_if_carrying: expected a real number in [0, 1], got 1.5"));
    CHECK(has(problems, "t.yaml:10:25: violence.group_size_pmf[1]: expected a real number in [0, 1], got 1.5"));
    CHECK(problems.size() == 2);
}

TEST_CASE("scenario loader: non-finite and overflowing numbers are rejected") {
    const auto problems = text_problems(one_area + R"(violence:
  p_injury_knife: .nan
  p_injury_other: -.inf
  base_rate_per_year: 1e999
run:
  seed: 99999999999999999999999
  replicates: -3
)");
    CHECK(has(problems, "t.yaml:9:19: violence.p_injury_knife: expected a finite real number in [0, 1], got .nan"));
    CHECK(has(problems, "t.yaml:10:19: violence.p_injury_other: expected a finite real number in [0, 1], got -.inf"));
    CHECK(has(problems, "t.yaml:11:23: violence.base_rate_per_year: expected a real number in [0, 52], got 1e999 "
                        "(beyond the range of a double)"));
    CHECK(has(problems, "t.yaml:13:9: run.seed: expected an integer in [0, 9007199254740991], got "
                        "99999999999999999999999 (too large for an integer)"));
    CHECK(has(problems, "t.yaml:14:15: run.replicates: expected an integer in [1, 65536], got -3"));
}

TEST_CASE("scenario loader: an unknown key is rejected with a did-you-mean naming file and line") {
    const auto problems = text_problems(one_area + R"(      imd: 20
violence:
  p_knife_if_carying: 0.3
seed: 4
violense:
  enabled: true
run.weeks: 10
)");
    CHECK(has(problems, "t.yaml:8:7: population.areas[0].imd: unknown key; did you mean 'imd_score'?"));
    CHECK(has(problems, "t.yaml:10:3: violence.p_knife_if_carying: unknown key; did you mean 'p_knife_if_carrying'?"));
    CHECK(has(problems, "t.yaml:11:1: seed: unknown key; did you mean 'run.seed'?"));
    CHECK(has(problems, "t.yaml:12:1: violense: unknown key; did you mean 'violence'?"));
    CHECK(has(problems, "t.yaml:14:1: run.weeks: unknown key; dotted keys are not expanded: write 'run:' with 'weeks:' "
                        "indented below it"));
    CHECK(problems.size() == 5);
}

TEST_CASE("scenario loader: a scenario without areas is rejected, pointing at where they belong") {
    CHECK(text_problems("run:\n  seed: 2\n") ==
          std::vector<std::string>{"t.yaml:1:1: population.areas: required key missing: define it here or extend a "
                                   "scenario that does (e.g. 'extends: default.yaml'); expected a list of maps with the "
                                   "keys name, population_10_14, population_15_19, population_20_24, "
                                   "population_by_age, population_all_ages, imd_score, societal_rr, drug_admissions_rr, hub_weight"});
    const auto in_section = text_problems("run:\n  seed: 2\npopulation:\n  scale: 0.5\n");
    REQUIRE(in_section.size() == 1);
    CHECK(in_section[0].starts_with("t.yaml:3:1: population.areas: required key missing"));
}

TEST_CASE("scenario loader: an area missing a required key is named with the area's index") {
    const auto problems = text_problems("population:\n  areas:\n    - name: A\n      population_10_14: 10\n"
                                        "      population_15_19: 10\n      population_20_24: 10\n");
    CHECK(problems == std::vector<std::string>{
                          "t.yaml:3:7: population.areas[0].population_all_ages: required key missing (expected a real "
                          "number in [0, 1000000000])"});
}

TEST_CASE("scenario loader: a group size pmf that does not sum to 1 is rejected") {
    CHECK(text_problems(one_area + "violence:\n  group_size_pmf: [0.5, 0.4]\n") ==
          std::vector<std::string>{"t.yaml:9:19: violence.group_size_pmf: the probabilities must sum to 1 (within "
                                   "1e-06), they sum to 0.9"});
    CHECK(text_problems(one_area + "violence:\n  group_size_pmf: []\n") ==
          std::vector<std::string>{"t.yaml:9:19: violence.group_size_pmf: must not be empty: give the probabilities of "
                                   "1, 2, 3, ... offenders"});
}

TEST_CASE("scenario loader: self-contradictory areas and sizes are rejected naming the keys") {
    const auto problems = text_problems(R"(population:
  scale: 0.001
  class_size: 60
  school_size: 50
  areas:
    - name: A
      population_10_14: 100
      population_15_19: 100
      population_20_24: 100
      population_all_ages: 200
    - name: A
      population_10_14: 0
      population_15_19: 0
      population_20_24: 0
      population_all_ages: 10
    - name: ""
      population_10_14: 5000
      population_15_19: 0
      population_20_24: 0
      population_all_ages: 10000
graph:
  friend_same_school_share: 0.7
  friend_same_neighbourhood_share: 0.4
)");
    CHECK(has(problems, "t.yaml:11:13: population.areas[1].name: 'A' is already the name of population.areas[0]; area "
                        "names must be unique"));
    CHECK(has(problems, "t.yaml:11:7: population.areas[1]: area 'A' has no one aged 10-24: population_10_14 + "
                        "population_15_19 + population_20_24 must be positive"));
    CHECK(has(problems, "t.yaml:10:28: population.areas[0].population_all_ages: must be at least the area's population "
                        "aged 10-24 (300), got 200"));
    CHECK(has(problems, "t.yaml:16:13: population.areas[2].name: must not be empty"));
    CHECK(has(problems, "t.yaml:2:10: population.scale: 0.001 gives no agents in area 'A'; every area needs at least 1 "
                        "(use a scale of at least about 0.0033)"));
    CHECK(has(problems, "t.yaml:3:15: population.class_size: must not exceed population.school_size (50), got 60"));
    CHECK(has(problems, "t.yaml:22:29: graph.friend_same_school_share: graph.friend_same_school_share + "
                        "graph.friend_same_neighbourhood_share must be at most 1, got 0.7 + 0.4 = 1.1"));
    CHECK(problems.size() == 7);
}

TEST_CASE("scenario loader: single years of age must be 15 and agree with the five-year bands") {
    const auto problems = text_problems(R"(population:
  areas:
    - name: A
      population_10_14: 500
      population_15_19: 500
      population_20_24: 500
      population_by_age: [100, 100, 100, 100, 100, 100, 100, 100, 100, 90, 100, 100, 100, 100, 100]
      population_all_ages: 5000
    - name: B
      population_10_14: 500
      population_15_19: 500
      population_20_24: 500
      population_by_age: [100, 100, 100]
      population_all_ages: 5000
    - name: C
      population_10_14: 500
      population_15_19: 500
      population_20_24: 500
      population_by_age: [100, -1, 100]
      population_all_ages: 5000
)");
    CHECK(has(problems, "t.yaml:7:26: population.areas[0].population_by_age: ages 15-19 sum to 490, but "
                        "population_15_19 is 500; the single years and the band must agree (within 1 person)"));
    CHECK(has(problems, "t.yaml:13:26: population.areas[1].population_by_age: expected 15 values (ages 10 to 24), got 3"));
    CHECK(has(problems, "t.yaml:19:32: population.areas[2].population_by_age[1]: expected a real number in [0, "
                        "100000000], got -1"));
    CHECK(problems.size() == 3);
}

TEST_CASE("scenario loader: a nation smaller than the force, or one that gives the force too many lines, is rejected") {
    CHECK(has(text_problems(one_area + "  national_all_ages: 1000\n"),
              "t.yaml:8:22: population.national_all_ages: must be at least the force's residents (2000, the areas' "
              "population_all_ages), got 1000"));
    CHECK(has(text_problems(one_area + "  national_all_ages: 2000\ncounty_lines:\n  lines_national: 20000\n"),
              "t.yaml:10:19: county_lines.lines_national: gives the force 20000 lines (its population share of the "
              "nation's); at most 10,000 are allowed"));
    // A force's own line count needs no national figure.
    CHECK(load_text(one_area + "  national_all_ages: 2000\ncounty_lines:\n  lines_national: 20000\n  "
                               "lines_regional: 12\n").parameters.county_lines.lines_regional == 12);
    CHECK(has(text_problems("factors:\n  national_imd_scores: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 12, 13, 14, 15, 16, "
                            "17, 18, 19, 20, 21]\n" + one_area),
              "t.yaml:2:24: factors.national_imd_scores: the scores must rise with the percentile: value 10 (10, "
              "percentile 50) is not above value 9 (10)"));
}

TEST_CASE("scenario loader: duplicate keys are rejected naming both lines") {
    const auto problems = text_problems(one_area + "run:\n  seed: 1\n  seed: 2\n");
    CHECK(problems == std::vector<std::string>{"t.yaml:10:3: run.seed: duplicate key (first set on line 9)"});
}

TEST_CASE("scenario loader: empty files, other top levels and several documents are rejected") {
    CHECK(text_problems("") == std::vector<std::string>{
                                   "t.yaml:1:1: the scenario is empty: expected a map of keys such as run: and population:"});
    CHECK(text_problems("# only a comment\n").size() == 1);
    CHECK(text_problems("- a\n- b\n") ==
          std::vector<std::string>{"t.yaml:1:1: expected a map of keys such as run: and population: at the top level, "
                                   "got a list"});
    CHECK(text_problems("42\n") ==
          std::vector<std::string>{"t.yaml:1:1: expected a map of keys such as run: and population: at the top level, "
                                   "got a single value"});
    CHECK(text_problems(one_area + "---\nrun:\n  seed: 3\n") ==
          std::vector<std::string>{"t.yaml:8:1: more than one YAML document (---): a scenario is one document"});
    CHECK_NOTHROW(load_text(one_area + "---\n"));  // an empty trailing document is harmless
    CHECK(text_problems(one_area + "run: 5\n") ==
          std::vector<std::string>{"t.yaml:8:6: run: expected a map of keys, got 5"});
}

TEST_CASE("scenario loader: binary bytes, deep nesting and alias bombs are rejected without crashing") {
    CHECK(text_problems("run:\n  seed: \xff\xfe\n") ==
          std::vector<std::string>{"t.yaml:2:9: byte 0xff is not UTF-8 text; is this a binary file?"});
    CHECK(text_problems(std::string("run:\0\n", 6)) ==
          std::vector<std::string>{"t.yaml:1:5: a NUL byte: this is not a text file"});
    CHECK(text_problems(std::string(100000, '[')).size() == 1);
    std::string nested = "a:\n";
    for (int i = 1; i < 60; ++i) nested += std::string(static_cast<std::size_t>(i) * 2, ' ') + "a:\n";
    CHECK(text_problems(nested).front().find("nested deeper than 32 levels") != std::string::npos);
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'j'; ++c) {
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + static_cast<char>(c - 1);
        bomb += "]\n";
    }
    CHECK(text_problems(bomb).front().find("aliases, *name, may be expanding") != std::string::npos);
}

TEST_CASE("scenario loader: directories, missing, oversized and unreadable files are reported, not crashed on") {
    TempDir dir;
    CHECK(problems_of([&] { load_scenario(dir.path); }) ==
          std::vector<std::string>{dir.path.string() + ": cannot read the scenario: it is a directory, not a file"});
    CHECK(problems_of([&] { load_scenario(dir.path / "nope.yaml"); }) ==
          std::vector<std::string>{dir.str("nope.yaml") + ": cannot read the scenario: no such file"});
    const auto big = dir.write("big.yaml", std::string(max_scenario_bytes + 1, '#'));
    CHECK(problems_of([&] { load_scenario(big); }).front().find("is too large for a scenario") != std::string::npos);
    const auto locked = dir.write("locked.yaml", "run: {seed: 1}\n");
    fs::permissions(locked, fs::perms::none);
    try {
        load_scenario(locked);  // root can read it anyway; then it fails for want of areas
    } catch (const ScenarioError& e) {
        CHECK(e.problems.size() == 1);
    }
    CHECK(problems_of([] { load_scenario("/dev/zero"); }) ==
          std::vector<std::string>{"/dev/zero: cannot read the scenario: not a regular file"});
}

TEST_CASE("scenario loader: every problem is reported, not just the first") {
    const auto problems = text_problems("run:\n  seed: -1\n  weeks: 0\nviolence:\n  nope: 1\n");
    CHECK(problems.size() == 4);  // seed, weeks, nope, and the missing areas
}

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

TEST_CASE("scenario loader: a problem in an extended file is reported at that file's line") {
    TempDir dir;
    dir.write("base.yaml", one_area + "violence:\n  p_injury_knife: 2\n");
    const auto child = dir.write("child.yaml", "extends: base.yaml\nrun:\n  replicates: 0\n");
    const auto problems = problems_of([&] { load_scenario(child); });
    CHECK(has(problems, dir.str("base.yaml") + ":9:19: violence.p_injury_knife: expected a real number in [0, 1], got 2"));
    CHECK(has(problems, child.string() + ":3:15: run.replicates: expected an integer in [1, 65536], got 0"));
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

    const LoadedScenario more = load_scenario(scenario_dir / "examples/intensification.yaml");
    CHECK(more.parameters.county_lines.enabled);
    REQUIRE(more.parameters.county_lines.enforcement_timeline.size() == 1);
    const EnforcementEntry& e = more.parameters.county_lines.enforcement_timeline[0];
    CHECK(e.start_week == 24);
    CHECK(e.weeks == 1);
    CHECK(e.repeat_every_weeks == 13);
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
    CHECK(fails(s, "county_lines.enforcement_timeline[1].weeks", "2") ==
          std::vector<std::string>{"command line: county_lines.enforcement_timeline[1].weeks: there are only 1 timeline "
                                   "entries (indices 0 to 0)"});
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
