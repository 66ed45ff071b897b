#include "trial_work_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vrusim::io {

namespace {

constexpr std::string_view format_line = "vrusim-trial-work-1\n";
constexpr std::uint32_t entry_magic = 0x4c525456;  // "VTRL"

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 1469598103934665603ull) {
    for (const unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
    return h;
}

template <typename T>
void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <typename T>
void put_column(std::string& out, const std::vector<T>& column) {
    put(out, static_cast<std::uint64_t>(column.size()));
    out.append(reinterpret_cast<const char*>(column.data()), column.size() * sizeof(T));
}

// Reads from a payload; false once it runs short.
struct Reader {
    std::string_view bytes;
    template <typename T>
    bool get(T& value) {
        if (bytes.size() < sizeof value) return false;
        std::memcpy(&value, bytes.data(), sizeof value);
        bytes.remove_prefix(sizeof value);
        return true;
    }
    template <typename T>
    bool get_column(std::vector<T>& column) {
        std::uint64_t n = 0;
        if (!get(n) || n > bytes.size() / sizeof(T)) return false;
        column.resize(n);
        std::memcpy(column.data(), bytes.data(), n * sizeof(T));
        bytes.remove_prefix(n * sizeof(T));
        return true;
    }
};

std::string payload_of(int trial_number, const trial::Record& r) {
    std::string out;
    put(out, static_cast<std::int32_t>(trial_number));
    for (const int v : {r.units[0], r.units[1], r.started, r.contaminated}) put(out, static_cast<std::int32_t>(v));
    put_column(out, r.outcome);
    put_column(out, r.arm);
    put_column(out, r.unit_in_arm);
    put_column(out, r.cluster);
    return out;
}

std::optional<std::pair<int, trial::Record>> record_of(std::string_view payload) {
    Reader in{payload};
    std::int32_t number = 0, v[4] = {};
    trial::Record r;
    if (!in.get(number)) return std::nullopt;
    for (auto& x : v)
        if (!in.get(x)) return std::nullopt;
    if (!in.get_column(r.outcome) || !in.get_column(r.arm) || !in.get_column(r.unit_in_arm) || !in.get_column(r.cluster) ||
        !in.bytes.empty() || r.arm.size() != r.outcome.size() || r.unit_in_arm.size() != r.outcome.size() ||
        (!r.cluster.empty() && r.cluster.size() != r.outcome.size()))
        return std::nullopt;
    r.units[0] = v[0], r.units[1] = v[1], r.started = v[2], r.contaminated = v[3];
    return std::pair{static_cast<int>(number), std::move(r)};
}

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
    throw std::runtime_error(fmt::format("{}: {}: {}", file.string(), what, std::strerror(errno)));
}

}  // namespace

std::string trial_work_key(const std::string& resolved_scenario, const trial::Design& d) {
    const std::string design = fmt::format("intervention {} unit {} outcome {} per_arm {} recruitment {} follow_up {}",
                                           d.intervention, static_cast<int>(d.unit), static_cast<int>(d.outcome),
                                           d.per_arm, d.recruitment_weeks, d.follow_up_weeks);
    return fmt::format("{:016x}", fnv1a(design, fnv1a(resolved_scenario)));
}

void create_trial_work(const std::filesystem::path& file, const std::string& key) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) fail(file, "cannot make the trial's work file");
    const std::string head = fmt::format("{}{}\n", format_line, key);
    const bool ok = ::write(fd, head.data(), head.size()) == static_cast<ssize_t>(head.size()) && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok) ::unlink(file.c_str());  // no header: not a work file a later run could take for one
    errno = saved;
    if (!ok) fail(file, "cannot write the trial's work file");
}

std::vector<std::optional<trial::Record>> resume_trial_work(const std::filesystem::path& file, const std::string& key,
                                                            int trials, std::uintmax_t* cut_bytes) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(file, "cannot read the trial's work file");
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    const std::string head = fmt::format("{}{}\n", format_line, key);
    if (!all.starts_with(format_line))
        throw std::runtime_error(fmt::format("{} is not a trial's work file", file.string()));
    if (!all.starts_with(head))
        throw std::runtime_error(fmt::format("{} belongs to a trial with another scenario or design; resume with the "
                                             "same trial file and --set options, or use another -o directory",
                                             file.string()));
    std::vector<std::optional<trial::Record>> kept(static_cast<std::size_t>(trials));
    std::size_t at = head.size();
    // Entries: magic, payload length, payload, checksum of the payload; the first that does not
    // read whole ends the file (a write cut short).
    while (all.size() - at >= 16) {
        std::uint32_t magic = 0;
        std::uint64_t length = 0, sum = 0;
        std::memcpy(&magic, all.data() + at, 4);
        std::memcpy(&length, all.data() + at + 4, 8);
        if (magic != entry_magic || length > all.size() - at - 12 || all.size() - at - 12 - length < 8) break;
        const std::string_view payload(all.data() + at + 12, length);
        std::memcpy(&sum, all.data() + at + 12 + length, 8);
        if (sum != fnv1a(payload)) break;
        auto entry = record_of(payload);
        if (!entry) break;
        if (entry->first >= 0 && entry->first < trials) kept[static_cast<std::size_t>(entry->first)] = std::move(entry->second);
        at += 20 + length;
    }
    if (at < all.size() && ::truncate(file.c_str(), static_cast<off_t>(at)) != 0) fail(file, "cannot cut off a torn entry");
    if (cut_bytes) *cut_bytes = all.size() - at;
    return kept;
}

void append_trial_work(const std::filesystem::path& file, int trial_number, const trial::Record& record) {
    const std::string payload = payload_of(trial_number, record);
    std::string entry;
    put(entry, entry_magic);
    put(entry, static_cast<std::uint64_t>(payload.size()));
    entry += payload;
    put(entry, fnv1a(payload));
    const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) fail(file, "cannot open the trial's work file");
    std::size_t written = 0;
    while (written < entry.size()) {
        const ssize_t n = ::write(fd, entry.data() + written, entry.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int saved = errno;
            ::close(fd);
            errno = saved;
            fail(file, "cannot write a finished trial");
        }
        written += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (!synced) fail(file, "cannot flush a finished trial to the disk");
}

}  // namespace vrusim::io
