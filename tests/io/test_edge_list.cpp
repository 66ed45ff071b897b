// Reading a verification network's edge list: a good file loads; each kind of bad input is named
// with its file and line.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/edge_list.hpp"
#include "temp_dir.hpp"

using namespace vrusim;
using namespace vrusim::io;
namespace fs = std::filesystem;
using vrusim::testing::TempDir;

namespace {

fs::path write(const TempDir& dir, const std::string& name, const std::string& text) {
    const fs::path p = dir.path / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

std::vector<std::string> problems_reading(const fs::path& file, std::uint32_t nodes) {
    try {
        read_edge_list(file, nodes);
    } catch (const ScenarioError& e) {
        return e.problems;
    }
    FAIL("expected a ScenarioError");
    return {};
}

}  // namespace

TEST_CASE("edge list: a file with a header, comments, blank lines, spaces and CRLF endings loads its ties in order") {
    TempDir dir;
    const auto file = write(dir, "good.csv", "# a comment\nsource,target\r\n0,1\r\n\n 2 , 1\n# more\n3,0\n");
    const auto ties = read_edge_list(file, 4);
    REQUIRE(ties.size() == 3);
    CHECK(ties[0] == verification::Tie{0, 1});
    CHECK(ties[1] == verification::Tie{1, 2});  // stored with the lower id first
    CHECK(ties[2] == verification::Tie{0, 3});
}

TEST_CASE("edge list: each kind of bad line is named with file and line, and what was expected") {
    TempDir dir;
    const auto file = write(dir, "bad.csv", "0,1\n1;2\n1,7\n4,4\n1,0\nx,2\n2,3\n");
    const std::string at = file.string();
    const auto problems = problems_reading(file, 5);
    REQUIRE(problems.size() == 5);
    CHECK(problems[0] == at + ":2: expected a tie 'u,v' of two node ids (whole numbers from 0 to 4), got '1;2'");
    CHECK(problems[1] == at + ":3: node id 7 is out of range: verification.nodes is 5, so ids run from 0 to 4");
    CHECK(problems[2] == at + ":4: self-loop 4,4: a tie must join two different nodes");
    CHECK(problems[3] == at + ":6: expected a tie 'u,v' of two node ids (whole numbers from 0 to 4), got 'x,2'");
    CHECK(problems[4] == at + ":5: tie 0,1 is already on line 1: give each tie once, in either order");
}

TEST_CASE("edge list: an empty file, a file of comments only, a missing file and negative ids are refused") {
    TempDir dir;
    const auto empty = write(dir, "empty.csv", "");
    CHECK(problems_reading(empty, 3) ==
          std::vector<std::string>{empty.string() + ": the edge list has no ties (expected lines 'u,v' of node ids)"});
    const auto comments = write(dir, "comments.csv", "# nothing\nsource,target\n");
    CHECK(problems_reading(comments, 3).front().ends_with(": the edge list has no ties (expected lines 'u,v' of node ids)"));
    CHECK(problems_reading(dir.path / "missing.csv", 3) ==
          std::vector<std::string>{(dir.path / "missing.csv").string() +
                                   ": cannot read the edge list (verification.edge_list)"});
    const auto negative = write(dir, "negative.csv", "0,1\n-1,2\n");
    CHECK(problems_reading(negative, 3).front() ==
          negative.string() + ":2: expected a tie 'u,v' of two node ids (whole numbers from 0 to 2), got '-1,2'");
}

TEST_CASE("edge list: a byte-order mark is ignored, odd bytes are shown as hex escapes, and only a regular file is read") {
    TempDir dir;
    const auto bom = write(dir, "bom.csv", "\xef\xbb\xbf" "0,1\n1,2\n");
    CHECK(read_edge_list(bom, 3).size() == 2);
    const auto odd = write(dir, "odd.csv", std::string("0,1\n1,\x1b[2J2\n") + std::string("3\0,1\n", 5));
    const auto problems = problems_reading(odd, 4);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].ends_with(":2: expected a tie 'u,v' of two node ids (whole numbers from 0 to 3), got '1,\\x1b[2J2'"));
    CHECK(problems[1].ends_with("got '3\\x00,1'"));
    // A directory (and likewise a pipe or a device, which would block or never end) is refused at once.
    CHECK(problems_reading(dir.path, 3) ==
          std::vector<std::string>{dir.path.string() + ": the edge list (verification.edge_list) is not a regular file"});
    // A wholly wrong file is summarised after 20 lines.
    std::string junk;
    for (int i = 0; i < 50; ++i) junk += "x\n";
    const auto many = problems_reading(write(dir, "junk.csv", junk), 3);
    REQUIRE(many.size() == 21);
    CHECK(many.back().ends_with(": ... and 30 more lines with problems"));
}

TEST_CASE("edge list: the path is relative to the scenario file that sets it, and loads with the scenario") {
    TempDir dir;
    fs::create_directories(dir.path / "nets");
    write(dir, "nets/ties.csv", "0,1\n1,2\n");
    std::ofstream(dir.path / "nets" / "v.yaml") << "verification:\n  enabled: true\n  network: edge_list\n"
                                                  "  edge_list: ties.csv\n  nodes: 3\n  initial_infected: 1\n";
    const LoadedScenario scenario = load_scenario(dir.path / "nets" / "v.yaml");
    CHECK(edge_list_path(scenario) == (dir.path / "nets" / "ties.csv").lexically_normal());
    CHECK(load_network_ties(scenario).size() == 2);
}
