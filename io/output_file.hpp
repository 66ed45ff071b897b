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

/// "a" or "an" before a word (a command's or work file's noun in messages).
inline std::string_view article_for(std::string_view word) {
    return !word.empty() && std::string_view("aeiou").find(word.front()) != std::string_view::npos ? "an" : "a";
}

/// True if the file can be read and begins with `marker` (how a command knows a file of its
/// output's name is one it wrote before, and may replace it).
bool file_begins_with(const std::filesystem::path& file, std::string_view marker);

/// One file a command writes into its output directory, and how such a file begins.
struct DirectoryOutput {
    std::string_view name;
    std::string_view begins_with;  ///< a file of this name that does not begin so is never replaced
};

/// Writes a command's outputs into `dir` (texts[i] is outputs[i]'s content) so that they are whole
/// together: outputs[0] is removed first and written last, so a directory holding it holds one
/// run's outputs; then the command's `work` file, its work done, is removed. Throws as
/// write_whole_file does (the work file is then kept).
void write_directory_outputs(const std::filesystem::path& dir, std::span<const DirectoryOutput> outputs,
                             std::span<const std::string> texts, const std::filesystem::path& work);

/// Why `given` cannot take a command's outputs (a directory, made if missing, its parent must
/// exist; files of the outputs' names that the command did not write are never replaced), or "".
/// `command` names it in messages ("trial", "optimiser"). outputs[0] is the one the command writes
/// last: the others are replaced only beside it (or beside the command's own `work` file, a run
/// that stopped while writing them), so a picture or table of a user's that merely begins like
/// ours is not taken for one.
std::string output_directory_problem(const std::filesystem::path& given, std::span<const DirectoryOutput> outputs,
                                     std::string_view command, const DirectoryOutput& work);

}  // namespace vrusim::io
