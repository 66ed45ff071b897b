// The open cohort: slots age with their cohort, and people move in and away at birthdays so that
// each area keeps its single-year age structure (docs/model.md 7.3).
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "sim/model.hpp"
#include "sim/phases.hpp"

using namespace vrusim;

namespace {

// An area shaped like a university town: fewer 17-19s than 10-year-olds, then a student surge.
const std::vector<double> town = {3000, 2950, 2900, 2850, 2800, 2750, 2700, 2600, 2000,
                                  3600, 4000, 3900, 3200, 3000, 2900};

AreaSpec town_area(std::string name = "Town") {
    AreaSpec a;
    a.name = std::move(name);
    a.population_by_age = town;
    a.population_10_14 = std::accumulate(town.begin(), town.begin() + 5, 0.0);
    a.population_15_19 = std::accumulate(town.begin() + 5, town.begin() + 10, 0.0);
    a.population_20_24 = std::accumulate(town.begin() + 10, town.end(), 0.0);
    a.population_all_ages = 300000;
    return a;
}

// Only the population: every process that could kill or move people is off.
Parameters demography_only() {
    Parameters p;
    p.population.areas = {town_area()};
    p.violence.enabled = p.contagion.enabled = p.peer_influence.enabled = p.weapons.enabled = false;
    p.school.enabled = p.neet.enabled = p.family.enabled = p.county_lines.enabled = false;
    p.run.burn_in_weeks = 0;
    return p;
}

std::array<double, single_years> people_by_age(const Population& pop) {
    std::array<double, single_years> n{};
    for (std::uint32_t v = 0; v < pop.size(); ++v)
        if (!(pop.states[v] & state::gone)) ++n[pop.age_weeks[v] / weeks_per_year - age_min_years];
    return n;
}

}  // namespace

TEST_CASE("demography: a birthday's chances of moving away or in take one year's occupancy exactly to the next") {
    const CohortProfile c = cohort_profile(town_area());
    const double largest = *std::max_element(town.begin(), town.end());
    for (int i = 0; i < single_years; ++i) CHECK(c.occupancy[i] == Approx(town[i] / largest));
    for (int i = 0; i + 1 < single_years; ++i) {
        CAPTURE(i);
        // Expected occupancy after the birthday: occupants who stay, plus vacant slots filled.
        CHECK(c.occupancy[i] * (1 - c.leave[i]) + (1 - c.occupancy[i]) * c.fill[i] == Approx(c.occupancy[i + 1]));
        CHECK((c.leave[i] == 0 || c.fill[i] == 0));  // never both: the flows are net migration
    }
    CHECK(c.mean_occupancy == Approx(std::accumulate(town.begin(), town.end(), 0.0) / (15 * largest)));
}

TEST_CASE("demography: an area given only five-year bands spreads each band evenly over its years") {
    AreaSpec a;
    a.population_10_14 = 500;
    a.population_15_19 = 1000;
    a.population_20_24 = 250;
    const CohortProfile c = cohort_profile(a);
    for (int i = 0; i < single_years; ++i) CHECK(c.occupancy[i] == Approx(i < 5 ? 0.5 : i < 10 ? 1.0 : 0.25));
    CHECK(c.fill[4] == Approx(1.0));   // 14 -> 15: every vacant slot is taken
    CHECK(c.leave[9] == Approx(0.75)); // 19 -> 20: three in four move away
}

TEST_CASE("demography: the open cohort keeps the area's single-year age structure through a whole 15-year cycle") {
    const auto p = demography_only();
    Model m(p, RunPlan{0, 0, 11});
    const double slots = m.population().size();
    const double total = std::accumulate(town.begin(), town.end(), 0.0);
    for (int year = 0; year <= 20; ++year) {
        if (year % 5 == 0) {
            CAPTURE(year);
            const auto n = people_by_age(m.population());
            for (int i = 0; i < single_years; ++i) {
                CAPTURE(i);
                // The slots at one age are a multinomial share of all slots (variance at most
                // slots / 15), each held with its age's occupancy: 5 standard errors.
                CHECK(std::abs(n[i] - town[i]) < 5 * std::sqrt(slots / 15));
            }
            const double people = std::accumulate(n.begin(), n.end(), 0.0);
            CHECK(std::abs(people - total) < 5 * std::sqrt(slots / 4));
        }
        for (int week = 0; week < weeks_per_year; ++week) m.step();
    }
}

