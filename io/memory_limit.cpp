#include "memory_limit.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

namespace vrusim::io {

namespace {

namespace fs = std::filesystem;

// A limit file's value: a number of bytes, or nothing for "max" (v2), v1's "unlimited" (a huge
// page-rounded number) or a file that cannot be read.
std::optional<std::uint64_t> read_bytes(const fs::path& file) {
    std::ifstream in(file);
    std::string text;
    if (!(in >> text) || text == "max") return std::nullopt;
    try {
        const std::uint64_t value = std::stoull(text);
        if (value >= (std::uint64_t{1} << 62)) return std::nullopt;
        return value;
    } catch (...) {
        return std::nullopt;
    }
}

// The tightest headroom over `dir` and its ancestors up to `top`.
std::optional<std::uint64_t> headroom_along(const fs::path& top, const fs::path& dir, const char* limit_name,
                                            const char* usage_name) {
    std::optional<std::uint64_t> best;
    for (fs::path at = dir;; at = at.parent_path()) {
        if (const auto limit = read_bytes(at / limit_name)) {
            const std::uint64_t used = read_bytes(at / usage_name).value_or(0);
            const std::uint64_t left = used >= *limit ? 0 : *limit - used;
            best = best ? std::min(*best, left) : left;
        }
        if (at == top || at.parent_path() == at || at.string().size() <= top.string().size()) break;
    }
    return best;
}

}  // namespace

std::optional<std::uint64_t> cgroup_headroom(const fs::path& root, std::string_view self_cgroup) {
    std::optional<std::uint64_t> best;
    auto keep = [&](std::optional<std::uint64_t> left) {
        if (left) best = best ? std::min(*best, *left) : *left;
    };
    std::istringstream lines{std::string(self_cgroup)};
    for (std::string line; std::getline(lines, line);) {
        // "hierarchy-id:controllers:path"
        const auto first = line.find(':'), second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const fs::path path = fs::path(line.substr(second + 1)).relative_path();
        if (line.starts_with("0::")) {
            keep(headroom_along(root, root / path, "memory.max", "memory.current"));  // v2, unified
        } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {
            const fs::path top = root / "memory";  // v1
            keep(headroom_along(top, top / path, "memory.limit_in_bytes", "memory.usage_in_bytes"));
        }
    }
    return best;
}

std::uint64_t available_memory_bytes() {
    std::uint64_t available = 0;
    {
        std::ifstream in("/proc/meminfo");
        std::string label, unit;
        std::uint64_t kib = 0;
        while (in >> label >> kib >> unit)
            if (label == "MemAvailable:") {
                available = kib * 1024;
                break;
            }
    }
    std::ifstream self("/proc/self/cgroup");
    const std::string text((std::istreambuf_iterator<char>(self)), std::istreambuf_iterator<char>());
    if (const auto left = cgroup_headroom("/sys/fs/cgroup", text)) available = available == 0 ? *left : std::min(available, *left);
    return available;
}

}  // namespace vrusim::io
