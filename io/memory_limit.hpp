#pragma once
/// How much memory a run may use: the machine's available memory, or less if the process is in a
/// control group with a memory limit (Docker, Kubernetes, Slurm), which the kernel enforces by
/// killing the process.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

namespace vrusim::io {

/// Bytes left under the tightest cgroup memory limit over the process's cgroup and its ancestors
/// (cgroup v2 memory.max - memory.current, or v1 memory.limit_in_bytes - memory.usage_in_bytes),
/// or nothing if no limit applies. `root` is where cgroups are mounted (/sys/fs/cgroup) and
/// `self_cgroup` the text of /proc/self/cgroup; both are parameters so tests can fake them.
std::optional<std::uint64_t> cgroup_headroom(const std::filesystem::path& root, std::string_view self_cgroup);

/// MemAvailable from /proc/meminfo, lowered to the cgroup headroom if that is smaller; 0 if unknown.
std::uint64_t available_memory_bytes();

}  // namespace vrusim::io
