// The budget optimiser's library (sim/optimise/): a synthetic grant problem whose effects are
// configured, so its best allocation is known, is solved by successive halving under common random
// numbers; allocations that break the grant, its conditions or a limit are never raced; the
// finalists are confirmed on replicates the search never saw; the frontier keeps only the undominated.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "sim/optimise/allocation.hpp"
#include "sim/optimise/frontier.hpp"
#include "sim/optimise/search.hpp"
#include "sim/programme/funding.hpp"
#include "sim/rng.hpp"

using namespace vrusim;
using namespace vrusim::optimise;

namespace {

// A grant of £400,000 a year with a £100,000 core and 10% evaluation: £272,727 for interventions.
Parameters grant_plan() {
    Parameters p;
    p.run.weeks = 104;
    p.funding.enabled = true;
    p.funding.grant = 400000;
    p.funding.core_cost = 100000;
    p.funding.evaluation_share = 0.10;
    const double costs[] = {1000, 2000, 500};
    const char* names[] = {"A", "B", "C"};
    for (int i = 0; i < 3; ++i) {
        InterventionSpec in;
        in.name = names[i];
        in.cost_per_participant = costs[i];
        in.places_per_year = i == 0 ? 150 : 0;  // the current plan: 150 places of A
        in.enabled = i == 0;
        p.programme.interventions.push_back(in);
    }
    return p;
}

std::vector<Candidate> grant_candidates() {
    return {{0, {0, 50, 100, 150, 200}}, {1, {0, 25, 50, 75}}, {2, {0, 100, 200, 300}}};
}

// The configured effect of an allocation (harms averted a year): diminishing returns in each.
double true_effect(const Allocation& a) {
    return 10 * (1 - std::exp(-a[0] / 60)) + 14 * (1 - std::exp(-a[1] / 30)) + 6 * (1 - std::exp(-a[2] / 150));
}

}  // namespace

TEST_CASE("optimise: successive halving under common random numbers finds the configured best allocation") {
    const Parameters plan = grant_plan();
    const auto candidates = grant_candidates();
    const Space space = fitting_allocations(plan, candidates, {}, 1000, 1);
    REQUIRE_FALSE(space.sampled);
    REQUIRE(space.combinations == 80);
    std::vector<Allocation> arms{current_allocation(plan, candidates)};
    for (const auto& a : space.allocations)
        if (a != arms[0]) arms.push_back(a);
    // The known answer, by brute force over what fits, and its margin over the runner-up.
    std::vector<double> effects;
    for (const auto& a : arms) effects.push_back(true_effect(a));
    const auto best = static_cast<int>(std::max_element(effects.begin(), effects.end()) - effects.begin());
    REQUIRE(best != 0);  // the current plan is the reference, not raced
    std::vector<double> sorted = effects;
    std::sort(sorted.rbegin(), sorted.rend());
    // Each replicate's noise: a large part every allocation shares (sd 5: the world that replicate
    // drew, which common random numbers cancel) and a small part of its own (sd 0.3). A paired
    // difference then has sd 0.3 x sqrt(2) = 0.42; the margin below is over 2 such sds, and the
    // rounds that decide it average 4 to 16 replicates.
    const double margin = sorted[0] - sorted[1];
    REQUIRE(margin > 0.85);
    auto objective = [&](int arm, int r) {
        rng::Stream shared(7, static_cast<std::uint32_t>(r), 1u << 20, 0, rng::Purpose::optimise_design);
        rng::Stream own(7, static_cast<std::uint32_t>(r), static_cast<std::uint64_t>(arm), 0, rng::Purpose::optimise_design);
        return effects[static_cast<std::size_t>(arm)] + 5 * shared.normal() + 0.3 * own.normal();
    };
    std::vector<std::pair<int, int>> ranges;
    int confirmation_from = -1;
    const Evaluate evaluate = [&](const std::vector<int>& which, int from, int to, bool confirming) {
        if (confirming) confirmation_from = from;
        else ranges.emplace_back(from, to);
        std::vector<std::vector<double>> out;
        for (const int a : which) {
            std::vector<double> d;
            for (int r = from; r < to; ++r) d.push_back(objective(a, r) - objective(0, r));
            out.push_back(d);
        }
        return out;
    };
    SearchSettings settings;
    settings.first_replicates = 2;
    settings.finalists = 3;
    settings.confirm_replicates = 10;
    const SearchResult result = successive_halving(static_cast<int>(arms.size()), settings, evaluate);
    REQUIRE_FALSE(result.finalists.empty());
    CHECK(result.finalists.front() == best);
    // The search's replicates follow on round after round; the confirmation's are fresh.
    for (std::size_t i = 1; i < ranges.size(); ++i) CHECK(ranges[i].first == ranges[i - 1].second);
    CHECK(confirmation_from == result.search_replicates);
    CHECK(ranges.back().second == result.search_replicates);
    // Round 1 (2 replicates) dropped half the field; with paired sd 0.42 and 1 degree of freedom
    // few of them are clearly worse than the leader, and the count says so.
    REQUIRE(result.rounds.size() >= 2);
    CHECK(result.rounds[0].dropped == result.rounds[0].arms - result.rounds[1].arms);
    CHECK(result.rounds[0].dropped_unclear <= result.rounds[0].dropped);
    CHECK(result.search[0].empty());
    // The confirmed difference from the current plan covers the configured one (10 paired
    // replicates of sd 0.42: its 95% interval is about +-0.3 wide).
    const auto& confirmed = result.confirmation.front();
    REQUIRE(confirmed.size() == 10);
    CHECK(mean_of(confirmed) == Approx(effects[static_cast<std::size_t>(best)] - effects[0]).margin(0.4));
}

