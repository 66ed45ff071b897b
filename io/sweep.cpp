// Reading and checking sweep files (io/sweep.hpp): every problem named with its file, line and key.
#include "sweep.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>

#include "overrides.hpp"
#include "scenario_yaml.hpp"
#include "sim/measures.hpp"
#include "sim/schema.hpp"

namespace vrusim::io {

namespace {

using namespace detail;

constexpr int max_points = 10000;  // far beyond a night's work; a typo in a grid is caught here
constexpr std::string_view sweep_keys =
    "name, base, set, design, points, design_seed, base_samples, trajectories, levels, bootstrap, output, factors";

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
                c.at(e.key_where, path,
                     ends.size() == 2 ? fmt::format("expected [LOW, HIGH] with LOW <= HIGH, got [{}, {}]", ends[0], ends[1])
                                      : fmt::format("expected [LOW, HIGH], two numbers, got {}", describe(e.value)));
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
    // A sweep's points are paired replicate by replicate: they must share these.
    for (const std::string_view paired : {"run.seed", "run.replicates", "run.weeks", "run.burn_in_weeks",
                                          "run.start_year", "population.scale"})
        if (f.key == paired) {
            c.at(item.where, at + ".key", fmt::format("{} cannot vary within a sweep: its points are paired replicate by "
                                                      "replicate, so they share the seed, replicates, run length and "
                                                      "scale (run separate sweeps, or set it with set: or --set)", f.key));
            return;
        }
    if (f.values.empty() == !f.has_range) {
        c.at(item.where, at + ".values", "give either values: [..] or range: [LOW, HIGH], one of them");
        return;
    }
    if (is_sensitivity(sweep.design)) {
        if (!f.has_range || steps != nullptr || !(f.low < f.high)) {
            c.at(item.where, at + ".range", "a morris or sobol design varies each factor over a range: give range: "
                                            "[LOW, HIGH] with LOW < HIGH, and no values: or steps:");
            return;
        }
        if (meta->type != ValueType::real && meta->type != ValueType::integer) {
            c.at(item.where, at + ".range", fmt::format("{} is {}: a morris or sobol design varies numbers only", f.key,
                                                        type_name(meta->type)));
            return;
        }
        // Every value the design can draw must be valid: the range inside the key's bounds, and an
        // integer range holding at least two whole numbers once rounded.
        if (f.low < meta->min || f.high > meta->max) {
            c.at(item.where, at + ".range", fmt::format("{} takes values in [{}, {}]: the range must lie inside", f.key,
                                                        meta->min, meta->max));
            return;
        }
        if (meta->type == ValueType::integer && std::llround(f.high) == std::llround(f.low)) {
            c.at(item.where, at + ".range", fmt::format("{} takes whole numbers and [{}, {}] rounds to one value: give a "
                                                        "range spanning several", f.key, f.low, f.high));
            return;
        }
        f.integer = meta->type == ValueType::integer;
    } else if (f.has_range) {
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

// A scenario file named in the sweep file, resolved against its directory; "" (after a message) if unreadable.
void read_output(Context& c, const Entry& e, const std::filesystem::path& file, SweepFile& sweep) {
    sweep.output.where = c.location(e.key_where);
    if (e.value.kind != Item::Kind::map) {
        c.at(e.key_where, "output", fmt::format("expected a map with measure: (and compared_with:), got {}",
                                                describe(e.value)));
        return;
    }
    for (const Entry& o : e.value.entries) {
        if (o.key == "measure") {
            if (o.value.kind != Item::Kind::scalar || !measure_named(o.value.text))
                c.at(o.value.where, "output.measure",
                     fmt::format("expected a measure's name (docs/outputs.md; e.g. "
                                 "hospital_admissions_knife_assault_u25_expected), got {}", describe(o.value)));
            else sweep.output.measure = o.value.text;
        } else if (o.key == "compared_with") {
            sweep.output.compared_with = side_scenario_path(c, o.value, file, "output.compared_with", "sweep");
        } else {
            c.at(o.key_where, "output." + o.key, "not an output key (expected measure, compared_with)");
        }
    }
    if (sweep.output.measure.empty() && !c.failed()) c.at(e.key_where, "output.measure", "missing: the measure analysed");
}

}  // namespace

SweepFile load_sweep(const std::filesystem::path& file) {
    Context c;
    std::string why;
    const auto text = read_text(file, why);
    if (!text) throw ScenarioError({fmt::format("{}: cannot read the sweep file: {}", file.string(), why)});
    std::vector<ChainLink> chain;
    c.document = "sweep file";
    c.example_keys = "base: and factors:";
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
            else if (e.value.text == "morris") sweep.design = SweepDesign::morris;
            else if (e.value.text == "sobol") sweep.design = SweepDesign::sobol;
            else c.at(e.value.where, "design", fmt::format("expected grid, latin_hypercube, one_at_a_time, morris or "
                                                            "sobol, got {}", describe(e.value)));
        }
    const Item* factors = nullptr;
    const Entry* points = nullptr;
    const Entry* output = nullptr;
    bool seed_given = false, base_given = false;
    // The sensitivity designs' counts: (key, the field, the least and most it may be, its design).
    struct Count {
        std::string_view key;
        int* field;
        int least, most;
        SweepDesign design;
        const Entry* given = nullptr;
    };
    Count counts[] = {{"base_samples", &sweep.base_samples, 2, max_points, SweepDesign::sobol},
                      {"trajectories", &sweep.trajectories, 2, max_points, SweepDesign::morris},
                      {"levels", &sweep.levels, 2, 100, SweepDesign::morris},
                      {"bootstrap", &sweep.bootstrap, 50, 10000, SweepDesign::sobol}};
    for (const Entry& e : tree->entries) {
        if (e.key == "design") continue;
        if (e.key == "name") {
            sweep.name = e.value.text;
        } else if (e.key == "base") {
            base_given = true;
            sweep.base = side_scenario_path(c, e.value, file, "base", "sweep");
        } else if (e.key == "set") {
            read_set_map(c, e, sweep.set, &sweep.set_where);
        } else if (e.key == "points") {
            points = &e;
        } else if (e.key == "design_seed") {
            const auto n = whole_of(e.value);
            if (!n || *n < 0) c.at(e.key_where, "design_seed", fmt::format("expected a whole number from 0, got {}", describe(e.value)));
            else sweep.design_seed = static_cast<std::uint64_t>(*n);
            seed_given = true;
        } else if (e.key == "factors") {
            factors = &e.value;
        } else if (e.key == "output") {
            output = &e;
        } else if (auto* count = std::find_if(std::begin(counts), std::end(counts),
                                              [&](const Count& n) { return n.key == e.key; });
                   count != std::end(counts)) {
            count->given = &e;
        } else {
            c.at(e.key_where, e.key, fmt::format("not a sweep key (expected {})", sweep_keys));
        }
    }
    if (!base_given) c.at(start, "base", "missing: the scenario file the sweep varies");
    if (sweep.design == SweepDesign::latin_hypercube) {
        const auto n = points ? whole_of(points->value) : std::nullopt;
        if (!points) c.at(start, "points", "a latin_hypercube design needs points: N");
        else if (!n || *n < 1 || *n > max_points)
            c.at(points->key_where, "points", fmt::format("expected a whole number from 1 to {}, got {}", max_points,
                                                          describe(points->value)));
        else sweep.points = static_cast<int>(*n);
    } else {
        if (points) c.at(points->key_where, "points", "points is for a latin_hypercube design");
        if (seed_given && !is_sensitivity(sweep.design))
            c.at(start, "design_seed", "design_seed is for a latin_hypercube, morris or sobol design");
    }
    for (const Count& n : counts) {
        const std::string key(n.key);
        const char* design = n.design == SweepDesign::sobol ? "sobol" : "morris";
        if (n.given == nullptr) {
            if (sweep.design == n.design && *n.field == 0)
                c.at(start, key, fmt::format("a {} design needs {}: N", design, key));
            continue;
        }
        const auto v = whole_of(n.given->value);
        if (sweep.design != n.design)
            c.at(n.given->key_where, key, fmt::format("{} is for a {} design", key, design));
        else if (!v || *v < n.least || *v > n.most || (n.field == &sweep.levels && *v % 2 != 0))
            c.at(n.given->key_where, key, fmt::format("expected a whole number from {} to {}{}, got {}", n.least, n.most,
                                                      n.field == &sweep.levels ? ", even" : "", describe(n.given->value)));
        else
            *n.field = static_cast<int>(*v);
    }
    if (is_sensitivity(sweep.design)) {
        if (output == nullptr) c.at(start, "output", "a morris or sobol design needs output: {measure: NAME}");
        else read_output(c, *output, file, sweep);
    } else if (output != nullptr) {
        c.at(output->key_where, "output", "output is for a morris or sobol design");
    }
    if (factors == nullptr || factors->kind != Item::Kind::sequence || factors->items.empty()) {
        c.at(factors ? factors->where : start, "factors",
             "expected a list of one or more factors, each with key: and values: or range:");
    } else {
        for (std::size_t i = 0; i < factors->items.size(); ++i) read_factor(c, factors->items[i], i, sweep);
    }
    if (!c.failed() && is_sensitivity(sweep.design)) {
        const double k = static_cast<double>(sweep.factors.size());
        const double n = sweep.design == SweepDesign::sobol ? sweep.base_samples * (k + 2) : sweep.trajectories * (k + 1);
        const double runs = sweep.output.compared_with.empty() ? n : 2 * n;
        if (runs > max_points)
            c.at(start, sweep.design == SweepDesign::sobol ? "base_samples" : "trajectories",
                 sweep.output.compared_with.empty()
                     ? fmt::format("the design has {:.0f} points; at most {}", n, max_points)
                     : fmt::format("the design has {:.0f} points, each also run from output.compared_with: {:.0f} "
                                   "runs; at most {}", n, runs, max_points));
    }
    if (!c.failed() && sweep.design == SweepDesign::grid) {
        double n = 1;
        for (const auto& f : sweep.factors) n *= static_cast<double>(f.has_range ? f.steps : f.values.size());
        if (n > max_points)
            c.at(factors->where, "factors", fmt::format("the grid has {:.0f} points; at most {} (use a "
                                                        "latin_hypercube design for many factors)", n, max_points));
    }
    if (c.failed()) c.raise();
    return sweep;
}

}  // namespace vrusim::io
