// Quick mode's sample (gui/run_worker.hpp): sized so that three scenarios simulate about
// quick_agent_weeks in all (seconds on the reference machine), never above a scenario's own scale,
// the same for every scenario with one population, and applied through the loader.
#include <catch2/catch.hpp>

#include "gui/run_worker.hpp"
#include "sim/population.hpp"

using namespace vrusim;

TEST_CASE("quick mode: three Thames Valley scenarios simulate about the budgeted agent-weeks, a small scenario runs whole") {
    const auto tv = io::load_scenario(VRUSIM_SCENARIO_DIR "/thames-valley-2023-24.yaml");
    const Parameters& p = tv.parameters;
    const double scale = gui::quick_scale_of(p);
    const double agent_weeks = 3 * represented_10_24(p) * scale * (p.run.burn_in_weeks + p.run.weeks) * gui::quick_replicates;
    // Rounded down to two significant figures: within 10% below the budget, never above it.
    CHECK(agent_weeks <= gui::quick_agent_weeks);
    CHECK(agent_weeks > 0.9 * gui::quick_agent_weeks);

    // A plan of the same force gets the same sample (so it pairs, and stays cached).
    const auto none = io::load_scenario(VRUSIM_SCENARIO_DIR "/examples/no-programme.yaml");
    CHECK(gui::quick_scale_of(none.parameters) == scale);
    const auto quick = gui::quick_version(tv);
    CHECK(quick.parameters.population.scale == scale);
    CHECK(quick.parameters.run.replicates == gui::quick_replicates);

    // Tiny's 2,500 young people fit many times over: it runs at its own scale.
    const auto tiny = io::load_scenario(VRUSIM_SCENARIO_DIR "/tiny.yaml");
    CHECK(gui::quick_scale_of(tiny.parameters) == tiny.parameters.population.scale);
}
