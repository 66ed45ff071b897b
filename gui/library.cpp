#include "library.hpp"

#include <algorithm>

#include "io/scenario_loader.hpp"

namespace vrusim::gui {

namespace {

std::vector<LibraryEntry> scenarios_in(const std::filesystem::path& dir) {
    std::vector<LibraryEntry> found;
    std::error_code ec;
    for (const auto& item : std::filesystem::directory_iterator(dir, ec)) {
        const auto& file = item.path();
        if (file.extension() != ".yaml" || file.filename() == "catalogue.yaml") continue;
        LibraryEntry entry{file, file.stem().string(), {}};
        try {
            const auto loaded = io::load_scenario(file);
            if (!loaded.name.empty()) entry.name = loaded.name;
        } catch (const io::ScenarioError& e) {
            entry.problem = e.problems.empty() ? "does not load" : e.problems.front();
        }
        found.push_back(std::move(entry));
    }
    std::ranges::sort(found, {}, &LibraryEntry::name);
    return found;
}

}  // namespace

std::vector<LibraryEntry> bundled_scenarios(const std::filesystem::path& dir) {
    auto all = scenarios_in(dir);
    auto examples = scenarios_in(dir / "examples");
    all.insert(all.end(), std::make_move_iterator(examples.begin()), std::make_move_iterator(examples.end()));
    return all;
}

}  // namespace vrusim::gui
