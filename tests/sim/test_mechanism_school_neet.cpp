// School exclusions and suspensions, and NEET spells, in isolation.
// Each mechanism in isolation against its analytical expectation. Seeds are fixed; every
// statistical tolerance is 5 standard errors of the binomial (or Poisson, geometric) sampling
// spread, stated beside it, so a correct model fails about once in 3.5 million checks.
#include <catch2/catch.hpp>

#include "mechanisms_fixture.hpp"

using namespace vrusim;
using namespace vrusim::testing::mechanisms;

TEST_CASE("school: pupils' mean exclusion and suspension rates are the configured ones, and FSM pupils without SEN are excluded rr_exclusion_fsm times as often as pupils with neither") {
    auto p = isolated(2000);
    p.school.enabled = true;
    p.school.p_perm_exclusion_per_year = 0.5;
    p.school.p_suspension_per_year = 2.0;
    Model m(p, plan);
    World& w = m.world();
    auto& pop = m.population();
    const auto n = pop.size();
    const int leaving = p.school.leaving_age * weeks_per_year;
    const std::uint16_t fsm_sen = trait::fsm | trait::sen;
    double pupil_weeks = 0, exclusions = 0, suspensions = 0;
    double fsm_weeks = 0, fsm_excluded = 0, plain_weeks = 0, plain_excluded = 0;
    bool leavers_untouched = true, marks_agree = true;
    // Many independent single weeks from the same starting point (no one is excluded), so the
    // pupils at risk are the pupils the rates were normalised over.
    for (int round = 0; round < 150; ++round) {
        for (std::uint32_t v = 0; v < n; ++v) {
            pop.states[v] &= static_cast<std::uint16_t>(~state::excluded);
            pop.last_suspended[v] = never;
            w.marks[v] = 0;
        }
        w.week = 200 + round;
        life_events(w);
        for (std::uint32_t v = 0; v < n; ++v) {
            if (pop.age_weeks[v] >= leaving) {
                leavers_untouched &= w.marks[v] == 0 && !(pop.states[v] & state::excluded);
                continue;
            }
            const bool excluded = pop.states[v] & state::excluded;
            marks_agree &= excluded == ((w.marks[v] & mark::excluded) != 0);
            pupil_weeks += 1;
            exclusions += excluded;
            suspensions += (w.marks[v] & mark::suspended) != 0;
            const auto t = pop.traits[v] & fsm_sen;
            if (t == trait::fsm) {
                fsm_weeks += 1;
                fsm_excluded += excluded;
            } else if (t == 0) {
                plain_weeks += 1;
                plain_excluded += excluded;
            }
        }
    }
    CHECK(leavers_untouched);
    CHECK(marks_agree);
    // The configured exclusion figure is an annual probability: weekly 1 - (1 - P)^(1/52).
    const double exclusion_weekly = 1 - std::pow(1 - p.school.p_perm_exclusion_per_year, 1.0 / 52);
    CHECK(share_near(exclusions, pupil_weeks, exclusion_weekly));  // binomial, 5 SE
    const double observed_annual = 1 - std::pow(1 - exclusions / pupil_weeks, 52);
    CHECK(observed_annual == Approx(p.school.p_perm_exclusion_per_year).epsilon(0.1));
    // Suspensions are a rate per pupil-year, P/52 a week.
    CHECK(share_near(suspensions, pupil_weeks, p.school.p_suspension_per_year / 52));  // binomial, 5 SE
    // Ratio of two binomial shares: relative standard error sqrt(1/x1 + 1/x2) (delta method); 5 of them.
    const double ratio = (fsm_excluded / fsm_weeks) / (plain_excluded / plain_weeks);
    CHECK(std::abs(ratio / p.school.rr_exclusion_fsm - 1) < 5 * std::sqrt(1 / fsm_excluded + 1 / plain_excluded));
}

namespace {

struct NeetRun {
    double share = 0;        ///< NEET share of person-weeks at or above the age floor
    double weekly_n = 0;     ///< people at or above the age floor in a week
    double tau = 0;          ///< autocorrelation time of a person's state, 1 / (entry + 1/D)
};

// Runs a NEET-only model and averages the NEET share of those aged `floor_years` and over
// across `weeks` weeks after a burn-in.
NeetRun neet_run(const Parameters& p, int floor_years, int burn_in, int weeks) {
    Model m(p, plan);
    const auto& pop = m.population();
    const int floor = floor_years * weeks_per_year;
    double eligible = 0, neet = 0;
    for (int week = 0; week < burn_in + weeks; ++week) {
        m.step();
        if (week < burn_in) continue;
        for (std::uint32_t v = 0; v < pop.size(); ++v)
            if (pop.age_weeks[v] >= floor) {
                eligible += 1;
                neet += (pop.states[v] & state::neet) != 0;
            }
    }
    const double target = p.neet.prevalence, d = p.neet.spell_mean_weeks;
    return {neet / eligible, eligible / weeks, 1 / (target / (d * (1 - target)) + 1 / d)};
}

// A person's state is autocorrelated over tau weeks, so `weeks` weekly samples of n people hold
// about n * weeks / (2 tau) independent binomial samples; this is 5 standard errors of the mean.
double neet_tolerance(double target, const NeetRun& run, int weeks) {
    return 5 * std::sqrt(target * (1 - target) * 2 * run.tau / (run.weekly_n * weeks));
}

}  // namespace

