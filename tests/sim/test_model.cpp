// Model-level properties a user relies on: the weekly loop does not allocate, and scenarios that
// share a seed share their random numbers (common random numbers).
#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <cstdlib>
#include <new>

#include "busy_county_lines.hpp"
#include "io/scenario_loader.hpp"
#include "sim/model.hpp"
#include "sim/verification/network.hpp"
#include "sim/verification/process.hpp"

namespace {

std::atomic<bool> counting{false};
std::atomic<long> allocations{0};

vrusim::Parameters small_world() {
    vrusim::Parameters p;
    p.population.areas = {{"North", 1000, 1000, 1000, 20000, 25.0}, {"South", 700, 700, 700, 15000, 8.0}};
    p.run.weeks = 20;
    p.run.burn_in_weeks = 4;
    return p;
}

}  // namespace

// Counts every allocation through operator new while `counting` is set (this test binary only).
// AddressSanitizer owns operator new in its builds, so there the allocation tests are skipped
// (GCC says so with __SANITIZE_ADDRESS__, Clang with __has_feature).
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VRUSIM_ASAN_OWNS_NEW 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(VRUSIM_ASAN_OWNS_NEW)
constexpr bool can_count_allocations = false;
#else
constexpr bool can_count_allocations = true;
void* operator new(std::size_t size) {
    if (counting) ++allocations;
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif

TEST_CASE("model: the weekly loop allocates no memory once the model is built") {
    if (!can_count_allocations) {
        WARN("skipped: allocations are not counted under AddressSanitizer");
        return;
    }
    vrusim::Model model(small_world(), {0, 0, 7});
    vrusim::MeasureCube cube(20, 2);
    for (int week = 0; week < 8; ++week) model.step();  // reach steady-state event volumes
    allocations = 0;
    counting = true;
    for (int week = 0; week < 20; ++week) {
        model.step();
        model.measure(cube, week);
    }
    counting = false;
    CHECK(allocations == 0);
}

TEST_CASE("verification: the weekly step allocates no memory once the process is built") {
    if (!can_count_allocations) {
        WARN("skipped: allocations are not counted under AddressSanitizer");
        return;
    }
    vrusim::PeerInfluenceParams pi;
    pi.p_transmission_per_tie_week = 0.1;
    pi.duration_mean_weeks = 3;
    pi.p_resusceptible = 0.5;
    const auto net = vrusim::verification::erdos_renyi(20000, 6, 3, 0);
    vrusim::verification::SpreadProcess process(net, pi, 3, 0);
    process.infect_initial(100);
    process.step(0);
    allocations = 0;
    counting = true;
    std::uint64_t infections = 0;
    for (int week = 1; week < 30; ++week) infections += process.step(week).new_infections;
    counting = false;
    CHECK(infections > 0);
    CHECK(allocations == 0);
}

TEST_CASE("model: the weekly loop allocates no memory with the whole catalogue of interventions running") {
    if (!can_count_allocations) {
        WARN("skipped: allocations are not counted under AddressSanitizer");
        return;
    }
    auto p = small_world();
    p.programme.interventions =
        vrusim::io::load_scenario(VRUSIM_SOURCE_DIR "/bench/whole-catalogue.yaml").parameters.programme.interventions;
    REQUIRE(p.programme.interventions.size() >= 20);
    p.run.weeks = 60;  // into a second financial year
    vrusim::Model model(p, {0, 0, 7});
    vrusim::MeasureCube cube(60, 2);
    for (int week = 0; week < 12; ++week) model.step();
    allocations = 0;
    counting = true;
    int starts = 0;
    for (int week = 0; week < 52; ++week) {
        model.step();
        model.measure(cube, week);
        for (const auto& e : model.events()) starts += e.type == vrusim::EventType::programme_start;
    }
    counting = false;
    CHECK(starts > 0);
    CHECK(allocations == 0);
}

TEST_CASE("model: the weekly loop allocates no memory with county lines on and lines opening, closing and recruiting") {
    if (!can_count_allocations) {
        WARN("skipped: allocations are not counted under AddressSanitizer");
        return;
    }
    auto p = small_world();
    vrusim::testing::make_county_lines_busy(p);
    vrusim::testing::make_markets_violent(p);
    p.county_lines.enforcement_timeline = {vrusim::EnforcementEntry{0, 2, 6, "", 3.0, 2.0, 3.0, 2.0}};
    vrusim::Model model(p, {0, 0, 7});
    vrusim::MeasureCube cube(20, 2);
    // Lines take a few weeks to fill the markets; at these rates the week's events pass the event
    // log's initial reservation (1,024) around week 8 and keep rising with the lines' runners and
    // missing episodes for some weeks more; the log keeps the largest storage it grew to.
    for (int week = 0; week < 30; ++week) model.step();
    std::array<long, static_cast<int>(vrusim::EventType::count_)> seen{};
    allocations = 0;
    counting = true;
    for (int week = 0; week < 20; ++week) {
        model.step();
        model.measure(cube, week);
        for (const auto& e : model.events()) ++seen[static_cast<int>(e.type)];
    }
    counting = false;
    CHECK(allocations == 0);
    // Every county-lines path ran inside the counted weeks.
    using vrusim::EventType;
    for (const auto type : {EventType::line_opened, EventType::line_closed, EventType::holder_charged,
                            EventType::exploitation_approach, EventType::exploitation_started, EventType::missing_episode,
                            EventType::safeguarding_referral, EventType::support_started, EventType::home_cuckooed,
                            EventType::cuckooing_ended}) {
        CAPTURE(static_cast<int>(type));
        CHECK(seen[static_cast<int>(type)] > 0);
    }
}

TEST_CASE("model: scenarios with the same seed share their population and their random numbers") {
    // Two scenarios that differ only in the custody probability: the same people, ties and
    // traits, and identical weeks until the first custody draw changes someone's path.
    auto a = small_world();
    auto b = a;
    b.justice.p_custody_given_arrest = 0.5;
    vrusim::Model ma(a, {0, 0, 11}), mb(b, {1, 0, 11});
    CHECK(ma.population().traits == mb.population().traits);
    CHECK(ma.graph().edge_count() == mb.graph().edge_count());
    CHECK(ma.state_hash() == mb.state_hash());
    bool diverged = false;
    int same_weeks = 0;
    for (int week = 0; week < 30 && !diverged; ++week) {
        ma.step();
        mb.step();
        const auto ea = ma.events(), eb = mb.events();
        const bool custody_in_b = std::any_of(eb.begin(), eb.end(),
                                              [](const vrusim::Event& e) { return e.type == vrusim::EventType::custody; });
        if (ma.state_hash() != mb.state_hash()) {
            diverged = true;
            // The first difference comes from the custody draw, in a week where b sent someone to custody.
            CHECK(custody_in_b);
        } else {
            ++same_weeks;
        }
    }
    CHECK(same_weeks > 0);
    // A different seed gives a different population.
    vrusim::Model mc(a, {0, 0, 12});
    CHECK(mc.population().traits != ma.population().traits);
}
