// The burn-in cache (io/settled_cache.hpp): a run continued from a kept burn-in equals its run
// from scratch; every part of a settled state survives the file exactly; a damaged, foreign or
// misnamed file is reported and simulated again; a failure to keep one never fails the run.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "io/settled_cache.hpp"
#include "sim/burn_in/key.hpp"
#include "sim/burn_in/settled_fields.hpp"
#include "sim/burn_in/shared_run.hpp"
#include "sim/model.hpp"
#include "../sim/shared_plans.hpp"
#include "temp_dir.hpp"

using namespace vrusim;
using vrusim::testing::four_plans;
using vrusim::testing::require_same;
using vrusim::testing::TempDir;

namespace fs = std::filesystem;

namespace {

struct Cache {
    TempDir dir;
    std::vector<std::string> warnings;
    io::SettledCache cache{dir.path / "cache", [this](const std::string& line) { warnings.push_back(line); }};
};

std::vector<ReplicateResult> run_unit(const std::vector<Parameters>& plans, const SharedUnit& unit, SettledStore* store) {
    std::vector<ReplicateResult> results;
    run_shared_unit(plans, unit, [&](const ReplicateResult& r) { results.push_back(r); }, {}, store);
    return results;
}

// Each part's bytes, by name.
std::map<std::string, std::string> parts_of(const SettledState& state) {
    std::map<std::string, std::string> parts;
    settled_fields::visit(state, [&](std::string_view name, const auto& field) {
        const auto bytes = settled_fields::bytes_of(field);
        parts.emplace(std::string(name), std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    });
    return parts;
}

SettledState burnt_in(const Parameters& p, int replicate) {
    Model model(p, {0, replicate, p.run.seed});
    for (int week = 0; week < p.run.burn_in_weeks; ++week) model.step();
    return model.release_settled();
}

void overwrite_byte(const fs::path& file, std::uintmax_t at) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(at));
    const char c = static_cast<char>(f.get());
    f.seekp(static_cast<std::streamoff>(at));
    f.put(static_cast<char>(c ^ 0x5a));
}

}  // namespace

TEST_CASE("a run continued from a burn-in kept in the cache equals its run from scratch, measure by measure") {
    const auto plans = four_plans();
    Cache c;
    // The first command simulates the burn-in (with the no-programme plan's parameters) and keeps it.
    const auto first = run_unit(plans, SharedUnit{1, {0, 1}}, &c.cache);
    CHECK(c.cache.saved() == 1);
    CHECK(c.cache.loaded() == 0);
    CHECK(fs::exists(c.cache.file_for(burn_in_key(plans[0]), plans[0].run.seed, 1)));
    // A later command, in another order (the patrols' plan first), starts from the kept state.
    const auto later = run_unit(plans, SharedUnit{1, {3, 2, 1, 0}}, &c.cache);
    CHECK(c.cache.loaded() == 1);
    CHECK(c.cache.saved() == 1);
    REQUIRE(later.size() == 4);
    for (const auto& result : later) {
        const int s = result.plan.scenario;
        INFO("scenario " << s);
        require_same(result, run_replicate(plans[static_cast<std::size_t>(s)], {s, 1, plans[0].run.seed}));
    }
    require_same(first[0], later[3]);
    CHECK(c.warnings.empty());
}

TEST_CASE("every part of a settled state comes back from the cache exactly") {
    const Parameters p = four_plans()[1];  // county lines on, a programme in the scenario
    Cache c;
    const SettledState state = burnt_in(p, 0);
    c.cache.save(state);
    Model fresh(p, {0, 0, p.run.seed});
    SettledState loaded = fresh.settled_shell();
    REQUIRE(c.cache.load(loaded));
    const auto want = parts_of(state), got = parts_of(loaded);
    REQUIRE(want.size() == got.size());
    for (const auto& [name, bytes] : want) {
        INFO(name);
        CHECK(got.at(name) == bytes);
    }
    CHECK(!state.county_lines.lines.state.empty());  // the county-lines parts were really there
    CHECK(loaded.weeks_done == p.run.burn_in_weeks);
}

TEST_CASE("a burn-in is kept under its key, seed and replicate, and found only under all three") {
    auto p = four_plans()[0];
    Cache c;
    c.cache.save(burnt_in(p, 0));
    auto shell_for = [&](const Parameters& q, int replicate) { return Model(q, {0, replicate, q.run.seed}).settled_shell(); };
    SettledState other_replicate = shell_for(p, 1);
    CHECK_FALSE(c.cache.load(other_replicate));
    auto reseeded = p;
    reseeded.run.seed = p.run.seed + 1;
    SettledState other_seed = shell_for(reseeded, 0);
    CHECK_FALSE(c.cache.load(other_seed));
    auto changed = p;
    changed.population.scale *= 1.5;  // acts in the burn-in: another key
    SettledState other_key = shell_for(changed, 0);
    CHECK_FALSE(c.cache.load(other_key));
    CHECK(c.warnings.empty());  // none of them is kept: nothing to report
    SettledState same = shell_for(p, 0);
    CHECK(c.cache.load(same));

    // A file renamed to another replicate's name is refused, not continued from.
    fs::copy_file(c.cache.file_for(burn_in_key(p), p.run.seed, 0), c.cache.file_for(burn_in_key(p), p.run.seed, 1));
    CHECK_FALSE(c.cache.load(other_replicate));
    REQUIRE(c.warnings.size() == 1);
    CHECK_THAT(c.warnings[0], Catch::Contains("kept for another burn-in, seed, replicate or build"));
}

