#include "transparency_record.hpp"

#include <fmt/format.h>
#include <vrusim/source_hash.hpp>
#include <vrusim/version.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <variant>

#include "schema_markdown.hpp"
#include "sim/calibration.hpp"
#include "sim/population.hpp"
#include "sim/schema.hpp"

namespace vrusim::io {

namespace detail {
std::string_view model_limitations_markdown();  // generated from docs/model.md section 9
}

namespace {

constexpr std::string_view to_complete = "*to be completed by the organisation publishing the record*";

// Free text from a scenario (its name, description, area names) as one line of Markdown: line breaks
// as spaces, so no heading or list can start inside it, and no raw HTML.
std::string inline_text(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n' || c == '\r') out += ' ';
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out += c;
    }
    return out;
}

std::string rating_cell(std::string_view source) {
    const auto r = evidence_rating(source);
    return r == EvidenceRating::assumption ? "**assumption**" : std::string(rating_name(r));
}

std::string member_row(std::string_view key, const FieldMeta& f, const std::string& value) {
    return fmt::format("| `{}` | {} | {} | {} | {} |\n", key, markdown_cell(value), markdown_cell(f.unit),
                       markdown_cell(f.source.empty() ? "none given" : f.source), rating_cell(f.source));
}

constexpr std::string_view parameter_head = "| key | value | unit | source | evidence |\n|---|---|---|---|---|\n";

// Counts of the parameters by rating: scalar keys, and each record list's members once.
std::string rating_summary() {
    std::array<int, 7> counts{};
    for (const Field& f : scenario_schema()) {
        if (f.is_metadata()) continue;
        if (f.type == ValueType::record_list)
            for (const auto& m : f.record_fields) ++counts[static_cast<std::size_t>(evidence_rating(m.source))];
        else ++counts[static_cast<std::size_t>(evidence_rating(f.source))];
    }
    std::string out = "| evidence | parameters |\n|---|---|\n";
    for (std::size_t i = 0; i < counts.size(); ++i)
        out += fmt::format("| {} | {} |\n", rating_name(static_cast<EvidenceRating>(i)), counts[i]);
    return out;
}

std::string record_list(const Field& list, const Parameters& p) {
    const std::size_t n = list.record_count(p);
    std::string out = fmt::format("\n#### `{}`: {} {}\n\n{}\n\n", list.key, n, list.record_noun, markdown_cell(list.description));
    out += "| key | default | unit | source | evidence |\n|---|---|---|---|---|\n";
    for (const auto& m : list.record_fields)
        out += fmt::format("| `{}[].{}` | {} | {} | {} | {} |\n", list.key, m.key,
                           m.required ? "required" : markdown_cell(value_text(m.default_value)), markdown_cell(m.unit),
                           markdown_cell(m.source.empty() ? "none given" : m.source), rating_cell(m.source));
    out += fmt::format("\nEach of the {} {} with the values it sets (its other keys are at the defaults above):\n\n", n,
                       list.record_noun);
    for (std::size_t i = 0; i < n; ++i) {
        std::string set, evidence;
        for (const auto& m : list.record_fields) {
            const Value v = m.get(p, i);
            // An entry's own evidence and source (an intervention's) rate its effect.
            if ((m.key == "evidence" || m.key == "source") && std::holds_alternative<std::string>(v))
                evidence += std::get<std::string>(v) + " ";
            if (v == m.default_value) continue;
            set += fmt::format("{}{} = {}", set.empty() ? "" : "; ", m.key, value_text(v));
        }
        out += fmt::format("- `[{}]` {}{}\n", i, set.empty() ? "all at their defaults" : inline_text(set),
                           evidence.empty() ? "" : fmt::format(" (its evidence: {})", rating_cell(evidence)));
    }
    return out;
}

std::string parameters_section(const LoadedScenario& s) {
    const Parameters& p = s.parameters;
    std::string out = "Every key of the scenario (docs/scenario-schema.md) with the value this scenario gives it, its "
                      "source and the strength of that source: **verified** in the cited source, **secondary** (a "
                      "compilation that cites it), **derived** by stated arithmetic or a design choice, **recalled** "
                      "(not verified), **assumption** (no published figure: a judgement, to be tested by "
                      "sensitivity analysis), or a **setting** the user chooses (the run's length, the programme). "
                      "Where a source carries several tags the weakest is shown. Values the scenario changes from the "
                      "default are marked *changed*. An intervention's effects (its `rr_` keys), take-up and stay "
                      "are the programme's inputs, counted here as settings; the evidence behind each entry's values "
                      "is its own `evidence` and `source`, rated beside the entry in the programme's list below.\n\n";
    out += rating_summary();
    for (const auto& section : schema_sections()) {
        if (section.key.empty()) continue;
        out += fmt::format("\n### `{}`\n\n{}\n\n{}", section.key, markdown_cell(section.description), parameter_head);
        std::vector<const Field*> lists;
        for (const Field& f : section.fields) {
            if (f.type == ValueType::record_list) {
                lists.push_back(&f);
                continue;
            }
            const Value v = f.get(p);
            const bool changed = !(v == f.default_value);
            out += member_row(f.key, f, value_text(v) + (changed ? " *changed*" : ""));
        }
        for (const Field* list : lists) out += record_list(*list, p);
    }
    return out;
}

std::string calibration_section(const RecordInputs& in) {
    if (in.results == nullptr)
        return "No results file was given, so no achieved values are reported here: run the scenario "
               "(`vrusim run`) and give the file to `vrusim record` to include them. The targets and the default "
               "scenario's achieved values are in docs/model.md section 8.3.\n";
    const auto& p = in.scenario->parameters;
    if (in.results->meta.weeks < weeks_per_year)
        return fmt::format("{} reports {} weeks, less than the year the calibration targets are measured over.\n",
                           in.results_file.filename().string(), in.results->meta.weeks);
    const auto results = evaluate_calibration(p, stored_replicates(*in.results));
    int inside = 0;
    std::string table = "| target | published | tolerance | achieved (mean, 95% interval) | within | source |\n"
                        "|---|---|---|---|---|---|\n";
    for (const auto& r : results) {
        const auto& t = *r.target;
        inside += r.within();
        table += fmt::format("| {} | {:.4g} {} | {:.4g} to {:.4g} | {:.4g} [{:.4g}, {:.4g}] | {} | {} |\n",
                             markdown_cell(t.description), t.target, markdown_cell(t.unit), t.low, t.high,
                             r.achieved.mean, r.achieved.ci95_low, r.achieved.ci95_high, r.within() ? "yes" : "**no**",
                             markdown_cell(t.source));
    }
    return fmt::format("From {} ({} replicates, {} reported weeks, created {}): {} of {} targets within their "
                       "tolerance. A replicate's value is its mean over its complete reported years.\n\n{}",
                       in.results_file.filename().string(), in.results->meta.replicates, in.results->meta.weeks,
                       in.results->created_utc, inside, results.size(), table);
}

// docs/model.md section 9: its group headings and each numbered item's bold title (which may run
// over several lines), with an item's status ("Fixed in 0.3") when it has one. Items are shown as
// "- 56." bullets: a Markdown list would renumber them after a gap.
std::string limitations_section() {
    std::istringstream lines{std::string(detail::model_limitations_markdown())};
    std::string line, out;
    auto bold_from = [&](std::string text) {  // text after an opening "**", up to its closing one
        std::string next;
        while (text.find("**") == std::string::npos && std::getline(lines, next)) {
            text += ' ';
            text += next.substr(std::min(next.size(), next.find_first_not_of(' ')));
        }
        return text.substr(0, text.find("**"));
    };
    while (std::getline(lines, line)) {
        if (line.starts_with("**")) {
            out += fmt::format("\n*{}*\n\n", bold_from(line.substr(2)));
            continue;
        }
        const auto dot = line.find(". ");
        if (dot == std::string::npos || dot == 0 || dot > 3 || line.find_first_not_of("0123456789") != dot) continue;
        const auto bold = line.find("**", dot);
        if (bold == std::string::npos) continue;
        std::string status = line.substr(dot + 2, bold - dot - 2);  // e.g. "*Fixed in 0.3:* "
        status.erase(std::remove(status.begin(), status.end(), '*'), status.end());
        while (!status.empty() && status.back() == ' ') status.pop_back();
        out += fmt::format("- {}. {}{}\n", line.substr(0, dot), status.empty() ? "" : "(" + status + ") ",
                           bold_from(line.substr(bold + 2)));
    }
    return out;
}

std::string areas_text(const Parameters& p) {
    std::string out;
    for (std::size_t i = 0; i < p.population.areas.size(); ++i) {
        if (i) out += ", ";
        out += inline_text(p.population.areas[i].name);
    }
    return out;
}

}  // namespace

