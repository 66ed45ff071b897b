#pragma once
/// What a budget optimiser maximises (docs/research.md, "Budget optimiser"), read from one
/// replicate's result: the social value of its harms, or one Home Office measure. Higher is better,
/// so an allocation's paired difference from the current plan is what it averts beyond it.
#include <string>

#include "../ensemble.hpp"
#include "../measures.hpp"
#include "../parameters.hpp"

namespace vrusim::optimise {

struct Objective {
    bool social_value = true;  ///< else `measure`
    Measure measure = Measure::hospital_admissions_knife_assault_u25_expected;
};

/// The objective in one replicate: minus the discounted social cost of its harms over the run
/// (pounds, valued with p.economics as `vrusim compare` values them), or minus the measure a year
/// (flows per 52 weeks).
double objective_value(const Parameters& p, const ReplicateResult& result, const Objective& objective);

/// "social value of harms averted (pounds over the run, discounted)" or the measure's "... averted a year".
std::string objective_unit(const Objective& objective);

/// The objective's name as the optimiser file gives it.
std::string objective_name(const Objective& objective);

}  // namespace vrusim::optimise
