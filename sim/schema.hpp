#pragma once
/// The scenario schema: one row per scenario key, with type, default, unit, bounds and source.
///
/// Written once and read by everything that touches parameters: the YAML loader validates against
/// it, docs/scenario-schema.md is generated from it and the GUI builds its editors from it. Defaults
/// are read from a default-constructed Parameters, so they live only in parameters.hpp. Pure C++:
/// the model library knows nothing of YAML.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "parameters.hpp"

namespace vrusim {

enum class ValueType : std::uint8_t { boolean, integer, real, text, real_list, record_list };

/// A field's value; the alternative follows ValueType (record lists are reached through records).
using Value = std::variant<bool, std::int64_t, double, std::string, std::vector<double>>;

/// What every row has, whether it is a key of the scenario or a key inside a record.
struct FieldMeta {
    std::string_view key;          ///< dotted path ("violence.p_knife_if_carrying"); member name in a record
    ValueType type = ValueType::real;
    std::string_view unit;         ///< e.g. "probability", "per year", "weeks"; empty if none
    double min = 0;                ///< inclusive; for lists, bounds on each element
    double max = 0;                ///< inclusive
    bool required = false;         ///< a scenario must set it (the default is only a placeholder)
    std::string_view description;  ///< one line
    std::string_view source;       ///< short source tag with calibration.md's [V]/[S]/[D]/[R]
    Value default_value;           ///< from Parameters{} (or AreaSpec{} for record fields)

    /// Section part of the key ("violence"), empty for top-level keys.
    std::string_view section() const;
    /// Last part of the key ("p_knife_if_carrying").
    std::string_view leaf() const;
    /// Whether bounds apply (numbers and lists of numbers).
    bool has_bounds() const { return type == ValueType::integer || type == ValueType::real || type == ValueType::real_list; }
};

/// A key inside each entry of a record list (e.g. population.areas[i].imd_score).
struct RecordField : FieldMeta {
    Value (*get)(const Parameters&, std::size_t record) = nullptr;
    void (*set)(Parameters&, std::size_t record, const Value&) = nullptr;
};

/// A key of the scenario.
struct Field : FieldMeta {
    /// Null for the scenario's own name and description (the loader keeps them) and for record lists.
    Value (*get)(const Parameters&) = nullptr;
    /// Throws std::bad_variant_access if the value's alternative does not match the type.
    void (*set)(Parameters&, const Value&) = nullptr;
    std::span<const RecordField> record_fields;             ///< record lists only
    std::string_view record_noun;                           ///< record lists only: the entries in messages, plural ("areas")
    std::size_t (*record_count)(const Parameters&) = nullptr;  ///< record lists only
    void (*resize_records)(Parameters&, std::size_t) = nullptr;  ///< record lists only

    /// Scenario metadata (name, description) rather than a member of Parameters.
    bool is_metadata() const { return type != ValueType::record_list && get == nullptr; }
};

/// A group of keys, one per struct in Parameters (plus the top-level scenario keys, section "").
struct SchemaSection {
    std::string_view key;
    std::string_view title;
    std::string_view description;
    std::span<const Field> fields;
};

/// Every row, in section order, then declaration order within each struct.
std::span<const Field> scenario_schema();
/// The same rows grouped by section.
std::span<const SchemaSection> schema_sections();
/// The row with this dotted key, or null.
const Field* find_field(std::string_view key);
/// The record field of a record list with this member name, or null.
const RecordField* find_record_field(const Field& list, std::string_view name);

/// "real number", "integer", ... for messages and documentation.
std::string_view type_name(ValueType type);
/// What a valid value looks like, e.g. "a real number in [0, 1]".
std::string expectation(const FieldMeta& field);
/// Bounds as text, e.g. "[0, 1]"; empty for types without bounds.
std::string bounds_text(const FieldMeta& field);
/// A value written as it would be in YAML (text in double quotes, lists in brackets).
std::string value_text(const Value& value);
/// Whether the value has the field's type and lies within its bounds.
bool is_valid_value(const FieldMeta& field, const Value& value);

/// Most agents a scenario may ask for: slots are 32-bit and this keeps a replicate under ~30 GB.
inline constexpr std::uint64_t max_simulated_agents = std::uint64_t{1} << 28;
/// How far violence.group_size_pmf may deviate from summing to 1.
inline constexpr double pmf_sum_tolerance = 1e-6;

/// A rule that ties several keys together, for the documentation.
struct ConsistencyRule {
    std::string_view keys;
    std::string_view rule;
};
/// Every rule check_consistency applies, in the order it applies them.
std::span<const ConsistencyRule> consistency_rules();

/// A broken rule. keys[0] is the key to point at; the rest are the other keys involved.
struct Inconsistency {
    std::vector<std::string> keys;
    std::string message;
};
/// Rules between keys that per-key bounds cannot express (assumes each value is within its bounds).
std::vector<Inconsistency> check_consistency(const Parameters& parameters);

}  // namespace vrusim
