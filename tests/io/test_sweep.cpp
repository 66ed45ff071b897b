// Sweep files (io/sweep.hpp): the designs' points, and problems reported at the sweep file's lines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>

#include "io/sweep.hpp"
#include "problems_of.hpp"
#include "temp_dir.hpp"

using namespace vrusim;
using namespace vrusim::io;

namespace {

std::filesystem::path write_sweep(const std::filesystem::path& dir, const std::string& body) {
    const auto file = dir / "sweep.yaml";
    std::ofstream(file) << "base: " << VRUSIM_SCENARIO_DIR << "/thames-valley-2023-24.yaml\n" << body;
    return file;
}

std::string problems_of(const std::filesystem::path& file) {
    return vrusim::testing::problems_of([&] { load_sweep(file); });
}

}  // namespace

TEST_CASE("sweep: a grid's points are the base and every combination, the last factor fastest") {
    vrusim::testing::TempDir dir;
    const auto sweep = load_sweep(write_sweep(dir.path, "factors:\n"
                                                          "  - {key: funding.taper, values: [0, 0.2]}\n"
                                                          "  - {key: violence.base_rate_per_year, range: [0.5, 1.5], steps: 3}\n"));
    const auto points = expand_sweep(sweep);
    REQUIRE(points.size() == 1 + 2 * 3);
    CHECK(points[0].values == std::vector<std::string>{"", ""});
    CHECK(points[1].values == std::vector<std::string>{"0", "0.5"});
    CHECK(points[2].values == std::vector<std::string>{"0", "1"});
    CHECK(points[6].values == std::vector<std::string>{"0.2", "1.5"});
    const auto scenarios = sweep_scenarios(sweep, points, {});
    CHECK(scenarios[6].parameters.funding.taper == 0.2);
    CHECK(scenarios[6].parameters.violence.base_rate_per_year == 1.5);
}

TEST_CASE("sweep: one factor at a time moves each factor alone from the base") {
    vrusim::testing::TempDir dir;
    const auto sweep = load_sweep(write_sweep(dir.path, "design: one_at_a_time\nfactors:\n"
                                                          "  - {key: funding.taper, values: [0.1, 0.2]}\n"
                                                          "  - {key: funding.cut_rule, values: [pro_rata]}\n"));
    const auto points = expand_sweep(sweep);
    REQUIRE(points.size() == 4);
    CHECK(points[1].values == std::vector<std::string>{"0.1", ""});
    CHECK(points[3].values == std::vector<std::string>{"", "pro_rata"});
}

TEST_CASE("sweep: a Latin hypercube puts one point in each of N equal strata of every factor, the same for a seed") {
    vrusim::testing::TempDir dir;
    const auto file = write_sweep(dir.path, "design: latin_hypercube\npoints: 20\ndesign_seed: 9\nfactors:\n"
                                              "  - {key: funding.taper, range: [0, 1]}\n"
                                              "  - {key: violence.base_rate_per_year, range: [1, 3]}\n");
    const auto points = expand_sweep(load_sweep(file));
    REQUIRE(points.size() == 21);
    for (std::size_t f = 0; f < 2; ++f) {
        std::set<int> strata;
        for (std::size_t i = 1; i < points.size(); ++i) {
            const double x = std::stod(points[i].values[f]);
            const double u = f == 0 ? x : (x - 1) / 2;
            strata.insert(static_cast<int>(u * 20));
        }
        CHECK(strata.size() == 20);  // every stratum once
    }
    CHECK(expand_sweep(load_sweep(file))[5].values == points[5].values);
    const auto other = expand_sweep(load_sweep(write_sweep(
        dir.path, "design: latin_hypercube\npoints: 20\ndesign_seed: 10\nfactors:\n"
                    "  - {key: funding.taper, range: [0, 1]}\n  - {key: violence.base_rate_per_year, range: [1, 3]}\n")));
    CHECK(other[5].values != points[5].values);
}

TEST_CASE("sweep: problems are reported at the sweep file's line and key, every one at once") {
    vrusim::testing::TempDir dir;
    const auto file = write_sweep(dir.path, "design: grid\n"
                                              "factors:\n"
                                              "  - key: funding.tapr\n"
                                              "    values: [0]\n"
                                              "  - key: funding.taper\n"
                                              "    range: [0, 0.5]\n"
                                              "colour: red\n");
    const auto problems = problems_of(file);
    CHECK_THAT(problems, Catch::Contains("sweep.yaml:4:10: factors[0].key: 'funding.tapr' is not a scenario key"));
    CHECK_THAT(problems, Catch::Contains("factors[1].steps: a range needs steps"));
    CHECK_THAT(problems, Catch::Contains("sweep.yaml:8:1: colour: not a sweep key"));
}

