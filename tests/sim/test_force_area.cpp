// Any force area from its own data: constants that were Thames Valley's (the line count, the
// level of deprivation) follow the areas' figures (docs/model.md 6).
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/county_lines.hpp"
#include "sim/model.hpp"
#include "sim/phases.hpp"

using namespace vrusim;

namespace {

AreaSpec area(std::string name, double per_band, double all_ages, double imd) {
    AreaSpec a;
    a.name = std::move(name);
    a.population_10_14 = a.population_15_19 = a.population_20_24 = per_band;
    a.population_all_ages = all_ages;
    a.imd_score = imd;
    return a;
}

}  // namespace

TEST_CASE("force area: an IMD score's national percentile interpolates the national score table") {
    const auto& scores = Parameters{}.factors.national_imd_scores;
    CHECK(national_percentile(scores, 17.6475) == Approx(0.50));  // the national median (IoD2019)
    CHECK(national_percentile(scores, 43.8551) == Approx(0.90));
    CHECK(national_percentile(scores, (8.615 + 9.9138) / 2) == Approx(0.225));
    CHECK(national_percentile(scores, 0.1) == 0.0);
    CHECK(national_percentile(scores, 99.0) == 1.0);
}

TEST_CASE("force area: a neighbourhood's deprivation multiplier comes from its national rank, not its rank in the force") {
    // Two forces of one area each, every neighbourhood at the area's score (no spread): one at the
    // national 90th percentile, one at the 10th. Ranked within each force both would be average.
    Parameters p;
    p.population.deprivation_cv = 0;
    for (const auto& [imd, expected] : {std::pair{43.8551, std::pow(3.6, 0.5)}, std::pair{5.9083, std::pow(3.6, -0.5)},
                                        std::pair{17.6475, 1.0}}) {
        CAPTURE(imd);
        p.population.areas = {area("Only", 1000, 30000, imd)};
        Population pop;
        Layout layout;
        synthesise(p, 1, 0, pop, layout);
        for (const float rr : layout.neighbourhood_rr) CHECK(rr == Approx(expected).epsilon(1e-5));
    }
}

TEST_CASE("force area: violence follows the force's own deprivation, 3.6 times as high in a deprived force as in a leafy one") {
    // Every other factor at 1 and no feedback, so a person's weekly hazard is base x D exactly.
    auto force = [](double imd) {
        Parameters p;
        p.population.deprivation_cv = 0;
        p.population.areas = {area("Only", 4000, 100000, imd)};
        p.run.burn_in_weeks = 0;
        p.contagion.enabled = p.peer_influence.enabled = p.weapons.enabled = false;
        p.school.enabled = p.neet.enabled = p.family.enabled = p.county_lines.enabled = false;
        auto& f = p.factors;
        f.rr_high_propensity = f.rr_prior_offending = f.rr_substance_use = f.rr_ace = f.rr_trusted_adult = 1;
        f.rr_parent_in_prison = f.rr_violent_peers = f.rr_excluded = f.rr_suspended_recent = f.rr_neet = f.rr_sport = 1;
        p.violence.age_rr_10_13 = p.violence.age_rr_18_24 = p.violence.female_rr = 1;
        p.violence.base_rate_per_year = 0.5;
        p.violence.offending_proneness_sigma = 0;
        p.violence.p_homicide_given_knife_injury = 0;
        p.justice.p_custody_given_arrest = p.justice.p_custody_given_arrest_18_24 = 0;
        return p;
    };
    auto incidents_per_person = [](const Parameters& p) {
        Model m(p, RunPlan{0, 0, 5});
        double incidents = 0, person_weeks = 0;
        for (int week = 0; week < 52; ++week) {
            m.step();
            person_weeks += m.people();
            for (const Event& e : m.events()) incidents += e.type == EventType::violent_incident;
        }
        return std::pair{incidents, person_weeks};
    };
    const auto [deprived, deprived_weeks] = incidents_per_person(force(43.8551));  // national 90th percentile
    const auto [leafy, leafy_weeks] = incidents_per_person(force(5.9083));         // national 10th percentile
    const double ratio = (deprived / deprived_weeks) / (leafy / leafy_weeks);
    // Poisson counts: the log ratio has standard error sqrt(1/a + 1/b); 5 of them.
    CHECK(std::abs(std::log(ratio / 3.6)) < 5 * std::sqrt(1 / deprived + 1 / leafy));
    const double expected_leafy = 0.5 / 52 * std::pow(3.6, -0.5) * leafy_weeks;  // a Poisson count a week
    CHECK(std::abs(leafy - expected_leafy) < 5 * std::sqrt(expected_leafy));
}

TEST_CASE("force area: a force's county lines are its population share of the nation's, unless given") {
    Parameters p;
    p.population.areas = {area("North", 2000, 400000, 20), area("South", 2000, 200000, 15)};
    Population pop;
    Layout layout;
    synthesise(p, 1, 0, pop, layout);
    const auto& c = p.county_lines;
    const double growth = 1 + c.closure_rate_per_week / c.entry_rate_per_week;  // capacity K = L (1 + c / r)
    auto capacity = [&](const Parameters& q) { return CountyLines::build(q, layout, pop, 1, 0).lines_capacity; };
    CHECK(capacity(p) == Approx(c.lines_national * 600000 / p.population.national_all_ages * growth));
    auto twice = p;
    twice.population.national_all_ages /= 2;  // the same force is twice the share of a smaller nation
    CHECK(capacity(twice) == Approx(2 * capacity(p)));
    auto given = p;
    given.county_lines.lines_regional = 12;
    CHECK(capacity(given) == Approx(12 * growth));
}
