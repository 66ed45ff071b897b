#pragma once
// The metadata of a small made-up run, for the results-file tests and the --resume fuzz target.
#include "io/results_writer.hpp"

namespace vrusim::testing {

inline io::ResultsMetadata tiny_meta() {
    io::ResultsMetadata meta;
    meta.scenario_name = "tiny";
    meta.resolved_yaml = "run:\n  seed: 7\n  replicates: 3\n";
    meta.source_text = "# tiny scenario\nrun: {seed: 7}\n";
    meta.seed = 7;
    meta.replicates = 3;
    meta.weeks = 4;
    meta.burn_in_weeks = 2;
    meta.start_year = 2024;
    meta.agents = 1234;
    meta.population_10_24 = 5000;
    meta.population_all_ages = 20000;
    meta.scale = 0.1;
    meta.area_names = {"Reading", "Slough"};
    meta.scenario_hash = io::hash_text(meta.resolved_yaml);
    return meta;
}

}  // namespace vrusim::testing