TEST_CASE("sweep: every point is checked before any runs, a bad value is reported once, with its points") {
    vrusim::testing::TempDir dir;
    const auto sweep = load_sweep(write_sweep(dir.path, "factors:\n"
                                                          "  - {key: funding.taper, values: [0.1, 7]}\n"
                                                          "  - {key: funding.cut_rule, values: [priority, pro_rata]}\n"));
    try {
        sweep_scenarios(sweep, expand_sweep(sweep), {});
        FAIL("no error");
    } catch (const ScenarioError& e) {
        REQUIRE(e.problems.size() == 1);
        CHECK_THAT(e.problems[0], Catch::Contains("sweep.yaml:3:5: factors[0] (funding.taper = 7): funding.taper: "
                                                  "expected a real number in [0, 1], got 7 (at points 3, 4)"));
    }
}

TEST_CASE("sweep: a sobol design runs the base then Saltelli's N (k + 2) rows, integer keys rounded, as the estimators see them") {
    vrusim::testing::TempDir dir;
    const auto file = write_sweep(dir.path, "design: sobol\n"
                                              "base_samples: 5\n"
                                              "design_seed: 7\n"
                                              "output: {measure: recorded_violent_offences}\n"
                                              "factors:\n"
                                              "  - key: funding.taper\n"
                                              "    range: [0, 0.5]\n"
                                              "  - key: peer_influence.source_window_weeks\n"
                                              "    range: [26, 104]\n");
    const auto sweep = load_sweep(file);
    const auto points = expand_sweep(sweep);
    const auto design = sensitivity_design(sweep);
    REQUIRE(design.rows() == 5 * (2 + 2));
    REQUIRE(points.size() == design.rows() + 1);
    CHECK(points[0].values == std::vector<std::string>{"", ""});
    for (std::size_t r = 0; r < design.rows(); ++r) {
        CHECK(std::stod(points[r + 1].values[0]) == design.row(r)[0]);  // the text reads back exactly
        CHECK(points[r + 1].values[1] == std::to_string(static_cast<long>(design.row(r)[1])));
        CHECK(design.row(r)[1] == std::round(design.row(r)[1]));
        CHECK(design.row(r)[0] >= 0);
        CHECK(design.row(r)[0] <= 0.5);
    }
    CHECK(sensitivity_design(load_sweep(file)).values == design.values);  // the same for a seed
}

TEST_CASE("sweep: a morris design runs r (k + 1) rows, and compared_with is resolved beside the sweep file") {
    vrusim::testing::TempDir dir;
    std::ofstream(dir.path / "other.yaml") << "extends: " << VRUSIM_SCENARIO_DIR << "/thames-valley-2023-24.yaml\n";
    const auto file = write_sweep(dir.path, "design: morris\n"
                                              "trajectories: 3\n"
                                              "output:\n"
                                              "  measure: knife_incidents\n"
                                              "  compared_with: other.yaml\n"
                                              "factors:\n"
                                              "  - key: funding.taper\n"
                                              "    range: [0, 0.5]\n");
    const auto sweep = load_sweep(file);
    CHECK(sweep.levels == 4);
    CHECK(expand_sweep(sweep).size() == 3 * 2 + 1);
    CHECK(sweep.output.compared_with == (dir.path / "other.yaml").lexically_normal());
    CHECK(sweep.output.measure == "knife_incidents");
}

TEST_CASE("sweep: a sensitivity design's settings are checked at their lines") {
    vrusim::testing::TempDir dir;
    const auto problems = problems_of(write_sweep(dir.path, "design: morris\n"
                                                              "levels: 3\n"
                                                              "base_samples: 4\n"
                                                              "output: {measure: knife_incidence}\n"
                                                              "factors:\n"
                                                              "  - key: funding.taper\n"
                                                              "    values: [0, 0.5]\n"
                                                              "  - key: funding.enabled\n"
                                                              "    range: [0, 1]\n"));
    CHECK_THAT(problems, Catch::Contains("sweep.yaml:1:1: trajectories: a morris design needs trajectories: N"));
    CHECK_THAT(problems, Catch::Contains("sweep.yaml:3:1: levels: expected a whole number from 2 to 100, even, got 3"));
    CHECK_THAT(problems, Catch::Contains("sweep.yaml:4:1: base_samples: base_samples is for a sobol design"));
    CHECK_THAT(problems, Catch::Contains("output.measure: expected a measure's name"));
    CHECK_THAT(problems, Catch::Contains("factors[0].range: a morris or sobol design varies each factor over a range"));
    CHECK_THAT(problems, Catch::Contains("factors[1].range: funding.enabled is boolean: a morris or sobol design varies numbers only"));
    CHECK_THAT(problems_of(write_sweep(dir.path, "design: sobol\nbase_samples: 4\nfactors:\n  - key: funding.taper\n"
                                                   "    range: [0, 0.5]\n")),
               Catch::Contains("output: a morris or sobol design needs output: {measure: NAME}"));
    CHECK_THAT(problems_of(write_sweep(dir.path, "design: grid\noutput: {measure: knife_incidents}\nfactors:\n"
                                                   "  - key: funding.taper\n    values: [0]\n")),
               Catch::Contains("output: output is for a morris or sobol design"));
    CHECK_THAT(problems_of(write_sweep(dir.path, "design: sobol\nbase_samples: 5000\noutput: {measure: knife_incidents}\n"
                                                   "factors:\n  - key: funding.taper\n    range: [0, 0.5]\n")),
               Catch::Contains("the design has 15000 points; at most 10000"));
}

