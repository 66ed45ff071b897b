// The scenario loader: each kind of bad input is named with file, line, column, key and what was expected.
#include <catch2/catch.hpp>

#include "scenario_loader_fixture.hpp"

using namespace vrusim;
using namespace vrusim::io;
using namespace vrusim::testing::loader;
namespace fs = std::filesystem;

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

TEST_CASE("scenario loader: an exclusion or suspension age profile with no weight below the leaving age is rejected") {
    // All the weight at 17 while pupils leave at 12: nothing to normalise the configured rate to.
    const auto problems = text_problems(one_area + "school:\n  leaving_age: 12\n  suspension_age_rr: [0, 0, 0, 0, 0, 0, 0, 1]\n");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("school.suspension_age_rr") != std::string::npos);
    CHECK(problems[0].find("every age below school.leaving_age (12) has a rate of 0") != std::string::npos);
    // A weight at 11 is enough, and with school off nothing is checked.
    CHECK_NOTHROW(load_text(one_area + "school:\n  leaving_age: 12\n  suspension_age_rr: [0, 1, 0, 0, 0, 0, 0, 1]\n"));
    CHECK_NOTHROW(
        load_text(one_area + "school:\n  enabled: false\n  leaving_age: 12\n  suspension_age_rr: [0, 0, 0, 0, 0, 0, 0, 1]\n"));
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

TEST_CASE("scenario loader: a problem in an extended file is reported at that file's line") {
    TempDir dir;
    dir.write("base.yaml", one_area + "violence:\n  p_injury_knife: 2\n");
    const auto child = dir.write("child.yaml", "extends: base.yaml\nrun:\n  replicates: 0\n");
    const auto problems = problems_of([&] { load_scenario(child); });
    CHECK(has(problems, dir.str("base.yaml") + ":9:19: violence.p_injury_knife: expected a real number in [0, 1], got 2"));
    CHECK(has(problems, child.string() + ":3:15: run.replicates: expected an integer in [1, 65536], got 0"));
}