TEST_CASE("a damaged, cut-short or foreign file in the cache is reported, simulated again and replaced") {
    const auto plans = four_plans();
    const std::vector<Parameters> one{plans[0]};
    const auto alone = run_replicate(plans[0], {0, 0, plans[0].run.seed});
    Cache c;
    run_unit(one, SharedUnit{0, {0}}, &c.cache);
    const fs::path file = c.cache.file_for(burn_in_key(plans[0]), plans[0].run.seed, 0);
    const auto size = fs::file_size(file);
    const fs::path whole = c.dir.path / "whole.settled";
    fs::copy_file(file, whole);

    struct Damage {
        const char* what;
        const char* reported;
        std::function<void()> apply;
    };
    const std::vector<Damage> damages = {
        {"a byte changed in the middle", "checksum does not match", [&] { overwrite_byte(file, size / 2); }},
        {"cut short", "ends early", [&] { fs::resize_file(file, size - 1000); }},
        {"a byte added", "length is wrong", [&] { std::ofstream(file, std::ios::app | std::ios::binary) << 'x'; }},
        {"empty", "too short to be a vrusim settled state", [&] { fs::resize_file(file, 0); }},
        {"another program's file", "not a vrusim settled state", [&] { std::ofstream(file, std::ios::trunc) << "hello, this is not a settled state at all\n"; }},
    };
    for (const auto& damage : damages) {
        INFO(damage.what);
        fs::copy_file(whole, file, fs::copy_options::overwrite_existing);
        damage.apply();
        c.warnings.clear();
        const int saved = c.cache.saved();
        const auto results = run_unit(one, SharedUnit{0, {0}}, &c.cache);
        REQUIRE(c.warnings.size() == 1);
        CHECK_THAT(c.warnings[0], Catch::Contains(file.string()) && Catch::Contains(damage.reported));
        require_same(results.at(0), alone);
        CHECK(c.cache.saved() == saved + 1);  // replaced by the state simulated again
        std::ifstream a(file, std::ios::binary), b(whole, std::ios::binary);
        CHECK(std::string(std::istreambuf_iterator<char>(a), {}) == std::string(std::istreambuf_iterator<char>(b), {}));
    }
    // No temporary file is left behind.
    for (const auto& entry : fs::directory_iterator(c.cache.directory()))
        CHECK(entry.path().extension() == ".settled");
}

TEST_CASE("a burn-in that cannot be kept is reported once and the run goes on") {
    const auto plans = four_plans();
    Cache c;
    std::ofstream(c.cache.directory()) << "in the way\n";  // a file where the directory would be made: every write fails
    const auto results = run_unit(plans, SharedUnit{0, {0, 1}}, &c.cache);
    run_unit(plans, SharedUnit{1, {0, 1}}, &c.cache);
    REQUIRE(results.size() == 2);
    require_same(results[1], run_replicate(plans[1], {1, 0, plans[1].run.seed}));
    CHECK(c.cache.saved() == 0);
    REQUIRE(c.warnings.size() == 1);
    CHECK_THAT(c.warnings[0], Catch::Contains("could not keep a settled state") && Catch::Contains("the run goes on"));
}

TEST_CASE("the cache's directory: made when a state is first kept, refused if it is a file or its parent is missing") {
    TempDir dir;
    CHECK(io::settled_cache_problem(dir.path / "new").empty());
    CHECK(io::settled_cache_problem(dir.path / "new/").empty());  // a trailing slash names the same directory
    io::SettledCache made(dir.path / "new", {});
    CHECK_FALSE(fs::exists(dir.path / "new"));  // a command refused or stopped before keeping one leaves nothing
    const Parameters p = four_plans()[0];
    made.save(burnt_in(p, 0));
    CHECK(made.saved() == 1);
    CHECK(fs::is_directory(dir.path / "new"));
    std::ofstream(dir.path / "file") << "results\n";
    CHECK_THAT(io::settled_cache_problem(dir.path / "file"), Catch::Contains("is not a directory"));
    CHECK_THROWS_WITH(io::SettledCache(dir.path / "file", {}), Catch::Contains("is not a directory"));
    CHECK_THAT(io::settled_cache_problem(dir.path / "no" / "such"), Catch::Contains("neither does its parent"));
    CHECK_THAT(io::settled_cache_problem(""), Catch::Contains("empty"));
    std::ifstream kept(dir.path / "file");
    std::string line;
    std::getline(kept, line);
    CHECK(line == "results");  // the file the user named is untouched
}