TEST_CASE("sweep: keys the points must share, and ranges a sensitivity design cannot draw from, are refused at their lines") {
    vrusim::testing::TempDir dir;
    const auto problems = problems_of(write_sweep(dir.path, "design: sobol\n"
                                                              "base_samples: 4\n"
                                                              "bootstrap: 10\n"
                                                              "output: {measure: knife_incidents}\n"
                                                              "factors:\n"
                                                              "  - key: run.seed\n"
                                                              "    range: [1, 9]\n"
                                                              "  - key: peer_influence.source_window_weeks\n"
                                                              "    range: [26, 26.4]\n"
                                                              "  - key: funding.taper\n"
                                                              "    range: [0, 2]\n"));
    CHECK_THAT(problems, Catch::Contains("bootstrap: expected a whole number from 50 to 10000, got 10"));
    CHECK_THAT(problems, Catch::Contains("factors[0].key: run.seed cannot vary within a sweep"));
    CHECK_THAT(problems, Catch::Contains("factors[1].range: peer_influence.source_window_weeks takes whole numbers and "
                                         "[26, 26.4] rounds to one value"));
    CHECK_THAT(problems, Catch::Contains("factors[2].range: funding.taper takes values in [0, 1]"));
}

TEST_CASE("sweep: a compared scenario's list entries are found by name, and the plan's own entries left out") {
    vrusim::testing::TempDir dir;
    const std::string tiny = std::string(VRUSIM_SCENARIO_DIR) + "/tiny.yaml";
    std::ofstream(dir.path / "plan.yaml") << "extends: " << tiny << "\nprogramme:\n  interventions:\n"
                                          << "    - {name: Alpha, places_per_year: 10, rr_offending: 0.9}\n"
                                          << "    - {name: Beta, places_per_year: 10, rr_offending: 0.9}\n";
    std::ofstream(dir.path / "other.yaml") << "extends: " << tiny << "\nprogramme:\n  interventions:\n"
                                           << "    - {name: Beta, places_per_year: 10, rr_offending: 0.9}\n";
    std::ofstream(dir.path / "s.yaml") << "base: plan.yaml\ndesign: morris\ntrajectories: 2\n"
                                       << "output: {measure: knife_incidents, compared_with: other.yaml}\nfactors:\n"
                                       << "  - key: programme.interventions[0].rr_offending\n    range: [0.5, 0.7]\n"
                                       << "  - key: programme.interventions[1].rr_offending\n    range: [0.2, 0.4]\n";
    const auto sweep = load_sweep(dir.path / "s.yaml");
    const auto points = expand_sweep(sweep);
    const auto plan = sweep_scenarios(sweep, points, {});
    const auto compared = sweep_scenarios(sweep, sweep.output.compared_with, points, {}, &plan.front());
    REQUIRE(compared.size() == points.size());
    for (std::size_t p = 1; p < points.size(); ++p) {
        const auto& beta = compared[p].parameters.programme.interventions.at(0);
        CHECK(beta.name == "Beta");
        CHECK(beta.rr_offending == std::stod(points[p].values[1]));  // Beta's factor, not Alpha's
        CHECK(plan[p].parameters.programme.interventions[0].rr_offending == std::stod(points[p].values[0]));
    }
}

TEST_CASE("sweep: a bad key or value under set: is reported at its own line, every one") {
    vrusim::testing::TempDir dir;
    const auto sweep = load_sweep(write_sweep(dir.path, "set:\n"
                                                          "  run.replicats: 2\n"
                                                          "  run.weeks: 0\n"
                                                          "factors:\n"
                                                          "  - {key: funding.taper, values: [0.1, 0.2]}\n"));
    try {
        sweep_scenarios(sweep, expand_sweep(sweep), {});
        FAIL("no error");
    } catch (const ScenarioError& e) {
        REQUIRE(e.problems.size() == 2);
        CHECK_THAT(e.problems[0], Catch::Contains("sweep.yaml:3:3: set.run.replicats: unknown key"));
        CHECK_THAT(e.problems[1], Catch::Contains("sweep.yaml:4:3: set.run.weeks: expected an integer"));
        CHECK_THAT(e.problems[0], !Catch::Contains("command line"));
    }
}
