// Loading a scenario (io/scenario_loader.hpp): the file and its extends: chain are read into our
// own YAML tree (io/scenario_yaml.cpp), validated against the schema (io/scenario_validation.cpp),
// and written back as the resolved scenario; command-line overrides and the memory check.
// Index of this file:
// [SECTION] Writing the resolved scenario
// [SECTION] Public functions
#include "io/scenario_loader.hpp"
#include "io/catalogue.hpp"
#include "io/edge_list.hpp"
#include "io/memory_limit.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "io/scenario_validation.hpp"
#include "io/scenario_yaml.hpp"
#include "sim/population.hpp"
#include "sim/schema.hpp"

namespace vrusim::io {

using namespace detail;

namespace {

// [SECTION] Writing the resolved scenario

std::string with_unit(std::string line, std::string_view unit) {
    if (!unit.empty()) line += fmt::format("  # {}", unit);
    return line + "\n";
}

LoadedScenario finish(Context& c, Item root) {
    const auto unknown_entries = apply_catalogue(c, root);
    LoadedScenario out;
    Validation v{c, out, {}};
    v.scenario(root);
    // An intervention whose catalogue entry is unknown lacks the entry's keys: rules about it would
    // only repeat that problem.
    v.bad.insert(unknown_entries.begin(), unknown_entries.end());
    check_rules(c, out, v.bad);
    if (c.failed()) c.raise();
    out.resolved_yaml = scenario_yaml(out.parameters, out.name, out.description);
    out.source_text = std::move(c.source_text);
    out.files = std::move(c.files);
    return out;
}

LoadedScenario load(Context& c, std::string_view text, const std::string& display, const fs::path& base_dir,
                    const fs::path& self) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(self, ec);
    if (ec) canonical = self;
    std::vector<ChainLink> chain = {{canonical, display}};
    // Without a tree (unreadable, bad syntax) there is nothing to validate; with one, keep collecting.
    auto tree = parse_text(c, text, display, base_dir, chain);
    if (!tree) c.raise();
    return finish(c, std::move(*tree));
}

std::string bytes_text(std::uint64_t bytes) {
    const double gib = static_cast<double>(bytes) / static_cast<double>(1ull << 30);
    if (gib >= 1) return fmt::format("{:.1f} GiB", gib);
    return fmt::format("{:.0f} MiB", static_cast<double>(bytes) / static_cast<double>(1ull << 20));
}

}  // namespace

// [SECTION] Public functions

ScenarioError::ScenarioError(std::vector<std::string> problems_)
    : std::runtime_error(join_lines(problems_)), problems(std::move(problems_)) {}

LoadedScenario load_scenario(const fs::path& file) {
    Context c;
    const std::string display = file.string();
    std::string why;
    const auto text = read_text(file, why);
    if (!text) {
        c.add(fmt::format("{}: cannot read the scenario: {}", display, why));
        c.raise();
    }
    c.files.push_back(file);
    return load(c, *text, display, file.parent_path(), file);
}

LoadedScenario load_scenario_text(std::string_view yaml, const std::string& display_name, const fs::path& base_dir) {
    Context c;
    c.files.emplace_back(display_name);
    return load(c, yaml, display_name, base_dir, base_dir / display_name);
}

void check_scenario_rules(const LoadedScenario& scenario) {
    Context c;
    c.add_file("command line");
    check_rules(c, scenario, {});
    if (c.failed()) c.raise();
}

