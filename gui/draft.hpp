#pragma once
/// A scenario as the explorer edits it: the last valid state (a loaded scenario, every key with
/// its value), what the user typed into a field the loader refused with its message, and the rules
/// between keys it breaks. Every change goes through the loader (io::apply_override), so a field
/// says what `vrusim validate --set` would, and a saved file loads back to the same parameters.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "export_file.hpp"
#include "io/scenario_loader.hpp"

namespace vrusim::gui {

class ScenarioDraft {
public:
    /// Loads a scenario file; throws io::ScenarioError with the loader's messages.
    static ScenarioDraft open(const std::filesystem::path& file);
    /// A copy to edit: the same settings, "NAME (copy)" (or copy 2, 3 ...), no file of its own.
    ScenarioDraft duplicate(const std::vector<std::string>& labels_in_use) const;

    /// The scenario as it last validated key by key (what Run and Save use when runnable()).
    const io::LoadedScenario& scenario() const { return scenario_; }
    const std::string& label() const { return scenario_.name; }
    /// The file it was last saved to, else the one it was opened from; empty for a duplicate not yet saved.
    const std::filesystem::path& file() const { return saved_to_.empty() ? opened_from_ : saved_to_; }
    /// Changed since it was opened or saved.
    bool modified() const { return modified_; }
    /// Changes whenever scenario() or its problems do, and differs between drafts opened or edited
    /// apart: a key for what is derived from them (the quick version, the run's cache key).
    std::uint64_t revision() const { return revision_; }

    /// Sets a key ("funding.taper", "programme.interventions[2].budget_per_year", "name") from
    /// text as typed. A value the loader refuses is kept as typed with its message (field_error);
    /// an accepted one replaces the old. Then the rules between keys are checked again.
    void edit(const std::string& key, const std::string& text);
    /// The text a field shows: what was typed if the loader refused it, else its value.
    std::string field_text(const std::string& key) const;
    /// The loader's message for this key ("expected ..., got ..."), or empty.
    std::string field_error(const std::string& key) const;
    /// Every problem: each refused field's ("KEY: message") and each broken rule's.
    std::vector<std::string> problems() const;
    /// No problems: it may be run and saved.
    bool runnable() const { return field_errors_.empty() && rule_problems_.empty(); }

    /// Adds a copy of intervention `index` after the last one, named "NAME (2)" (3, ...).
    void duplicate_intervention(std::size_t index);
    /// Removes intervention `index`.
    void remove_intervention(std::size_t index);
    /// Pays intervention `index` by a budget a year (its planned money: fixed cost and places at
    /// their unit cost) or by places (what its budget buys), the other key set to 0. Both keys
    /// change or neither: the reason if they cannot (a value out of bounds), else empty.
    std::string pay_by_budget(std::size_t index, bool budget);

    /// Writes the scenario as YAML (every key with its value), atomically, and makes `file` this
    /// draft's file. Refuses (std::runtime_error, nothing written) when there are problems, when
    /// the path is a directory or in a missing directory, or when it names an existing file other
    /// than the one this draft last saved, as it left it: no file the user did not save here, or
    /// changed since, is ever replaced, not even the one it was opened from (a bundled scenario
    /// stays as shipped). A file over the loader's size limit is refused too.
    void save(const std::filesystem::path& file);

private:
    void check_rules();
    void replace_interventions(std::vector<InterventionSpec> interventions, std::optional<std::size_t> removed);

    io::LoadedScenario scenario_;
    static std::uint64_t next_revision();
    std::uint64_t revision_ = next_revision();
    std::filesystem::path opened_from_;
    std::filesystem::path saved_to_;
    std::optional<FileStamp> saved_stamp_;  // the file as this draft left it: replaced only while unchanged
    bool modified_ = false;
    std::map<std::string, std::string> typed_;         // key -> refused text
    std::map<std::string, std::string> field_errors_;  // key -> loader's message
    std::vector<std::string> rule_problems_;
};

/// The text after the "file:line:column: " or "command line: " of a loader problem.
std::string without_location(const std::string& problem);

}  // namespace vrusim::gui
