// Validating a scenario's YAML tree against the schema (io/scenario_validation.hpp): numbers and
// text read strictly, each key's value checked, records, unknown keys with "did you mean", and
// the rules between keys.
#include "io/scenario_validation.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

namespace vrusim::io::detail {

// [SECTION] Numbers and text

bool all_digits(std::string_view s) {
    return !s.empty() && std::ranges::all_of(s, [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::string_view without_sign(std::string_view s) {
    return !s.empty() && (s[0] == '+' || s[0] == '-') ? s.substr(1) : s;
}

bool looks_like_integer(std::string_view s) { return all_digits(without_sign(s)); }

/// YAML 1.2 core schema float, without the special values.
bool looks_like_real(std::string_view s) {
    s = without_sign(s);
    const auto e = s.find_first_of("eE");
    std::string_view mantissa = s.substr(0, e);
    if (e != std::string_view::npos && !all_digits(without_sign(s.substr(e + 1)))) return false;
    const auto dot = mantissa.find('.');
    if (dot == std::string_view::npos) return all_digits(mantissa);
    const std::string_view whole = mantissa.substr(0, dot);
    const std::string_view fraction = mantissa.substr(dot + 1);
    return (whole.empty() || all_digits(whole)) && (fraction.empty() || all_digits(fraction)) &&
           !(whole.empty() && fraction.empty());
}

bool looks_non_finite(std::string_view s) {
    std::string lower(without_sign(s));
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return lower == ".inf" || lower == ".nan" || lower == "inf" || lower == "nan" || lower == "infinity";
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

/// Optimal string alignment distance, ignoring case.
std::size_t edit_distance(std::string_view a_in, std::string_view b_in) {
    const std::string a = lowercase(a_in.substr(0, 100));
    const std::string b = lowercase(b_in.substr(0, 100));
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

std::optional<std::string> closest(std::string_view key, const std::vector<std::string>& candidates) {
    const std::size_t limit = std::max<std::size_t>(1, std::min<std::size_t>(3, key.size() / 3));
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(key, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    // A shortened key ("imd" for "imd_score") is far in edit distance but plainly meant.
    if (!best && key.size() >= 3) {
        for (const auto& c : candidates) {
            if (lowercase(c).starts_with(lowercase(key))) return c;
        }
    }
    return best;
}

namespace {

// [SECTION] Rules between keys: helpers

bool overlaps(const std::string& a, const std::string& b) {
    auto under = [](const std::string& child, const std::string& parent) {
        return child.size() > parent.size() && child.starts_with(parent) &&
               (child[parent.size()] == '.' || child[parent.size()] == '[');
    };
    return a == b || under(a, b) || under(b, a);
}

std::string parent_key(const std::string& key) {
    const auto cut = key.find_last_of(".[");
    return cut == std::string::npos ? std::string() : key.substr(0, cut);
}

/// Where to point for a rule: the first key set somewhere, else the nearest enclosing entry, else "default".
SourceLocation rule_location(const Inconsistency& rule, const LoadedScenario& s) {
    for (const auto& k : rule.keys) {
        if (auto it = s.origins.find(k); it != s.origins.end()) return it->second;
    }
    for (const auto& k : rule.keys) {
        for (std::string p = parent_key(k); !p.empty(); p = parent_key(p)) {
            if (auto it = s.origins.find(p); it != s.origins.end()) return it->second;
        }
    }
    return {"default", 0, 0};
}

}  // namespace

// [SECTION] Validation against the schema

void Validation::problem(Where w, const std::string& key, std::string_view message) {
    c.at(w, shorten(key), message);
    bad.insert(key);
}

void Validation::set_origin(const std::string& key, Where w) { out.origins[key] = c.location(w); }

void Validation::expected(Where w, const std::string& key, const FieldMeta& f, const Item& item, std::string_view note) {
    problem(w, key, fmt::format("expected {}, got {}{}", expectation(f), describe(item), note));
}

std::optional<double> Validation::real(const std::string& key, const FieldMeta& f, const Item& item) {
    if (item.kind != Item::Kind::scalar || !item.plain || item.yaml_type == "bool") {
        expected(item.where, key, f, item);
        return std::nullopt;
    }
    const std::string_view text = item.text;
    if (looks_non_finite(text)) {
        problem(item.where, key, fmt::format("expected a finite {}, got {}", expectation(f).substr(2), shorten(text)));
        return std::nullopt;
    }
    if (!looks_like_real(text)) {
        expected(item.where, key, f, item);
        return std::nullopt;
    }
    const std::string_view digits = text[0] == '+' ? text.substr(1) : text;
    double x = 0;
    const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), x);
    if (r.ec != std::errc{} || r.ptr != digits.data() + digits.size() || !std::isfinite(x)) {
        expected(item.where, key, f, item, " (beyond the range of a double)");
        return std::nullopt;
    }
    return x;
}

std::optional<Value> Validation::value(const std::string& key, const FieldMeta& f, const Item& item) {
    if (item.refused) return std::nullopt;
    switch (f.type) {
        case ValueType::boolean: {
            // An explicit !!int or !!float says the writer meant a number, whatever the text.
            const bool numeric_tag = item.yaml_type == "int" || item.yaml_type == "float";
            const std::string t = item.kind == Item::Kind::scalar && item.plain && !numeric_tag ? item.text : std::string();
            if (t == "true" || t == "True" || t == "TRUE") return Value{true};
            if (t == "false" || t == "False" || t == "FALSE") return Value{false};
            expected(item.where, key, f, item);
            return std::nullopt;
        }
        case ValueType::integer: {
            if (item.kind != Item::Kind::scalar || !item.plain || !looks_like_integer(item.text) ||
                item.yaml_type == "float" || item.yaml_type == "bool") {
                expected(item.where, key, f, item);
                return std::nullopt;
            }
            const std::string_view digits = item.text[0] == '+' ? std::string_view(item.text).substr(1) : item.text;
            std::int64_t n = 0;
            const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), n);
            if (r.ec != std::errc{} || r.ptr != digits.data() + digits.size()) {
                expected(item.where, key, f, item, " (too large for an integer)");
                return std::nullopt;
            }
            if (!is_valid_value(f, Value{n})) {
                expected(item.where, key, f, item);
                return std::nullopt;
            }
            return Value{n};
        }
        case ValueType::real: {
            const auto x = real(key, f, item);
            if (!x) return std::nullopt;
            if (!is_valid_value(f, Value{*x})) {
                expected(item.where, key, f, item);
                return std::nullopt;
            }
            return Value{*x};
        }
        case ValueType::text:
            // An explicit number or boolean tag says the writer did not mean text.
            if (item.kind != Item::Kind::scalar || (!item.yaml_type.empty() && item.yaml_type != "str")) {
                expected(item.where, key, f, item);
                return std::nullopt;
            }
            if (!is_valid_utf8(item.text)) {
                problem(item.where, key, "expected UTF-8 text");
                return std::nullopt;
            }
            return Value{item.text};
        case ValueType::real_list: {
            if (item.kind != Item::Kind::sequence) {
                expected(item.where, key, f, item);
                return std::nullopt;
            }
            std::vector<double> xs;
            bool ok = true;
            for (std::size_t i = 0; i < item.items.size(); ++i) {
                const std::string element = fmt::format("{}[{}]", key, i);
                FieldMeta one = f;
                one.type = ValueType::real;
                const auto x = real(element, one, item.items[i]);
                if (x && !is_valid_value(one, Value{*x})) {
                    expected(item.items[i].where, element, one, item.items[i]);
                    ok = false;
                } else if (!x) {
                    ok = false;
                } else {
                    xs.push_back(*x);
                }
            }
            if (!ok) {
                bad.insert(key);
                return std::nullopt;
            }
            return Value{std::move(xs)};
        }
        case ValueType::record_list: break;  // validated by records()
    }
    return std::nullopt;
}

void Validation::unknown(Where w, const std::string& full_key, std::string_view key, const std::vector<std::string>& here,
             bool search_sections) {
    std::string hint;
    if (const auto near = closest(key, here)) {
        hint = fmt::format("; did you mean '{}'?", *near);
    } else if (search_sections) {
        if (key.find('.') != std::string_view::npos && find_field(key)) {
            const Field* f = find_field(key);
            hint = fmt::format("; dotted keys are not expanded: write '{}:' with '{}:' indented below it", f->section(),
                               f->leaf());
        } else {
            for (const Field& f : scenario_schema()) {
                if (lowercase(f.leaf()) == lowercase(key) && f.key != full_key) {
                    hint = fmt::format("; did you mean '{}'?", f.key);
                    break;
                }
            }
        }
    }
    if (hint.empty()) hint = "; see docs/scenario-schema.md for the keys";
    problem(w, full_key, fmt::format("unknown key{}", hint));
}

void Validation::records(const Field& field, const Item& item) {
    if (item.refused) return;
    const std::string key(field.key);
    if (item.kind != Item::Kind::sequence) {
        expected(item.where, key, field, item);
        return;
    }
    set_origin(key, item.where);
    field.resize_records(out.parameters, 0);
    field.resize_records(out.parameters, item.items.size());
    std::vector<std::string> names;
    for (const RecordField& r : field.record_fields) names.emplace_back(r.key);
    for (std::size_t i = 0; i < item.items.size(); ++i) {
        const Item& record = item.items[i];
        const std::string at = fmt::format("{}[{}]", key, i);
        if (record.kind != Item::Kind::map) {
            problem(record.where, at, fmt::format("expected a map with the keys {}, got {}", fmt::join(names, ", "),
                                                  describe(record)));
            continue;
        }
        set_origin(at, record.where);
        for (const Entry& e : record.entries) {
            const std::string path = fmt::format("{}.{}", at, e.key);
            const RecordField* r = find_record_field(field, e.key);
            if (!r) {
                unknown(e.key_where, path, e.key, names, false);
                continue;
            }
            if (auto v = value(path, *r, e.value)) {
                r->set(out.parameters, i, *v);
                set_origin(path, e.value.where);
            }
        }
        for (const RecordField& r : field.record_fields) {
            if (r.required && !record.find(r.key)) {
                problem(record.where, fmt::format("{}.{}", at, r.key),
                        fmt::format("required key missing (expected {})", expectation(r)));
            }
        }
    }
}

void Validation::scenario(const Item& root) {
    std::vector<std::string> top = {"extends"};
    for (const SchemaSection& s : schema_sections()) {
        if (s.key.empty()) {
            for (const Field& f : s.fields) top.emplace_back(f.key);
        } else {
            top.emplace_back(s.key);
        }
    }
    for (const Entry& e : root.entries) {
        const auto section = std::ranges::find_if(schema_sections(), [&](const SchemaSection& s) {
            return !s.key.empty() && s.key == e.key;
        });
        if (section == schema_sections().end()) {
            const Field* f = find_field(e.key);
            if (f && f->is_metadata()) {
                if (auto v = value(e.key, *f, e.value)) {
                    (e.key == "name" ? out.name : out.description) = std::get<std::string>(*v);
                    set_origin(e.key, e.value.where);
                }
            } else {
                unknown(e.key_where, e.key, e.key, top, true);
            }
            continue;
        }
        if (e.value.kind != Item::Kind::map) {
            problem(e.value.where, e.key, fmt::format("expected a map of keys, got {}", describe(e.value)));
            continue;
        }
        std::vector<std::string> here;
        for (const Field& f : section->fields) here.emplace_back(f.leaf());
        for (const Entry& k : e.value.entries) {
            const std::string path = child_path(e.key, k.key);
            const Field* f = find_field(path);
            if (!f) {
                unknown(k.key_where, path, k.key, here, true);
            } else if (f->type == ValueType::record_list) {
                records(*f, k.value);
            } else if (auto v = value(path, *f, k.value)) {
                f->set(out.parameters, *v);
                set_origin(path, k.value.where);
            }
        }
    }
    for (const Field& f : scenario_schema()) {
        const std::string key(f.key);
        if (!f.required || out.origins.contains(key) || bad.contains(key)) continue;
        // The verification mode runs on its own network: the population is not used.
        if (out.parameters.verification.enabled && f.section() == "population") continue;
        const auto section = std::ranges::find_if(root.entries, [&](const Entry& e) { return e.key == f.section(); });
        const Where w = section != root.entries.end() ? section->key_where : root.where;
        problem(w, key, fmt::format("required key missing: define it here or extend a scenario that does "
                                    "(e.g. 'extends: default.yaml'); expected {}",
                                    expectation(f)));
    }
}


// [SECTION] Rules between keys

void check_rules(Context& c, const LoadedScenario& s, const std::set<std::string>& bad) {
    for (const Inconsistency& rule : check_consistency(s.parameters)) {
        const bool involves_bad = std::ranges::any_of(rule.keys, [&](const std::string& k) {
            return std::ranges::any_of(bad, [&](const std::string& b) { return overlaps(k, b); });
        });
        if (!involves_bad) c.at(rule_location(rule, s), rule.keys.front(), rule.message);
    }
}

}  // namespace vrusim::io::detail
