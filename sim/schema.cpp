#include "schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "schema_tables.hpp"
#include "schema_text.hpp"

namespace vrusim {

namespace {

using schema_text::cat;
using schema_text::join;
using schema_text::number;

const SchemaTables& tables() {
    static const SchemaTables t = build_schema_tables();
    return t;
}

std::string number_text(double x, ValueType type) {
    if (type == ValueType::integer) return std::to_string(static_cast<std::int64_t>(x));
    return number(x);
}

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (u < 0x20 || u == 0x7f) {
                    constexpr char hex[] = "0123456789abcdef";
                    out += "\\x";
                    out += hex[u >> 4];
                    out += hex[u & 15];
                } else {
                    out += c;
                }
        }
    }
    out += '"';
    return out;
}

bool within(const FieldMeta& f, double x) { return std::isfinite(x) && x >= f.min && x <= f.max; }

}  // namespace

std::string_view FieldMeta::section() const {
    const auto dot = key.find('.');
    return dot == std::string_view::npos ? std::string_view{} : key.substr(0, dot);
}

std::string_view FieldMeta::leaf() const {
    const auto dot = key.rfind('.');
    return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

std::span<const Field> scenario_schema() { return tables().fields; }

std::span<const SchemaSection> schema_sections() { return tables().sections; }

const Field* find_field(std::string_view key) {
    for (const Field& f : tables().fields) {
        if (f.key == key) return &f;
    }
    return nullptr;
}

const RecordField* find_record_field(const Field& list, std::string_view name) {
    for (const RecordField& f : list.record_fields) {
        if (f.key == name) return &f;
    }
    return nullptr;
}

std::string_view type_name(ValueType type) {
    switch (type) {
        case ValueType::boolean: return "boolean";
        case ValueType::integer: return "integer";
        case ValueType::real: return "real number";
        case ValueType::text: return "text";
        case ValueType::real_list: return "list of real numbers";
        case ValueType::record_list: return "list of records";
    }
    return "?";
}

std::string bounds_text(const FieldMeta& f) {
    if (!f.has_bounds()) return {};
    const ValueType t = f.type == ValueType::real_list ? ValueType::real : f.type;
    return cat("[", number_text(f.min, t), ", ", number_text(f.max, t), "]");
}

std::string expectation(const FieldMeta& f) {
    switch (f.type) {
        case ValueType::boolean: return "true or false";
        case ValueType::integer: return cat("an integer in ", bounds_text(f));
        case ValueType::real: return cat("a real number in ", bounds_text(f));
        case ValueType::text: return "text";
        case ValueType::real_list: return cat("a list of real numbers, each in ", bounds_text(f));
        case ValueType::record_list: {
            const auto* field = static_cast<const Field*>(&f);  // only rows of the scenario are record lists
            std::string keys;
            for (const RecordField& r : field->record_fields) keys += (keys.empty() ? "" : ", ") + std::string(r.key);
            return cat("a list of maps with the keys ", keys);
        }
    }
    return {};
}

std::string value_text(const Value& value) {
    return std::visit(
        [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
            else if constexpr (std::is_same_v<T, std::string>) return quoted(v);
            else if constexpr (std::is_same_v<T, std::vector<double>>) {
                std::vector<std::string> items;
                for (double x : v) items.push_back(number(x));
                return cat("[", join(items, ", "), "]");
            } else {
                return cat(v);
            }
        },
        value);
}

bool is_valid_value(const FieldMeta& f, const Value& value) {
    switch (f.type) {
        case ValueType::boolean: return std::holds_alternative<bool>(value);
        case ValueType::integer:
            return std::holds_alternative<std::int64_t>(value) &&
                   within(f, static_cast<double>(std::get<std::int64_t>(value)));
        case ValueType::real: return std::holds_alternative<double>(value) && within(f, std::get<double>(value));
        case ValueType::text: return std::holds_alternative<std::string>(value);
        case ValueType::real_list: {
            if (!std::holds_alternative<std::vector<double>>(value)) return false;
            for (double x : std::get<std::vector<double>>(value)) {
                if (!within(f, x)) return false;
            }
            return true;
        }
        case ValueType::record_list: return false;
    }
    return false;
}

}  // namespace vrusim
