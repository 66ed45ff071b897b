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
                        "safeguarding_referral, nrm_referral, line_closure, hot_places, got 'ae_atendance'"));
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
    CHECK(has(problems, "t.yaml:12:7: programme.interventions[2].name: every intervention needs a name (not only spaces)"));
    CHECK(has(problems, "t.yaml:12:7: programme.interventions[2].places_per_year: an enabled intervention needs places "
                        "(places_per_year or adult_places_per_year above 0), money (budget_per_year above 0) or a "
                        "fixed cost (a line with no participants); set enabled: false to keep it without running it"));
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

TEST_CASE("scenario loader: money keys of interventions and the funding plan are checked with their figures") {
    const auto problems = text_problems(one_area + R"(programme:
  interventions:
    - {name: A, places_per_year: 10, budget_per_year: 5000, cost_per_participant: 100, funded_by: grnat}
    - {name: B, budget_per_year: 5000, on_stop: stop}
    - {name: C, budget_per_year: 5000, cost_fixed_per_year: 4950, cost_per_participant: 100}
funding:
  enabled: true
  cut_rule: random
  grant_ends_year: 2024
  taper_from_year: 2020
  taper: 1.2
)");
    CHECK(has(problems, "t.yaml:10:34: programme.interventions[0].places_per_year: give places (places_per_year, 10) or "
                        "money (budget_per_year, 5000), not both: with a budget the places are what it buys"));
    CHECK(has(problems, "t.yaml:10:99: programme.interventions[0].funded_by: expected one of grant, separate, got "
                        "'grnat'"));
    CHECK(has(problems, "t.yaml:11:34: programme.interventions[1].budget_per_year: a budget buys places at "
                        "cost_per_participant, which must then be above 0"));
    CHECK(has(problems, "t.yaml:11:49: programme.interventions[1].on_stop: expected one of finish, drop_out, got "
                        "'stop'"));
    CHECK(has(problems, "t.yaml:12:34: programme.interventions[2].budget_per_year: a budget of 5000 buys no place: it "
                        "is less than the fixed cost (4950) plus one participant (100)"));
    CHECK(has(problems, "t.yaml:15:13: funding.cut_rule: expected one of priority, pro_rata, got 'random'"));
    CHECK(has(problems, "t.yaml:16:20: funding.grant_ends_year: must be 0 (never) or a financial year after the first "
                        "reported one (run.start_year 2024), got 2024; for a run with no grant set funding.grant: 0"));
    CHECK(has(problems, "t.yaml:17:20: funding.taper_from_year: must be 0 (never) or a financial year after the "
                        "first reported one (run.start_year 2024), got 2020; the first year's grant is funding.grant"));
    CHECK(has(problems, "t.yaml:18:10: funding.taper: expected a real number in [0, 1], got 1.2"));
    CHECK(problems.size() == 9);

    const auto misspelt = text_problems(one_area + "fundng:\n  grant: 1\n");
    CHECK(has(misspelt, "t.yaml:8:1: fundng: unknown key; did you mean 'funding'?"));
}
