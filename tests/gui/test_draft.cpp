// The explorer's scenario editing (gui/draft.hpp): a field refused with the loader's own message and
// Run held until it is fixed; the board's example edit (a budget raised, an intervention copied to
// Slough); a saved file that loads back to the same parameters and runs to the same results; and
// no file replaced that the draft did not save.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "../io/temp_dir.hpp"
#include "gui/draft.hpp"
#include "gui/library.hpp"
#include "sim/ensemble.hpp"

using namespace vrusim;

namespace {

std::size_t index_of(const gui::ScenarioDraft& d, std::string_view name) {
    const auto& list = d.scenario().parameters.programme.interventions;
    for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].name == name) return i;
    FAIL("no intervention named " << name);
    return 0;
}

std::string read(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string intervention_key(std::size_t i, std::string_view member) {
    return "programme.interventions[" + std::to_string(i) + "]." + std::string(member);
}

}  // namespace

TEST_CASE("draft: a refused value stays at its field with the loader's message, and Run waits until it is fixed") {
    auto d = gui::ScenarioDraft::open(VRUSIM_SCENARIO_DIR "/thames-valley-2023-24.yaml");
    REQUIRE(d.runnable());
    CHECK_FALSE(d.modified());

    d.edit("funding.taper", "1.5");
    CHECK_FALSE(d.runnable());
    CHECK(d.field_text("funding.taper") == "1.5");  // what was typed, not the old value
    CHECK(d.field_error("funding.taper") == "expected a real number in [0, 1], got 1.5");
    CHECK(d.scenario().parameters.funding.taper == 0);  // the last valid state is kept
    REQUIRE(d.problems().size() == 1);
    CHECK(d.problems()[0] == "funding.taper: expected a real number in [0, 1], got 1.5");

    d.edit("funding.taper", "0.25");
    CHECK(d.runnable());
    CHECK(d.field_error("funding.taper").empty());
    CHECK(d.scenario().parameters.funding.taper == 0.25);
    CHECK(d.modified());

    // Text where a number belongs, and an unknown area: the loader's messages, the second a rule.
    d.edit("run.replicates", "ten");
    CHECK(d.field_error("run.replicates").starts_with("expected an integer"));
    d.edit("run.replicates", "10");
    const std::size_t reading = index_of(d, "School Navigators (Reading)");
    d.edit(intervention_key(reading, "area"), "Nowhere");
    CHECK_FALSE(d.runnable());
    REQUIRE(d.problems().size() == 1);
    CHECK(d.problems()[0].find("Nowhere") != std::string::npos);
    d.edit(intervention_key(reading, "area"), "Reading");
    CHECK(d.runnable());
}

