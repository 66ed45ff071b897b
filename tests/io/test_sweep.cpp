// Sweep files (io/sweep.hpp): the designs' points, and problems reported at the sweep file's lines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>

#include "io/sweep.hpp"
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
    try {
        load_sweep(file);
    } catch (const ScenarioError& e) {
        std::string all;
        for (const auto& p : e.problems) all += p + "\n";
        return all;
    }
    return "";
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

TEST_CASE("sweep: every point is checked before any runs; a bad value is reported once, with its points") {
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
