#include "io/schema_markdown.hpp"

#include <fmt/format.h>

#include <string_view>

#include "io/scenario_loader.hpp"
#include "sim/schema.hpp"

namespace vrusim::io {

namespace {

constexpr std::string_view intro = R"(# Scenario schema

<!-- Generated from sim/schema_rows.cpp; do not edit by hand.
     Regenerate with: ./build/tools/vrusim schema > docs/scenario-schema.md -->

A scenario is a YAML file that says which population to simulate and how the model behaves. Every
key, its type, default, unit, bounds and source is listed below; the same table drives the loader's
checks, this page and the editors of the desktop explorer, so they cannot disagree.

## Writing a scenario

Keys are nested by section, with the names in the tables below:

```yaml
name: "More replicates, stronger contagion"
extends: default.yaml        # start from the Thames Valley baseline
run:
  replicates: 50
contagion:
  rr_after_victimisation: 4.0
```

- A key left out takes its default. Only `population.areas` has no default: a scenario must list its
  areas or extend a scenario that does (`scenarios/default.yaml` lists the nine Thames Valley areas).
- `extends:` names another scenario file, relative to the file that extends it. Chains may be up
  to 32 files long. Maps are merged key by key, the extending file winning; lists (`population.areas`,
  `county_lines.enforcement_timeline`, `violence.group_size_pmf`) are replaced whole. A cycle, or a
  file that cannot be read, is an error that names the `extends:` line.
- A list of records has one map per entry; a short entry fits on one line, e.g.
  `- {start_week: 24, weeks: 1, closure_rr: 4.0}` under `enforcement_timeline:`. Keys left out of an
  entry take the defaults in the list's own table below, unless it marks them required.
- A section may be left empty (`violence:` with every key commented out); it changes nothing.
- Plain YAML: anchors and aliases work, but merge keys (`<<:`) do not (use `extends:`), and a tag
  is accepted only where it agrees with the key (`!!int 3` for an integer, `!!float`, `!!bool`,
  `!!str`); `!!float 3` for a count, a custom `!tag` or a tag on a key is refused where it is.
- `vrusim validate FILE` checks a scenario without running it (the memory check included). Single
  keys can be overridden on the command line with `--set KEY=VALUE`, e.g. `--set run.replicates=50` or
  `--set population.areas[3].imd_score=25` (likewise `county_lines.enforcement_timeline[0].closure_rr`
  for an entry the file has); overrides are checked exactly as a file is, and errors name
  `command line`.
- The loader also writes out the resolved scenario: every key with its final value, defaults
  included, a complete file that loads back to the same parameters, so that a run can keep it (and
  the text of every file involved) beside its results.

## Values and units

- Types: **boolean** `true` or `false`; **integer** digits only (`3`, not `3.0`); **real number** any
  finite decimal (`0.25`, `1e-3`; `.nan` and `.inf` are rejected); **text** any value, quoted if it
  could be read as something else; **list of real numbers** `[0.874, 0.096, 0.03]`; **list of
  records** one map per entry. A quoted number (`"0.25"`) is text, not a number.
- Bounds are inclusive. For a list of real numbers they apply to each entry.
- Units: *probability* is per event, 0 to 1; *share* is a fraction of people; *per year* is an
  annual rate (the model converts it to a weekly one once, at start-up); *weeks* and *years* are
  durations or ages; *x hazard (relative risk)* multiplies the weekly offending hazard (1 = no
  effect, below 1 protective); *x rate* and *x probability* multiply another rate or probability,
  named in the description; *x weight* is a weight in a random choice, relative to others.
- Source tags follow the calibration references: **[V]** seen in the cited source, **[S]** read from
  a secondary compilation, **[D]** derived by arithmetic or a design choice, **[R]** recalled, not
  seen. *assumption* means no published figure was found: a modelling choice to test in sensitivity
  analysis. *run setting* is the analyst's choice. docs/model.md gives the sources in full.

## How problems are reported

The loader reports every problem it finds, not just the first, one per line, as
`file:line:column: key: what was expected, got what`:

```
scenarios/bad.yaml:12:5: violence.p_knife_if_carrying: expected a real number in [0, 1], got 1.5
scenarios/bad.yaml:14:3: violence.p_knife_if_carying: unknown key; did you mean 'p_knife_if_carrying'?
```

It checks YAML syntax; that the file is UTF-8 text of at most {max_mib} MiB with one document whose
top level is a map; every value's type and bounds (including integers too large to hold and non-finite
numbers); unknown keys, with a suggestion of the nearest key at that level or the section a key
belongs in; duplicate keys; required keys; and then the rules between keys below. A value in an
extended file is reported at its own file and line. A rule broken by a default names `default`.

## Rules between keys

| keys | rule |
|---|---|
)";

constexpr std::string_view rules_tail = R"(
Allowed on purpose: `school.leaving_age` above `neet.min_age` (people past `neet.min_age` but under
the leaving age may still be NEET); `neet.min_age` is at most 24 by its bounds, since everyone
leaves the cohort at 25. Every area's `hub_weight` 0: the locally run county lines then take their
hub areas in proportion to population. `county_lines.enabled` with `population.scale` below 0.5:
the run is valid, but with about 15 lines or fewer the county-lines outputs are too grainy to read.

Before a run, the memory needed by the replicates run at once is estimated from the agent count and
compared with the memory available; if it does not fit, the error points at `population.scale` and
suggests a scale that fits.
)";

std::string default_cell(const FieldMeta& f) {
    if (f.required) return "required";
    return fmt::format("`{}`", value_text(f.default_value));
}

std::string row(std::string_view key, const FieldMeta& f) {
    return fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", key, type_name(f.type), default_cell(f), markdown_cell(f.unit),
                       bounds_text(f), markdown_cell(f.description), markdown_cell(f.source));
}

constexpr std::string_view table_head =
    "| key | type | default | unit | bounds | description | source |\n|---|---|---|---|---|---|---|\n";

}  // namespace

std::string schema_markdown() {
    constexpr std::string_view placeholder = "{max_mib}";
    const auto cut = intro.find(placeholder);
    std::string out = fmt::format("{}{}{}", intro.substr(0, cut), max_scenario_bytes >> 20,
                                  intro.substr(cut + placeholder.size()));
    for (const ConsistencyRule& r : consistency_rules()) {
        out += fmt::format("| `{}` | {} |\n", markdown_cell(r.keys), markdown_cell(r.rule));
    }
    out += rules_tail;
    for (const SchemaSection& s : schema_sections()) {
        out += s.key.empty() ? fmt::format("\n## {}\n\n{}\n\n", s.title, s.description)
                             : fmt::format("\n## `{}`\n\n{}\n\n", s.key, s.description);
        out += table_head;
        for (const Field& f : s.fields) out += row(f.key, f);
        if (s.key.empty()) {
            out += "| `extends` | text | | | | Path of a scenario this one builds on, relative to this file | |\n";
        }
        for (const Field& f : s.fields) {
            if (f.type != ValueType::record_list) continue;
            out += fmt::format("\n### `{}` entries\n\nEach entry of `{}` is a map with these keys.\n\n", f.key, f.key);
            out += table_head;
            for (const RecordField& r : f.record_fields) out += row(r.key, r);
        }
    }
    return out;
}

std::string markdown_cell(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

}  // namespace vrusim::io
