#pragma once
/// Internal to the scenario loader: validating our YAML tree against the scenario schema, key by
/// key and then the rules between keys (io/scenario_validation.cpp).
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "io/scenario_yaml.hpp"
#include "sim/schema.hpp"

namespace vrusim::io::detail {

/// True if every character is a digit (and there is at least one).
bool all_digits(std::string_view s);
/// The text in lower case (ASCII).
std::string lowercase(std::string_view s);
/// The candidate nearest to a misspelt key, if one is near enough to suggest ("did you mean").
std::optional<std::string> closest(std::string_view key, const std::vector<std::string>& candidates);

/// Reads validated values into `out`, reporting each problem with its position to `c`.
struct Validation {
    Context& c;
    LoadedScenario& out;
    std::set<std::string> bad;  // keys with a problem of their own; rules between keys skip them

    /// Reports a problem at `w` and marks the key as bad.
    void problem(Where w, const std::string& key, std::string_view message);
    /// Records where a key was set, for messages about rules between keys.
    void set_origin(const std::string& key, Where w);
    /// "expected <what the schema wants>, got <what is there>".
    void expected(Where w, const std::string& key, const FieldMeta& f, const Item& item, std::string_view note = {});
    /// A finite number in YAML's core form, or a problem.
    std::optional<double> real(const std::string& key, const FieldMeta& f, const Item& item);
    /// The key's value checked against its type and bounds, or a problem.
    std::optional<Value> value(const std::string& key, const FieldMeta& f, const Item& item);
    /// An unknown key, with "did you mean" among the keys `here` (or every section's).
    void unknown(Where w, const std::string& full_key, std::string_view key, const std::vector<std::string>& here,
                 bool search_sections);
    /// A list of records (areas, enforcement timeline), entry by entry.
    void records(const Field& field, const Item& item);
    /// The whole tree: name, description, every section and its keys, required keys present.
    void scenario(const Item& root);
};

/// Reports the rules between keys that the scenario breaks, except those involving a key with a
/// problem of its own (`bad`), which would only repeat it.
void check_rules(Context& c, const LoadedScenario& s, const std::set<std::string>& bad);

}  // namespace vrusim::io::detail
