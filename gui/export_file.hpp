#pragma once
/// Files the explorer writes (a saved scenario, an exported CSV): whole or not at all, and never
/// over a file the user did not ask it to write.
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string_view>

namespace vrusim::gui {

/// What identifies a file as the one a write left: device, inode, size and modification time. A
/// file the user has changed, or replaced, since has another stamp.
struct FileStamp {
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    long long modified_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

/// The stamp of the file at `file` (not following a symbolic link), or nothing if there is none.
std::optional<FileStamp> stamp_of(const std::filesystem::path& file);

/// Writes `text` to `file` through a new temporary file in the same directory (created
/// exclusively, never through a link), synced and renamed, so that `file` is complete or
/// untouched; returns the written file's stamp. Refuses (std::runtime_error, "not written: ...",
/// nothing left behind) an empty name, a directory, a missing directory, and an existing file
/// unless it is still exactly the file this program wrote (`replaceable`, the stamp it returned).
FileStamp write_file_atomically(const std::filesystem::path& file, std::string_view text,
                                const std::optional<FileStamp>& replaceable = std::nullopt);

}  // namespace vrusim::gui