TEST_CASE("optimise: an allocation that breaks the grant, a grant condition or a limit is never raced") {
    const Parameters plan = grant_plan();
    const auto candidates = grant_candidates();
    const std::vector<GroupLimit> limits{{"at most two running", {0, 1, 2}, 0, 1e9, 2}};
    const Space space = fitting_allocations(plan, candidates, limits, 1000, 1);
    REQUIRE_FALSE(space.allocations.empty());
    Parameters p = plan;
    bool saw_all_zero = false;
    for (const auto& a : space.allocations) {
        apply_allocation(p, plan, candidates, a);
        const double money = a[0] * 1000 + a[1] * 2000 + a[2] * 500;
        CHECK(money * 1.1 <= 300000 + 1e-6);  // the grant less the core
        CHECK(money >= 0.3 * 400000 - 1e-6);  // the interventions' grant condition
        CHECK(std::count_if(a.begin(), a.end(), [](double x) { return x > 0; }) <= 2);
        saw_all_zero = saw_all_zero || money == 0;
    }
    CHECK_FALSE(saw_all_zero);
    // Named reasons for what does not fit.
    apply_allocation(p, plan, candidates, {200, 75, 300});
    CHECK_THAT(why_not_fitting(p, {}, {200, 75, 300}), Catch::Contains("would be cut (the money runs out)"));
    apply_allocation(p, plan, candidates, {0, 0, 100});
    CHECK_THAT(why_not_fitting(p, {}, {0, 0, 100}), Catch::Contains("grant condition 'interventions' fails"));
    apply_allocation(p, plan, candidates, {50, 25, 100});
    CHECK_THAT(why_not_fitting(p, limits, {50, 25, 100}), Catch::Contains("more interventions running than its max_running"));
    // Sampling: at most the number asked, all distinct and all fitting, the same for the same seed.
    const Space sample = fitting_allocations(plan, candidates, limits, 5, 3);
    CHECK(sample.sampled);
    CHECK(sample.allocations.size() == 5);
    CHECK(fitting_allocations(plan, candidates, limits, 5, 3).allocations == sample.allocations);
    for (const auto& a : sample.allocations)
        CHECK(std::find(space.allocations.begin(), space.allocations.end(), a) != space.allocations.end());
}

