#pragma once
/// Internal to the scenario loader (io/scenario_*.cpp): our own YAML tree, with file, line and
/// column on every value, the problem list, and reading files and their extends: chain.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/scenario_loader.hpp"

namespace vrusim::io::detail {

namespace fs = std::filesystem;

// Limits and the problem list
inline constexpr std::uintmax_t max_file_bytes = max_scenario_bytes;
inline constexpr int max_depth = 32;             // far deeper than any schema key: anything deeper is junk
inline constexpr std::size_t max_nodes = 200000;  // aliases (*a) can multiply a small file into a huge tree
inline constexpr std::size_t max_extends = 32;
inline constexpr std::size_t max_problems = 100;
inline constexpr std::size_t max_echo = 60;      // longest text echoed back in a message

/// Lines joined with newlines.
inline std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
}

/// Text echoed back in a message: one line, at most max_echo characters.
inline std::string shorten(std::string_view text) {
    std::string out(text.substr(0, max_echo));
    for (char& c : out) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    if (text.size() > max_echo) out += "...";
    return out;
}

/// "file:line:column", or the file alone when there is no position.
inline std::string location_text(const SourceLocation& at) {
    return at.line > 0 ? fmt::format("{}:{}:{}", at.file, at.line, at.column) : at.file;
}

/// A position: which file, line and column.
struct Where {
    int file = 0;  // index into Context::file_names
    int line = 0;  // 1-based; 0 = no position (command line)
    int column = 0;
};

/// One load's files, problems (at most max_problems) and the source text kept for provenance.
struct Context {
    std::vector<std::string> file_names;
    std::vector<std::string> problems;
    std::size_t dropped = 0;
    std::string source_text;
    std::vector<fs::path> files;
    std::size_t nodes = 0;
    /// What the file is, for messages about its whole: "scenario", "sweep file", ...; with the
    /// top-level keys an example names.
    std::string document = "scenario";
    std::string example_keys = "run: and population:";

    int add_file(std::string name) {
        file_names.push_back(std::move(name));
        return static_cast<int>(file_names.size()) - 1;
    }
    SourceLocation location(Where w) const { return {file_names.at(w.file), w.line, w.column}; }
    void add(std::string problem) {
        if (problems.size() < max_problems) problems.push_back(std::move(problem));
        else ++dropped;
    }
    /// "file:line:col: key: message", or without the key if there is none.
    void at(Where w, std::string_view key, std::string_view message) {
        at(location(w), key, message);
    }
    void at(const SourceLocation& loc, std::string_view key, std::string_view message) {
        add(key.empty() ? fmt::format("{}: {}", location_text(loc), message)
                        : fmt::format("{}: {}: {}", location_text(loc), key, message));
    }
    bool failed() const { return !problems.empty(); }
    [[noreturn]] void raise() {
        std::vector<std::string> all = problems;
        if (dropped > 0) all.push_back(fmt::format("... and {} more problems", dropped));
        throw ScenarioError(std::move(all));
    }
};

// Our own YAML tree (with file, line and column on every value)
struct Entry;

/// A YAML value with its position. yaml-cpp nodes are not merged across files, so we copy into this.
struct Item {
    enum class Kind : std::uint8_t { null, scalar, sequence, map };
    Kind kind = Kind::null;
    bool plain = false;  // unquoted and untagged: may be read as a number or a boolean
    std::string yaml_type;  // "int", "float" or "bool" for an explicit !!int, !!float or !!bool; else empty
    bool refused = false;   // already reported (an unsupported tag): no further message about its value
    std::string text;
    Where where;
    std::vector<Item> items;
    std::vector<Entry> entries;

    Item* find(std::string_view key);
    const Item* find(std::string_view key) const { return const_cast<Item*>(this)->find(key); }
};

struct Entry {
    std::string key;
    Where key_where;
    Item value;
};

/// What a value is, for messages ("a list", "the text \"x\"", "!!float 3").
std::string describe(const Item& item);
/// "section.key", or the key alone at the top.
std::string child_path(std::string_view path, std::string_view key);
/// A node's position, or `fallback` when yaml-cpp has none.
Where where_of(const YAML::Node& node, int file, Where fallback);
/// Copies a yaml-cpp node; `fallback` is the key's position, used for empty values (yaml-cpp puts them on the next line).
Item convert(Context& c, const YAML::Node& node, const std::string& path, Where fallback, int file, int depth,
             bool& too_deep);
/// Gives the item and everything in it one position (a command-line value has no lines).
void place_at(Item& item, Where w);
/// Child values replace parent values key by key; maps merge, everything else (lists too) is replaced whole.
void merge_into(Item& parent, Item child);

// Reading files and following extends
struct ChainLink {
    fs::path canonical;
    std::string display;
};

/// The file's text, or an explanation of why it cannot be read (never blocks on a pipe or device).
std::optional<std::string> read_text(const fs::path& path, std::string& why);
/// True if the text is valid UTF-8.
bool is_valid_utf8(std::string_view text);
/// Parses one file's text and the files it extends, merged; nothing if it cannot be read at all.
std::optional<Item> parse_text(Context& c, std::string_view text, const std::string& display, const fs::path& base_dir,
                               std::vector<ChainLink>& chain);

/// A plain scalar's finite number (side files: sweeps, trials), or nothing.
std::optional<double> number_of(const Item& item);
/// A plain scalar's whole number (below 9e15 in size), or nothing.
std::optional<std::int64_t> whole_of(const Item& item);
/// A side file's scenario path (a sweep's base, a trial's or optimiser's scenario, at `key`)
/// resolved against the side file's directory, or empty after reporting why it cannot be read
/// (`what` names the side file: "sweep", "trial", "optimiser").
fs::path side_scenario_path(Context& c, const Item& value, const fs::path& side_file, std::string_view key,
                            std::string_view what);
/// A side file's `set:` map, as "key=value" assignments (--set's form) with each one's place.
void read_set_map(Context& c, const Entry& e, std::vector<std::string>& set, std::vector<std::string>* where = nullptr);
/// A scalar's text, or a flow list "[a, b]" of scalars, as --set takes values (side files' set:).
std::optional<std::string> value_text_item(const Item& item);

}  // namespace vrusim::io::detail
