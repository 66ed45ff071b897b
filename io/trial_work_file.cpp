#include "trial_work_file.hpp"

#include <fmt/format.h>

#include <cstring>

#include "work_journal.hpp"

namespace vrusim::io {

namespace {

constexpr JournalKind trial_journal{"vrusim-trial-work-1\n", "trial", "a finished trial",
                                   "resume with the same trial file and --set options, or use another -o directory",
                                   "trial"};

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

}  // namespace

std::string trial_work_key(const std::string& resolved_scenario, const trial::Design& d) {
    const std::string design = fmt::format("intervention {} unit {} outcome {} per_arm {} recruitment {} follow_up {}",
                                           d.intervention, static_cast<int>(d.unit), static_cast<int>(d.outcome),
                                           d.per_arm, d.recruitment_weeks, d.follow_up_weeks);
    return fmt::format("{:016x}", fnv1a(design, fnv1a(resolved_scenario)));
}

void create_trial_work(const std::filesystem::path& file, const std::string& key) {
    create_journal(file, trial_journal, key);
}

std::vector<std::optional<trial::Record>> resume_trial_work(const std::filesystem::path& file, const std::string& key,
                                                            int trials, std::uintmax_t* cut_bytes) {
    std::vector<std::optional<trial::Record>> kept(static_cast<std::size_t>(trials));
    for (const auto& payload : read_journal(file, trial_journal, key, cut_bytes)) {
        auto entry = record_of(payload);
        if (!entry) break;  // cannot happen for a whole entry this version wrote
        if (entry->first >= 0 && entry->first < trials) kept[static_cast<std::size_t>(entry->first)] = std::move(entry->second);
    }
    return kept;
}

void append_trial_work(const std::filesystem::path& file, int trial_number, const trial::Record& record) {
    append_journal(file, trial_journal, payload_of(trial_number, record));
}

}  // namespace vrusim::io
