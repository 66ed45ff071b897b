#pragma once
/// The burn-in cache: settled states kept in a directory between commands (docs/batch.md, "The
/// burn-in cache"), so that a later run, sweep or MPI job with the same burn-in key, seed and
/// replicate, built from the same model sources, starts from the end of the burn-in.
///
/// A state's file is named by the burn-in key, the build (build_id), seed and replicate
/// (KEY-BUILD-sSEED-rREPLICATE.settled), so a changed parameter that acts in the burn-in, another
/// seed, a changed model or another compiler, C library or processor family can never find a
/// stale state; it is written under a temporary name and renamed, so a file is whole or absent; it
/// carries a checksum, and a damaged or foreign file is reported and simulated again (then
/// replaced). Nothing in the directory but this cache's own files is ever written or removed.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>

#include "sim/burn_in/settled_store.hpp"

namespace vrusim::io {

class SettledCache final : public SettledStore {
public:
    using Warn = std::function<void(const std::string& line)>;

    /// Keeps states in `directory`, made (not its parents) when the first state is kept. Throws
    /// std::runtime_error naming the path if it is not a directory or its parent is missing. `warn`
    /// receives a line for each state that could not be read, and for the first that could not be
    /// kept; it is called under a lock.
    SettledCache(std::filesystem::path directory, Warn warn);

    bool load(SettledState& state) override;
    void save(const SettledState& state) override;

    const std::filesystem::path& directory() const { return directory_; }
    /// The file a state of this burn-in key, seed and replicate is kept in.
    std::filesystem::path file_for(std::uint64_t key, std::uint64_t seed, int replicate) const;

    /// States read from the directory and states written to it so far.
    int loaded() const;
    int saved() const;

private:
    void warn(const std::string& line);

    std::filesystem::path directory_;
    Warn warn_;
    mutable std::mutex mutex_;
    int loaded_ = 0, saved_ = 0;
    bool save_failure_reported_ = false;
    std::string temporary_stem_;  // host name and process id
    std::uint64_t next_temporary_ = 0;
};

/// This build's part of a kept state's file name: 16 hex digits of a hash of the model's source
/// hash, the compiler's version, the C library's version and the processor family.
std::string build_id();

/// Why `directory` cannot be used as a burn-in cache (it exists and is not a directory; it is
/// missing and so is its parent), or an empty string. A directory this process cannot write in
/// is accepted: its states are read, and a failure to keep one is a warning.
std::string settled_cache_problem(const std::filesystem::path& directory);

}  // namespace vrusim::io