EvidenceRating evidence_rating(std::string_view source) {
    std::string lower(source);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto mentions = [&](std::string_view text) { return lower.find(text) != std::string::npos; };
    if (mentions("assum") || mentions("placeholder")) return EvidenceRating::assumption;
    // The project's tags: [V], or with a note, [V, YEF news; S, the ledger]: one letter before a
    // comma, semicolon or the closing bracket, at the start of a bracket or of a part of one.
    bool tag[4] = {};  // R, D, S, V
    constexpr std::string_view letters = "RDSV";
    for (std::size_t open = source.find('['); open != std::string_view::npos; open = source.find('[', open + 1)) {
        const std::size_t close = source.find(']', open);
        if (close == std::string_view::npos) break;
        for (std::size_t at = open + 1; at < close;) {
            while (at < close && source[at] == ' ') ++at;
            const std::size_t end = source.find_first_of(",;]", at);
            if (end == at + 1 && letters.find(source[at]) != std::string_view::npos) tag[letters.find(source[at])] = true;
            at = end == std::string_view::npos ? close : end + 1;
        }
    }
    if (tag[0]) return EvidenceRating::recalled;
    if (tag[1] || mentions("calibrated") || mentions("fitted") || mentions("derived")) return EvidenceRating::derived;
    if (tag[2]) return EvidenceRating::secondary;
    if (tag[3]) return EvidenceRating::verified;
    if (mentions("setting")) return EvidenceRating::setting;
    return EvidenceRating::unrated;
}

