#include "sweep.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>

#include "overrides.hpp"
#include "scenario_yaml.hpp"
#include "sim/schema.hpp"

namespace vrusim::io {

namespace {

using namespace detail;

constexpr int max_points = 10000;  // far beyond a night's work; a typo in a grid is caught here
constexpr std::string_view sweep_keys = "name, base, set, design, points, design_seed, factors";

// The schema's type of a key or of one entry's key of a record list ("areas[2].imd_score"); null if none.
const FieldMeta* key_meta(const std::string& key) {
    if (const Field* f = find_field(key); f != nullptr && f->type != ValueType::record_list && !f->is_metadata())
        return f;
    const auto open = key.find('['), close = key.find("].");
    if (open == std::string::npos || close == std::string::npos || close < open) return nullptr;
    const Field* list = find_field(key.substr(0, open));
    if (list == nullptr || list->type != ValueType::record_list) return nullptr;
    return find_record_field(*list, key.substr(close + 2));
}

// "list[007].member" as "list[7].member", so that one key is one factor however it is written.
std::string canonical_key(const std::string& key) {
    const auto open = key.find('['), close = key.find("].");
    if (open == std::string::npos || close == std::string::npos || close < open) return key;
    try {
        return fmt::format("{}[{}]{}", key.substr(0, open), std::stoul(key.substr(open + 1, close - open - 1)),
                           key.substr(close + 1));
    } catch (const std::exception&) {
        return key;
    }
}

// A scalar's text, or a flow list "[a, b]" of scalars, as --set takes values.
std::optional<std::string> value_text_item(const Item& item) {
    if (item.kind == Item::Kind::scalar) return item.text;
    if (item.kind != Item::Kind::sequence) return std::nullopt;
    std::string out = "[";
    for (std::size_t i = 0; i < item.items.size(); ++i) {
        if (item.items[i].kind != Item::Kind::scalar) return std::nullopt;
        out += (i ? ", " : "") + item.items[i].text;
    }
    return out + "]";
}

std::optional<double> number_of(const Item& item) {
    if (item.kind != Item::Kind::scalar || !item.plain) return std::nullopt;
    try {
        std::size_t used = 0;
        const double x = std::stod(item.text, &used);
        if (used != item.text.size() || !std::isfinite(x)) return std::nullopt;
        return x;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<std::int64_t> whole_of(const Item& item) {
    const auto x = number_of(item);
    if (!x || *x != std::floor(*x) || std::abs(*x) > 9.0e15) return std::nullopt;
    return static_cast<std::int64_t>(*x);
}

void read_factor(Context& c, const Item& item, std::size_t index, SweepFile& sweep) {
    const std::string at = fmt::format("factors[{}]", index);
    if (item.kind != Item::Kind::map) {
        c.at(item.where, at, fmt::format("expected a map with key: and values: (or range:), got {}", describe(item)));
        return;
    }
    SweepFactor f;
    f.where = c.location(item.where);
    bool ok = true;
    const Item* steps = nullptr;
    for (const Entry& e : item.entries) {
        const std::string path = at + "." + e.key;
        if (e.key == "key") {
            if (e.value.kind != Item::Kind::scalar || e.value.text.empty()) {
                c.at(e.key_where, path, fmt::format("expected a scenario key, got {}", describe(e.value)));
                ok = false;
            } else if (key_meta(e.value.text) == nullptr) {
                c.at(e.value.where, path,
                     fmt::format("'{}' is not a scenario key (see docs/scenario-schema.md; an entry of a list is "
                                 "written like programme.interventions[0].places_per_year)", shorten(e.value.text)));
                ok = false;
            } else {
                f.key = canonical_key(e.value.text);
            }
        } else if (e.key == "values") {
            if (e.value.kind != Item::Kind::sequence || e.value.items.empty()) {
                c.at(e.key_where, path, fmt::format("expected a list of one or more values, got {}",
                                                    e.value.kind == Item::Kind::sequence ? "an empty list"
                                                                                         : describe(e.value)));
                ok = false;
                continue;
            }
            for (const Item& v : e.value.items) {
                const auto text = value_text_item(v);
                if (!text) {
                    c.at(v.where, path, fmt::format("expected a value or a list of values, got {}", describe(v)));
                    ok = false;
                } else {
                    f.values.push_back(*text);
                }
            }
        } else if (e.key == "range") {
            std::vector<double> ends;
            if (e.value.kind == Item::Kind::sequence && e.value.items.size() == 2)
                for (const Item& end : e.value.items)
                    if (const auto x = number_of(end)) ends.push_back(*x);
            if (ends.size() != 2 || ends[0] > ends[1]) {
                c.at(e.key_where, path, fmt::format("expected [LOW, HIGH], two numbers with LOW <= HIGH, got {}",
                                                    describe(e.value)));
                ok = false;
            } else {
                f.has_range = true;
                f.low = ends[0];
                f.high = ends[1];
            }
        } else if (e.key == "steps") {
            steps = &e.value;
            const auto n = whole_of(e.value);
            if (!n || *n < 2 || *n > max_points) {
                c.at(e.key_where, path, fmt::format("expected a whole number from 2 to {}, got {}", max_points,
                                                    describe(e.value)));
                ok = false;
            } else {
                f.steps = static_cast<int>(*n);
            }
        } else {
            c.at(e.key_where, path, "not a factor key (expected key, values, range, steps)");
            ok = false;
        }
    }
    if (!ok) return;
    if (f.key.empty()) {
        c.at(item.where, at, "missing key: (the scenario key this factor varies)");
        return;
    }
    const FieldMeta* meta = key_meta(f.key);
    if (f.values.empty() == !f.has_range) {
        c.at(item.where, at + ".values", "give either values: [..] or range: [LOW, HIGH], one of them");
        return;
    }
    if (f.has_range) {
        if (meta->type != ValueType::real && meta->type != ValueType::integer) {
            c.at(item.where, at + ".range", fmt::format("{} is {}: give its values as a list", f.key, type_name(meta->type)));
            return;
        }
        f.integer = meta->type == ValueType::integer;
        if (sweep.design == SweepDesign::latin_hypercube && steps != nullptr) {
            c.at(steps->where, at + ".steps", "a Latin hypercube draws from the whole range: steps is for grid and "
                                              "one_at_a_time");
            return;
        }
        if (sweep.design != SweepDesign::latin_hypercube && f.steps == 0) {
            c.at(item.where, at + ".steps", "a range needs steps: N (evenly spaced values, both ends included) in a "
                                            "grid or one_at_a_time design");
            return;
        }
    } else if (steps != nullptr) {
        c.at(steps->where, at + ".steps", "steps goes with range:, not with values:");
        return;
    }
    for (const auto& other : sweep.factors)
        if (other.key == f.key) {
            c.at(item.where, at + ".key", fmt::format("{} is already a factor", f.key));
            return;
        }
    sweep.factors.push_back(std::move(f));
}

// The values a grid or one-at-a-time design takes for a factor.
std::vector<std::string> levels(const SweepFactor& f) {
    if (!f.has_range) return f.values;
    std::vector<std::string> out;
    for (int i = 0; i < f.steps; ++i) {
        const double x = f.low + (f.high - f.low) * i / (f.steps - 1);
        out.push_back(f.integer ? fmt::format("{}", std::llround(x)) : fmt::format("{}", x));
    }
    return out;
}

// splitmix64: a counter-based stream for the design's draws, the same on every platform.
struct DesignStream {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }
};

std::string located(const SourceLocation& at) { return fmt::format("{}:{}:{}", at.file, at.line, at.column); }

}  // namespace

SweepFile load_sweep(const std::filesystem::path& file) {
    Context c;
    std::string why;
    const auto text = read_text(file, why);
    if (!text) throw ScenarioError({fmt::format("{}: cannot read the sweep file: {}", file.string(), why)});
    std::vector<ChainLink> chain;
    const auto tree = parse_text(c, *text, file.string(), file.parent_path(), chain);
    if (!tree) c.raise();
    SweepFile sweep;
    sweep.file = file;
    const Where start{0, 1, 1};  // the sweep file's first line: where a missing key is reported
    // The design first: how factors are checked depends on it.
    for (const Entry& e : tree->entries)
        if (e.key == "design") {
            if (e.value.text == "grid") sweep.design = SweepDesign::grid;
            else if (e.value.text == "latin_hypercube") sweep.design = SweepDesign::latin_hypercube;
            else if (e.value.text == "one_at_a_time") sweep.design = SweepDesign::one_at_a_time;
            else c.at(e.value.where, "design", fmt::format("expected grid, latin_hypercube or one_at_a_time, got {}",
                                                            describe(e.value)));
        }
    const Item* factors = nullptr;
    const Entry* points = nullptr;
    bool seed_given = false;
    for (const Entry& e : tree->entries) {
        if (e.key == "design") continue;
        if (e.key == "name") {
            sweep.name = e.value.text;
        } else if (e.key == "base") {
            if (e.value.kind != Item::Kind::scalar || e.value.text.empty())
                c.at(e.key_where, "base", fmt::format("expected the path of a scenario file, got {}", describe(e.value)));
            else {
                sweep.base = (file.parent_path() / e.value.text).lexically_normal();
                if (std::error_code ec; !std::filesystem::is_regular_file(sweep.base, ec))
                    c.at(e.value.where, "base", fmt::format("cannot read '{}' ({}): no such file", shorten(e.value.text),
                                                            sweep.base.string()));
            }
        } else if (e.key == "set") {
            if (e.value.kind != Item::Kind::map) {
                c.at(e.key_where, "set", fmt::format("expected a map of scenario keys and values, got {}", describe(e.value)));
                continue;
            }
            for (const Entry& s : e.value.entries) {
                const auto value = value_text_item(s.value);
                if (!value) c.at(s.key_where, "set." + s.key, fmt::format("expected a value, got {}", describe(s.value)));
                else sweep.set.push_back(s.key + "=" + *value);
            }
        } else if (e.key == "points") {
            points = &e;
        } else if (e.key == "design_seed") {
            const auto n = whole_of(e.value);
            if (!n || *n < 0) c.at(e.key_where, "design_seed", fmt::format("expected a whole number from 0, got {}", describe(e.value)));
            else sweep.design_seed = static_cast<std::uint64_t>(*n);
            seed_given = true;
        } else if (e.key == "factors") {
            factors = &e.value;
        } else {
            c.at(e.key_where, e.key, fmt::format("not a sweep key (expected {})", sweep_keys));
        }
    }
    if (sweep.base.empty()) c.at(start, "base", "missing: the scenario file the sweep varies");
    if (sweep.design == SweepDesign::latin_hypercube) {
        const auto n = points ? whole_of(points->value) : std::nullopt;
        if (!points) c.at(start, "points", "a latin_hypercube design needs points: N");
        else if (!n || *n < 1 || *n > max_points)
            c.at(points->key_where, "points", fmt::format("expected a whole number from 1 to {}, got {}", max_points,
                                                          describe(points->value)));
        else sweep.points = static_cast<int>(*n);
    } else {
        if (points) c.at(points->key_where, "points", "points is for a latin_hypercube design");
        if (seed_given) c.at(start, "design_seed", "design_seed is for a latin_hypercube design");
    }
    if (factors == nullptr || factors->kind != Item::Kind::sequence || factors->items.empty()) {
        c.at(factors ? factors->where : start, "factors",
             "expected a list of one or more factors, each with key: and values: or range:");
    } else {
        for (std::size_t i = 0; i < factors->items.size(); ++i) read_factor(c, factors->items[i], i, sweep);
    }
    if (!c.failed() && sweep.design == SweepDesign::grid) {
        double n = 1;
        for (const auto& f : sweep.factors) n *= static_cast<double>(levels(f).size());
        if (n > max_points)
            c.at(factors->where, "factors", fmt::format("the grid has {:.0f} points; at most {} (use a "
                                                        "latin_hypercube design for many factors)", n, max_points));
    }
    if (c.failed()) c.raise();
    return sweep;
}

std::vector<SweepPoint> expand_sweep(const SweepFile& sweep) {
    const std::size_t k = sweep.factors.size();
    std::vector<SweepPoint> points{SweepPoint{std::vector<std::string>(k)}};  // the base
    if (sweep.design == SweepDesign::grid) {
        std::vector<std::vector<std::string>> level(k);
        for (std::size_t f = 0; f < k; ++f) level[f] = levels(sweep.factors[f]);
        std::vector<std::size_t> at(k, 0);
        for (;;) {
            SweepPoint p;
            for (std::size_t f = 0; f < k; ++f) p.values.push_back(level[f][at[f]]);
            points.push_back(std::move(p));
            std::size_t f = k;
            while (f > 0 && ++at[f - 1] == level[f - 1].size()) at[--f] = 0;  // the last factor fastest
            if (f == 0) break;
        }
    } else if (sweep.design == SweepDesign::one_at_a_time) {
        for (std::size_t f = 0; f < k; ++f)
            for (const auto& v : levels(sweep.factors[f])) {
                SweepPoint p{std::vector<std::string>(k)};
                p.values[f] = v;
                points.push_back(std::move(p));
            }
    } else {
        const auto n = static_cast<std::size_t>(sweep.points);
        std::vector<SweepPoint> drawn(n, SweepPoint{std::vector<std::string>(k)});
        for (std::size_t f = 0; f < k; ++f) {
            DesignStream stream{sweep.design_seed * 0x100000001b3ULL + f};
            std::vector<std::size_t> stratum(n);
            for (std::size_t i = 0; i < n; ++i) stratum[i] = i;
            for (std::size_t i = n; i > 1; --i) std::swap(stratum[i - 1], stratum[stream.below(i)]);
            const auto& factor = sweep.factors[f];
            for (std::size_t i = 0; i < n; ++i) {
                const double u = (static_cast<double>(stratum[i]) + stream.uniform()) / static_cast<double>(n);
                if (factor.has_range) {
                    const double x = factor.low + u * (factor.high - factor.low);
                    drawn[i].values[f] = factor.integer ? fmt::format("{}", std::llround(x)) : fmt::format("{}", x);
                } else {
                    const auto count = factor.values.size();
                    drawn[i].values[f] = factor.values[std::min(count - 1, static_cast<std::size_t>(u * static_cast<double>(count)))];
                }
            }
        }
        points.insert(points.end(), drawn.begin(), drawn.end());
    }
    return points;
}

std::vector<LoadedScenario> sweep_scenarios(const SweepFile& sweep, const std::vector<SweepPoint>& points,
                                            const std::vector<std::string>& overrides) {
    LoadedScenario base = load_scenario(sweep.base);
    try {
        apply_overrides(base, sweep.set);
    } catch (const ScenarioError& e) {
        std::vector<std::string> problems;
        for (const auto& p : e.problems) problems.push_back(fmt::format("{}: set: {}", sweep.file.string(), p));
        throw ScenarioError(std::move(problems));
    }
    apply_overrides(base, overrides);
    std::vector<LoadedScenario> out;
    // Problems by where and what, with the points they occur at: a bad value is one problem
    // however many points of the grid carry it.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> problems;
    auto note = [&](std::string problem, std::size_t point) {
        for (auto& [text, at] : problems)
            if (text == problem) {
                at.push_back(point);
                return;
            }
        problems.push_back({std::move(problem), {point}});
    };
    for (std::size_t i = 0; i < points.size(); ++i) {
        LoadedScenario s = base;
        std::size_t f = 0;
        try {
            for (f = 0; f < sweep.factors.size(); ++f)
                if (!points[i].values[f].empty()) apply_override(s, sweep.factors[f].key, points[i].values[f], false);
            f = sweep.factors.size();
            check_scenario_rules(s);
        } catch (const ScenarioError& e) {
            const std::string where = f < sweep.factors.size()
                                          ? fmt::format("{}: factors[{}] ({} = {})", located(sweep.factors[f].where), f,
                                                        sweep.factors[f].key, points[i].values[f])
                                          : sweep.file.string();
            for (auto p : e.problems) {
                // The loader names a single value's source "command line"; here it is the sweep file.
                if (p.starts_with("command line: ")) p.erase(0, std::string_view("command line: ").size());
                note(fmt::format("{}: {}", where, p), i);
            }
            continue;
        }
        out.push_back(std::move(s));
    }
    if (problems.empty()) return out;
    std::vector<std::string> messages;
    for (const auto& [text, at] : problems) {
        std::string list;
        for (std::size_t k = 0; k < std::min<std::size_t>(at.size(), 5); ++k) list += (k ? ", " : "") + std::to_string(at[k]);
        if (at.size() > 5) list += fmt::format(" and {} more", at.size() - 5);
        if (messages.size() < 20) messages.push_back(fmt::format("{} (at point{} {})", text, at.size() == 1 ? "" : "s", list));
    }
    throw ScenarioError(std::move(messages));
}

std::string value_text_of(const Parameters& parameters, const std::string& key) {
    // Text as it is (no YAML quotes): what a factor's values look like in index.csv.
    auto text = [](const Value& v) { return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : value_text(v); };
    if (const Field* f = find_field(key); f != nullptr && f->get != nullptr) return text(f->get(parameters));
    const auto open = key.find('['), close = key.find("].");
    const Field* list = open == std::string::npos ? nullptr : find_field(key.substr(0, open));
    if (list == nullptr || close == std::string::npos) return "";
    const std::size_t index = std::stoul(key.substr(open + 1, close - open - 1));
    const RecordField* member = find_record_field(*list, key.substr(close + 2));
    if (member == nullptr || index >= list->record_count(parameters)) return "";
    return text(member->get(parameters, index));
}

std::string resolved_sweep_yaml(const SweepFile& sweep, const std::vector<SweepPoint>& points,
                                const std::vector<std::string>& overrides) {
    YAML::Emitter out;
    out << YAML::Comment("vrusim sweep as run (a resume compares itself with this file)") << YAML::Newline;
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << sweep.name;
    out << YAML::Key << "base" << YAML::Value << sweep.base.string();
    out << YAML::Key << "set" << YAML::Value << YAML::Flow << sweep.set;
    out << YAML::Key << "command_line_set" << YAML::Value << YAML::Flow << overrides;
    const char* design = sweep.design == SweepDesign::grid ? "grid"
                         : sweep.design == SweepDesign::one_at_a_time ? "one_at_a_time" : "latin_hypercube";
    out << YAML::Key << "design" << YAML::Value << design;
    if (sweep.design == SweepDesign::latin_hypercube) {
        out << YAML::Key << "points" << YAML::Value << sweep.points;
        out << YAML::Key << "design_seed" << YAML::Value << sweep.design_seed;
    }
    std::vector<std::string> keys;
    for (const auto& f : sweep.factors) keys.push_back(f.key);
    out << YAML::Key << "factors" << YAML::Value << YAML::Flow << keys;
    out << YAML::Key << "point_values" << YAML::Value << YAML::BeginSeq;
    for (const auto& p : points) {
        std::vector<std::string> shown;
        for (const auto& v : p.values) shown.push_back(v.empty() ? "base" : v);
        out << YAML::Flow << shown;
    }
    out << YAML::EndSeq << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

}  // namespace vrusim::io
