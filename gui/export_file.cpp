#include "export_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>

namespace vrusim::gui {

namespace fs = std::filesystem;

namespace {

std::runtime_error refused(const std::string& why) { return std::runtime_error("not written: " + why); }

std::string system_error(const char* what, const fs::path& file) {
    return fmt::format("{} {}: {}", what, file.string(), std::strerror(errno));
}

}  // namespace

std::optional<FileStamp> stamp_of(const fs::path& file) {
    struct stat s {};
    if (::lstat(file.c_str(), &s) != 0) return std::nullopt;
    return FileStamp{s.st_dev, s.st_ino, s.st_size, static_cast<long long>(s.st_mtim.tv_sec) * 1000000000LL + s.st_mtim.tv_nsec};
}

FileStamp write_file_atomically(const fs::path& file, std::string_view text, const std::optional<FileStamp>& replaceable) {
    if (file.empty()) throw refused("give a file name");
    std::error_code ec;
    const fs::path target = fs::absolute(file, ec);
    if (ec) throw refused(fmt::format("{}: {}", file.string(), ec.message()));
    if (fs::is_directory(target, ec)) throw refused(fmt::format("{} is a directory", file.string()));
    const fs::path dir = target.parent_path();
    if (!fs::is_directory(dir, ec)) throw refused(fmt::format("the directory of {} does not exist", file.string()));
    const auto existing = stamp_of(target);
    const bool replace = existing.has_value();
    if (replace && existing != replaceable)
        throw refused(fmt::format("{} exists; choose another name (a file is never replaced unless it is still the "
                                  "one this program wrote there)",
                                  file.string()));

    // A temporary name of our own: created exclusively, so nothing already there is written through.
    std::random_device entropy;
    fs::path temp;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
        temp = dir / fmt::format(".{}.{:08x}.tmp", target.filename().string().substr(0, 200), entropy());
        fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST) throw refused(system_error("cannot create", temp));
    }
    if (fd < 0) throw refused(fmt::format("no free temporary name in {}", dir.string()));
    auto fail = [&](const std::string& why) {
        if (fd >= 0) ::close(fd);
        ::unlink(temp.c_str());  // ours: created above with O_EXCL
        return refused(why);
    };
    for (std::size_t done = 0; done < text.size();) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw fail(system_error("cannot write", temp) + " (disk full?)");
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) throw fail(system_error("cannot flush", temp));
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0) throw fail(system_error("cannot close", temp));
    // Without a file to replace the rename refuses one that appeared meanwhile (RENAME_NOREPLACE).
    const int renamed = replace ? ::rename(temp.c_str(), target.c_str())
                                : ::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE);
    if (renamed != 0) throw fail(errno == EEXIST ? fmt::format("{} appeared meanwhile; choose another name", file.string())
                                                 : system_error("cannot rename to", target));
    if (const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); d >= 0) {
        ::fsync(d);  // the rename made durable; the file is in place either way
        ::close(d);
    }
    const auto written = stamp_of(target);
    if (!written) throw refused(fmt::format("{} vanished after it was written", file.string()));
    return *written;
}

}  // namespace vrusim::gui
