// Index of this file:
// [SECTION] Limits and the problem list
// [SECTION] Our own YAML tree (with file, line and column on every value)
// [SECTION] Reading files and following extends
// [SECTION] Numbers and text
// [SECTION] Validation against the schema
// [SECTION] Rules between keys
// [SECTION] Writing the resolved scenario
// [SECTION] Public functions
#include "io/scenario_loader.hpp"
#include "io/memory_limit.hpp"

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "sim/population.hpp"
#include "sim/schema.hpp"

namespace vrusim::io {

namespace fs = std::filesystem;

namespace {

// [SECTION] Limits and the problem list

constexpr std::uintmax_t max_file_bytes = max_scenario_bytes;
constexpr int max_depth = 32;             // far deeper than any schema key: anything deeper is junk
constexpr std::size_t max_nodes = 200000;  // aliases (*a) can multiply a small file into a huge tree
constexpr std::size_t max_extends = 32;
constexpr std::size_t max_problems = 100;
constexpr std::size_t max_echo = 60;      // longest text echoed back in a message

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
}

std::string shorten(std::string_view text) {
    std::string out(text.substr(0, max_echo));
    for (char& c : out) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    if (text.size() > max_echo) out += "...";
    return out;
}

std::string location_text(const SourceLocation& at) {
    return at.line > 0 ? fmt::format("{}:{}:{}", at.file, at.line, at.column) : at.file;
}

struct Where {
    int file = 0;  // index into Context::file_names
    int line = 0;  // 1-based; 0 = no position (command line)
    int column = 0;
};

struct Context {
    std::vector<std::string> file_names;
    std::vector<std::string> problems;
    std::size_t dropped = 0;
    std::string source_text;
    std::vector<fs::path> files;
    std::size_t nodes = 0;

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

// [SECTION] Our own YAML tree (with file, line and column on every value)

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

Item* Item::find(std::string_view key) {
    for (Entry& e : entries) {
        if (e.key == key) return &e.value;
    }
    return nullptr;
}

std::string describe(const Item& item) {
    switch (item.kind) {
        case Item::Kind::null: return "nothing";
        case Item::Kind::sequence: return "a list";
        case Item::Kind::map: return "a map";
        case Item::Kind::scalar:
            if (!item.yaml_type.empty())
                return item.text.empty() ? "!!" + item.yaml_type : fmt::format("!!{} {}", item.yaml_type, shorten(item.text));
            return item.plain ? shorten(item.text) : fmt::format("the text \"{}\"", shorten(item.text));
    }
    return "?";
}

std::string child_path(std::string_view path, std::string_view key) {
    return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

Where where_of(const YAML::Node& node, int file, Where fallback) {
    const YAML::Mark m = node.Mark();
    if (m.is_null() || m.line < 0) return fallback;
    return {file, m.line + 1, m.column + 1};
}

bool is_plain_tag(const std::string& tag) {
    return tag == "?" || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
           tag == "tag:yaml.org,2002:bool";
}

/// An explicit YAML tag a scenario cannot mean: anything but the core types, each on its own kind
/// of node (!!map on a list, !!binary, !!timestamp, a custom !tag). Empty when the tag is fine.
std::string unsupported_tag(const YAML::Node& node) {
    const std::string& tag = node.Tag();
    if (tag.empty() || tag == "?" || tag == "!") return {};  // untagged, or quoted text
    constexpr std::string_view core = "tag:yaml.org,2002:";
    const std::string name = tag.starts_with(core) ? tag.substr(core.size()) : std::string();
    const bool fits = node.IsMap()        ? name == "map"
                      : node.IsSequence() ? name == "seq"
                                          : name == "str" || name == "int" || name == "float" || name == "bool" || name == "null";
    if (fits) return {};
    const std::string shown = name.empty() ? tag : "!!" + name;
    return fmt::format("the YAML tag {} is not supported here (a scenario uses plain values, maps and lists)", shown);
}

/// Copies a yaml-cpp node; `fallback` is the key's position, used for empty values (yaml-cpp puts them on the next line).
Item convert(Context& c, const YAML::Node& node, const std::string& path, Where fallback, int file, int depth,
             bool& too_deep) {
    Item item;
    item.where = fallback;
    if (++c.nodes == max_nodes + 1) {
        c.at(fallback, {}, fmt::format("more than {} YAML values, far more than a scenario needs (aliases, *name, may be "
                                        "expanding)",
                                        max_nodes));
    }
    if (c.nodes > max_nodes) return item;
    if (depth > max_depth) {
        if (!too_deep) c.at(fallback, path, fmt::format("nested deeper than {} levels", max_depth));
        too_deep = true;
        return item;
    }
    if (const std::string bad = unsupported_tag(node); !bad.empty()) {
        c.at(where_of(node, file, fallback), shorten(path), bad);
        item.refused = true;
        return item;
    }
    switch (node.Type()) {
        case YAML::NodeType::Scalar:
            item.kind = Item::Kind::scalar;
            item.text = node.Scalar();
            item.plain = is_plain_tag(node.Tag());
            if (const std::string& tag = node.Tag(); tag.starts_with("tag:yaml.org,2002:"))
                item.yaml_type = tag.substr(std::string_view("tag:yaml.org,2002:").size());
            item.where = where_of(node, file, fallback);
            break;
        case YAML::NodeType::Sequence: {
            item.kind = Item::Kind::sequence;
            item.where = where_of(node, file, fallback);
            std::size_t i = 0;
            for (const YAML::Node& child : node) {
                item.items.push_back(convert(c, child, fmt::format("{}[{}]", path, i), item.where, file, depth + 1,
                                             too_deep));
                ++i;
            }
            break;
        }
        case YAML::NodeType::Map: {
            item.kind = Item::Kind::map;
            item.where = where_of(node, file, fallback);
            std::unordered_map<std::string, int> first_line;
            for (auto it = node.begin(); it != node.end(); ++it) {
                const Where key_where = where_of(it->first, file, item.where);
                if (!it->first.IsScalar()) {
                    c.at(key_where, path, fmt::format("keys must be plain text, got {}",
                                                      it->first.IsMap() ? "a map" : it->first.IsSequence() ? "a list" : "nothing"));
                    continue;
                }
                std::string key = it->first.Scalar();
                const std::string full = child_path(path, key);
                if (const std::string& tag = it->first.Tag(); !tag.empty() && tag != "?" && tag != "!") {
                    c.at(key_where, shorten(full), "a key cannot carry a YAML tag; write it as plain text");
                    continue;
                }
                if (key == "<<" && it->first.Tag() == "?") {
                    c.at(key_where, shorten(full), "YAML merge keys (<<) are not supported; write the keys out in "
                                                   "full, or put the shared part in its own file and use extends:");
                    continue;
                }
                if (const auto seen = first_line.find(key); seen != first_line.end()) {
                    c.at(key_where, shorten(full), fmt::format("duplicate key (first set on line {})", seen->second));
                    continue;
                }
                first_line.emplace(key, key_where.line);
                Item value = convert(c, it->second, full, key_where, file, depth + 1, too_deep);
                item.entries.push_back({std::move(key), key_where, std::move(value)});
            }
            break;
        }
        default: break;  // null or undefined
    }
    return item;
}

void place_at(Item& item, Where w) {
    item.where = w;
    for (Item& child : item.items) place_at(child, w);
    for (Entry& e : item.entries) {
        e.key_where = w;
        place_at(e.value, w);
    }
}

/// Child values replace parent values key by key; maps merge, everything else (lists too) is replaced whole.
void merge_into(Item& parent, Item child) {
    if (parent.kind != Item::Kind::map || child.kind != Item::Kind::map) {
        parent = std::move(child);
        return;
    }
    for (Entry& e : child.entries) {
        if (Item* existing = parent.find(e.key)) {
            merge_into(*existing, std::move(e.value));
        } else {
            parent.entries.push_back(std::move(e));
        }
    }
}

// [SECTION] Reading files and following extends

struct ChainLink {
    fs::path canonical;
    std::string display;
};

/// The file's text, or an explanation of why it cannot be read (never blocks on a pipe or device).
std::optional<std::string> read_text(const fs::path& path, std::string& why) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
        why = "no such file";
        return std::nullopt;
    }
    if (fs::is_directory(st)) {
        why = "it is a directory, not a file";
        return std::nullopt;
    }
    if (!fs::is_regular_file(st)) {
        why = "not a regular file";
        return std::nullopt;
    }
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) {
        why = ec.message();
        return std::nullopt;
    }
    if (size > max_file_bytes) {
        why = fmt::format("{} bytes is too large for a scenario (the limit is {} MiB)", size, max_file_bytes >> 20);
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = std::strerror(errno);
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        why = "read error";
        return std::nullopt;
    }
    std::string s = std::move(text).str();
    if (s.size() > max_file_bytes) {
        why = "the file grew past the size limit while being read";
        return std::nullopt;
    }
    return s;
}

