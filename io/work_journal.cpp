#include "work_journal.hpp"

#include "output_file.hpp"

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

constexpr std::uint32_t entry_magic = 0x4c525456;  // "VTRL"

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
    throw std::runtime_error(fmt::format("{}: {}: {}", file.string(), what, std::strerror(errno)));
}

template <typename T>
void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h) {
    for (const unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
    return h;
}

void create_journal(const std::filesystem::path& file, const JournalKind& kind, const std::string& key) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0 && errno == EEXIST)  // checked absent a moment ago: another command made it since
        throw OutputPathError(fmt::format("another vrusim {} started writing {} at the same moment; wait for it, or "
                                          "use another -o directory", kind.command, file.parent_path().string()));
    if (fd < 0) fail(file, fmt::format("cannot make the {}'s work file", kind.noun));
    const std::string head = fmt::format("{}{}\n", kind.format_line, key);
    const bool ok = ::write(fd, head.data(), head.size()) == static_cast<ssize_t>(head.size()) && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok) ::unlink(file.c_str());  // no header: not a work file a later run could take for one
    errno = saved;
    if (!ok) fail(file, fmt::format("cannot write the {}'s work file", kind.noun));
}

std::vector<std::string> read_journal(const std::filesystem::path& file, const JournalKind& kind, const std::string& key,
                                      std::uintmax_t* cut_bytes) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(file, fmt::format("cannot read the {}'s work file", kind.noun));
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    const std::string head = fmt::format("{}{}\n", kind.format_line, key);
    if (!all.starts_with(kind.format_line))
        throw std::runtime_error(fmt::format("{} is not {} {}'s work file", file.string(), article_for(kind.noun), kind.noun));
    if (!all.starts_with(head))
        throw std::runtime_error(fmt::format("{} belongs to {} {} with another scenario or design; {}", file.string(),
                                             article_for(kind.noun), kind.noun, kind.resume_hint));
    std::vector<std::string> payloads;
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
        payloads.emplace_back(payload);
        at += 20 + length;
    }
    if (at < all.size() && ::truncate(file.c_str(), static_cast<off_t>(at)) != 0) fail(file, "cannot cut off a torn entry");
    if (cut_bytes) *cut_bytes = all.size() - at;
    return payloads;
}

void append_journal(const std::filesystem::path& file, const JournalKind& kind, std::string_view payload) {
    std::string entry;
    put(entry, entry_magic);
    put(entry, static_cast<std::uint64_t>(payload.size()));
    entry += payload;
    put(entry, fnv1a(payload));
    const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) fail(file, fmt::format("cannot open the {}'s work file", kind.noun));
    std::size_t written = 0;
    while (written < entry.size()) {
        const ssize_t n = ::write(fd, entry.data() + written, entry.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int saved = errno;
            ::close(fd);
            errno = saved;
            fail(file, fmt::format("cannot write {}", kind.piece));
        }
        written += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (!synced) fail(file, fmt::format("cannot flush {} to the disk", kind.piece));
}

}  // namespace vrusim::io
