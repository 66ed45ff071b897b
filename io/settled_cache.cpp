#include "settled_cache.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <gnu/libc-version.h>
#include <unistd.h>

#include "output_file.hpp"
#include "results_writer.hpp"
#include "sim/burn_in/settled_fields.hpp"

namespace vrusim::io {

namespace fs = std::filesystem;

namespace {

constexpr char magic[8] = {'V', 'R', 'U', 'S', 'I', 'M', 'S', 'T'};
constexpr std::uint32_t format_version = 1;

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

// A 64-bit checksum of everything written, word by word (damage detection, not security).
class Checksum {
public:
    void add(const void* data, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        mix(size);
        for (; size >= 8; size -= 8, p += 8) {
            std::uint64_t word;
            std::memcpy(&word, p, 8);
            mix(word);
        }
        std::uint64_t tail = 0;
        if (size > 0) std::memcpy(&tail, p, size);  // an empty column's data() may be null
        mix(tail);
    }
    std::uint64_t value() const { return hash_; }

private:
    void mix(std::uint64_t word) {
        hash_ = (hash_ ^ word) * 0xbf58476d1ce4e5b9ull;
        hash_ ^= hash_ >> 31;
    }
    std::uint64_t hash_ = 0x9e3779b97f4a7c15ull;
};

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// What goes before the parts: the format and everything that names the state.
struct Header {
    std::string build;  // build_identity()
    std::uint64_t key = 0, seed = 0;
    std::uint32_t replicate = 0;
    std::uint64_t slots = 0;
};

// What a kept state's bits depend on besides the scenario: the model's sources, and the compiler,
// C library (exp, log) and processor family that turned them into arithmetic.
std::string build_identity() {
#if defined(__x86_64__)
    constexpr const char* arch = "x86_64";
#elif defined(__aarch64__)
    constexpr const char* arch = "aarch64";
#else
    constexpr const char* arch = "other";
#endif
#if defined(__VERSION__)
    constexpr const char* compiler = __VERSION__;
#else
    constexpr const char* compiler = "unknown compiler";
#endif
    return fmt::format("model {}; compiler {}; C library {}; {}", model_source_hash(), compiler,
                       ::gnu_get_libc_version(), arch);
}

std::uint64_t slots_of(const SettledState& state) {
    return state.layout && !state.layout->area_begin.empty() ? state.layout->area_begin.back() : 0;
}

Header header_of(const SettledState& state) {
    return {build_identity(), state.key, state.plan.seed, static_cast<std::uint32_t>(state.plan.replicate),
            slots_of(state)};
}

class Writer {
public:
    explicit Writer(std::FILE* file) : file_(file) {}

    void raw(const void* data, std::size_t size) {
        checksum_.add(data, size);
        if (size > 0 && std::fwrite(data, 1, size, file_) != size)
            throw std::runtime_error(std::strerror(errno));
    }
    template <class T>
    void value(const T& v) { raw(&v, sizeof v); }
    void text(std::string_view s) {
        value(static_cast<std::uint32_t>(s.size()));
        raw(s.data(), s.size());
    }
    void header(const Header& h) {
        raw(magic, sizeof magic);
        value(format_version);
        text(h.build);
        value(h.key);
        value(h.seed);
        value(h.replicate);
        value(h.slots);
    }
    // A part: its name, element size and count, then its bytes.
    template <class T>
    void part(std::string_view name, const T& field) {
        text(name);
        if constexpr (is_vector<T>::value) {
            value(static_cast<std::uint32_t>(sizeof(typename T::value_type)));
            value(static_cast<std::uint64_t>(field.size()));
        } else {
            static_assert(std::is_trivially_copyable_v<T>);
            value(static_cast<std::uint32_t>(sizeof(T)));
            value(std::uint64_t{1});
        }
        const auto bytes = settled_fields::bytes_of(field);
        raw(bytes.data(), bytes.size());
    }
    void finish() {
        const std::uint64_t sum = checksum_.value();
        if (std::fwrite(&sum, 1, sizeof sum, file_) != sizeof sum || std::fflush(file_) != 0)
            throw std::runtime_error(std::strerror(errno));
    }

private:
    std::FILE* file_;
    Checksum checksum_;
};

// Why a stored state cannot be used.
struct Unusable : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Reader {
public:
    Reader(std::FILE* file, std::uint64_t size) : file_(file), left_(size) {}

