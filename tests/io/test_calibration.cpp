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
        // Two targets rest on too few events to check on a sample this size; `vrusim calibrate` at
        // full scale checks them (docs/model.md 8.2). Knife homicides: ~2 a year in all Thames Valley,
        // so about 3 here, and a Poisson count of 0 (5%) would fall outside. The age split of knife
        // admissions: ~40 a year, so about 50 here, and the binomial sd of the share (0.065) is more
        // than half its tolerance.
        if (r.target->key == "knife_homicides_u25_per_year") {
            CHECK(r.target->target * scale * reps * years < 10);
            continue;
        }
        if (r.target->key == "knife_admissions_share_10_17") {
            CHECK(40 * scale * reps * years < 100);
            continue;
        }
        INFO(r.target->key << ": achieved " << r.achieved.mean << ", tolerance [" << r.target->low << ", "
                           << r.target->high << "], source " << r.target->source);
        CHECK(r.within());
    }
}
