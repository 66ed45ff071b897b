// The network view's data (gui/network_sample.hpp): the busiest live county line of a replicate,
// its runners tied to it, the people tied to them by layer, and a layout that draws tied people
// closer than others, deterministically.
#include <catch2/catch.hpp>

#include <cmath>

#include "gui/network_sample.hpp"
#include "io/scenario_loader.hpp"

using namespace vrusim;

TEST_CASE("network: the busiest line's runners and their ties, laid out with tied people close") {
    auto scenario = io::load_scenario(VRUSIM_SCENARIO_DIR "/default.yaml");
    io::apply_override(scenario, "population.scale", "0.05");
    const auto s = gui::sample_county_line(scenario.parameters);
    INFO(s.note);
    REQUIRE(s.nodes.size() > 2);
    CHECK(s.nodes[0].role == gui::NetworkRole::line);
    CHECK(s.lines_live > 0);
    int runners = 0;
    for (const auto& n : s.nodes) {
        CHECK(n.x >= 0);
        CHECK(n.x <= 1);
        CHECK(n.y >= 0);
        CHECK(n.y <= 1);
        if (n.role == gui::NetworkRole::runner) {
            ++runners;
            CHECK(n.exploited);  // a runner is criminally exploited
            CHECK(n.age >= 10);
            CHECK(n.age <= 24);
        }
    }
    CHECK(runners > 0);
    std::vector<int> degree(s.nodes.size(), 0);
    int line_ties = 0;
    for (const auto& e : s.edges) {
        REQUIRE(e.a < s.nodes.size());
        REQUIRE(e.b < s.nodes.size());
        CHECK(e.a != e.b);
        ++degree[e.a], ++degree[e.b];
        if (e.kind == gui::NetworkTie::line) {
            ++line_ties;
            CHECK(e.a == 0);
            CHECK(s.nodes[e.b].role == gui::NetworkRole::runner);
        }
    }
    CHECK(line_ties == runners);
    for (std::size_t i = 0; i < s.nodes.size(); ++i) CHECK(degree[i] > 0);  // everyone shown is tied to the line's people

    // Tied people closer than people in general.
    auto distance = [&](std::size_t a, std::size_t b) { return std::hypot(s.nodes[a].x - s.nodes[b].x, s.nodes[a].y - s.nodes[b].y); };
    double tied = 0, all = 0;
    for (const auto& e : s.edges) tied += distance(e.a, e.b);
    tied /= static_cast<double>(s.edges.size());
    std::size_t pairs = 0;
    for (std::size_t a = 0; a < s.nodes.size(); ++a)
        for (std::size_t b = a + 1; b < s.nodes.size(); ++b, ++pairs) all += distance(a, b);
    all /= static_cast<double>(pairs);
    CHECK(tied < 0.8 * all);

    // The same scenario and seed: the same picture.
    const auto again = gui::sample_county_line(scenario.parameters);
    REQUIRE(again.nodes.size() == s.nodes.size());
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        CHECK(again.nodes[i].slot == s.nodes[i].slot);
        CHECK(again.nodes[i].x == s.nodes[i].x);
    }
}

TEST_CASE("network: with county lines off there is no line, and a note says why") {
    auto scenario = io::load_scenario(VRUSIM_SCENARIO_DIR "/tiny.yaml");
    io::apply_override(scenario, "county_lines.enabled", "false");
    const auto s = gui::sample_county_line(scenario.parameters);
    CHECK(s.nodes.empty());
    CHECK(s.note.find("county_lines.enabled") != std::string::npos);
}
