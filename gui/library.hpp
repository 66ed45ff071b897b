#pragma once
/// The scenario library: the scenarios bundled with vrusim (scenarios/ and scenarios/examples/),
/// listed by their names, for the explorer's picker.
#include <filesystem>
#include <string>
#include <vector>

namespace vrusim::gui {

struct LibraryEntry {
    std::filesystem::path file;
    std::string name;     ///< the scenario's `name:`, or the file's stem
    std::string problem;  ///< the loader's first message if the file does not load, else empty
};

/// The scenario files in `dir` and `dir`/examples (not the interventions catalogue), each loaded
/// once to read its name; the main ones first, then the examples, each by name.
std::vector<LibraryEntry> bundled_scenarios(const std::filesystem::path& dir);

}  // namespace vrusim::gui