TEST_CASE("draft: the board's edit (School Navigators to 250k and into Slough) saves a file that runs as the draft does") {
    testing::TempDir dir;
    const auto plan = gui::ScenarioDraft::open(VRUSIM_SCENARIO_DIR "/thames-valley-2023-24.yaml");
    auto d = plan.duplicate({plan.label()});
    CHECK(d.label() == "Thames Valley VRU programme 2023-24 (copy)");
    CHECK(d.file().empty());
    CHECK(plan.duplicate({plan.label(), d.label()}).label() == "Thames Valley VRU programme 2023-24 (copy 2)");

    const std::size_t reading = index_of(d, "School Navigators (Reading)");
    // Places at £765 each are the plan; paid by budget instead, the same money, then raised.
    d.pay_by_budget(reading, true);
    CHECK(d.scenario().parameters.programme.interventions[reading].budget_per_year == 76500);
    CHECK(d.scenario().parameters.programme.interventions[reading].places_per_year == 0);
    d.edit(intervention_key(reading, "budget_per_year"), "250000");
    REQUIRE(d.runnable());
    const std::size_t count = d.scenario().parameters.programme.interventions.size();
    d.duplicate_intervention(reading);
    REQUIRE(d.scenario().parameters.programme.interventions.size() == count + 1);
    CHECK(d.scenario().parameters.programme.interventions.back().name == "School Navigators (Reading) (2)");
    d.edit(intervention_key(count, "name"), "School Navigators (Slough)");
    d.edit(intervention_key(count, "area"), "Slough");
    REQUIRE(d.runnable());
    const auto& slough = d.scenario().parameters.programme.interventions.back();
    CHECK(slough.area == "Slough");
    CHECK(slough.budget_per_year == 250000);

    const auto saved = dir.path / "navigators.yaml";
    d.save(saved);
    CHECK(d.file() == std::filesystem::absolute(saved));
    CHECK_FALSE(d.modified());
    const auto loaded = io::load_scenario(saved);
    CHECK(loaded.resolved_yaml == d.scenario().resolved_yaml);  // every key, the same value

    // Saving again to its own file is allowed; to any other existing file is not.
    d.edit("funding.taper", "0.1");
    d.save(saved);
    CHECK(io::load_scenario(saved).parameters.funding.taper == 0.1);
    const auto other = dir.path / "other.yaml";
    std::ofstream(other) << "not mine\n";
    CHECK_THROWS_WITH(d.save(other), Catch::Contains("exists; choose another name"));
    CHECK(read(other) == "not mine\n");
    CHECK_THROWS_WITH(d.save(dir.path), Catch::Contains("is a directory"));
    CHECK_THROWS_WITH(d.save(dir.path / "missing" / "x.yaml"), Catch::Contains("does not exist"));
    d.edit("funding.taper", "2");
    CHECK_THROWS_WITH(d.save(dir.path / "new.yaml"), Catch::Contains("problem"));
    CHECK_FALSE(std::filesystem::exists(dir.path / "new.yaml"));
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& f : std::filesystem::directory_iterator(dir.path)) ++files;
    CHECK(files == 2);  // no temporary left behind

    // The file a scenario was opened from is not replaced either.
    auto opened = gui::ScenarioDraft::open(saved);
    opened.edit("funding.taper", "0.3");
    CHECK_THROWS_WITH(opened.save(saved), Catch::Contains("exists"));
    CHECK(io::load_scenario(saved).parameters.funding.taper == 0.1);
}

TEST_CASE("draft: a saved edit gives bit-identical results to the draft it was saved from") {
    testing::TempDir dir;
    auto d = gui::ScenarioDraft::open(VRUSIM_SCENARIO_DIR "/tiny.yaml");
    d.edit("violence.p_knife_if_carrying", "0.31");
    d.edit("run.seed", "17");
    REQUIRE(d.runnable());
    d.save(dir.path / "tiny-edited.yaml");
    const auto loaded = io::load_scenario(dir.path / "tiny-edited.yaml");
    const auto plan = make_plans(d.scenario().parameters).front();
    const auto a = run_replicate(d.scenario().parameters, plan);
    const auto b = run_replicate(loaded.parameters, make_plans(loaded.parameters).front());
    CHECK(a.state_hash == b.state_hash);
    CHECK(std::ranges::equal(a.measures.raw(), b.measures.raw()));
}

TEST_CASE("draft: paying by places again gives the places the budget buys") {
    auto d = gui::ScenarioDraft::open(VRUSIM_SCENARIO_DIR "/thames-valley-2023-24.yaml");
    const std::size_t reading = index_of(d, "School Navigators (Reading)");
    d.pay_by_budget(reading, true);
    d.edit(intervention_key(reading, "budget_per_year"), "153000");
    d.pay_by_budget(reading, false);
    CHECK(d.scenario().parameters.programme.interventions[reading].places_per_year == 200);
    CHECK(d.scenario().parameters.programme.interventions[reading].budget_per_year == 0);
    CHECK(d.runnable());
}

TEST_CASE("draft: removing an intervention renumbers the rest, a refused field of the old numbering is dropped") {
    auto d = gui::ScenarioDraft::open(VRUSIM_SCENARIO_DIR "/thames-valley-2023-24.yaml");
    const std::size_t count = d.scenario().parameters.programme.interventions.size();
    d.edit(intervention_key(0, "take_up"), "7");
    CHECK_FALSE(d.runnable());
    const std::string second = d.scenario().parameters.programme.interventions[1].name;
    d.remove_intervention(0);
    CHECK(d.scenario().parameters.programme.interventions.size() == count - 1);
    CHECK(d.scenario().parameters.programme.interventions[0].name == second);
    CHECK(d.runnable());
}

