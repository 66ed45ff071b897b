#pragma once
/// Which keys differ between two resolved scenarios, for messages that say what changed (a
/// refused resume names the keys, not only the scenario hash).
#include <string>
#include <string_view>
#include <vector>

namespace vrusim::io {

/// The keys whose values differ between two resolved scenario texts, each as "key: A in the
/// file, B now" ("absent" for a key only one has; other labels than "in the file" and "now" may
/// be given), in the order of the first text and then of the second; dotted paths, list entries
/// as key[i]. Empty if either text is not readable YAML.
/// True if `text` reads as YAML (a stored scenario that does not is damaged).
bool scenario_readable(std::string_view text);

std::vector<std::string> scenario_differences(std::string_view in_file, std::string_view now,
                                              std::string_view first_label = "in the file",
                                              std::string_view second_label = "now");

}  // namespace vrusim::io