TEST_CASE("optimise: a space too large to look at is sampled with every candidate's places as likely") {
    // 40 candidates of 1,001 options (about 1e120 combinations), a grant that fits anything.
    Parameters plan;
    plan.run.weeks = 52;
    std::vector<Candidate> candidates;
    for (int i = 0; i < 40; ++i) {
        InterventionSpec in;
        in.name = "I" + std::to_string(i);
        in.cost_per_participant = 1;
        in.places_per_year = 1;
        plan.programme.interventions.push_back(in);
        Candidate c{static_cast<std::size_t>(i), {}};
        for (int p = 0; p <= 1000; ++p) c.places.push_back(p);
        candidates.push_back(c);
    }
    const Space space = fitting_allocations(plan, candidates, {}, 200, 1);
    CHECK(space.drawn);
    CHECK(space.combinations > 1e100);
    REQUIRE(space.allocations.size() == 200);
    // The first candidate's places over the sample: uniform on 0..1000 has mean 500, sd 289, so the
    // mean of 200 is 500 +- 20.4 (one sd); 4 sds either way.
    double sum = 0;
    for (const auto& a : space.allocations) sum += a[0];
    CHECK(sum / 200 == Approx(500).margin(4 * 289 / std::sqrt(200.0)));
}

TEST_CASE("optimise: an allocation sets places, cost and adult places, and no places is not commissioned") {
    Parameters plan = grant_plan();
    plan.programme.interventions[0].adult_places_per_year = 30;  // 150 young, 30 adults
    plan.programme.interventions[0].cost_fixed_per_year = 5000;
    std::vector<Candidate> candidates = grant_candidates();
    candidates[2].cost_per_place = 400;
    Parameters p = plan;
    apply_allocation(p, plan, candidates, {100, 0, 200});
    const auto& in = p.programme.interventions;
    CHECK(in[0].places_per_year == 100);
    CHECK(in[0].adult_places_per_year == Approx(20));  // kept in proportion
    CHECK_FALSE(in[1].enabled);                          // no places: not commissioned
    CHECK(in[2].enabled);                                // left out of the plan, commissioned here
    CHECK(in[2].cost_per_participant == 400);
    // Money a year: A's fixed cost and 120 places, C's 200 places, with 10% evaluation.
    CHECK(yearly_cost(p) == Approx((5000 + 120 * 1000 + 200 * 400) * 1.1));
    CHECK(current_allocation(plan, candidates) == Allocation{150, 0, 0});
}

TEST_CASE("optimise: the frontier keeps the allocations no other beats on both cost and effect") {
    //                         a    b    c    d    e
    const std::vector<double> cost{100, 200, 200, 300, 150};
    const std::vector<double> effect{1, 3, 2, 3, 0.5};
    // c is beaten by b (same cost, more effect), d by b (same effect, less cost), e by a.
    CHECK(on_frontier(cost, effect) == std::vector<bool>{true, true, false, false, false});
}

TEST_CASE("optimise: a round counts what it dropped that was not clearly worse than its leader") {
    // Ten allocations whose differences from the plan are 1, 2, ..., 10 in every replicate, plus a
    // spread of their own: with none (0) every dropped one is clearly worse; with a spread far
    // larger than their gaps (100) at 2 replicates, none is.
    for (const double spread : {0.0, 100.0}) {
        const Evaluate evaluate = [&](const std::vector<int>& which, int from, int to, bool) {
            std::vector<std::vector<double>> out;
            for (const int a : which) {
                std::vector<double> d;
                for (int r = from; r < to; ++r) {
                    rng::Stream own(3, static_cast<std::uint32_t>(r), static_cast<std::uint64_t>(a), 0, rng::Purpose::optimise_design);
                    d.push_back(a + spread * own.normal());
                }
                out.push_back(d);
            }
            return out;
        };
        SearchSettings settings;
        settings.finalists = 2;
        settings.confirm_replicates = 2;
        const SearchResult result = successive_halving(11, settings, evaluate);
        REQUIRE(result.rounds.front().dropped == 5);
        CHECK(result.rounds.front().dropped_unclear == (spread == 0 ? 0 : 5));
    }
}
