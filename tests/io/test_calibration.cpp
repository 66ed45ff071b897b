// The default scenario reproduces the published figures it is calibrated to (sim/calibration.cpp),
// run at a reduced scale so the suite stays fast; the tolerances are the targets' own.
#include <catch2/catch.hpp>
#include <tbb/global_control.h>

#include "io/scenario_loader.hpp"
#include "sim/calibration.hpp"
#include "sim/ensemble.hpp"

namespace {

std::vector<vrusim::ReplicateResult> run_default(double scale, int replicates) {
    auto scenario = vrusim::io::load_scenario(std::string(VRUSIM_SCENARIO_DIR) + "/default.yaml");
    vrusim::io::apply_override(scenario, "population.scale", std::to_string(scale));
    vrusim::io::apply_override(scenario, "run.replicates", std::to_string(replicates));
    vrusim::io::apply_override(scenario, "run.weeks", "104");
    const auto& p = scenario.parameters;
    std::vector<vrusim::ReplicateResult> results;
    for (const auto& plan : vrusim::make_plans(p)) results.push_back(vrusim::run_replicate(p, plan));
    return results;
}

}  // namespace

TEST_CASE("calibration: the default scenario reproduces every published target within its tolerance") {
    // A third of Thames Valley (about 147,000 agents), two replicates of two years after burn-in.
    constexpr double scale = 1.0 / 3.0;
    constexpr int reps = 2, years = 2;
    const auto replicates = run_default(scale, reps);
    auto p = vrusim::io::load_scenario(std::string(VRUSIM_SCENARIO_DIR) + "/default.yaml").parameters;
    p.population.scale = scale;
    for (const auto& r : vrusim::evaluate_calibration(p, replicates)) {
        // Knife homicides (~2 a year in all Thames Valley) are too rare to check on a sample this
        // size: about 3 expected, so a Poisson count of 0 (5%) would fall outside. `vrusim calibrate`
        // at full scale checks them.
        if (r.target->key == "knife_homicides_u25_per_year") {
            CHECK(r.target->target * scale * reps * years < 10);
            continue;
        }
        INFO(r.target->key << ": achieved " << r.achieved.mean << ", tolerance [" << r.target->low << ", "
                           << r.target->high << "], source " << r.target->source);
        CHECK(r.within());
    }
}
