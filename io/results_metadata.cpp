#include "results_metadata.hpp"

#include <fmt/format.h>

#include "edge_list.hpp"
#include "sim/population.hpp"
#include "sim/programme/funding.hpp"

namespace vrusim::io {

ResultsMetadata results_metadata(const io::LoadedScenario& scenario, std::span<const verification::Tie> ties) {
    const auto& p = scenario.parameters;
    ResultsMetadata meta;
    meta.scenario_name = scenario.name;
    meta.resolved_yaml = scenario.resolved_yaml;
    meta.source_text = scenario.source_text;
    meta.seed = p.run.seed;
    meta.replicates = p.run.replicates;
    meta.weeks = p.run.weeks;
    meta.burn_in_weeks = p.run.burn_in_weeks;
    meta.start_year = p.run.start_year;
    meta.scenario_hash = hash_text(scenario.resolved_yaml);
    if (p.verification.enabled) {
        // A network's nodes stand for themselves: one area, scale 1 (docs/outputs.md).
        const auto nodes = static_cast<std::uint32_t>(p.verification.nodes);
        meta.agents = nodes;
        meta.scale = 1;
        meta.population_10_24 = nodes;
        meta.population_all_ages = nodes;
        meta.area_names = {"network"};
        meta.measure_set = MeasureSet::verification;
        if (p.verification.network == "edge_list") {
            // The graph is the file's content, not its name: record it, so that the stored scenario
            // says which graph ran and a resume with a changed file is refused.
            const auto bytes = std::as_bytes(ties);  // the ties as stored: two 32-bit ids each
            const std::uint64_t h =
                hash_text(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
            meta.resolved_yaml += fmt::format("# verification.edge_list {}: {} ties, content hash {:016x}\n",
                                              edge_list_path(scenario).string(), ties.size(), h);
            meta.scenario_hash = hash_text(meta.resolved_yaml);
        }
        return meta;
    }
    meta.agents = static_cast<std::uint32_t>(simulated_agent_count(p));
    meta.scale = p.population.scale;
    meta.population_10_24 = represented_10_24(p);
    meta.population_all_ages = represented_all_ages(p);
    for (const auto& a : p.population.areas) meta.area_names.push_back(a.name);
    for (const auto& in : p.programme.interventions) meta.intervention_names.push_back(in.name);
    meta.funding = plan_funding(p);
    return meta;
}

}  // namespace vrusim::io
