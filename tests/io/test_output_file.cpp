// The results file as a place on disk (io/output_file.hpp and the writer's use of it): a path the
// user names is checked before anything runs, two runs never write one file, and a failed write
// (a full disk) is reported with its reason and never renamed into place.
#include <catch2/catch.hpp>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <string>
#include <vector>

#include "io/output_file.hpp"
#include "io/results_writer.hpp"
#include "temp_dir.hpp"

using namespace vrusim;
using namespace vrusim::io;
using vrusim::testing::TempDir;
namespace fs = std::filesystem;

namespace {

ResultsMetadata small_meta(int weeks = 4) {
    ResultsMetadata meta;
    meta.scenario_name = "small";
    meta.resolved_yaml = "run: {seed: 3}\n";
    meta.seed = 3;
    meta.replicates = 2;
    meta.weeks = weeks;
    meta.scale = 1;
    meta.area_names = {"North", "South"};
    meta.scenario_hash = hash_text(meta.resolved_yaml);
    return meta;
}

ReplicateResult result_for(const ResultsMetadata& meta, int replicate) {
    ReplicateResult r;
    r.plan = RunPlan{0, replicate, meta.seed};
    r.measures = MeasureCube(meta.weeks, static_cast<int>(meta.area_names.size()));
    for (int m = 0; m < measure_count; ++m)
        for (int w = 0; w < meta.weeks; ++w)
            for (int a = 0; a < 2; ++a)
                for (int b = 0; b < age_band_count; ++b)
                    r.measures.at(static_cast<Measure>(m), w, a, b) = static_cast<MeasureCount>(m * 7919 + w * 31 + a + b + replicate);
    return r;
}

void write_text(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

bool mentions(const std::optional<std::string>& problem, const std::string& words) {
    return problem && problem->find(words) != std::string::npos;
}

}  // namespace

TEST_CASE("output path: refused before anything runs, with the reason, when writing it would destroy or fail") {
    TempDir dir;
    const fs::path scenario = dir.path / "tiny.yaml", parent = dir.path / "base.yaml";
    write_text(scenario, "extends: base.yaml\n");
    write_text(parent, "run: {seed: 1}\n");
    const std::vector<fs::path> inputs = {scenario, parent};

    CHECK(mentions(output_path_problem("", inputs), "empty"));
    CHECK(mentions(output_path_problem(dir.path, inputs), "is a directory"));
    CHECK(mentions(output_path_problem(dir.path / "sub" / "", inputs), "names a directory"));
    if (fs::exists("/dev/null")) CHECK(mentions(output_path_problem("/dev/null", inputs), "is a device"));
    CHECK(mentions(output_path_problem(scenario, inputs), "the scenario file the run reads"));
    CHECK(mentions(output_path_problem(parent, inputs), "extends chain"));
    // The same file by another name is still the scenario.
    CHECK(mentions(output_path_problem(dir.path / "." / "tiny.yaml", inputs), "the scenario file"));
    CHECK(mentions(output_path_problem(dir.path / "no-such-dir" / "x.h5", inputs), "does not exist"));
    CHECK(mentions(output_path_problem(dir.path / "x.h5.partial", inputs), ".partial"));
    write_text(dir.path / "notes.txt", "my notes\n");
    CHECK(mentions(output_path_problem(dir.path / "notes.txt", inputs), "not a complete vrusim results file"));
    CHECK(fs::file_size(dir.path / "notes.txt") == 9);  // untouched
    // A new name in a writable directory is fine, and so is an earlier run's finished results file.
    CHECK_FALSE(output_path_problem(dir.path / "new.h5", inputs));
    const auto meta = small_meta();
    {
        ResultsWriter writer(dir.path / "old.h5", meta, false);
        for (int r = 0; r < meta.replicates; ++r) writer.replicate_done(result_for(meta, r));
        writer.finish();
    }
    CHECK_FALSE(output_path_problem(dir.path / "old.h5", inputs));
    // An unfinished run's work file copied under a results name holds replicates that would be
    // lost: it is not replaced, nor is a finished file cut short.
    {
        ResultsWriter writer(dir.path / "unfinished.h5", meta, false);
        writer.replicate_done(result_for(meta, 0));
        fs::copy_file(writer.partial(), dir.path / "kept.h5");
    }
    CHECK(mentions(output_path_problem(dir.path / "kept.h5", inputs), "not a complete vrusim results file"));
    fs::copy_file(dir.path / "old.h5", dir.path / "cut.h5");
    fs::resize_file(dir.path / "cut.h5", fs::file_size(dir.path / "old.h5") / 2);
    CHECK(mentions(output_path_problem(dir.path / "cut.h5", inputs), "not a complete vrusim results file"));
}

TEST_CASE("output path: a second writer of the same file is refused at once by the lock, and the first one's work survives") {
    TempDir dir;
    const fs::path out = dir.path / "run.h5";
    const auto meta = small_meta();
    ResultsWriter first(out, meta, false);
    first.replicate_done(result_for(meta, 0));
    CHECK(work_file_locked(first.partial()));
    try {
        ResultsWriter second(out, meta, false);
        FAIL("a second writer was allowed");
    } catch (const OutputPathError& e) {
        CHECK(std::string(e.what()).find("another vrusim run is writing") != std::string::npos);
    }
    // Nor may a "resume" take over a file that is being written.
    CHECK_THROWS_AS(ResultsWriter(out, meta, true), OutputPathError);
    // The first run goes on and finishes with every value it stored.
    first.replicate_done(result_for(meta, 1));
    first.finish();
    CHECK_FALSE(fs::exists(first.partial()));
    const auto stored = read_results(out);
    CHECK(stored.replicates_done == std::vector<int>{0, 1});
    CHECK(stored.values[3][5] == static_cast<double>(result_for(meta, 0).measures.measure(static_cast<Measure>(3))[5]));
}

TEST_CASE("output path: an interrupted run's work file is neither overwritten nor resumed by accident") {
    TempDir dir;
    const fs::path out = dir.path / "run.h5";
    const auto meta = small_meta();
    { ResultsWriter stopped(out, meta, false); stopped.replicate_done(result_for(meta, 1)); }  // as if interrupted
    CHECK_FALSE(work_file_locked(partial_path(out)));
    try {
        ResultsWriter again(out, meta, false);
        FAIL("an interrupted run's work file was overwritten");
    } catch (const OutputPathError& e) {
        CHECK(std::string(e.what()).find("--resume") != std::string::npos);
    }
    CHECK(read_results(partial_path(out)).replicates_done == std::vector<int>{1});
    // Resuming a file that is not there is refused without creating one.
    CHECK_THROWS_AS(ResultsWriter(dir.path / "never.h5", meta, true), OutputPathError);
    CHECK_FALSE(fs::exists(partial_path(dir.path / "never.h5")));
    // A resume with a different scenario is refused as a usage error, naming what differs.
    auto other = meta;
    other.seed = 4;
    try {
        ResultsWriter wrong(out, other, true);
        FAIL("a resume with another seed was allowed");
    } catch (const OutputPathError& e) {
        CHECK(std::string(e.what()).find("seed 3 in the file, 4 now") != std::string::npos);
    }
}

namespace {

// A tmpfs of `bytes` mounted at `at` for the test's life (root only; false if it cannot be mounted).
struct SmallDisk {
    fs::path at;
    bool mounted = false;
    SmallDisk(fs::path where, std::uint64_t bytes) : at(std::move(where)) {
        fs::create_directories(at);
        mounted = ::geteuid() == 0 && ::mount("tmpfs", at.c_str(), "tmpfs", 0, ("size=" + std::to_string(bytes)).c_str()) == 0;
    }
    bool grow(std::uint64_t bytes) const {
        return ::mount("tmpfs", at.c_str(), "tmpfs", MS_REMOUNT, ("size=" + std::to_string(bytes)).c_str()) == 0;
    }
    ~SmallDisk() {
        if (mounted) ::umount2(at.c_str(), MNT_DETACH);
    }
};

std::string message_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("output path: a full disk stops the run with the system's reason, and every replicate stored stays resumable") {
    // Needs small tmpfs file systems, which only root can mount; elsewhere the test says so and passes.
    TempDir dir;
    const auto meta = small_meta(200);
    // The work file reserves all its space when it is created: measure it on the ordinary disk.
    std::uint64_t work_bytes = 0;
    {
        ResultsWriter probe(dir.path / "probe.h5", meta, false);
        work_bytes = fs::file_size(probe.partial());
    }
    REQUIRE(work_bytes > 512 * 1024);

    SmallDisk tiny(dir.path / "tiny", 256 * 1024);
    if (!tiny.mounted) {
        WARN("skipped: mounting a small tmpfs needs root (or is not allowed here)");
        return;
    }
    // Too small for the work file: refused when the run starts, nothing left behind.
    const std::string at_start = message_of([&] { ResultsWriter writer(tiny.at / "x.h5", meta, false); });
    CHECK(at_start.find("No space left on device") != std::string::npos);
    CHECK(fs::is_empty(tiny.at));

    // Room for the work file but not for the finished one: finishing fails, nothing takes the
    // name, and the work file still holds both replicates for a resume.
    SmallDisk tight(dir.path / "tight", work_bytes + 64 * 1024);
    REQUIRE(tight.mounted);
    const fs::path out = tight.at / "x.h5";
    const std::string at_finish = message_of([&] {
        ResultsWriter writer(out, meta, false);
        for (int r = 0; r < meta.replicates; ++r) writer.replicate_done(result_for(meta, r));
        writer.finish();
    });
    CHECK(at_finish.find("No space left on device") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(tight.at / "x.h5.finishing"));
    REQUIRE(fs::exists(partial_path(out)));
    CHECK(read_results(partial_path(out)).replicates_done == std::vector<int>{0, 1});
    // With room made, a resume finishes it, every value as written.
    REQUIRE(tight.grow(64 * 1024 * 1024));
    {
        ResultsWriter resumed(out, meta, true);
        CHECK(resumed.completed_replicates() == std::vector<int>{0, 1});
        resumed.finish();
    }
    const auto stored = read_results(out);
    CHECK(stored.status == "complete");
    const auto m = static_cast<std::size_t>(Measure::violent_incidents);
    CHECK(stored.values[m][7] == static_cast<double>(result_for(meta, 0).measures.measure(Measure::violent_incidents)[7]));
    CHECK_FALSE(fs::exists(partial_path(out)));
}

TEST_CASE("output path: the run's own files beside OUT are never followed, piped or left in the way") {
    TempDir dir;
    const auto meta = small_meta();
    const fs::path out = dir.path / "a.h5";
    // A link named OUT.finishing would make the finished file overwrite its target.
    write_text(dir.path / "precious.txt", "keep me\n");
    fs::create_symlink(dir.path / "precious.txt", dir.path / "a.h5.finishing");
    CHECK(mentions(output_path_problem(out, {}), "symbolic link"));
    fs::remove(dir.path / "a.h5.finishing");
    // A pipe named OUT.partial is refused at once (opening it to probe the lock would block).
    REQUIRE(::mkfifo((dir.path / "a.h5.partial").c_str(), 0644) == 0);
    CHECK(mentions(output_path_problem(out, {}), "a pipe"));
    fs::remove(dir.path / "a.h5.partial");
    CHECK(fs::file_size(dir.path / "precious.txt") == 8);

    // A run killed while finishing leaves OUT.finishing beside its work file: the resume replaces it.
    { ResultsWriter stopped(out, meta, false); for (int r = 0; r < 2; ++r) stopped.replicate_done(result_for(meta, r)); }
    write_text(dir.path / "a.h5.finishing", "half a file");
    CHECK_FALSE(output_path_problem(out, {}));
    // Resuming adds nothing to the work file (HDF5 may rewrite a few bytes in place when it opens
    // a file for writing, which needs no new space): on a full disk, growing it could fail half
    // way and damage the replicates it holds.
    const auto before = fs::file_size(partial_path(out));
    {
        ResultsWriter resumed(out, meta, true);
        CHECK(fs::file_size(partial_path(out)) == before);
        resumed.finish();
    }
    CHECK(read_results(out).status == "complete");
    CHECK_FALSE(fs::exists(dir.path / "a.h5.finishing"));
}

TEST_CASE("whole file: written through a fresh temporary that is never followed, touches no file of the user's, and is left behind on no failure") {
    TempDir dir;
    const auto victim = dir.path / "victim.txt", out = dir.path / "index.csv";
    std::ofstream(victim) << "precious";
    std::ofstream(dir.path / "index.csv.writing") << "the user's";
    // Links planted under the names this process's temporaries would take.
    for (int n = 0; n < 500; ++n)
        fs::create_symlink(victim, dir.path / (".index.csv." + std::to_string(::getpid()) + "-" + std::to_string(n) + ".writing"));
    write_whole_file(out, "point,file\n");
    std::ifstream kept(victim);
    std::string text((std::istreambuf_iterator<char>(kept)), std::istreambuf_iterator<char>());
    CHECK(text == "precious");
    CHECK(fs::is_regular_file(fs::symlink_status(out)));
    std::ifstream users(dir.path / "index.csv.writing");
    std::string theirs((std::istreambuf_iterator<char>(users)), std::istreambuf_iterator<char>());
    CHECK(theirs == "the user's");
    int left = 0;
    for (const auto& entry : fs::directory_iterator(dir.path)) left += entry.path().filename().string().ends_with(".writing");
    CHECK(left == 501);  // the user's file and the planted links, nothing of ours
    // A rename that cannot happen (a directory in the way) leaves no temporary behind.
    fs::create_directory(dir.path / "chart.png");
    CHECK_THROWS_AS(write_whole_file(dir.path / "chart.png", "x"), std::runtime_error);
    for (const auto& entry : fs::directory_iterator(dir.path))
        CHECK_FALSE(entry.path().filename().string().starts_with(".chart.png."));
    CHECK(fs::is_directory(dir.path / "chart.png"));
}
