#include "output_file.hpp"

#include "results_writer.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>


namespace vrusim::io {

namespace {

namespace fs = std::filesystem;

std::string reason(int error) { return std::strerror(error); }

std::string busy(const fs::path& work_file) {
    return fmt::format("another vrusim run is writing {} now; wait for it to finish, or choose another output name",
                       work_file.string());
}

std::string kind_of(fs::file_type type) {
    switch (type) {
        case fs::file_type::directory: return "a directory";
        case fs::file_type::block:
        case fs::file_type::character: return "a device";
        case fs::file_type::fifo: return "a pipe";
        case fs::file_type::socket: return "a socket";
        default: return "not a regular file";
    }
}

}  // namespace

std::optional<std::string> output_path_problem(const fs::path& out, std::span<const fs::path> inputs) {
    if (out.empty()) return "the output path is empty; give a file name such as results.h5";
    const std::string name = out.string();
    if (out.filename().empty() || out.filename() == "." || out.filename() == "..")
        return fmt::format("{} names a directory; give a file name such as {}", name, (out.parent_path() / "results.h5").string());
    if (name.size() > 8 && name.ends_with(".partial"))
        return fmt::format("{} ends in .partial, the name of a run's work file; choose a name without it", name);
    std::error_code ec;
    const auto status = fs::status(out, ec);
    if (fs::exists(status)) {
        if (!fs::is_regular_file(status))
            return fmt::format("{} exists and is {}; results are written only to regular files", name,
                               kind_of(status.type()));
        for (const auto& input : inputs)
            if (fs::equivalent(out, input, ec))
                return fmt::format("{} is {} the run reads; choose another output name", name,
                                   &input == inputs.data() ? "the scenario file" : "a file in the scenario's extends chain");
        if (!is_complete_results_file(out))
            return fmt::format("{} exists and is not a complete vrusim results file (another file, an unfinished "
                               "run's work file, or a damaged one), so it would be lost; remove it or choose another "
                               "name", name);
    }
    // The run's own files beside OUT: the work file, and the finished file before its rename
    // (ResultsWriter::finish). Never a link, a pipe or a directory, whose use would write through
    // to something else or hang; a second run's work file is named as such first.
    fs::path partial = out, finishing = out;
    partial += ".partial";
    finishing += ".finishing";
    for (const auto& own : {partial, finishing}) {
        const auto own_status = fs::symlink_status(own, ec);
        if (fs::exists(own_status) && !fs::is_regular_file(own_status))
            return fmt::format("{} exists and is {}; vrusim writes its own file there, so remove it or choose "
                               "another output name", own.string(),
                               fs::is_symlink(own_status) ? "a symbolic link" : kind_of(own_status.type()));
    }
    if (work_file_locked(partial)) return busy(partial);
    // A leftover finished file of a run killed while finishing is replaced; anything else is not ours.
    if (fs::exists(fs::symlink_status(finishing, ec)) && !fs::exists(partial) && !is_results_file(finishing))
        return fmt::format("{} exists and is not a vrusim results file; a run writes its finished file there before "
                           "renaming it, so remove it or choose another name", finishing.string());
    const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
    const auto dir_status = fs::status(dir, ec);
    if (!fs::exists(dir_status)) return fmt::format("the directory {} does not exist", dir.string());
    if (!fs::is_directory(dir_status)) return fmt::format("{} is not a directory", dir.string());
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        return fmt::format("cannot write in {}: {}", dir.string(), reason(errno));
    return std::nullopt;
}

bool work_file_locked(const fs::path& work_file) {
    // Non-blocking, so a pipe in its place cannot hang the check (output_path_problem refuses it).
    const int fd = ::open(work_file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
    if (fd < 0) return false;
    const bool locked = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd);  // releases the probe's lock, if it got one
    return locked;
}

WorkFileLock::WorkFileLock(const fs::path& work_file) {
    // O_CREAT without O_TRUNC: a file another run is writing is never cut short by taking the lock.
    fd_ = ::open(work_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
    if (fd_ < 0) throw OutputPathError(fmt::format("cannot create {}: {}", work_file.string(), reason(errno)));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK) throw OutputPathError(busy(work_file));
        throw OutputPathError(fmt::format("cannot lock {}: {}", work_file.string(), reason(error)));
    }
}

WorkFileLock::~WorkFileLock() {
    if (fd_ >= 0) ::close(fd_);
}