TEST_CASE("demography: people move away where a cohort shrinks and move in where it grows, and the counts say so") {
    const auto p = demography_only();
    Model m(p, RunPlan{0, 0, 12});
    const CohortProfile c = cohort_profile(p.population.areas[0]);
    const double slots_per_year = m.population().size() / 15.0;
    // Over a year every slot has one birthday: moves away at age i -> i+1 are Binomial(held, leave).
    std::array<double, single_years> left{}, entered{};
    const auto& pop = m.population();
    for (int week = 0; week < weeks_per_year; ++week) {
        const auto before = pop.states;
        const auto ages = pop.age_weeks;
        m.step();
        for (std::uint32_t v = 0; v < pop.size(); ++v) {
            const bool birthday = (ages[v] + 1) % weeks_per_year == 0 && ages[v] + 1 < (age_max_years + 1) * weeks_per_year;
            if (!birthday) continue;
            const int i = ages[v] / weeks_per_year - age_min_years;
            if (!(before[v] & state::vacant) && pop.states[v] & state::vacant) ++left[i];
            if (before[v] & state::vacant && !(pop.states[v] & state::vacant)) ++entered[i];
        }
    }
    for (int i = 0; i + 1 < single_years; ++i) {
        CAPTURE(i);
        const double held = slots_per_year * c.occupancy[i], empty = slots_per_year - held;
        CHECK(std::abs(left[i] - held * c.leave[i]) < 5 * std::sqrt(held * c.leave[i] + slots_per_year / 15) + 5);
        CHECK(std::abs(entered[i] - empty * c.fill[i]) < 5 * std::sqrt(empty * c.fill[i] + slots_per_year / 15) + 5);
    }
    CHECK(left[7] > 500);      // 17 -> 18: 2,600 -> 2,000 is the town's school leavers going away
    CHECK(entered[7] == 0);
    CHECK(entered[8] > 1000);  // 18 -> 19: the students arrive
}

TEST_CASE("demography: someone moving in at 19 brings the history their age implies, a 10-year-old none") {
    auto p = demography_only();
    p.violence.enabled = true;
    p.violence.base_rate_per_year = 1.0;
    p.violence.offending_proneness_sigma = 0;  // everyone about one offence a year
    Model m(p, RunPlan{0, 0, 13});
    auto& pop = m.population();
    int newcomers_19 = 0, offended_19 = 0, newcomers_10 = 0, offended_10 = 0;
    for (int week = 0; week < weeks_per_year; ++week) {
        const auto before = pop.states;
        m.step();
        for (std::uint32_t v = 0; v < pop.size(); ++v) {
            if (!(before[v] & state::vacant) || pop.states[v] & state::vacant) continue;
            const int age = pop.age_weeks[v] / weeks_per_year;
            const bool offended = pop.states[v] & state::ever_offended && weeks_since(pop.last_offence[v], m.world().week) > 0;
            if (age == 19) newcomers_19 += 1, offended_19 += offended;
            if (age == 10) newcomers_10 += 1, offended_10 += offended;
        }
    }
    REQUIRE(newcomers_19 > 500);
    REQUIRE(newcomers_10 > 500);
    CHECK(offended_19 > newcomers_19 / 4);  // nine years at about one offence a year
    CHECK(offended_10 == 0);
}

TEST_CASE("demography: at each birthday the log offending proneness moves as an AR(1) around its fixed part, its spread unchanged") {
    // Everyone who stays has one birthday a year: the standard-normal states at the start and after
    // `years` have correlation f + (1 - f) rho^years (f the fixed share of the variance) and
    // variance 1, and static_rr moves by exp(sigma (z1 - z0)).
    struct Case {
        double rho, fixed_share;
        int years;
    };
    for (const auto c : {Case{0.5, 0.0, 1}, Case{1.0, 0.0, 1}, Case{0.5, 0.4, 1}, Case{0.5, 0.4, 4}, Case{0.0, 1.0, 2}}) {
        CAPTURE(c.rho, c.fixed_share, c.years);
        auto p = demography_only();
        p.violence.offending_proneness_sigma = 1.5;
        p.violence.offending_proneness_year_correlation = c.rho;
        p.violence.offending_proneness_fixed_share = c.fixed_share;
        Model m(p, RunPlan{0, 0, 21});
        auto& pop = m.population();
        const auto z0 = pop.proneness_z;
        const auto rr0 = pop.static_rr;
        const auto gen0 = pop.generation;
        const auto states0 = pop.states;
        for (int week = 0; week < c.years * weeks_per_year; ++week) m.step();
        double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        bool rr_follows = true;
        for (std::uint32_t v = 0; v < pop.size(); ++v) {
            // The same person at both ends: present at the start, not replaced since.
            if ((states0[v] | pop.states[v]) & state::gone || pop.generation[v] != gen0[v] || rr0[v] <= 0) continue;
            const double x = z0[v], y = pop.proneness_z[v];
            n += 1, sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
            rr_follows &= std::abs(pop.static_rr[v] / rr0[v] / std::exp(1.5 * (y - x)) - 1) < 1e-3;
        }
        REQUIRE(n > 2000);
        CHECK(rr_follows);
        const double vx = sxx / n - (sx / n) * (sx / n), vy = syy / n - (sy / n) * (sy / n);
        const double r = (sxy / n - sx / n * sy / n) / std::sqrt(vx * vy);
        const double expected = c.fixed_share + (1 - c.fixed_share) * std::pow(c.rho, c.years);
        CAPTURE(r, expected, vy, n);
        if (expected >= 1) {
            CHECK(r == Approx(1.0));
        } else {
            // The sample correlation has standard error (1 - r^2) / sqrt(n); the variance of a
            // standard normal sample, sqrt(2 / n). Five of each.
            CHECK(std::abs(r - expected) < 5 * (1 - expected * expected) / std::sqrt(n));
            CHECK(std::abs(vy - 1) < 5 * std::sqrt(2 / n));
        }
    }
}
