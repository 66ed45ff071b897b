#pragma once
/// The programme and its funding plan as `vrusim validate` prints them (docs/funding.md).
#include <string>

#include "sim/parameters.hpp"

namespace vrusim::cli {

/// Whole pounds with thousands separated: "£153,000".
std::string pounds(double amount);

/// A share as a percentage with one decimal, or with as many more as it takes to tell it from
/// `required` (a FAIL at 29.999% is not printed as 30.0%).
std::string share_against(double share, double required);

/// Each intervention's moment, who, places and money a year, with a note where a setting means it
/// will not run as the user may expect; then, with funding on, the plan by financial year and the
/// grant conditions, PASS or FAIL with their figures. Returns how many conditions fail.
int print_programme(const Parameters& p);

}  // namespace vrusim::cli