/// Position of the first byte that is NUL or not valid UTF-8, if any.
std::optional<Where> find_bad_byte(std::string_view text, int file, unsigned char& byte) {
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        bool ok = len > 0 && b != 0 && i + len <= text.size();
        for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 2;
        if (ok && len == 2) ok = b >= 0xc2;  // overlong
        if (!ok) {
            byte = b;
            return Where{file, line, column};
        }
        if (b == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        i += len;
    }
    return std::nullopt;
}

bool is_valid_utf8(std::string_view text) {
    unsigned char byte = 0;
    return !find_bad_byte(text, 0, byte).has_value();
}

std::optional<Item> parse_text(Context& c, std::string_view text, const std::string& display, const fs::path& base_dir,
                               std::vector<ChainLink>& chain);

/// Loads an extended file; `extends_at` is the extends key of the file that asked for it.
std::optional<Item> load_parent(Context& c, const std::string& value, const fs::path& base_dir, Where extends_at,
                                std::vector<ChainLink>& chain) {
    const fs::path path = (base_dir / value).lexically_normal();
    const std::string display = path.string();
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    if (ec) canonical = fs::absolute(path, ec);
    for (const ChainLink& link : chain) {
        if (link.canonical == canonical) {
            std::string cycle;
            for (const ChainLink& l : chain) cycle += l.display + " -> ";
            c.at(extends_at, "extends", fmt::format("'{}' makes a cycle: {}{}", shorten(value), cycle, display));
            return std::nullopt;
        }
    }
    if (chain.size() >= max_extends) {
        c.at(extends_at, "extends", fmt::format("more than {} files in the extends chain", max_extends));
        return std::nullopt;
    }
    std::string why;
    const auto text = read_text(path, why);
    if (!text) {
        c.at(extends_at, "extends", fmt::format("cannot read '{}' ({}): {}", shorten(value), display, why));
        return std::nullopt;
    }
    c.files.push_back(path);
    chain.push_back({canonical, display});
    auto item = parse_text(c, *text, display, path.parent_path(), chain);
    chain.pop_back();
    return item;
}

