#pragma once
/// The results file as a place on disk: checks on the path a user names before anything runs,
/// the lock that keeps two runs from writing one file, and durable renames.
///
/// The guarantees these serve are in docs/outputs.md ("What happens to the files").
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vrusim::io {

/// A problem with the output path that the user must fix (exit 2, nothing run).
struct OutputPathError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Why `out` cannot receive a run's results, or nothing if it can: an empty name, a name ending
/// in ".partial", a path that exists and is not a regular file (a directory, a device), a file
/// the run reads (`inputs`: the scenario and its extends chain), an existing file that is not a
/// vrusim results file (it would be replaced), a missing directory, or one the run cannot write in.
std::optional<std::string> output_path_problem(const std::filesystem::path& out,
                                               std::span<const std::filesystem::path> inputs);

/// True if another process holds the lock on `work_file` (a run is writing it now).
bool work_file_locked(const std::filesystem::path& work_file);

/// An exclusive advisory lock (flock) on a run's work file, taken without truncating it and held
/// until destruction. Throws OutputPathError if another process holds it.
class WorkFileLock {
public:
    explicit WorkFileLock(const std::filesystem::path& work_file);
    ~WorkFileLock();
    WorkFileLock(const WorkFileLock&) = delete;
    WorkFileLock& operator=(const WorkFileLock&) = delete;

private:
    int fd_ = -1;
};

/// Flushes a file's data to the disk (fsync); throws std::runtime_error with the system's reason.
void sync_file(const std::filesystem::path& file);

/// Renames `from` to `to` and makes the rename durable (fsync of the directory); throws
/// std::runtime_error with the system's reason, leaving `from` in place if the rename failed.
void durable_rename(const std::filesystem::path& from, const std::filesystem::path& to);

/// Writes `text` to `file` through a temporary of its own beside it (.FILE.PID-N.writing; a file or
/// link of that name is never touched), an fsync and a durable rename: the file is whole
/// or as it was. Throws std::runtime_error naming the file and the system's reason.
void write_whole_file(const std::filesystem::path& file, std::string_view text);

}  // namespace vrusim::io
