#pragma once
// A small made-up run: its metadata and replicates of known counts, for the results-file tests
// and the --resume fuzz target.
#include <cstdint>

#include "io/results_writer.hpp"
#include "sim/ensemble.hpp"
#include "sim/measures.hpp"

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

// Known counts: cell (measure 0, week 0, area 0, band 0) is 1, 2, 3 in replicates 0, 1, 2.
inline std::uint32_t known_count(int rep, int m, int w, int a, int b) {
    return static_cast<std::uint32_t>((1 + m + 3 * w + 5 * a + 7 * b) * (rep + 1));
}

inline ReplicateResult known_result(const io::ResultsMetadata& meta, int rep) {
    ReplicateResult r;
    r.plan = RunPlan{0, rep, meta.seed};
    r.measures = MeasureCube(meta.weeks, static_cast<int>(meta.area_names.size()));
    for (int m = 0; m < measure_count; ++m)
        for (int w = 0; w < meta.weeks; ++w)
            for (int a = 0; a < r.measures.areas(); ++a)
                for (int b = 0; b < age_band_count; ++b)
                    r.measures.at(static_cast<Measure>(m), w, a, b) = known_count(rep, m, w, a, b);
    r.agents = meta.agents;
    r.seconds = 0.25 * (rep + 1);
    r.state_hash = 1000 + static_cast<std::uint64_t>(rep);
    return r;
}

}  // namespace vrusim::testing
