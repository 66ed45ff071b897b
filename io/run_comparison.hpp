#pragma once
/// Results files made ready for a comparison (`vrusim compare`, the explorer): whether two runs
/// can be paired replicate by replicate, and each run reduced to financial years.
#include <string>
#include <string_view>
#include <vector>

#include "results_writer.hpp"
#include "sim/economics/comparison.hpp"

namespace vrusim::io {

/// Why two finished runs cannot be compared replicate by replicate under common random numbers:
/// other versions or model sources, other seeds, replicate counts, weeks, burn-in, start year,
/// population scale or areas, another population or graph set-up (each key named), or not the
/// model's measures. Empty if they can be. The labels name the runs in the messages.
std::vector<std::string> pairing_conflicts(const StoredResults& a, const StoredResults& b, std::string_view a_label,
                                           std::string_view b_label);

/// The scenario keys outside the programme, funding and economics (and the run and population
/// set-up pairing_conflicts judges) in which b differs from a: a paired difference then holds
/// their effect as well as the plan's.
std::vector<std::string> model_setting_differences(const StoredResults& a, const StoredResults& b);

/// A finished run reduced to financial years, with its spend (interventions, evaluation, core)
/// and the economics of its stored scenario; the measures of one area only if `area` >= 0 (the
/// spend stays the whole programme's).
RunYears run_years(const StoredResults& results, std::string label, int area = -1);

}  // namespace vrusim::io
