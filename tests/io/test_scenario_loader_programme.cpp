// The programme's interventions are data: validated by the same schema machinery as every other
// key (file, line and key, what was expected, "did you mean").
#include "scenario_loader_fixture.hpp"

using namespace vrusim;
using namespace vrusim::testing::loader;

TEST_CASE("scenario loader: an intervention's keys are read, and bad ones are reported at their line") {
    const auto problems = text_problems(one_area + R"(programme:
  interventions:
    - {name: Navigators, trigger: ae_atendance, area: Nowhere, sex: boys, requires_state: nett}
    - {name: Navigators, age_min: 18, age_max: 17, start_week: 10, end_week: 10, take_up: 2, rr_ofending: 0.5}
    - {trigger: community}
)");
    CHECK(has(problems, "t.yaml:10:35: programme.interventions[0].trigger: expected one of community, suspension, "
                        "permanent_exclusion, ae_attendance, arrest, custody, parent_imprisonment, "
                        "safeguarding_referral, got 'ae_atendance'"));
    CHECK(has(problems, "t.yaml:10:55: programme.interventions[0].area: 'Nowhere' is not the name of an area in "
                        "population.areas; give one of their names, or \"\" for every area"));
    CHECK(has(problems, "t.yaml:10:69: programme.interventions[0].sex: expected one of any, male, female, got 'boys'"));
    CHECK(has(problems, "t.yaml:10:91: programme.interventions[0].requires_state: expected empty (no state) or one of "
                        "excluded, neet, exploited, carrying, parent_in_prison, recent_offender, ever_offended, got "
                        "'nett'"));
    CHECK(has(problems, "t.yaml:11:14: programme.interventions[1].name: 'Navigators' is also the name of "
                        "programme.interventions[0]; give each intervention a name of its own"));
    CHECK(has(problems, "t.yaml:11:35: programme.interventions[1].age_min: age_min (18) must be at most age_max (17)"));
    CHECK(has(problems, "t.yaml:11:78: programme.interventions[1].end_week: must be 0 (never) or after start_week "
                        "(10), got 10"));
    CHECK(has(problems, "t.yaml:11:91: programme.interventions[1].take_up: expected a real number in [0, 1], got 2"));
    CHECK(has(problems, "t.yaml:11:94: programme.interventions[1].rr_ofending: unknown key; did you mean "
                        "'rr_offending'?"));
    CHECK(has(problems, "t.yaml:12:7: programme.interventions[2].name: every intervention needs a name"));
    CHECK(has(problems, "t.yaml:12:7: programme.interventions[2].places_per_year: an enabled intervention needs places "
                        "(places_per_year above 0); set enabled: false to keep it without running it"));
    CHECK(problems.size() == 13);  // and no places in [0] and [1] either

    const auto ok = load_text(one_area + R"(programme:
  interventions:
    - {name: School Navigators, trigger: suspension, area: A, age_min: 11, age_max: 16, places_per_year: 200,
       take_up: 0.8, duration_weeks: 39, rr_exclusion: 0.7, cost_per_participant: 765}
)");
    REQUIRE(ok.parameters.programme.interventions.size() == 1);
    const InterventionSpec& in = ok.parameters.programme.interventions[0];
    CHECK(in.name == "School Navigators");
    CHECK(in.trigger == "suspension");
    CHECK(in.places_per_year == 200);
    CHECK(in.rr_exclusion == 0.7);
    CHECK(in.rr_offending == 1);  // not given: no effect
    require_round_trip(ok);
}
