// Shared burn-in (sim/burn_in): scenarios continued from one settled state give exactly what
// separate runs give, and the burn-in key separates every scenario whose burn-in could differ.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <string_view>
#include <type_traits>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "io/scenario_loader.hpp"
#include "sim/burn_in/key.hpp"
#include "sim/burn_in/settled_fields.hpp"
#include "sim/burn_in/settled_state.hpp"
#include "sim/burn_in/settled_store.hpp"
#include "sim/burn_in/shared_run.hpp"
#include "sim/ensemble.hpp"
#include "sim/model.hpp"
#include "sim/schema.hpp"
#include "shared_plans.hpp"
#include "with_threads.hpp"

using namespace vrusim;
using vrusim::testing::four_plans;
using vrusim::testing::require_same;
using vrusim::testing::small;

TEST_CASE("scenarios sharing a burn-in: the programmes differ, the burn-in key does not") {
    const auto plans = four_plans();
    for (const auto& p : plans) CHECK(burn_in_key(p) == burn_in_key(plans[0]));
    CHECK(plans[1].programme.interventions.size() > 5);  // the programme really is there
}

TEST_CASE("each scenario continued from a shared burn-in equals its run from scratch, measure by measure") {
    const auto plans = four_plans();
    // The burn-in is simulated with the first scenario's parameters: once with no programme, once
    // with the hotspot patrols' (the state it leaves must not depend on which).
    for (const std::vector<int>& order : {std::vector<int>{0, 1, 2, 3}, std::vector<int>{3, 2, 1, 0}}) {
        std::vector<ReplicateResult> shared;
        run_shared_unit(plans, SharedUnit{1, order}, [&](const ReplicateResult& r) { shared.push_back(r); });
        REQUIRE(shared.size() == 4);
        for (std::size_t i = 0; i < order.size(); ++i) {
            const int s = order[i];
            INFO("scenario " << s << " in order position " << i);
            CHECK(shared[i].plan.scenario == s);
            const auto alone = run_replicate(plans[static_cast<std::size_t>(s)], {s, 1, plans[0].run.seed});
            require_same(shared[i], alone);
        }
    }
}

TEST_CASE("the shared ensemble delivers every scenario's replicates, the same at 1 and 2 threads") {
    auto plans = four_plans();
    plans.resize(2);
    plans[1].run.replicates = 3;  // a scenario may ask for more replicates than the other
    struct Keep final : RunObserver {
        std::vector<ReplicateResult> results;
        void replicate_done(const ReplicateResult& r) override { results.push_back(r); }
    };
    const auto units = make_shared_units(plans, [](int s, int r) { return s == 0 && r == 0; });  // one done already
    REQUIRE(units.size() == 3);
    CHECK(units[0].scenarios == std::vector<int>{1});
    CHECK(units[1].scenarios == std::vector<int>{0, 1});
    CHECK(units[2].scenarios == std::vector<int>{1});
    auto run_at = [&](int threads) {
        return vrusim::testing::with_threads(threads, [&] {
            Keep keep;
            run_shared_ensemble(plans, units, keep);
            std::sort(keep.results.begin(), keep.results.end(), [](const auto& a, const auto& b) {
                return std::pair(a.plan.scenario, a.plan.replicate) < std::pair(b.plan.scenario, b.plan.replicate);
            });
            return keep.results;
        });
    };
    const auto one = run_at(1);
    const auto two = run_at(2);
    REQUIRE(one.size() == 4);
    REQUIRE(two.size() == 4);
    for (std::size_t i = 0; i < one.size(); ++i) require_same(one[i], two[i]);
    require_same(one[3], run_replicate(plans[1], {1, 2, plans[1].run.seed}));
}

TEST_CASE("scenarios whose burn-in differs, or whose seed does, never share one") {
    auto plans = four_plans();
    plans.resize(3);
    plans[1].violence.base_rate_per_year *= 1.01;
    plans[2].run.seed = 2;
    const auto units = make_shared_units(plans, [](int, int) { return false; });
    REQUIRE(units.size() == 6);  // three groups of one scenario, two replicates each
    for (const auto& unit : units) CHECK(unit.scenarios.size() == 1);
    CHECK_THROWS_AS(run_shared_unit(plans, SharedUnit{0, {0, 1}}, [](const ReplicateResult&) {}), std::invalid_argument);
}

TEST_CASE("every scenario key that can act in the burn-in changes the burn-in key") {
    const Parameters base = small("thames-valley-2023-24.yaml");
    const std::uint64_t key = burn_in_key(base);
    int changed = 0;
    for (const Field& field : scenario_schema()) {
        if (field.is_metadata() || field.type == ValueType::record_list) continue;
        Parameters p = base;
        const Value before = field.get(p);
        Value after = before;
        if (auto* b = std::get_if<bool>(&after)) *b = !*b;
        else if (auto* i = std::get_if<std::int64_t>(&after)) *i = *i < static_cast<std::int64_t>(field.max) ? *i + 1 : *i - 1;
        else if (auto* d = std::get_if<double>(&after)) *d = *d < field.max ? std::min(field.max, *d + 0.5 * (field.max - *d) + 1e-9) : *d * 0.5;
        else if (auto* t = std::get_if<std::string>(&after)) *t += "x";
        else if (auto* l = std::get_if<std::vector<double>>(&after)) l->push_back(0.0);
        field.set(p, after);
        INFO(field.key);
        CHECK((burn_in_key(p) == key) == acts_after_burn_in(field.key));
        ++changed;
    }
    CHECK(changed > 150);
    // Entries of a record list: an area's deprivation is in the key, an intervention's places are not.
    Parameters area = base;
    area.population.areas[2].imd_score += 1;
    CHECK(burn_in_key(area) != key);
    Parameters places = base;
    places.programme.interventions[0].places_per_year += 1;
    CHECK(burn_in_key(places) == key);
}