void apply_override(LoadedScenario& scenario, std::string_view dotted_key, std::string_view value, bool check) {
    Context c;
    const int file = c.add_file("command line");
    const Where here{file, 0, 0};
    const std::string key(dotted_key);
    LoadedScenario next = scenario;
    Validation v{c, next, {}};

    // Parse the value as YAML so that lists ("[0.9, 0.1]") work; text fields take it verbatim.
    auto parse = [&](const FieldMeta& meta) -> std::optional<Value> {
        Item item;
        item.where = here;
        if (meta.type == ValueType::text) {
            item.kind = Item::Kind::scalar;
            item.text = std::string(value);
        } else {
            try {
                bool too_deep = false;
                item = convert(c, YAML::Load(std::string(value)), key, here, file, 0, too_deep);
                place_at(item, here);  // positions inside a command-line value mean nothing to the user
            } catch (const YAML::Exception& e) {
                v.problem(here, key, fmt::format("cannot read '{}' as YAML: {}", shorten(value), e.msg));
                return std::nullopt;
            }
        }
        return v.value(key, meta, item);
    };

    // One key of one entry of a record list: LIST[INDEX].KEY, e.g. population.areas[2].imd_score.
    const std::string_view list_key = dotted_key.substr(0, dotted_key.find('['));
    const Field* list = list_key.size() < dotted_key.size() ? find_field(list_key) : nullptr;
    if (list && list->type == ValueType::record_list) {
        const std::string_view rest = dotted_key.substr(list_key.size() + 1);
        const auto close = rest.find("].");
        std::size_t index = 0;
        const bool index_ok = close != std::string_view::npos && all_digits(rest.substr(0, close)) &&
                              std::from_chars(rest.data(), rest.data() + close, index).ec == std::errc{};
        const RecordField* r = index_ok ? find_record_field(*list, rest.substr(close + 2)) : nullptr;
        const std::size_t count = list->record_count(next.parameters);
        if (!r) {
            std::vector<std::string> names;
            for (const RecordField& rf : list->record_fields) names.emplace_back(rf.key);
            v.problem(here, key, fmt::format("expected {}[INDEX].KEY with KEY one of {}", list_key, fmt::join(names, ", ")));
        } else if (count == 0) {
            v.problem(here, key, fmt::format("there are no {} to change: add them in a scenario file that extends this one",
                                             list->record_noun));
        } else if (index >= count) {
            v.problem(here, key, fmt::format("there are only {} {} (indices 0 to {})", count, list->record_noun, count - 1));
        } else if (r->key == "catalogue") {
            v.problem(here, key, "names the catalogue entry a file's intervention starts from, so it can only be set "
                                 "in a scenario file (write one that extends this one)");
        } else if (auto x = parse(*r)) {
            r->set(next.parameters, index, *x);
            next.origins[key] = c.location(here);
        }
    } else if (const Field* f = find_field(dotted_key)) {
        if (f->type == ValueType::record_list) {
            v.problem(here, key, fmt::format("a list of records cannot be set from the command line: write a scenario file "
                                             "that extends this one, or set one entry with {}[INDEX].KEY",
                                             f->key));
        } else if (auto x = parse(*f)) {
            if (f->is_metadata()) (f->key == "name" ? next.name : next.description) = std::get<std::string>(*x);
            else f->set(next.parameters, *x);
            next.origins[key] = c.location(here);
        }
    } else {
        std::vector<std::string> keys;
        for (const Field& known : scenario_schema()) keys.emplace_back(known.key);
        std::string hint;
        if (const auto near = closest(dotted_key, keys)) {
            hint = fmt::format("; did you mean '{}'?", *near);
        } else {
            const std::string_view leaf = dotted_key.substr(dotted_key.find_last_of('.') + 1);
            for (const Field& known : scenario_schema()) {
                if (lowercase(known.leaf()) == lowercase(leaf)) {
                    hint = fmt::format("; did you mean '{}'?", known.key);
                    break;
                }
            }
        }
        v.problem(here, key, fmt::format("unknown key{}", hint.empty() ? "; see docs/scenario-schema.md" : hint));
    }
    if (!c.failed() && check) check_rules(c, next, v.bad);
    if (c.failed()) c.raise();
    next.resolved_yaml = scenario_yaml(next.parameters, next.name, next.description);
    next.source_text += fmt::format("# --- override: {}={} ---\n", key, shorten(value));
    scenario = std::move(next);
}

