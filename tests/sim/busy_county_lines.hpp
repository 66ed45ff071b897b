#pragma once
/// County-lines settings shared by tests that need every county-lines path to run within a short
/// run on a few thousand people.
#include "sim/parameters.hpp"

namespace vrusim::testing {

/// County lines on, with many lines for the population (40 where the default scale would give
/// well under one), fast entry and closure, short forming and disrupted limits (so lines also
/// fold), plenty of willing recruits, and frequent cuckooing and identification.
inline void make_county_lines_busy(Parameters& p) {
    auto& c = p.county_lines;
    c.enabled = true;
    c.lines_regional = 40;
    c.entry_rate_per_week = 0.5;
    c.closure_rate_per_week = 0.1;
    c.forming_max_weeks = 4;
    c.disrupted_max_weeks = 3;
    p.exploitation.approach_prevalence_13_17 = 0.9;
    p.exploitation.compliance_share = 0.6;
    p.cuckooing.p_takeover_per_week = 0.8;
    p.safeguarding.p_identify_per_week = 0.05;
}

/// Drug markets with frequent robbery, rivalry and punishment of runners.
inline void make_markets_violent(Parameters& p) {
    auto& c = p.county_lines;
    c.p_robbery_per_week = 0.2;
    c.p_rivalry_per_week = 0.3;
    c.p_punishment_per_week = 0.3;
}

}  // namespace vrusim::testing
