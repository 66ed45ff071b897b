#pragma once
/// The built-in catalogue of interventions (scenarios/catalogue.yaml, compiled into the program;
/// docs/interventions.md): an intervention that names `catalogue: ID` starts from that entry's
/// settings, and its own keys replace them one by one.
#include <string>
#include <string_view>
#include <vector>

namespace vrusim::io {

/// The catalogue's YAML text, as shipped.
std::string_view catalogue_text();
/// The catalogue's entry ids, in file order.
std::vector<std::string> catalogue_ids();

namespace detail {
struct Context;
struct Item;
/// Fills each programme.interventions record that names `catalogue: ID` with the entry's keys it
/// does not give itself (positions in the catalogue, for messages); reports an unknown ID at its
/// value with the closest id, and returns the keys of the records with an unknown ID.
std::vector<std::string> apply_catalogue(Context& c, Item& root);
}  // namespace detail

}  // namespace vrusim::io