TEST_CASE("library: the bundled scenarios by name, every one loading, the catalogue not among them") {
    const auto library = gui::bundled_scenarios(VRUSIM_SCENARIO_DIR);
    REQUIRE(library.size() >= 10);
    bool programme = false, taper = false;
    for (const auto& entry : library) {
        CHECK(entry.problem.empty());
        CHECK(entry.file.filename() != "catalogue.yaml");
        programme |= entry.name == "Thames Valley VRU programme 2023-24";
        taper |= entry.name == "Grant tapers 20% a year";
    }
    CHECK(programme);
    CHECK(taper);
}

TEST_CASE("draft: a loader problem's location is taken off for the field") {
    CHECK(gui::without_location("command line: funding.taper: expected x") == "funding.taper: expected x");
    CHECK(gui::without_location("/a/b c.yaml:12:5: run.seed: expected y") == "run.seed: expected y");
    CHECK(gui::without_location("no location here") == "no location here");
}

TEST_CASE("draft: from the hostile pass: names with line breaks save and load, a changed or oversized file is refused") {
    testing::TempDir dir;
    auto d = gui::ScenarioDraft::open(VRUSIM_SCENARIO_DIR "/tiny.yaml");
    // A name is the user's text: a line break in it must not turn the rest into YAML keys.
    d.edit("name", "line one\nextends: other.yaml #");
    REQUIRE(d.runnable());
    const auto file = dir.path / "named.yaml";
    d.save(file);
    const auto loaded = io::load_scenario(file);
    CHECK(loaded.files.size() == 1);  // nothing else read
    CHECK(loaded.resolved_yaml == d.scenario().resolved_yaml);

    // The user adds a note to the saved file: the next save does not replace it.
    std::ofstream(file, std::ios::app) << "# my notes\n";
    d.edit("run.seed", "5");
    CHECK_THROWS_WITH(d.save(file), Catch::Contains("exists"));
    CHECK(read(file).ends_with("# my notes\n"));

    // Over the loader's size limit: refused rather than saved unreadable.
    d.edit("description", std::string(io::max_scenario_bytes, 'x'));
    CHECK_THROWS_WITH(d.save(dir.path / "huge.yaml"), Catch::Contains("over the"));
    CHECK_FALSE(std::filesystem::exists(dir.path / "huge.yaml"));
}

TEST_CASE("draft: paying by budget changes both keys or neither, a refusal typed back to the value clears") {
    auto d = gui::ScenarioDraft::open(VRUSIM_SCENARIO_DIR "/thames-valley-2023-24.yaml");
    d.edit(intervention_key(0, "places_per_year"), "10000000");
    d.edit(intervention_key(0, "cost_per_participant"), "10000000");
    REQUIRE(d.runnable());
    const std::string why = d.pay_by_budget(0, true);  // 1e14 a year is over budget_per_year's bound
    CHECK(why.find("budget_per_year") != std::string::npos);
    CHECK(d.scenario().parameters.programme.interventions[0].places_per_year == 10000000);
    CHECK(d.runnable());

    const std::string was = d.field_text(intervention_key(0, "take_up"));
    d.edit(intervention_key(0, "take_up"), "x");
    CHECK_FALSE(d.runnable());
    d.edit(intervention_key(0, "take_up"), was);
    CHECK(d.runnable());
}

TEST_CASE("draft: a refused value follows its intervention when one before it is removed") {
    auto d = gui::ScenarioDraft::open(VRUSIM_SCENARIO_DIR "/thames-valley-2023-24.yaml");
    d.edit(intervention_key(2, "take_up"), "7");
    d.duplicate_intervention(0);
    CHECK(d.field_error(intervention_key(2, "take_up")).starts_with("expected"));  // copying renumbers nothing
    d.remove_intervention(0);
    CHECK(d.field_text(intervention_key(1, "take_up")) == "7");
    CHECK(d.field_error(intervention_key(1, "take_up")).starts_with("expected"));
    CHECK(d.field_error(intervention_key(2, "take_up")).empty());
    d.remove_intervention(1);
    CHECK(d.runnable());
}
