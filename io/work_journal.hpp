#pragma once
/// A work file of finished pieces (a trial's simulated trials, an optimiser's replicates): a format
/// line, the key of the work it belongs to, then entries appended as each piece finishes, each with
/// a checksum and flushed to the disk, so a resumed command continues with the pieces done. A torn
/// last entry (a kill part-way through a write) is cut off on resume and that piece redone.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace vrusim::io {

/// Which work a journal holds, for its first line and its messages.
struct JournalKind {
    std::string_view format_line;  ///< e.g. "vrusim-trial-work-1\n"
    std::string_view noun;         ///< e.g. "trial": "the trial's work file", "not a trial's work file"
    std::string_view piece;        ///< e.g. "a finished trial"
    std::string_view resume_hint;  ///< after "belongs to a <noun> with another ...; ", e.g. how to resume
    std::string_view command;      ///< the vrusim command that writes it, e.g. "trial"
};

/// FNV-1a of bytes, continuing from h (a work key's hash).
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h = 1469598103934665603ull);

/// Makes a new journal (it must not exist); throws OutputPathError (io/output_file.hpp) if another
/// command made it first, else std::runtime_error naming it and the reason.
void create_journal(const std::filesystem::path& file, const JournalKind& kind, const std::string& key);

/// The whole entries' payloads, in order, the file cut back to its last whole entry (`cut_bytes`,
/// if given, says how much went). Throws std::runtime_error if it is not such a journal or belongs
/// to other work (its message says which).
std::vector<std::string> read_journal(const std::filesystem::path& file, const JournalKind& kind, const std::string& key,
                                      std::uintmax_t* cut_bytes = nullptr);

/// Appends one entry and flushes it to the disk; throws std::runtime_error on failure. Not
/// thread-safe: the caller serialises calls.
void append_journal(const std::filesystem::path& file, const JournalKind& kind, std::string_view payload);

}  // namespace vrusim::io
