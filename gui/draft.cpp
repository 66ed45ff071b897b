#include "draft.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <optional>
#include <regex>
#include <stdexcept>

#include "export_file.hpp"
#include "sim/programme/funding.hpp"
#include "sim/schema.hpp"
#include "vrusim/version.hpp"

namespace vrusim::gui {

namespace {

namespace fs = std::filesystem;

// A value as typed into a field: text without YAML's quotes, everything else as YAML writes it.
std::string plain_text(const Value& value) {
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    return value_text(value);
}

// The value of a key of the scenario or of one record ("programme.interventions[2].area").
std::optional<Value> value_of(const io::LoadedScenario& s, const std::string& key) {
    if (key == "name") return Value{s.name};
    if (key == "description") return Value{s.description};
    const auto open = key.find('[');
    if (open == std::string::npos) {
        const Field* f = find_field(key);
        if (!f || !f->get) return std::nullopt;
        return f->get(s.parameters);
    }
    const Field* list = find_field(std::string_view(key).substr(0, open));
    const auto close = key.find("].", open);
    if (!list || list->type != ValueType::record_list || close == std::string::npos) return std::nullopt;
    std::size_t index = 0;
    if (std::from_chars(key.data() + open + 1, key.data() + close, index).ec != std::errc{}) return std::nullopt;
    const RecordField* r = find_record_field(*list, std::string_view(key).substr(close + 2));
    if (!r || index >= list->record_count(s.parameters)) return std::nullopt;
    return r->get(s.parameters, index);
}

// "NAME (2)", "NAME (3)", ... (or "NAME (copy)", "NAME (copy 2)", ...): the first not in `taken`.
std::string numbered(const std::string& name, const std::vector<std::string>& taken, bool copy) {
    for (int n = 1;; ++n) {
        const std::string candidate = !copy    ? fmt::format("{} ({})", name, n + 1)
                                      : n == 1 ? fmt::format("{} (copy)", name)
                                               : fmt::format("{} (copy {})", name, n);
        if (std::ranges::find(taken, candidate) == taken.end()) return candidate;
    }
}

// The intervention a key is about ("programme.interventions[3].area": 3), if any.
std::optional<std::size_t> intervention_index(const std::string& key) {
    constexpr std::string_view prefix = "programme.interventions[";
    if (!key.starts_with(prefix)) return std::nullopt;
    std::size_t index = 0;
    const char* first = key.data() + prefix.size();
    const auto [end, ec] = std::from_chars(first, key.data() + key.size(), index);
    if (ec != std::errc{} || end == first || *end != ']') return std::nullopt;
    return index;
}

}  // namespace

std::string without_location(const std::string& problem) {
    static const std::regex located(R"(^(command line|default|.*?:\d+:\d+): )");
    return std::regex_replace(problem, located, "", std::regex_constants::format_first_only);
}

std::uint64_t ScenarioDraft::next_revision() {
    static std::atomic<std::uint64_t> counter{0};
    return ++counter;
}

ScenarioDraft ScenarioDraft::open(const fs::path& file) {
    ScenarioDraft d;
    d.scenario_ = io::load_scenario(file);
    if (d.scenario_.name.empty()) {  // named after its file, in every form the draft keeps
        d.scenario_.name = file.stem().string();
        d.scenario_.resolved_yaml = io::scenario_yaml(d.scenario_.parameters, d.scenario_.name, d.scenario_.description);
    }
    d.opened_from_ = file;
    return d;
}

ScenarioDraft ScenarioDraft::duplicate(const std::vector<std::string>& labels_in_use) const {
    ScenarioDraft d = *this;
    d.edit("name", numbered(label(), labels_in_use, true));
    d.opened_from_.clear();
    d.saved_to_.clear();
    d.modified_ = true;
    return d;
}

void ScenarioDraft::edit(const std::string& key, const std::string& text) {
    const auto current = value_of(scenario_, key);
    if (current && plain_text(*current) == text) {  // back to the value it has: nothing refused any more
        const bool was_refused = typed_.erase(key) + field_errors_.erase(key) > 0;
        if (was_refused) {
            revision_ = next_revision();
            check_rules();
        }
        return;
    }
    try {
        io::apply_override(scenario_, key, text, false);
        typed_.erase(key);
        field_errors_.erase(key);
        modified_ = true;
    } catch (const io::ScenarioError& e) {
        typed_[key] = text;
        std::string message;
        for (const auto& p : e.problems) {
            std::string m = without_location(p);
            if (m.starts_with(key + ": ")) m.erase(0, key.size() + 2);  // the field names the key
            message += (message.empty() ? "" : "; ") + m;
        }
        field_errors_[key] = message;
    }
    revision_ = next_revision();
    check_rules();
}

std::string ScenarioDraft::field_text(const std::string& key) const {
    if (const auto it = typed_.find(key); it != typed_.end()) return it->second;
    const auto value = value_of(scenario_, key);
    return value ? plain_text(*value) : std::string{};
}

std::string ScenarioDraft::field_error(const std::string& key) const {
    const auto it = field_errors_.find(key);
    return it == field_errors_.end() ? std::string{} : it->second;
}

std::vector<std::string> ScenarioDraft::problems() const {
    std::vector<std::string> all;
    for (const auto& [key, message] : field_errors_) all.push_back(fmt::format("{}: {}", key, message));
    all.insert(all.end(), rule_problems_.begin(), rule_problems_.end());
    return all;
}

void ScenarioDraft::check_rules() {
    rule_problems_.clear();
    try {
        io::check_scenario_rules(scenario_);
    } catch (const io::ScenarioError& e) {
        for (const auto& p : e.problems) rule_problems_.push_back(without_location(p));
    }
}

void ScenarioDraft::replace_interventions(std::vector<InterventionSpec> interventions, std::optional<std::size_t> removed) {
    // The records are already resolved (catalogue entries merged on loading), so the list is
    // replaced as it stands and the rules between keys judge it.
    scenario_.parameters.programme.interventions = std::move(interventions);
    revision_ = next_revision();
    scenario_.resolved_yaml = io::scenario_yaml(scenario_.parameters, scenario_.name, scenario_.description);
    scenario_.source_text += "# --- edited in vrusim-gui: the list of interventions ---\n";
    // Refused text typed into an intervention's field follows it to its new number; the removed
    // one's goes with it.
    if (removed) {
        for (auto* refused : {&typed_, &field_errors_}) {
            std::map<std::string, std::string> renumbered;
            for (auto& [key, text] : *refused) {
                const auto index = intervention_index(key);
                if (!index) renumbered.emplace(key, std::move(text));
                else if (*index > *removed)
                    renumbered.emplace(fmt::format("programme.interventions[{}]{}", *index - 1, key.substr(key.find(']') + 1)),
                                       std::move(text));
                else if (*index < *removed) renumbered.emplace(key, std::move(text));
            }
            *refused = std::move(renumbered);
        }
    }
    modified_ = true;
    check_rules();
}

std::string ScenarioDraft::pay_by_budget(std::size_t index, bool budget) {
    const auto& list = scenario_.parameters.programme.interventions;
    if (index >= list.size()) throw std::out_of_range("no such intervention");
    const InterventionSpec& in = list[index];
    const std::string at = fmt::format("programme.interventions[{}].", index);
    std::vector<std::pair<std::string, std::string>> changes;
    if (budget && in.budget_per_year <= 0)
        changes = {{at + "places_per_year", "0"}, {at + "budget_per_year", fmt::format("{}", std::round(planned_money_per_year(in)))}};
    else if (!budget && in.budget_per_year > 0)
        changes = {{at + "budget_per_year", "0"}, {at + "places_per_year", fmt::format("{}", std::round(planned_places_per_year(in)))}};
    // Both keys or neither: tried on a copy first, so a value out of bounds leaves the plan as it was.
    ScenarioDraft trial = *this;
    for (const auto& [key, text] : changes) trial.edit(key, text);
    for (const auto& [key, text] : changes)
        if (const auto error = trial.field_error(key); !error.empty())
            return fmt::format("{} cannot be paid by {}: {} would be {}: {}", in.name, budget ? "a budget" : "places",
                               key.substr(at.size()), text, error);
    *this = std::move(trial);
    return {};
}

void ScenarioDraft::duplicate_intervention(std::size_t index) {
    auto list = scenario_.parameters.programme.interventions;
    if (index >= list.size()) throw std::out_of_range("no such intervention");
    InterventionSpec copy = list[index];
    std::vector<std::string> names;
    for (const auto& i : list) names.push_back(i.name);
    copy.name = numbered(copy.name, names, false);
    list.push_back(std::move(copy));
    replace_interventions(std::move(list), std::nullopt);
}

void ScenarioDraft::remove_intervention(std::size_t index) {
    auto list = scenario_.parameters.programme.interventions;
    if (index >= list.size()) throw std::out_of_range("no such intervention");
    list.erase(list.begin() + static_cast<std::ptrdiff_t>(index));
    replace_interventions(std::move(list), index);
}

void ScenarioDraft::save(const fs::path& where) {
    if (!runnable())
        throw std::runtime_error(fmt::format("not saved: {} problem{} to fix first", problems().size(),
                                             problems().size() == 1 ? "" : "s"));
    // The header names no scenario or file: a name is the user's text, and YAML reads on after a line break.
    std::string text = fmt::format(
        "# Saved by vrusim-gui {}: every key with its value, so that it runs on its own (vrusim validate,\n"
        "# vrusim run) and gives the results the explorer gives with the same seed.\n",
        vrusim::version);
    text += io::scenario_yaml(scenario_.parameters, scenario_.name, scenario_.description);
    if (text.size() > io::max_scenario_bytes)
        throw std::runtime_error(fmt::format("not saved: the file would be {} kB, over the {} kB a scenario file may be "
                                             "(a shorter description?)",
                                             text.size() / 1024, io::max_scenario_bytes / 1024));
    std::error_code ec;
    const bool own = saved_stamp_ && !where.empty() && fs::equivalent(saved_to_, fs::absolute(where, ec), ec);
    try {
        saved_stamp_ = write_file_atomically(where, text, own ? saved_stamp_ : std::nullopt);
    } catch (const std::runtime_error& e) {
        std::string message = e.what();
        if (message.starts_with("not written")) message.replace(0, 11, "not saved");
        throw std::runtime_error(message);
    }
    saved_to_ = fs::absolute(where, ec);
    modified_ = false;
}

}  // namespace vrusim::gui