TEST_CASE("neet: entry and spells balance at neet.prevalence among those past the age floor's transient") {
    auto p = isolated(6000);
    p.neet.enabled = true;
    // New 16-year-olds start outside NEET and reach the equilibrium within a few tau (23 weeks
    // here), so from 18 on the share is the equilibrium e D / (1 + e D) = prevalence.
    constexpr int weeks = 300;
    const auto run = neet_run(p, p.neet.min_age + 2, 150, weeks);
    CAPTURE(run.share);
    CHECK(std::abs(run.share - p.neet.prevalence) < neet_tolerance(p.neet.prevalence, run, weeks));
}

TEST_CASE("neet: prevalence among those aged min_age and over settles at neet.prevalence") {
    auto p = isolated(6000);
    p.neet.enabled = true;
    // Long spells and a high prevalence make a shortfall from the entry of 16-year-olds at 0%
    // (about prevalence * tau / 468 weeks of eligible ages) large against the sampling error.
    p.neet.prevalence = 0.3;
    p.neet.spell_mean_weeks = 52;
    constexpr int weeks = 300;
    const auto run = neet_run(p, p.neet.min_age, 150, weeks);
    CAPTURE(run.share);
    CHECK(std::abs(run.share - p.neet.prevalence) < neet_tolerance(p.neet.prevalence, run, weeks));
}

TEST_CASE("neet: starting prevalence among those of NEET age is the target whatever the share excluded") {
    // With many people permanently excluded (NEET relative risk rr_excluded), the starting draw
    // is normalised by the mean relative risk of those of NEET age (Normalisers::neet_rr_mean).
    auto p = isolated(3000);
    p.school.enabled = true;
    p.school.p_perm_exclusion_per_year = 0.3;
    p.neet.enabled = true;
    p.neet.rr_excluded = 3;
    Model m(p, plan);
    const auto& pop = m.population();
    const int min_age = p.neet.min_age * weeks_per_year;
    double eligible = 0, neet = 0, rr_sum = 0, excluded = 0;
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        if (pop.age_weeks[v] < min_age) continue;
        eligible += 1;
        neet += (pop.states[v] & state::neet) != 0;
        excluded += (pop.states[v] & state::excluded) != 0;
        rr_sum += neet_static_rr(p, pop.states[v]);
    }
    REQUIRE(excluded / eligible > 0.3);
    CHECK(m.world().normalisers.neet_rr_mean == Approx(rr_sum / eligible).epsilon(1e-9));
    CHECK(share_near(neet, eligible, p.neet.prevalence));  // binomial, 5 SE
}

TEST_CASE("school: permanent exclusions and suspensions follow their age profiles, peaking at 14") {
    auto p = isolated(3000);
    p.school.enabled = true;
    p.school.p_perm_exclusion_per_year = 0.2;  // many events; every pupil otherwise alike
    p.school.p_suspension_per_year = 2.0;
    p.school.rr_exclusion_fsm = p.school.rr_exclusion_sen = 1;
    Model m(p, plan);
    const auto& pop = m.population();
    std::array<double, 8> pupils{}, exclusions{}, suspensions{};
    for (int week = 0; week < 26; ++week) {
        m.step();
        for (std::uint32_t v = 0; v < pop.size(); ++v) {
            const int age = pop.age_weeks[v] / weeks_per_year;
            if (age < 18 && !(pop.states[v] & (state::gone | state::excluded))) pupils[age - 10] += 1;
        }
        for (const Event& e : m.events()) {
            const int age = pop.age_weeks[e.agent] / weeks_per_year;
            if (e.type == EventType::permanent_exclusion) exclusions[age - 10] += 1;
            if (e.type == EventType::suspension) suspensions[age - 10] += 1;
        }
    }
    // Rate per pupil-week at each age, relative to the profile: the same constant for every age.
    const auto& ex = p.school.exclusion_age_rr;
    const auto& su = p.school.suspension_age_rr;
    const double ex_scale = exclusions[4] / pupils[4] / ex[4], su_scale = suspensions[4] / pupils[4] / su[4];
    for (int i = 0; i < 8; ++i) {
        CAPTURE(i);
        // Poisson counts: 5 SE of the expected count, and no exclusions to speak of at 16-17.
        const double ex_expected = ex_scale * ex[i] * pupils[i], su_expected = su_scale * su[i] * pupils[i];
        CHECK(std::abs(exclusions[i] - ex_expected) < 5 * std::sqrt(ex_expected) + 5);
        CHECK(std::abs(suspensions[i] - su_expected) < 5 * std::sqrt(su_expected) + 5);
    }
    CHECK(exclusions[4] > 10 * exclusions[7]);
}