/// Notes where documents start and whether they hold anything.
struct DocumentScan : YAML::EventHandler {
    std::vector<YAML::Mark> starts;
    std::vector<bool> has_content;
    void OnDocumentStart(const YAML::Mark& mark) override {
        starts.push_back(mark);
        has_content.push_back(false);
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override { seen(); }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { seen(); }
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
        seen();
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { seen(); }
    void OnMapEnd() override {}
    void seen() {
        if (!has_content.empty()) has_content.back() = true;
    }
};

/// Start of a second document with content, if any. Asks for two documents at most: yaml-cpp 0.7's
/// The first tab among a line's leading blanks, if any (line and column 1-based).
std::optional<Where> first_indenting_tab(std::string_view text, int file) {
    int line = 1, column = 1;
    bool leading = true;
    for (const char ch : text) {
        if (ch == '\n') {
            ++line, column = 1, leading = true;
            continue;
        }
        if (leading && ch == '\t') return Where{file, line, column};
        if (ch != ' ') leading = false;
        ++column;
    }
    return std::nullopt;
}

/// LoadAll loops for ever on some bad input (jbeder/yaml-cpp#1040). Throws like YAML::Load.
std::optional<Where> second_document_at(std::string_view text, int file) {
    std::istringstream in{std::string(text)};
    YAML::Parser parser(in);
    DocumentScan scan;
    if (!parser.HandleNextDocument(scan) || !parser.HandleNextDocument(scan)) return std::nullopt;
    if (scan.starts.size() < 2 || !scan.has_content[1]) return std::nullopt;
    const YAML::Mark& m = scan.starts[1];
    return Where{file, m.line + 1, m.column + 1};
}

/// First character that is not blank, a comment or a document marker.
std::optional<Where> first_content(std::string_view text, int file) {
    int line = 0;
    for (std::size_t begin = 0; begin < text.size();) {
        const std::size_t end = std::min(text.find('\n', begin), text.size());
        const std::string_view l = text.substr(begin, end - begin);
        ++line;
        const std::size_t first = l.find_first_not_of(" \t\r");
        if (first != std::string_view::npos && l[first] != '#' && !l.starts_with("---") && !l.starts_with("...") &&
            !l.starts_with("%")) {
            return Where{file, line, static_cast<int>(first) + 1};
        }
        begin = end + 1;
    }
    return std::nullopt;
}

std::optional<Item> parse_text(Context& c, std::string_view text, const std::string& display, const fs::path& base_dir,
                               std::vector<ChainLink>& chain) {
    const int file = c.add_file(display);
    c.source_text += fmt::format("# --- file: {} ---\n", display);
    c.source_text += text;
    if (!text.empty() && text.back() != '\n') c.source_text += '\n';
    const Where start{file, 1, 1};

    if (text.size() > max_file_bytes) {
        c.add(fmt::format("{}: too large for a scenario ({} bytes; the limit is {} MiB)", display, text.size(),
                          max_file_bytes >> 20));
        return std::nullopt;
    }
    unsigned char byte = 0;
    if (const auto bad = find_bad_byte(text, file, byte)) {
        c.at(*bad, {}, byte == 0 ? "a NUL byte: this is not a text file"
                                 : fmt::format("byte 0x{:02x} is not UTF-8 text; is this a binary file?", byte));
        return std::nullopt;
    }
    YAML::Node root;
    std::optional<Where> second_document;
    try {
        root = YAML::Load(std::string(text));
        if (!root.IsNull()) second_document = second_document_at(text, file);
    } catch (const YAML::DeepRecursion&) {
        c.at(start, {}, "YAML syntax error: nested too deeply");
        return std::nullopt;
    } catch (const YAML::Exception& e) {
        // yaml-cpp calls a tab in the indentation an "illegal map value" or the like; name it.
        if (const auto tab = first_indenting_tab(text, file)) {
            c.at(*tab, {}, fmt::format("YAML syntax error: a tab in the indentation (YAML indents with spaces only; "
                                       "yaml-cpp said: {})", e.msg));
            return std::nullopt;
        }
        const Where w = e.mark.is_null() ? start : Where{file, e.mark.line + 1, e.mark.column + 1};
        c.at(w, {}, fmt::format("YAML syntax error: {}", e.msg));
        return std::nullopt;
    } catch (const std::exception& e) {
        c.at(start, {}, fmt::format("YAML error: {}", e.what()));
        return std::nullopt;
    }
    if (root.IsNull()) {
        // yaml-cpp reads some junk (a stray ',') as an empty document; say so rather than "empty".
        if (const auto junk = first_content(text, file)) {
            c.at(*junk, {}, "YAML syntax error: no value could be read here");
        } else {
            c.at(start, {}, "the scenario is empty: expected a map of keys such as run: and population:");
        }
        return std::nullopt;
    }
    if (second_document) {
        c.at(*second_document, {}, "more than one YAML document (---): a scenario is one document");
        return std::nullopt;
    }
    if (!root.IsMap()) {
        c.at(where_of(root, file, start), {},
             fmt::format("expected a map of keys such as run: and population: at the top level, got {}",
                         root.IsSequence() ? "a list" : "a single value"));
        return std::nullopt;
    }
    bool too_deep = false;
    Item tree = convert(c, root, "", start, file, 0, too_deep);
    if (c.nodes > max_nodes || too_deep) return std::nullopt;

    // A section left empty ("violence:" with every key commented out) means "no changes", not "remove".
    for (Entry& e : tree.entries) {
        const bool is_section = std::ranges::any_of(schema_sections(), [&](const SchemaSection& s) {
            return !s.key.empty() && s.key == e.key;
        });
        if (is_section && e.value.kind == Item::Kind::null) e.value.kind = Item::Kind::map;
    }

    const auto extends = std::ranges::find_if(tree.entries, [](const Entry& e) { return e.key == "extends"; });
    if (extends == tree.entries.end()) return tree;
    const Entry link = *extends;
    tree.entries.erase(extends);
    if (link.value.kind != Item::Kind::scalar || link.value.text.empty()) {
        c.at(link.key_where, "extends", fmt::format("expected the path of a scenario file, got {}", describe(link.value)));
        return std::nullopt;
    }
    auto parent = load_parent(c, link.value.text, base_dir, link.key_where, chain);
    if (!parent) return std::nullopt;
    merge_into(*parent, std::move(tree));
    return parent;
}

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

// [SECTION] Validation against the schema

struct Validation {
    Context& c;
    LoadedScenario& out;
    std::set<std::string> bad;  // keys with a problem of their own; rules between keys skip them