TEST_CASE("a settled state is refused by a model whose burn-in would differ, or by another replicate") {
    const Parameters p = small("examples/no-programme.yaml");
    auto settle = [&] {
        Model m(p, {0, 0, p.run.seed});
        for (int week = 0; week < 4; ++week) m.step();
        return m.release_settled();
    };
    Parameters faster = p;
    faster.violence.base_rate_per_year *= 2;
    CHECK_THROWS_AS(Model(faster, {0, 0, p.run.seed}, settle()), std::logic_error);
    CHECK_THROWS_AS(Model(p, {0, 1, p.run.seed}, settle()), std::logic_error);
    const Parameters programme = small("thames-valley-2023-24.yaml");
    CHECK_NOTHROW(Model(programme, {0, 0, p.run.seed}, settle()));
}

TEST_CASE("a run stopped part-way (an observer throws) delivers only whole results, two units side by side in parallel") {
    // A stop cancels the units' loop; the other unit running beside the stopped one then skips its
    // agent loops, and its hollow result must never reach the observer (it would be stored as done).
    auto plans = four_plans();
    plans.resize(2);
    for (auto& p : plans) {
        p.run.burn_in_weeks = 3;
        p.run.weeks = 13;
        p.run.replicates = 6;
    }
    std::map<std::pair<int, int>, std::uint64_t> clean;
    for (int s = 0; s < 2; ++s)
        for (int r = 0; r < 6; ++r) clean[{s, r}] = run_replicate(plans[static_cast<std::size_t>(s)], {s, r, plans[0].run.seed}).state_hash;
    struct Stop {};
    struct StopAfter final : RunObserver {
        int calls_left;
        std::vector<ReplicateResult> delivered;
        explicit StopAfter(int n) : calls_left(n) {}
        void replicate_done(const ReplicateResult& r) override { delivered.push_back(r); }
        void progress(const RunPlan&, int, int) override {
            if (--calls_left == 0) throw Stop{};
        }
    };
    const auto units = make_shared_units(plans, [](int, int) { return false; });
    int checked = 0;
    for (int stop_at = 2; stop_at <= 12; stop_at += 2) {
        StopAfter observer(stop_at);
        vrusim::testing::with_threads(2, [&] { CHECK_THROWS_AS(run_shared_ensemble(plans, units, observer), Stop); });
        for (const auto& r : observer.delivered) {
            INFO("stop at progress call " << stop_at << ", scenario " << r.plan.scenario << ", replicate " << r.plan.replicate);
            CHECK(r.state_hash == clean.at({r.plan.scenario, r.plan.replicate}));
            ++checked;
        }
    }
    CHECK(checked > 0);  // some results finished before the stop, and were whole
}

namespace {

// FNV-1a over every part a store keeps (sim/burn_in/settled_fields.hpp).
std::uint64_t parts_hash(const SettledState& state) {
    std::uint64_t h = 1469598103934665603ull;
    auto add = [&](const void* data, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ull;
    };
    settled_fields::visit(state, [&](std::string_view, const auto& field) {
        const auto bytes = settled_fields::bytes_of(field);
        add(bytes.data(), bytes.size());
    });
    return h;
}

// Keeps nothing to read back; records what it was given to keep.
struct RecordingStore final : SettledStore {
    std::mutex mutex;
    std::vector<std::pair<int, std::uint64_t>> saved;  // replicate, parts_hash
    bool load(SettledState&) override { return false; }
    void save(const SettledState& state) override {
        const auto h = parts_hash(state);
        std::lock_guard lock(mutex);
        saved.emplace_back(state.plan.replicate, h);
    }
};

}  // namespace

TEST_CASE("a run stopped part-way keeps only whole burn-ins, two units side by side in parallel") {
    // A unit whose agent loops were skipped after another unit's stop ends its burn-in hollow: it
    // must not be kept for later commands (they would continue from it without any warning).
    auto plans = four_plans();
    plans.resize(2);
    for (auto& p : plans) {
        p.run.burn_in_weeks = 3;  // ends before the unit's first progress report
        p.run.weeks = 13;
        p.run.replicates = 6;
    }
    const auto units = make_shared_units(plans, [](int, int) { return false; });
    RecordingStore whole;
    {
        struct Quiet final : RunObserver {
            void replicate_done(const ReplicateResult&) override {}
            void progress(const RunPlan&, int, int) override {}
        } quiet;
        run_shared_ensemble(plans, units, quiet, &whole);
    }
    REQUIRE(whole.saved.size() == 6);
    std::map<int, std::uint64_t> clean(whole.saved.begin(), whole.saved.end());
    struct Stop {};
    struct StopAfter final : RunObserver {
        int calls_left;
        explicit StopAfter(int n) : calls_left(n) {}
        void replicate_done(const ReplicateResult&) override {}
        void progress(const RunPlan&, int, int) override {
            if (--calls_left == 0) throw Stop{};
        }
    };
    for (int stop_at = 1; stop_at <= 12; ++stop_at) {
        StopAfter observer(stop_at);
        RecordingStore store;
        vrusim::testing::with_threads(2, [&] { CHECK_THROWS_AS(run_shared_ensemble(plans, units, observer, &store), Stop); });
        for (const auto& [replicate, hash] : store.saved) {
            INFO("stop at progress call " << stop_at << ", replicate " << replicate);
            CHECK(hash == clean.at(replicate));
        }
    }
}
