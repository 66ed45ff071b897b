#pragma once
/// Shared by the scenario loader tests (tests/io/test_scenario_loader_*.cpp): loading text, collecting
/// problems, and comparing every value of two scenarios.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "io/memory_limit.hpp"
#include "io/overrides.hpp"
#include "io/scenario_loader.hpp"
#include "sim/measures.hpp"
#include "sim/population.hpp"
#include "sim/schema.hpp"


namespace vrusim::testing::loader {

using namespace vrusim::io;
namespace fs = std::filesystem;


inline const fs::path scenario_dir = VRUSIM_SCENARIO_DIR;

/// A fresh directory for scenario files, removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        static std::atomic<int> counter{0};
        path = fs::temp_directory_path() / ("vrusim-loader-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    fs::path write(const std::string& name, std::string_view text) const {
        const fs::path p = path / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }
    std::string str(const std::string& name) const { return (path / name).string(); }
};

// One valid area, appended to snippets that test something else.
inline const std::string one_area = R"(population:
  areas:
    - name: A
      population_10_14: 100
      population_15_19: 100
      population_20_24: 100
      population_all_ages: 2000
)";

inline LoadedScenario load_text(std::string_view yaml, const std::string& name = "t.yaml") {
    return load_scenario_text(yaml, name, scenario_dir);
}

/// The problems a load reports; fails the test if it loads.
template <class Load>
inline std::vector<std::string> problems_of(Load&& load) {
    try {
        load();
    } catch (const ScenarioError& e) {
        CHECK(std::string(e.what()).find(e.problems.front()) == 0);
        return e.problems;
    }
    FAIL("expected a ScenarioError");
    return {};
}

inline std::vector<std::string> text_problems(std::string_view yaml) {
    return problems_of([&] { load_text(yaml); });
}

inline bool has(const std::vector<std::string>& problems, const std::string& expected) {
    return std::find(problems.begin(), problems.end(), expected) != problems.end();
}

/// Every value of every schema row, areas included, as text (values compare exactly).
inline std::vector<std::string> all_values(const LoadedScenario& s) {
    std::vector<std::string> out{s.name, s.description};
    for (const Field& f : scenario_schema()) {
        if (f.get) out.push_back(std::string(f.key) + "=" + value_text(f.get(s.parameters)));
        if (f.type != ValueType::record_list) continue;
        for (std::size_t i = 0; i < f.record_count(s.parameters); ++i) {
            for (const RecordField& r : f.record_fields) out.push_back(std::string(r.key) + "=" + value_text(r.get(s.parameters, i)));
        }
    }
    return out;
}

inline void require_round_trip(const LoadedScenario& s) {
    const LoadedScenario again = load_scenario_text(s.resolved_yaml, "resolved.yaml", scenario_dir);
    CHECK(all_values(again) == all_values(s));
    CHECK(again.resolved_yaml == s.resolved_yaml);
}


}  // namespace vrusim::testing::loader