    void problem(Where w, const std::string& key, std::string_view message) {
        c.at(w, shorten(key), message);
        bad.insert(key);
    }
    void set_origin(const std::string& key, Where w) { out.origins[key] = c.location(w); }

    void expected(Where w, const std::string& key, const FieldMeta& f, const Item& item, std::string_view note = {}) {
        problem(w, key, fmt::format("expected {}, got {}{}", expectation(f), describe(item), note));
    }

    std::optional<double> real(const std::string& key, const FieldMeta& f, const Item& item) {
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

    std::optional<Value> value(const std::string& key, const FieldMeta& f, const Item& item) {
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

    void unknown(Where w, const std::string& full_key, std::string_view key, const std::vector<std::string>& here,
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

    void records(const Field& field, const Item& item) {
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

    void scenario(const Item& root) {
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
};

// [SECTION] Rules between keys

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

void check_rules(Context& c, const LoadedScenario& s, const std::set<std::string>& bad) {
    for (const Inconsistency& rule : check_consistency(s.parameters)) {
        const bool involves_bad = std::ranges::any_of(rule.keys, [&](const std::string& k) {
            return std::ranges::any_of(bad, [&](const std::string& b) { return overlaps(k, b); });
        });
        if (!involves_bad) c.at(rule_location(rule, s), rule.keys.front(), rule.message);
    }
}

// [SECTION] Writing the resolved scenario

std::string with_unit(std::string line, std::string_view unit) {
    if (!unit.empty()) line += fmt::format("  # {}", unit);
    return line + "\n";
}

LoadedScenario finish(Context& c, const Item& root) {
    LoadedScenario out;
    Validation v{c, out, {}};
    v.scenario(root);
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
    return finish(c, *tree);
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

void apply_override(LoadedScenario& scenario, std::string_view dotted_key, std::string_view value) {
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
    if (!c.failed()) check_rules(c, next, v.bad);
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
    const std::uint64_t need = estimate_run_memory_bytes(scenario.parameters, replicas);
    if (need <= available) return;
    if (scenario.parameters.verification.enabled) {
        const auto it = scenario.origins.find("verification.nodes");
        const SourceLocation at = it != scenario.origins.end() ? it->second : SourceLocation{"default", 0, 0};
        throw ScenarioError({fmt::format(
            "{}: verification.nodes: {} replicate{} at once of {} nodes with mean degree {} need about {} of memory, "
            "but {} is available; use fewer nodes or run fewer replicates at once",
            location_text(at), concurrent, concurrent > 1 ? "s" : "", scenario.parameters.verification.nodes,
            scenario.parameters.verification.mean_degree, bytes_text(need), bytes_text(available))});
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