void sync_file(const fs::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(fmt::format("cannot open {} to flush it: {}", file.string(), reason(errno)));
    const int synced = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (synced != 0) throw std::runtime_error(fmt::format("cannot flush {} to disk: {}", file.string(), reason(error)));
}

void durable_rename(const fs::path& from, const fs::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0)
        throw std::runtime_error(fmt::format("cannot rename {} to {}: {}", from.string(), to.string(), reason(errno)));
    const fs::path dir = to.has_parent_path() ? to.parent_path() : fs::path(".");
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error(fmt::format("cannot open {} to flush it: {}", dir.string(), reason(errno)));
    const int synced = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (synced != 0) throw std::runtime_error(fmt::format("cannot flush {} to disk: {}", dir.string(), reason(error)));
}

void write_whole_file(const fs::path& file, std::string_view text) {
    // A temporary of this process's own (.NAME.PID-N.writing beside the file), made afresh and never
    // followed: a file or link of that name is never written through, replaced or removed.
    static std::atomic<unsigned> next{0};
    fs::path temporary;
    int fd = -1;
    for (int attempt = 0; attempt < 1000 && fd < 0; ++attempt) {
        temporary = file.parent_path() / fmt::format(".{}.{}-{}.writing", file.filename().string(), ::getpid(), next++);
        fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) throw std::runtime_error(fmt::format("cannot create {}: {}", temporary.string(), reason(errno)));
    auto fail = [&](const std::string& what) {
        ::unlink(temporary.c_str());
        throw std::runtime_error(what);
    };
    for (std::size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int error = errno;
            ::close(fd);
            fail(fmt::format("cannot write {}: {}", temporary.string(), reason(error)));
        }
        done += static_cast<std::size_t>(n);
    }
    const int synced = ::fsync(fd), error = errno;
    if (::close(fd) != 0 || synced != 0)
        fail(fmt::format("cannot write {} to disk: {}", temporary.string(), reason(synced != 0 ? error : errno)));
    try {
        durable_rename(temporary, file);
    } catch (const std::runtime_error& e) {
        fail(e.what());
    }
}

}  // namespace vrusim::io

namespace vrusim::io {

bool file_begins_with(const fs::path& file, std::string_view marker) {
    std::ifstream in(file, std::ios::binary);
    std::string head(marker.size(), '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    return in && head == marker;
}

void write_directory_outputs(const fs::path& dir, std::span<const DirectoryOutput> outputs,
                             std::span<const std::string> texts, const fs::path& work) {
    fs::remove(dir / outputs.front().name);
    for (std::size_t i = 1; i < outputs.size(); ++i) write_whole_file(dir / outputs[i].name, texts[i]);
    write_whole_file(dir / outputs.front().name, texts.front());
    fs::remove(work);
}

std::string output_directory_problem(const fs::path& given, std::span<const DirectoryOutput> outputs,
                                     std::string_view command, const DirectoryOutput& work) {
    std::error_code ec;
    const fs::path dir = given.has_filename() ? given : given.parent_path();  // "out/" is "out"
    std::string names;
    for (std::size_t i = 0; i < outputs.size(); ++i)
        names += fmt::format("{}{}", i == 0 ? "" : i + 1 == outputs.size() ? " and " : ", ", outputs[i].name);
    if (fs::exists(fs::symlink_status(dir, ec)) && !fs::is_directory(dir, ec))
        return fmt::format("-o {}: exists and is not a directory; {} {} writes {} into a directory", dir.string(),
                           article_for(command), command, names);
    if (!fs::exists(dir, ec)) {
        const fs::path parent = (dir.has_filename() ? dir : dir.parent_path()).parent_path();
        if (!parent.empty() && !fs::is_directory(parent, ec))
            return fmt::format("-o {}: {} does not exist (only the last directory of the path is made)", dir.string(),
                               parent.string());
        return "";
    }
    const auto ours = [&](const DirectoryOutput& out) {
        const auto status = fs::symlink_status(dir / out.name, ec);
        return fs::is_regular_file(status) && file_begins_with(dir / out.name, out.begins_with);
    };
    const bool beside_ours = ours(outputs.front()) || ours(work);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const auto& out = outputs[i];
        const fs::path file = dir / out.name;
        if (fs::exists(fs::symlink_status(file, ec)) && !(ours(out) && (i == 0 || beside_ours)))
            return fmt::format("{} exists and is not one {} {} wrote; it would be replaced. Name another -o directory, "
                               "or move the file", file.string(), article_for(command), command);
    }
    return "";
}

}  // namespace vrusim::io