    void raw(void* data, std::size_t size) {
        if (size > left_) throw Unusable("it ends early, cut short or damaged");
        if (size > 0 && std::fread(data, 1, size, file_) != size) throw Unusable(std::strerror(errno));
        left_ -= size;
        checksum_.add(data, size);
    }
    template <class T>
    T value() {
        T v;
        raw(&v, sizeof v);
        return v;
    }
    std::string text() {
        const auto size = value<std::uint32_t>();
        if (size > left_) throw Unusable("it ends early, cut short or damaged");
        std::string s(size, '\0');
        raw(s.data(), size);
        return s;
    }
    Header header() {
        char m[sizeof magic];
        raw(m, sizeof m);
        if (std::memcmp(m, magic, sizeof magic) != 0) throw Unusable("it is not a vrusim settled state");
        if (const auto v = value<std::uint32_t>(); v != format_version)
            throw Unusable(fmt::format("its format is version {}, this build reads {}", v, format_version));
        Header h;
        h.build = text();
        h.key = value<std::uint64_t>();
        h.seed = value<std::uint64_t>();
        h.replicate = value<std::uint32_t>();
        h.slots = value<std::uint64_t>();
        return h;
    }
    template <class T>
    void part(std::string_view name, T& field) {
        if (const std::string stored = text(); stored != name)
            throw Unusable(fmt::format("it holds '{}' where '{}' belongs", stored, name));
        const auto element = value<std::uint32_t>();
        const auto count = value<std::uint64_t>();
        if constexpr (is_vector<T>::value) {
            using E = typename T::value_type;
            if (element != sizeof(E)) throw Unusable(fmt::format("'{}' has elements of {} bytes, not {}", name, element, sizeof(E)));
            if (count > left_ / sizeof(E)) throw Unusable("it ends early, cut short or damaged");
            field.resize(static_cast<std::size_t>(count));
            raw(field.data(), field.size() * sizeof(E));
        } else {
            if (element != sizeof(T) || count != 1) throw Unusable(fmt::format("'{}' is not of {} bytes", name, sizeof(T)));
            raw(&field, sizeof field);
        }
    }
    void finish() {
        const std::uint64_t expected = checksum_.value();
        std::uint64_t stored = 0;
        if (left_ != sizeof stored) throw Unusable("its length is wrong, cut short or damaged");
        if (std::fread(&stored, 1, sizeof stored, file_) != sizeof stored) throw Unusable(std::strerror(errno));
        if (stored != expected) throw Unusable("its checksum does not match: damaged");
    }

private:
    std::FILE* file_;
    std::uint64_t left_;
    Checksum checksum_;
};

}  // namespace

std::string settled_cache_problem(const fs::path& directory) {
    if (directory.empty()) return "the burn-in cache directory is empty: name a directory";
    std::error_code ec;
    const auto status = fs::status(directory, ec);
    if (fs::exists(status))
        return fs::is_directory(status) ? "" : fmt::format("{} exists and is not a directory", directory.string());
    // "cache/" names the directory cache: its parent is the parent of that.
    fs::path named = fs::absolute(directory, ec).lexically_normal();
    if (!named.has_filename()) named = named.parent_path();
    const fs::path parent = named.parent_path();
    if (!fs::is_directory(parent, ec))
        return fmt::format("{} does not exist and neither does its parent directory {}", directory.string(),
                           parent.string());
    return {};
}

namespace {

// A name for this process's next temporary file that no other process (on this host or another
// sharing the file system) can be using: the host name and process id, and a counter.
std::string temporary_stem() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "host");
    return fmt::format("{}-{}", host, ::getpid());
}

}  // namespace

SettledCache::SettledCache(fs::path directory, Warn warn)
    : directory_(std::move(directory)), warn_(std::move(warn)), temporary_stem_(temporary_stem()) {
    if (const std::string problem = settled_cache_problem(directory_); !problem.empty())
        throw std::runtime_error(problem);
}

