// Our own YAML tree (with file, line and column on every value), and reading files and their
// extends: chain into it (io/scenario_yaml.hpp).
#include "io/scenario_yaml.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "sim/schema.hpp"

namespace vrusim::io::detail {

// [SECTION] Our own YAML tree

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

fs::path side_scenario_path(Context& c, const Item& value, const fs::path& side_file, std::string_view key,
                            std::string_view what) {
    if (value.kind != Item::Kind::scalar || value.text.empty()) {
        c.at(value.where, key, fmt::format("expected the path of a scenario file, got {}", describe(value)));
        return {};
    }
    auto path = (side_file.parent_path() / value.text).lexically_normal();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        c.at(value.where, key, fmt::format("cannot read '{}' ({}): {}", shorten(value.text), path.string(),
                                           fs::exists(path, ec) ? "not a regular file" : "no such file"));
        return {};
    }
    if (fs::equivalent(path, side_file, ec)) {
        c.at(value.where, key, fmt::format("names the {} file itself: give a scenario file", what));
        return {};
    }
    return path;
}

void read_set_map(Context& c, const Entry& e, std::vector<std::string>& set, std::vector<std::string>* where) {
    if (e.value.kind != Item::Kind::map) {
        c.at(e.key_where, "set", fmt::format("expected a map of scenario keys and values, got {}", describe(e.value)));
        return;
    }
    for (const Entry& s : e.value.entries) {
        const auto value = value_text_item(s.value);
        if (!value) {
            c.at(s.key_where, "set." + s.key, fmt::format("expected a value, got {}", describe(s.value)));
            continue;
        }
        set.push_back(s.key + "=" + *value);
        if (where) where->push_back(location_text(c.location(s.key_where)));
    }
}

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
            c.at(start, {}, fmt::format("the {} is empty: expected a map of keys such as {}", c.document, c.example_keys));
        }
        return std::nullopt;
    }
    if (second_document) {
        c.at(*second_document, {}, fmt::format("more than one YAML document (---): a {} is one document", c.document));
        return std::nullopt;
    }
    if (!root.IsMap()) {
        c.at(where_of(root, file, start), {},
             fmt::format("expected a map of keys such as {} at the top level, got {}", c.example_keys,
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

}  // namespace vrusim::io::detail