std::string_view rating_name(EvidenceRating rating) {
    constexpr std::string_view names[] = {"assumption", "recalled", "derived", "secondary", "verified", "setting",
                                          "named, not rated"};
    return names[static_cast<int>(rating)];
}

std::string transparency_record(const RecordInputs& in) {
    const LoadedScenario& s = *in.scenario;
    const Parameters& p = s.parameters;
    const std::uint64_t hash = hash_text(s.resolved_yaml);
    if (in.results != nullptr) {
        if (in.results->status != "complete")
            throw std::invalid_argument(fmt::format("{} is not complete (status {}): finish or resume its run first",
                                                    in.results_file.string(), in.results->status));
        if (in.results->meta.scenario_hash != hash)
            throw std::invalid_argument(fmt::format(
                "{} was not made from this scenario (its scenario hash {:016x}, this scenario's {:016x}): give the "
                "scenario file and --set options the run used", in.results_file.string(), in.results->meta.scenario_hash, hash));
        if (in.results->meta.measure_set != MeasureSet::model)
            throw std::invalid_argument(fmt::format("{} holds a verification-mode run, not the model's measures",
                                                    in.results_file.string()));
    }
    const std::string name = inline_text(s.name.empty() ? s.files.front().filename().string() : s.name);
    std::string out = fmt::format("{}{}\n\n", record_marker, name);
    out += "Shaped after the UK Algorithmic Transparency Recording Standard (ATRS, v3.0): metadata, tier 1 (an "
           "overview for the public) and tier 2 (detail for specialists). Written by `vrusim record` from the "
           "scenario and the model's own documentation; fields only the publishing organisation can fill are "
           "marked as such.\n\n";

    out += "## Metadata\n\n";
    out += fmt::format("- **Tool**: vrusim {} (model sources {}), an agent-based simulator of youth violence, "
                       "exploitation and Violence Reduction Unit programmes\n", version, source_hash);
    out += fmt::format("- **Record generated**: {}\n", in.generated_utc);
    out += fmt::format("- **Scenario**: {} ({})\n", name, inline_text(s.files.front().string()));
    out += fmt::format("- **Scenario hash**: {:016x} (FNV-1a of the resolved scenario; a results file made from it "
                       "records the same)\n", hash);
    out += fmt::format("- **Seed**: {}; **replicates**: {}; **reported weeks**: {} from {} (after {} weeks of "
                       "burn-in); **population scale**: {}\n", p.run.seed, p.run.replicates, p.run.weeks,
                       p.run.start_year, p.run.burn_in_weeks, p.population.scale);
    out += fmt::format("- **Results file**: {}\n", in.results ? fmt::format("{} (created {}, vrusim {})", in.results_file.string(),
                                                                                in.results->created_utc, in.results->vrusim_version)
                                                             : std::string("none given"));
    out += fmt::format("- **Phase**: {}; **region**: {}\n", to_complete, areas_text(p));

    out += "\n## Tier 1: overview\n\n";
    out += fmt::format("- **Name**: vrusim, scenario \"{}\"\n", name);
    if (!s.description.empty()) out += fmt::format("- **Scenario description**: {}\n", inline_text(s.description));
    out += "- **What it does**: simulates a synthetic population of young people aged 10 to 24 in the scenario's "
           "areas, week by week: their risk and protective factors, their household, school, friendship and "
           "co-offending ties, violence and its contagion, weapon carrying, school exclusion, NEET spells, "
           "justice contact, county-lines drug networks and the exploitation of children by them, and a "
           "programme of interventions paid from a funding plan. It reports the Home Office's violence measures "
           "and local ones, with uncertainty, so that plans can be compared before money is committed.\n";
    out += "- **How and why it is used**: a strategy board or analyst compares plans (intervention mixes, grant "
           "tapers) with a base under common random numbers; the difference between paired runs, with its "
           "interval, is the estimate of a plan's effect. It supports planning; it is not a forecast of what "
           "will happen.\n";
    out += "- **What it is not for**: any decision about an individual. It holds no real person and cannot "
           "identify, score or predict anyone; it does not predict where or when a specific offence will happen; "
           "it is not evidence that an intervention works (its effects are inputs taken from published "
           "evaluations or assumed, listed below); its outputs are not official statistics. Its risk weights and "
           "targeting rules (e.g. an intervention's `min_risk`) describe synthetic people and must never be used, "
           "or presented, as a tool for identifying or scoring real children. Its figures for one area are not "
           "predictions about that place, and are not for ranking areas (docs/model.md section 9 lists where the "
           "model's area pattern departs from the published one).\n";
    out += fmt::format("- **Contact**: {}\n", to_complete);

    out += "\n## Tier 2\n\n### 1. Owner and responsibility\n\n";
    out += fmt::format("- **Organisation, team, senior responsible owner**: {}\n", to_complete);
    out += "- **Development**: vrusim is open-source software (C++, with Debian's libraries); no supplier holds "
           "or processes personal data for it.\n";

    out += "\n### 2. Description and rationale\n\n";
    out += "- **Type**: a stochastic agent-based model (not machine learning; nothing is trained on personal data). "
           "Its mechanisms are documented in docs/model.md in the ODD protocol (Overview, Design concepts, "
           "Details), each with its parameters and sources.\n";
    out += fmt::format("- **Scope**: {} areas ({}); {} replicates of {} weeks.\n", p.population.areas.size(),
                       areas_text(p), p.run.replicates, p.run.weeks);
    out += "- **Benefits**: plans compared before they are funded; the assumptions they rest on made explicit and "
           "testable (sensitivity analysis, docs/research.md); the smallest effect a run can detect shown before "
           "an effect is claimed.\n";
    out += "- **Alternatives**: spreadsheets of unit costs and published effect sizes (no interactions, contagion "
           "or displacement); general agent-based toolkits (NetLogo, Mesa) without this domain's mechanisms.\n";

    out += "\n### 3. Decision-making process\n\n";
    out += "- **Place in the process**: its outputs inform a board's choice between plans, with people deciding. "
           "No decision about any individual is made or informed by it: there is no individual to decide about.\n";
    out += "- **How outputs should be read**: as differences between paired runs with their 95% intervals, on a "
           "baseline checked not to drift (`vrusim drift`); an effect smaller than the run's detectable "
           "difference (shown by `vrusim compare`) is not claimed.\n";
    out += "- **Appeals and review**: not applicable to individuals; the model's assumptions can be challenged by "
           "re-running with other values (every key below can be set in a scenario or with --set).\n";

    out += "\n### 4. Tool specification\n\n";
    out += "- **Data**: a **synthetic population**, generated by the program from published aggregate figures "
           "(area populations by age, deprivation scores, national prevalences; sources in the table below). "
           "It contains **no personal data** and no record of any real person; no data about individuals is "
           "collected, stored or shared. Each replicate draws a new population from the areas' published counts "
           "by age and their deprivation scores; its households, neighbourhoods and schools are synthetic, not real "
           "places or schools. Every calibration target is a published aggregate. Results files hold counts by "
           "week, area and age band.\n";
    out += p.verification.enabled && p.verification.network == "edge_list"
               ? fmt::format("- **External data read by this scenario**: the network file {} (verification mode). "
                             "Check that it holds no personal data before publishing results made from it.\n",
                             inline_text(p.verification.edge_list))
               : "- **External data read by this scenario**: none beyond the scenario files.\n";
    out += "- **Reproducibility**: the same scenario and seed give bit-identical results on any number of threads "
           "or MPI ranks (counter-based random streams).\n";
    out += fmt::format("- **Maintenance**: {}\n", to_complete);
    out += "\n#### Model performance: calibration\n\n" + calibration_section(in);
    out += "\n#### Parameters: values, sources and evidence\n\n" + parameters_section(s);

    out += "\n### 5. Risks, limitations and mitigations\n\n";
    out += "The model's known limitations and open questions, as docs/model.md section 9 lists them (read them "
           "there in full, with what each affects):\n";
    out += limitations_section();
    out += "\nMitigations: assumptions are flagged above and can be varied by sensitivity analysis (`vrusim sweep` "
           "with a morris or sobol design); effects are reported with intervals and detectable differences; "
           "calibration against published figures is re-checked by `vrusim calibrate`.\n";
    out += "\n**Risks in use**: reading a run as a forecast of what will happen; choosing, from several runs or "
           "seeds, the one that favours a plan (report every run, with its seed); comparing figures made by "
           "different versions (the version and model-sources hash above must match for a comparison); claiming "
           "an effect smaller than the run could detect.\n";
    out += "\n**Equality considerations** (a starting point for the organisation's own assessment): the synthetic "
           "people have a sex, an age, a home neighbourhood's deprivation, free school meals, special educational "
           "needs, being looked after and a parent in prison; they have **no ethnicity**. The model's police, "
           "justice and school-discipline processes treat everyone alike given their behaviour, whereas in reality "
           "arrests, stop and search and exclusions fall unequally by ethnicity: so the tool cannot show how a "
           "plan's benefits or burdens (e.g. interventions reached through arrest or suspension) would be "
           "distributed by ethnicity. Sexual violence and the sexual exploitation of girls are not modelled, so "
           "benefits to girls are likely understated.\n";
    out += fmt::format("\nImpact assessments (data protection, equality): {}\n", to_complete);
    return out;
}

}  // namespace vrusim::io