void check_memory(const LoadedScenario& scenario, int concurrent_replicates, std::uint64_t available_bytes) {
    const auto concurrent = static_cast<std::uint64_t>(std::max(1, concurrent_replicates));
    const std::uint64_t available = available_bytes != 0 ? available_bytes : available_memory_bytes();
    if (available == 0) return;  // unknown: nothing to check against
    const int replicas = static_cast<int>(concurrent);
    std::uint64_t need = estimate_run_memory_bytes(scenario.parameters, replicas);
    const auto& v = scenario.parameters.verification;
    const bool edge_list = v.enabled && v.network == "edge_list";
    std::uint64_t ties_bound = 0;
    if (edge_list) {
        // At most one tie per 4 bytes of the file ("0,1\n"); the list read once (16 bytes a tie)
        // and each running replicate's generator list and CSR columns (16 more).
        std::error_code ec;
        const auto bytes = std::filesystem::file_size(edge_list_path(scenario), ec);
        ties_bound = ec ? 0 : bytes / 4;
        need += ties_bound * 16 * (1 + concurrent);
    }
    if (need <= available) return;
    if (v.enabled) {
        const auto it = scenario.origins.find(edge_list ? "verification.edge_list" : "verification.nodes");
        const SourceLocation at = it != scenario.origins.end() ? it->second : SourceLocation{"default", 0, 0};
        const std::string graph = edge_list ? fmt::format("up to {} ties (from the edge list's size)", ties_bound)
                                            : fmt::format("mean degree {}", v.mean_degree);
        throw ScenarioError({fmt::format(
            "{}: {}: {} replicate{} at once of {} nodes with {} need about {} of memory, but {} is available; use a "
            "smaller network or run fewer replicates at once",
            location_text(at), edge_list ? "verification.edge_list" : "verification.nodes", concurrent,
            concurrent > 1 ? "s" : "", v.nodes, graph, bytes_text(need), bytes_text(available))});
    }

    // The largest scale that fits, by bisection, so the advice follows the model's own estimate.
    Parameters trial = scenario.parameters;
    double lo = 0;
    double hi = scenario.parameters.population.scale;
    for (int i = 0; i < 60; ++i) {
        trial.population.scale = (lo + hi) / 2;
        (estimate_run_memory_bytes(trial, replicas) <= available ? lo : hi) = trial.population.scale;
    }
    std::string advice;
    if (lo > 0) {
        const double step = std::pow(10.0, std::floor(std::log10(lo)) - 1);  // two significant figures, rounded down
        advice = fmt::format("try population.scale: {:.2g} or fewer replicates at once", std::floor(lo / step) * step);
    } else {
        advice = "run fewer replicates at once";
    }
    const auto it = scenario.origins.find("population.scale");
    const SourceLocation at = it != scenario.origins.end() ? it->second : SourceLocation{"default", 0, 0};
    throw ScenarioError({fmt::format(
        "{}: population.scale: {} replicate{} at once with scale {} ({} agents each) need about {} of memory, but {} is "
        "available; {}",
        location_text(at), concurrent, concurrent > 1 ? "s" : "", scenario.parameters.population.scale,
        simulated_agent_count(scenario.parameters), bytes_text(need), bytes_text(available), advice)});
}

std::string scenario_yaml(const Parameters& p, std::string_view name, std::string_view description) {
    std::string out = "# Resolved scenario: every key with its final value, schema defaults included.\n";
    for (const SchemaSection& s : schema_sections()) {
        if (s.key.empty()) {
            for (const Field& f : s.fields) {
                out += fmt::format("{}: {}\n", f.key, value_text(std::string(f.key == "name" ? name : description)));
            }
            continue;
        }
        out += fmt::format("{}:\n", s.key);
        for (const Field& f : s.fields) {
            if (f.type != ValueType::record_list) {
                out += with_unit(fmt::format("  {}: {}", f.leaf(), value_text(f.get(p))), f.unit);
                continue;
            }
            const std::size_t n = f.record_count(p);
            out += fmt::format("  {}:{}\n", f.leaf(), n == 0 ? " []" : "");
            for (std::size_t i = 0; i < n; ++i) {
                bool first = true;
                for (const RecordField& r : f.record_fields) {
                    out += with_unit(fmt::format("    {}{}: {}", first ? "- " : "  ", r.key, value_text(r.get(p, i))), r.unit);
                    first = false;
                }
            }
        }
    }
    return out;
}

}  // namespace vrusim::io
