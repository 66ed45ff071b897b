#include "objective.hpp"

#include "../economics/comparison.hpp"
#include "../economics/harms.hpp"
#include "../economics/run_years.hpp"

namespace vrusim::optimise {

double objective_value(const Parameters& p, const ReplicateResult& result, const Objective& objective) {
    // The yearly totals as `vrusim compare` makes them, from this replicate alone.
    ReplicateResult alone = result;
    alone.plan.replicate = 0;
    const RunYears run = run_years_of(p, std::span<const ReplicateResult>(&alone, 1), "");
    if (!objective.social_value) return -yearly(run, objective.measure, 0);
    double cost = 0;
    for (int y = 0; y < run.years; ++y) {
        const YearHarms h = harms_from(run.at(harm_measures[0], 0, y), run.at(harm_measures[1], 0, y),
                                       run.at(harm_measures[2], 0, y), run.at(harm_measures[3], 0, y));
        cost += discount_factor(p.economics.discount_rate, y) * social_cost(p.economics, h);
    }
    return -cost;
}

std::string objective_unit(const Objective& objective) {
    if (objective.social_value) return "pounds of harms averted over the run (social value, discounted)";
    std::string unit = unit_a_year(objective.measure);
    return unit + " averted";
}

std::string objective_name(const Objective& objective) {
    return objective.social_value ? "social_value" : std::string(info(objective.measure).name);
}

}  // namespace vrusim::optimise
