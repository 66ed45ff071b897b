#pragma once
// Shared by the programme's tests: the default scenario at a 5% sample, and stepping a model into
// its reported weeks, when the programme acts.
#include "io/scenario_loader.hpp"
#include "sim/model.hpp"

namespace vrusim::testing {

inline Parameters programme_sample() {
    Parameters p = io::load_scenario(VRUSIM_SCENARIO_DIR "/default.yaml").parameters;
    p.population.scale = 0.05;
    return p;
}

/// Steps the model through the burn-in and `weeks` reported weeks.
inline void run_into_report(Model& m, const Parameters& p, int weeks) {
    for (int week = 0; week < p.run.burn_in_weeks + weeks; ++week) m.step();
}

}  // namespace vrusim::testing
