#include "edge_list.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <string>
#include <string_view>

namespace vrusim::io {

namespace {

constexpr std::size_t max_problems = 20;  // a wholly wrong file need not print a line per tie

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool is_id(std::string_view s, std::uint64_t& out) {
    if (s.empty()) return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc{} && r.ptr == s.data() + s.size();
}

// A line echoed in a message: control bytes and bytes beyond ASCII as \xNN, so neither a
// terminal escape nor an invisible byte can hide what is wrong; at most 60 characters.
std::string shown(std::string_view line) {
    std::string out;
    for (const char ch : line.substr(0, 60)) {
        const auto b = static_cast<unsigned char>(ch);
        out += b < 0x20 || b >= 0x7f ? fmt::format("\\x{:02x}", b) : std::string(1, ch);
    }
    return line.size() > 60 ? out + "..." : out;
}

struct Numbered {
    verification::Tie tie;  // a < b
    std::size_t line;
};

}  // namespace

std::vector<verification::Tie> read_edge_list(const std::filesystem::path& file, std::uint32_t nodes) {
    const std::string name = file.string();
    // Only a regular file: a pipe or a device would block the read or never end.
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        throw ScenarioError({fmt::format("{}: the edge list (verification.edge_list) is not a regular file", name)});
    std::ifstream in(file);
    if (!in) throw ScenarioError({fmt::format("{}: cannot read the edge list (verification.edge_list)", name)});
    std::vector<std::string> problems;
    std::size_t more = 0;
    auto problem = [&](std::size_t line, const std::string& what) {
        if (problems.size() < max_problems) problems.push_back(fmt::format("{}:{}: {}", name, line, what));
        else ++more;
    };
    std::vector<Numbered> ties;
    std::string text;
    std::size_t line = 0;
    bool first = true;
    while (std::getline(in, text)) {
        ++line;
        // A byte-order mark (as spreadsheets save CSV) before the first line is not part of it.
        if (line == 1 && text.starts_with("\xef\xbb\xbf")) text.erase(0, 3);
        const std::string_view row = trim(text);
        if (row.empty() || row.front() == '#') continue;
        const auto comma = row.find(',');
        const std::string_view left = trim(row.substr(0, comma));
        const std::string_view right = comma == std::string_view::npos ? std::string_view() : trim(row.substr(comma + 1));
        std::uint64_t a = 0, b = 0;
        const bool numbers = comma != std::string_view::npos && is_id(left, a) && is_id(right, b);
        const bool header = first && comma != std::string_view::npos && !left.empty() && !right.empty() &&
                            !is_id(left, a) && !is_id(right, b) && right.find(',') == std::string_view::npos;
        first = false;
        if (header) continue;
        if (!numbers) {
            problem(line, fmt::format("expected a tie 'u,v' of two node ids (whole numbers from 0 to {}), got '{}'",
                                      nodes - 1, shown(row)));
            continue;
        }
        if (a >= nodes || b >= nodes) {
            problem(line, fmt::format("node id {} is out of range: verification.nodes is {}, so ids run from 0 to {}",
                                      std::max(a, b), nodes, nodes - 1));
            continue;
        }
        if (a == b) {
            problem(line, fmt::format("self-loop {},{}: a tie must join two different nodes", a, b));
            continue;
        }
        ties.push_back({{static_cast<std::uint32_t>(std::min(a, b)), static_cast<std::uint32_t>(std::max(a, b))}, line});
    }
    if (in.bad()) problems.push_back(fmt::format("{}: reading the edge list failed", name));
    if (problems.empty() && ties.empty())
        problems.push_back(fmt::format("{}: the edge list has no ties (expected lines 'u,v' of node ids)", name));
    // Duplicates, in either order, are named at their second appearance.
    std::vector<std::size_t> order(ties.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        return std::pair(ties[x].tie.a, ties[x].tie.b) < std::pair(ties[y].tie.a, ties[y].tie.b);
    });
    for (std::size_t i = 1; i < order.size(); ++i) {
        const Numbered& now = ties[order[i]];
        const Numbered& before = ties[order[i - 1]];
        if (now.tie == before.tie)
            problem(now.line, fmt::format("tie {},{} is already on line {}: give each tie once, in either order",
                                          now.tie.a, now.tie.b, before.line));
    }
    if (more > 0) problems.push_back(fmt::format("{}: ... and {} more lines with problems", name, more));
    if (!problems.empty()) throw ScenarioError(std::move(problems));
    std::vector<verification::Tie> out;
    out.reserve(ties.size());
    for (const Numbered& t : ties) out.push_back(t.tie);
    return out;
}

std::filesystem::path edge_list_path(const LoadedScenario& scenario) {
    const std::filesystem::path written = scenario.parameters.verification.edge_list;
    if (written.is_absolute()) return written;
    const auto it = scenario.origins.find("verification.edge_list");
    if (it == scenario.origins.end() || it->second.line == 0) return written;  // command line: the working directory
    return (std::filesystem::path(it->second.file).parent_path() / written).lexically_normal();
}

std::vector<verification::Tie> load_network_ties(const LoadedScenario& scenario) {
    const auto& v = scenario.parameters.verification;
    if (!v.enabled || v.network != "edge_list") return {};
    return read_edge_list(edge_list_path(scenario), static_cast<std::uint32_t>(v.nodes));
}

}  // namespace vrusim::io
