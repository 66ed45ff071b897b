// The built-in catalogue of interventions (scenarios/catalogue.yaml, io/catalogue.hpp): every entry
// is a valid intervention, a scenario's own keys replace the entry's, a misspelt id is reported
// with the closest one, and docs/interventions.md describes every entry.
#include <fstream>
#include <sstream>

#include "io/catalogue.hpp"
#include "io/overrides.hpp"
#include "scenario_loader_fixture.hpp"
#include "sim/programme/funding.hpp"

using namespace vrusim;
using namespace vrusim::testing::loader;

TEST_CASE("catalogue: every entry loads as an intervention, and the docs describe each") {
    const auto ids = io::catalogue_ids();
    REQUIRE(ids.size() >= 20);
    std::ifstream docs(VRUSIM_SOURCE_DIR "/docs/interventions.md");
    std::stringstream text;
    text << docs.rdbuf();
    for (const auto& id : ids) {
        CAPTURE(id);
        const auto s = load_text(one_area + "programme:\n  interventions:\n    - catalogue: " + id + "\n");
        REQUIRE(s.parameters.programme.interventions.size() == 1);
        const InterventionSpec& in = s.parameters.programme.interventions[0];
        CHECK(in.catalogue == id);
        CHECK_FALSE(in.name.empty());
        CHECK_FALSE(in.evidence.empty());
        CHECK_FALSE(in.source.empty());
        require_round_trip(s);
        CHECK(text.str().find("`" + id + "`") != std::string::npos);
    }
}

TEST_CASE("catalogue: a scenario's own keys replace the entry's, one by one") {
    const auto s = load_text(one_area + R"(programme:
  interventions:
    - {catalogue: school_navigators, area: A, budget_per_year: 153000, places_per_year: 0, rr_exclusion: 0.7}
)");
    const InterventionSpec& in = s.parameters.programme.interventions[0];
    CHECK(in.name == "School Navigators");        // the entry's
    CHECK(in.trigger == "suspension");            // the entry's
    CHECK(in.rr_offending == 0.84);               // the entry's
    CHECK(in.rr_exclusion == 0.7);                // the scenario's
    CHECK(in.area == "A");                        // the scenario's
    CHECK(planned_places_per_year(in) == Approx(200));  // £153,000 at the entry's £765
    require_round_trip(s);
}

TEST_CASE("catalogue: a misspelt entry is named at its line with the closest id, --set cannot change it") {
    const auto problems = text_problems(one_area + "programme:\n  interventions:\n    - {catalogue: school_navigatrs}\n");
    CHECK(has(problems, "t.yaml:10:19: programme.interventions[0].catalogue: no entry 'school_navigatrs' in the "
                        "built-in catalogue (scenarios/catalogue.yaml); did you mean 'school_navigators'?"));
    auto s = load_text(one_area + "programme:\n  interventions:\n    - {catalogue: mentoring}\n");
    const auto refused = problems_of([&] { io::apply_override(s, "programme.interventions[0].catalogue", "divert"); });
    CHECK(refused.front().find("programme.interventions[0].catalogue: names the catalogue entry") != std::string::npos);
}

TEST_CASE("catalogue: a problem an entry's value causes is reported at the line that asked for the entry") {
    // The entry gives places; a budget beside them conflicts, at the user's catalogue: line.
    const auto problems = text_problems(one_area + "programme:\n  interventions:\n"
                                                   "    - {catalogue: school_navigators, budget_per_year: 153000}\n");
    CHECK(has(problems, "t.yaml:10:19: programme.interventions[0].places_per_year: give places (places_per_year, 200) "
                        "or money (budget_per_year, 153000), not both: with a budget the places are what it buys"));
}

TEST_CASE("catalogue: --set changes taken together are judged together (places to a budget)") {
    auto s = load_text(one_area + "programme:\n  interventions:\n    - {catalogue: school_navigators}\n");
    io::apply_overrides(s, {"programme.interventions[0].places_per_year=0",
                            "programme.interventions[0].budget_per_year=76500"});
    CHECK(planned_places_per_year(s.parameters.programme.interventions[0]) == Approx(100));
    // One of them alone breaks a rule, and the scenario is left as it was.
    const auto before = s.resolved_yaml;
    const auto refused = problems_of([&] { io::apply_overrides(s, {"programme.interventions[0].places_per_year=5"}); });
    CHECK(refused.front().find("not both") != std::string::npos);
    CHECK(s.resolved_yaml == before);
}