fs::path SettledCache::file_for(std::uint64_t key, std::uint64_t seed, int replicate) const {
    return directory_ / fmt::format("{:016x}-{}-s{}-r{}.settled", key, build_id(), seed, replicate);
}

std::string build_id() {
    Checksum c;
    const std::string identity = build_identity();
    c.add(identity.data(), identity.size());
    return fmt::format("{:016x}", c.value());
}

int SettledCache::loaded() const {
    std::lock_guard lock(mutex_);
    return loaded_;
}

int SettledCache::saved() const {
    std::lock_guard lock(mutex_);
    return saved_;
}

void SettledCache::warn(const std::string& line) {
    std::lock_guard lock(mutex_);
    if (warn_) warn_(line);
}

bool SettledCache::load(SettledState& state) {
    const fs::path file = file_for(state.key, state.plan.seed, state.plan.replicate);
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) return false;  // not kept yet
    try {
        if (size < sizeof magic) throw Unusable("it is too short to be a vrusim settled state");
        const File f(std::fopen(file.c_str(), "rb"));
        if (!f) throw Unusable(std::strerror(errno));
        Reader in(f.get(), size);
        const Header stored = in.header();
        const Header wanted = header_of(state);
        if (stored.build != wanted.build || stored.key != wanted.key || stored.seed != wanted.seed ||
            stored.replicate != wanted.replicate)
            throw Unusable("it was kept for another burn-in, seed, replicate or build");
        if (stored.slots != wanted.slots)
            throw Unusable(fmt::format("it holds {} slots where the scenario has {}", stored.slots, wanted.slots));
        settled_fields::visit(state, [&](std::string_view name, auto& field) { in.part(name, field); });
        in.finish();
        if (state.pop.size() != wanted.slots) throw Unusable("its population is not the scenario's size");
    } catch (const Unusable& e) {
        warn(fmt::format("the settled state {} is not used: {}; its burn-in is simulated again and the file replaced",
                         file.string(), e.what()));
        return false;
    }
    std::lock_guard lock(mutex_);
    ++loaded_;
    return true;
}

void SettledCache::save(const SettledState& state) {
    const fs::path file = file_for(state.key, state.plan.seed, state.plan.replicate);
    fs::path temporary;
    bool created = false;
    try {
        File f;
        {
            // The directory is made when the first state is kept, so that a command refused or
            // stopped before that leaves none behind. Hidden temporary names, unique to this
            // process and call; one left by a killed process is never opened again.
            std::lock_guard lock(mutex_);
            std::error_code ec;
            fs::create_directory(directory_, ec);
            if (!fs::is_directory(directory_))
                throw std::runtime_error(ec ? fmt::format("cannot make the directory: {}", ec.message())
                                            : std::string("it is not a directory"));
            for (int attempt = 0; !f && attempt < 100; ++attempt) {
                temporary = directory_ / fmt::format(".{}.{}-{}.writing", file.filename().string(), temporary_stem_,
                                                     next_temporary_++);
                f.reset(std::fopen(temporary.c_str(), "wbx"));
                if (!f && errno != EEXIST) throw std::runtime_error(std::strerror(errno));
            }
            if (!f) throw std::runtime_error("no free temporary name");
        }
        created = true;
        Writer out(f.get());
        out.header(header_of(state));
        settled_fields::visit(state, [&](std::string_view name, const auto& field) { out.part(name, field); });
        out.finish();
        if (std::fclose(f.release()) != 0) throw std::runtime_error(std::strerror(errno));
        sync_file(temporary);
        durable_rename(temporary, file);
    } catch (const std::exception& e) {
        std::error_code ignored;
        if (created) fs::remove(temporary, ignored);
        std::lock_guard lock(mutex_);
        if (!save_failure_reported_ && warn_)
            warn_(fmt::format("could not keep a settled state in {} ({}); the run goes on (each later burn-in is "
                              "still offered to the cache; failures are not reported again)",
                              directory_.string(), e.what()));
        save_failure_reported_ = true;
        return;
    }
    std::lock_guard lock(mutex_);
    ++saved_;
}

}  // namespace vrusim::io
