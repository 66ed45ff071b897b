// The explorer's exports (gui/export_results.hpp, gui/export_file.hpp): a run written as the
// command line writes it and read back to the same figures; files written whole, through names
// of their own, and never over a file the program did not write or that changed since.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "../io/temp_dir.hpp"
#include "gui/export_results.hpp"
#include "io/run_comparison.hpp"
#include "sim/ensemble.hpp"

using namespace vrusim;

namespace {

struct Keep final : RunObserver {
    std::vector<ReplicateResult> kept;
    void replicate_done(const ReplicateResult& r) override { kept.push_back(r); }
};

gui::FinishedRun tiny_run() {
    auto scenario = io::load_scenario(VRUSIM_SCENARIO_DIR "/tiny.yaml");
    io::apply_override(scenario, "run.replicates", "2");
    Keep keep;
    run_ensemble(scenario.parameters, make_plans(scenario.parameters), keep);
    return gui::finished_run(scenario, std::move(keep.kept), "tiny");
}

std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t files_in(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& f : std::filesystem::directory_iterator(dir)) ++n;
    return n;
}

}  // namespace

TEST_CASE("export: a run exported from the explorer reads back as the same figures, in the command line's layout") {
    testing::TempDir dir;
    const auto run = tiny_run();
    std::map<std::filesystem::path, gui::FileStamp> written;
    const auto files = gui::export_results(dir.path, {{"Tiny: a test!", &run}, {"tiny test", &run}}, written);
    REQUIRE(files.size() == 2);
    CHECK(files[0].filename() == "tiny-a-test.h5");
    CHECK(files[1].filename() == "tiny-test.h5");
    const auto stored = io::read_results(files[0]);
    CHECK(stored.status == "complete");
    const auto years = io::run_years(stored, "tiny");
    for (std::size_t m = 0; m < years.totals.size(); ++m) CHECK(years.totals[m] == run.years.totals[m]);
    CHECK(years.spend == run.years.spend);

    // Again into the same directory: the files it wrote, unchanged, are replaced.
    CHECK_NOTHROW(gui::export_results(dir.path, {{"Tiny: a test!", &run}}, written));
    // A file it did not write, or one changed since, is not.
    std::ofstream(files[1], std::ios::app) << "changed";
    CHECK_THROWS_WITH(gui::export_results(dir.path, {{"tiny test", &run}}, written), Catch::Contains("exists"));
    std::map<std::filesystem::path, gui::FileStamp> none;
    CHECK_THROWS_WITH(gui::export_results(dir.path, {{"Tiny: a test!", &run}}, none), Catch::Contains("exists"));
    CHECK_THROWS_WITH(gui::export_results(dir.path / "missing", {{"x", &run}}, none), Catch::Contains("not a directory"));
}

TEST_CASE("export: names from labels") {
    CHECK(gui::file_stem("Grant tapers 20% a year") == "grant-tapers-20-a-year");
    CHECK(gui::file_stem("  ../../etc/passwd ") == "etc-passwd");
    CHECK(gui::file_stem("École — été") == "cole-t");
    CHECK(gui::file_stem("%%%") == "scenario");
}

TEST_CASE("export: a file is written whole through a name of its own, never through a link or over another file") {
    testing::TempDir dir;
    const auto file = dir.path / "out.csv";
    const auto stamp = gui::write_file_atomically(file, "a,b\n");
    CHECK(read(file) == "a,b\n");
    CHECK(gui::write_file_atomically(file, "c\n", stamp) != stamp);  // its own, unchanged: replaced
    CHECK(read(file) == "c\n");
    CHECK_THROWS_WITH(gui::write_file_atomically(file, "d\n", stamp), Catch::Contains("exists"));  // changed since
    CHECK(read(file) == "c\n");

    const auto precious = dir.path / "precious.txt";
    std::ofstream(precious) << "keep";
    std::filesystem::create_symlink(precious, dir.path / "link.csv");
    CHECK_THROWS_WITH(gui::write_file_atomically(dir.path / "link.csv", "x"), Catch::Contains("exists"));
    CHECK(read(precious) == "keep");
    CHECK_THROWS_WITH(gui::write_file_atomically(dir.path, "x"), Catch::Contains("is a directory"));
    CHECK_THROWS_WITH(gui::write_file_atomically("", "x"), Catch::Contains("give a file name"));
    CHECK(files_in(dir.path) == 3);  // out.csv, precious.txt, link.csv: no temporary left
}
