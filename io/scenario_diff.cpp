#include "scenario_diff.hpp"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <utility>

namespace vrusim::io {

namespace {

using Flat = std::vector<std::pair<std::string, std::string>>;  // dotted key, scalar text, in file order

void flatten(const YAML::Node& node, const std::string& path, Flat& out) {
    switch (node.Type()) {
        case YAML::NodeType::Map:
            for (const auto& kv : node)
                flatten(kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar(), out);
            break;
        case YAML::NodeType::Sequence:
            if (node.size() == 0) out.emplace_back(path, "[]");
            for (std::size_t i = 0; i < node.size(); ++i) flatten(node[i], fmt::format("{}[{}]", path, i), out);
            break;
        case YAML::NodeType::Scalar: out.emplace_back(path, node.Scalar()); break;
        default: out.emplace_back(path, "null"); break;
    }
}

bool flat(std::string_view text, Flat& out) {
    try {
        flatten(YAML::Load(std::string(text)), "", out);
        return true;
    } catch (const YAML::Exception&) {
        return false;
    }
}

// A value as the message shows it: quoted when it has spaces or punctuation that would run into
// the words around it, shortened when long.
std::string shown(const std::string& value) {
    std::string v = value.size() > 60 ? value.substr(0, 57) + "..." : value;
    if (v.find_first_of(" ,;:\"") != std::string::npos || v.empty()) return fmt::format("\"{}\"", v);
    return v;
}

}  // namespace

bool scenario_readable(std::string_view text) {
    Flat ignored;
    return flat(text, ignored);
}

std::vector<std::string> scenario_differences(std::string_view in_file, std::string_view now,
                                              std::string_view first_label, std::string_view second_label) {
    Flat a, b;
    if (!flat(in_file, a) || !flat(now, b)) return {};
    auto find = [](const Flat& f, const std::string& key) {
        return std::find_if(f.begin(), f.end(), [&](const auto& e) { return e.first == key; });
    };
    std::vector<std::string> out;
    for (const auto& [key, value] : a) {
        const auto there = find(b, key);
        if (there == b.end())
            out.push_back(fmt::format("{}: {} {}, absent {}", key, shown(value), first_label, second_label));
        else if (there->second != value)
            out.push_back(fmt::format("{}: {} {}, {} {}", key, shown(value), first_label, shown(there->second), second_label));
    }
    for (const auto& [key, value] : b)
        if (find(a, key) == a.end())
            out.push_back(fmt::format("{}: absent {}, {} {}", key, first_label, shown(value), second_label));
    return out;
}

}  // namespace vrusim::io
