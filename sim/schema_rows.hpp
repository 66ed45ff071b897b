#pragma once
/// Internal to the schema's rows (sim/schema_rows*.cpp and sim/verification/schema_rows.cpp): how
/// a row is made from a Parameters member, and the shared units and bounds. Included only by them.
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "schema_tables.hpp"
#include "schema_text.hpp"

namespace vrusim::schema_rows {


template <class T>
constexpr ValueType value_type_of() {
    if constexpr (std::is_same_v<T, bool>) return ValueType::boolean;
    else if constexpr (std::is_integral_v<T>) return ValueType::integer;
    else if constexpr (std::is_floating_point_v<T>) return ValueType::real;
    else if constexpr (std::is_same_v<T, std::string>) return ValueType::text;
    else if constexpr (std::is_same_v<T, std::vector<double>>) return ValueType::real_list;
    else static_assert(sizeof(T) == 0, "no ValueType for this member type");
}

template <class T>
Value to_value(const T& v) {
    if constexpr (std::is_same_v<T, bool>) return v;
    else if constexpr (std::is_integral_v<T>) return static_cast<std::int64_t>(v);
    else return v;
}

template <class T>
void from_value(T& out, const Value& v) {
    if constexpr (std::is_same_v<T, bool>) {
        out = std::get<bool>(v);
    } else if constexpr (std::is_integral_v<T>) {
        out = static_cast<T>(std::get<std::int64_t>(v));  // bounds keep it in range
    } else if constexpr (std::is_floating_point_v<T>) {
        // The GUI and the command line may hand a whole number for a real field.
        out = std::holds_alternative<std::int64_t>(v) ? static_cast<double>(std::get<std::int64_t>(v))
                                                      : std::get<double>(v);
    } else {
        out = std::get<T>(v);
    }
}

struct Meta {
    std::string_view unit;
    double min;
    double max;
    std::string_view description;
    std::string_view source;
};

inline void fill(FieldMeta& f, std::string_view key, ValueType type, const Meta& m) {
    f.key = key;
    f.type = type;
    f.unit = m.unit;
    f.min = m.min;
    f.max = m.max;
    f.description = m.description;
    f.source = m.source;
}

template <auto section, auto member>
Field make_field(std::string_view key, Meta m) {
    using T = std::remove_cvref_t<decltype(std::declval<Parameters&>().*section.*member)>;
    Field f;
    fill(f, key, value_type_of<T>(), m);
    f.get = [](const Parameters& p) { return to_value(p.*section.*member); };
    f.set = [](Parameters& p, const Value& v) { from_value(p.*section.*member, v); };
    f.default_value = f.get(Parameters{});
    return f;
}

template <auto section, auto list, auto member>
RecordField make_record_field(std::string_view key, Meta m) {
    using Record = typename std::remove_cvref_t<decltype(std::declval<Parameters&>().*section.*list)>::value_type;
    using T = std::remove_cvref_t<decltype(std::declval<Record&>().*member)>;
    RecordField f;
    fill(f, key, value_type_of<T>(), m);
    f.get = [](const Parameters& p, std::size_t i) { return to_value((p.*section.*list).at(i).*member); };
    f.set = [](Parameters& p, std::size_t i, const Value& v) { from_value((p.*section.*list).at(i).*member, v); };
    f.default_value = to_value(Record{}.*member);
    return f;
}

template <auto section, auto list>
Field make_record_list(std::string_view key, std::string_view noun, std::span<const RecordField> records, Meta m) {
    Field f;
    fill(f, key, ValueType::record_list, m);
    f.record_noun = noun;
    f.record_fields = records;
    f.record_count = [](const Parameters& p) { return (p.*section.*list).size(); };
    f.resize_records = [](Parameters& p, std::size_t n) { (p.*section.*list).resize(n); };
    f.default_value = std::vector<double>{};  // unused: record lists have no scalar value
    return f;
}

inline Field metadata_field(std::string_view key, Meta m) {
    Field f;
    fill(f, key, ValueType::text, m);
    f.default_value = std::string{};
    return f;
}

template <class F>
F required(F f) {
    f.required = true;
    return f;
}

// The key is the member's own name, stringified, so YAML keys cannot drift from parameters.hpp.
#define VRUSIM_FIELD(section, member, ...) \
    make_field<&Parameters::section, &decltype(Parameters::section)::member>(#section "." #member, Meta{__VA_ARGS__})
// Record lists likewise ("population.areas"); a record's keys are its members' names ("imd_score").
#define VRUSIM_RECORD_LIST(section, list, noun, records, ...)                     \
    make_record_list<&Parameters::section, &decltype(Parameters::section)::list>( \
        #section "." #list, noun, records, Meta{__VA_ARGS__})
#define VRUSIM_RECORD_FIELD(section, list, member, ...)                                    \
    make_record_field<&Parameters::section, &decltype(Parameters::section)::list,         \
                      &decltype(decltype(Parameters::section)::list)::value_type::member>( \
        #member, Meta{__VA_ARGS__})
#define VRUSIM_AREA_FIELD(member, ...) VRUSIM_RECORD_FIELD(population, areas, member, __VA_ARGS__)
#define VRUSIM_TIMELINE_FIELD(member, ...) VRUSIM_RECORD_FIELD(county_lines, enforcement_timeline, member, __VA_ARGS__)
#define VRUSIM_INTERVENTION_FIELD(member, ...) VRUSIM_RECORD_FIELD(programme, interventions, member, __VA_ARGS__)

inline constexpr double unbounded = 0;
inline constexpr double max_seed = 9007199254740991.0;  // 2^53 - 1: exact in a double, so in the GUI and in HDF5 attributes
inline constexpr double max_rr = 100;
inline constexpr std::string_view rr = "x hazard (relative risk)";
inline constexpr std::string_view approach_rr = "x approach hazard (relative risk)";
inline constexpr std::string_view assumption = "assumption";

/// The model's rows from "name" to the family section (everything before county lines).
void append_model_rows(SchemaTables& t);
/// The county-lines, exploitation, safeguarding and cuckooing rows.
void append_county_lines_rows(SchemaTables& t);
/// The programme's rows: its interventions.
void append_programme_rows(SchemaTables& t);
/// The verification mode's rows.
void append_verification_rows(SchemaTables& t);

}  // namespace vrusim::schema_rows
