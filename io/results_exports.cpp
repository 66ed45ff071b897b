// Index:
// [SECTION] Waiting files (binary, one a replicate)
// [SECTION] HDF5 types and attributes
// [SECTION] Writing /exports
// [SECTION] Reading /exports
#include "results_exports.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "hdf5_helpers.hpp"
#include "results_exports_hdf5.hpp"
#include "results_writer.hpp"
#include "sim/events.hpp"

namespace vrusim::io {

using namespace hdf5;

// [SECTION] Waiting files (binary, one a replicate)

namespace {

constexpr std::string_view magic = "vrusim-exports-2";

template <class T>
void put(std::string& out, const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// Reads from a byte string, failing (ok = false) rather than reading past its end.
struct Reader {
    std::string_view bytes;
    bool ok = true;
    template <class T>
    T get() {
        T value{};
        if (bytes.size() < sizeof value) {
            ok = false;
            return value;
        }
        std::memcpy(&value, bytes.data(), sizeof value);
        bytes.remove_prefix(sizeof value);
        return value;
    }
    // A count of rows of `row_bytes` each that the rest of the bytes could hold (else not ok).
    std::uint64_t count(std::uint64_t row_bytes) {
        const auto n = get<std::uint64_t>();
        if (n > bytes.size() / row_bytes) ok = false;
        return ok ? n : 0;
    }
};

void put_event(std::string& out, const ExportedEvent& e) {
    put(out, e.person), put(out, e.other_person), put(out, e.week), put(out, e.line), put(out, e.adult);
    put(out, e.intervention), put(out, e.type), put(out, e.flags), put(out, e.area), put(out, e.age), put(out, e.sex);
}

ExportedEvent get_event(Reader& in) {
    ExportedEvent e;
    e.person = in.get<std::uint64_t>(), e.other_person = in.get<std::uint64_t>();
    e.week = in.get<std::int32_t>(), e.line = in.get<std::int32_t>(), e.adult = in.get<std::int32_t>();
    e.intervention = in.get<std::int32_t>(), e.type = in.get<std::uint8_t>(), e.flags = in.get<std::uint8_t>();
    e.area = in.get<std::uint8_t>(), e.age = in.get<std::uint8_t>(), e.sex = in.get<std::uint8_t>();
    return e;
}

}  // namespace

std::filesystem::path exports_work_dir(const std::filesystem::path& out) {
    std::filesystem::path dir = out;
    dir += ".exports.partial";
    return dir;
}

std::filesystem::path exports_work_file(const std::filesystem::path& out, int replicate) {
    return exports_work_dir(out) / fmt::format("replicate-{:04}.bin", replicate);
}

namespace {

// A name vrusim gives its waiting exports: replicate-NNNN.bin, or a temporary of one.
bool our_name(const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    return name.starts_with("replicate-") && (name.ends_with(".bin") || name.ends_with(".bin.writing"));
}

// A file vrusim made in the exports' directory: one of its names, a regular file that starts
// with the signature.
bool ours(const std::filesystem::directory_entry& entry) {
    if (!our_name(entry.path())) return false;
    std::error_code ec;
    if (!entry.is_regular_file(ec) || entry.is_symlink(ec)) return false;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string head(magic.size(), '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    return in && head == magic;
}

}  // namespace

std::string exports_work_dir_problem(const std::filesystem::path& out) {
    const auto dir = exports_work_dir(out);
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(dir, ec);
    if (!std::filesystem::exists(status)) return "";
    if (!std::filesystem::is_directory(status))
        return fmt::format("{} exists and is not a directory (a run with --export keeps its replicates' exports "
                           "there); move it away", dir.string());
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        return fmt::format("cannot write in {} (a run with --export keeps its replicates' exports there): {}",
                           dir.string(), std::strerror(errno));
    // A file under one of its names that vrusim did not write would be replaced: refused instead.
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (our_name(entry.path()) && !ours(entry))
            return fmt::format("{} is not a waiting export of vrusim's, and a run with --export would replace it; "
                               "move it away", entry.path().string());
    return "";
}

void clear_exports_work_dir(const std::filesystem::path& out) {
    const auto dir = exports_work_dir(out);
    std::error_code ec;
    if (!std::filesystem::is_directory(std::filesystem::symlink_status(dir, ec))) return;
    std::vector<std::filesystem::path> mine;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (ours(entry)) mine.push_back(entry.path());
    for (const auto& file : mine) std::filesystem::remove(file, ec);
    std::filesystem::remove(dir, ec);  // only if empty: nothing of anyone else's goes
}

std::string export_cut_message(const ExportCut& cut, int weeks) {
    if (!cut.any()) return "";
    std::vector<std::string> what;
    if (!cut.events_stopped.empty()) {
        std::vector<std::string> parts;
        for (const auto& [r, week] : cut.events_stopped)
            parts.push_back(week < 0 ? fmt::format("replicate {}: none", r) : fmt::format("replicate {}: weeks 0-{}", r, week));
        what.push_back(fmt::format("events stop early in {} replicate{} of reported weeks 0-{} ({})", parts.size(),
                                   parts.size() == 1 ? "" : "s", weeks - 1, fmt::join(parts, ", ")));
    }
    if (!cut.snapshots_skipped.empty()) {
        std::vector<std::string> parts;
        for (const auto& [r, week] : cut.snapshots_skipped) parts.push_back(fmt::format("replicate {} week {}", r, week));
        what.push_back(fmt::format("network snapshots left out ({})", fmt::join(parts, ", ")));
    }
    return fmt::format("the export was cut by --export-limit: {}; raise the limit to keep everything "
                       "(docs/outputs.md)", fmt::join(what, "; "));
}

std::string encode_exports(const ExportTables& t, int replicate, std::uint64_t scenario_hash) {
    std::string out(magic);
    put(out, std::int32_t{replicate});
    put(out, scenario_hash);
    put(out, std::uint8_t{t.events_recorded});
    put(out, std::int32_t{t.events_through_week});
    put(out, std::uint64_t{t.events.size()});
    for (const auto& e : t.events) put_event(out, e);
    put(out, std::uint64_t{t.snapshots.size()});
    for (const auto& s : t.snapshots) {
        put(out, std::int32_t{s.week});
        put(out, std::uint64_t{s.people.size()});
        for (const auto& p : s.people)
            put(out, p.person), put(out, p.neighbourhood), put(out, p.household), put(out, p.school_class),
                put(out, p.area), put(out, p.age), put(out, p.sex);
        put(out, std::uint64_t{s.ties.size()});
        for (const auto& tie : s.ties) put(out, tie.source), put(out, tie.target), put(out, tie.layer);
        put(out, std::uint64_t{s.members.size()});
        for (const auto& m : s.members) put(out, m.person), put(out, m.line);
    }
    put(out, std::uint64_t{t.snapshots_skipped.size()});
    for (const int week : t.snapshots_skipped) put(out, std::int32_t{week});
    put(out, hash_text(out));
    return out;
}

std::optional<ExportTables> decode_exports(std::string_view bytes, int replicate, std::uint64_t scenario_hash) {
    if (bytes.size() < magic.size() + sizeof(std::uint64_t) || !bytes.starts_with(magic)) return std::nullopt;
    const auto body = bytes.substr(0, bytes.size() - sizeof(std::uint64_t));
    std::uint64_t checksum = 0;
    std::memcpy(&checksum, bytes.data() + body.size(), sizeof checksum);
    if (checksum != hash_text(body)) return std::nullopt;
    Reader in{body.substr(magic.size())};
    if (in.get<std::int32_t>() != replicate || in.get<std::uint64_t>() != scenario_hash) return std::nullopt;
    ExportTables t;
    t.events_recorded = in.get<std::uint8_t>() != 0;
    t.events_through_week = in.get<std::int32_t>();
    t.events.resize(in.count(exported_event_bytes));
    for (auto& e : t.events) e = get_event(in);
    t.snapshots.resize(in.count(sizeof(std::int32_t) + 3 * sizeof(std::uint64_t)));
    for (auto& s : t.snapshots) {
        s.week = in.get<std::int32_t>();
        s.people.resize(in.count(exported_person_bytes));
        for (auto& p : s.people) {
            p.person = in.get<std::uint64_t>(), p.neighbourhood = in.get<std::uint32_t>();
            p.household = in.get<std::uint32_t>(), p.school_class = in.get<std::uint32_t>();
            p.area = in.get<std::uint8_t>(), p.age = in.get<std::uint8_t>(), p.sex = in.get<std::uint8_t>();
        }
        s.ties.resize(in.count(exported_tie_bytes));
        for (auto& tie : s.ties)
            tie.source = in.get<std::uint64_t>(), tie.target = in.get<std::uint64_t>(), tie.layer = in.get<std::uint8_t>();
        s.members.resize(in.count(line_member_bytes));
        for (auto& m : s.members) m.person = in.get<std::uint64_t>(), m.line = in.get<std::int32_t>();
    }
    t.snapshots_skipped.resize(in.count(sizeof(std::int32_t)));
    for (int& week : t.snapshots_skipped) week = in.get<std::int32_t>();
    if (!in.ok || !in.bytes.empty()) return std::nullopt;
    return t;
}

std::optional<ExportTables> read_exports_work_file(const std::filesystem::path& file, int replicate,
                                                   std::uint64_t scenario_hash) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(file, ec))) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in && !in.eof()) return std::nullopt;
    return decode_exports(bytes, replicate, scenario_hash);
}

// [SECTION] HDF5 types and attributes

namespace {

Handle enum_type(std::span<const std::string_view> names) {
    Handle type(H5Tenum_create(H5T_NATIVE_UINT8), H5Tclose, "create an enum type");
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto value = static_cast<std::uint8_t>(i);
        check(H5Tenum_insert(type.get(), std::string(names[i]).c_str(), &value), "name an enum value");
    }
    return type;
}

// A row struct's compound type: its members at their offsets, in memory (with the struct's
// padding) or packed for the file.
class Compound {
public:
    Compound(std::size_t size, std::string what)
        : type_(H5Tcreate(H5T_COMPOUND, size), H5Tclose, "create the " + what + " type"), what_(std::move(what)) {}
    Compound& add(const char* name, std::size_t offset, hid_t member) {
        check(H5Tinsert(type_.get(), name, offset, member), fmt::format("add {} to the {} type", name, what_));
        return *this;
    }
    Handle made(bool packed) {
        if (packed) check(H5Tpack(type_.get()), "pack the " + what_ + " type");
        return std::move(type_);
    }

private:
    Handle type_;
    std::string what_;
};

Handle event_type(bool packed) {
    const Handle kinds = enum_type(event_type_names);
    using E = ExportedEvent;
    return Compound(sizeof(E), "event")
        .add("week", offsetof(E, week), H5T_NATIVE_INT32)
        .add("type", offsetof(E, type), kinds.get())
        .add("flags", offsetof(E, flags), H5T_NATIVE_UINT8)
        .add("person", offsetof(E, person), H5T_NATIVE_UINT64)
        .add("other_person", offsetof(E, other_person), H5T_NATIVE_UINT64)
        .add("line", offsetof(E, line), H5T_NATIVE_INT32)
        .add("adult", offsetof(E, adult), H5T_NATIVE_INT32)
        .add("intervention", offsetof(E, intervention), H5T_NATIVE_INT32)
        .add("area", offsetof(E, area), H5T_NATIVE_UINT8)
        .add("age", offsetof(E, age), H5T_NATIVE_UINT8)
        .add("sex", offsetof(E, sex), H5T_NATIVE_UINT8)
        .made(packed);
}

Handle tie_type(bool packed) {
    const Handle layers = enum_type(exported_layer_names);
    return Compound(sizeof(ExportedTie), "tie")
        .add("source", offsetof(ExportedTie, source), H5T_NATIVE_UINT64)
        .add("target", offsetof(ExportedTie, target), H5T_NATIVE_UINT64)
        .add("layer", offsetof(ExportedTie, layer), layers.get())
        .made(packed);
}

Handle person_type(bool packed) {
    using P = ExportedPerson;
    return Compound(sizeof(P), "person")
        .add("person", offsetof(P, person), H5T_NATIVE_UINT64)
        .add("area", offsetof(P, area), H5T_NATIVE_UINT8)
        .add("age", offsetof(P, age), H5T_NATIVE_UINT8)
        .add("sex", offsetof(P, sex), H5T_NATIVE_UINT8)
        .add("neighbourhood", offsetof(P, neighbourhood), H5T_NATIVE_UINT32)
        .add("household", offsetof(P, household), H5T_NATIVE_UINT32)
        .add("school_class", offsetof(P, school_class), H5T_NATIVE_UINT32)
        .made(packed);
}

Handle member_type(bool packed) {
    return Compound(sizeof(LineMember), "line member")
        .add("person", offsetof(LineMember, person), H5T_NATIVE_UINT64)
        .add("line", offsetof(LineMember, line), H5T_NATIVE_INT32)
        .made(packed);
}

}  // namespace

void write_export_attributes(hid_t file, const ExportOptions& o) {
    if (!o.any()) return;
    write_attribute(file, "export_events", std::uint8_t{o.events});
    write_attribute(file, "export_network", std::uint8_t{o.network});
    write_attribute(file, "export_network_weeks", fmt::format("{}", fmt::join(o.network_weeks, ",")));
    write_attribute(file, "export_limit_bytes", o.limit_bytes);
}

ExportOptions read_export_attributes(hid_t file) {
    ExportOptions o;
    if (H5Aexists(file, "export_events") <= 0) return o;
    o.events = read_attribute<std::uint8_t>(file, "export_events") != 0;
    o.network = read_attribute<std::uint8_t>(file, "export_network") != 0;
    const std::string weeks = read_string_attribute(file, "export_network_weeks");
    for (std::size_t at = 0; at < weeks.size();) {
        const auto comma = std::min(weeks.find(',', at), weeks.size());
        o.network_weeks.push_back(std::stoi(weeks.substr(at, comma - at)));
        at = comma + 1;
    }
    o.limit_bytes = read_attribute<std::uint64_t>(file, "export_limit_bytes");
    return o;
}

std::string export_difference(const ExportOptions& stored, const ExportOptions& now) {
    if (stored == now) return "";
    auto describe = [](const ExportOptions& o) {
        if (!o.any()) return std::string("no --export");
        std::string kinds = o.events && o.network ? "events,network" : o.events ? "events" : "network";
        return fmt::format("--export {}{} --export-limit {}", kinds,
                           o.network ? fmt::format(" --export-weeks {}", fmt::join(o.network_weeks, ",")) : "",
                           static_cast<double>(o.limit_bytes) / (1024.0 * 1024.0));
    };
    return fmt::format("exports: {} in the file, {} now", describe(stored), describe(now));
}

// [SECTION] Writing /exports

namespace {

constexpr hsize_t rows_a_chunk = 16384;

template <class Row>
void write_table(hid_t loc, const std::string& name, const std::vector<Row>& rows, const Handle& memory,
                 const Handle& stored, const std::string& description) {
    Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create a dataset property list");
    const hsize_t chunk = std::max<hsize_t>(1, std::min<hsize_t>(rows_a_chunk, rows.size()));
    check(H5Pset_chunk(plist.get(), 1, &chunk), "set chunking of " + name);
    check(H5Pset_shuffle(plist.get()), "set shuffle on " + name);
    check(H5Pset_deflate(plist.get(), deflate_level), "set deflate on " + name);
    Handle space = simple_space({rows.size()});
    Handle dataset(H5Dcreate2(loc, name.c_str(), stored.get(), space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
                   H5Dclose, "create dataset " + name);
    if (!rows.empty())
        check(H5Dwrite(dataset.get(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "write " + name);
    write_attribute(dataset.get(), "description", description);
}

}  // namespace

ExportCut write_exports_group(hid_t file, const ExportOptions& options, int replicates,
                              const std::function<ExportTables(int replicate)>& tables_of,
                              const std::function<void()>& before_each) {
    ExportCut cut;
    if (!options.any()) return cut;
    Handle group = create_group(file, "exports");
    write_attribute(group.get(), "description",
                    "Events and network snapshots of each replicate's reported weeks (vrusim run --export; "
                    "docs/outputs.md). People are pseudonymous ids: slot = id & 0xffffffff, generation = "
                    "(id >> 32) - 1; 0 = no person. Ids are per replicate.");
    {
        std::vector<std::string> names(std::begin(event_type_names), std::end(event_type_names));
        write_strings(group.get(), "event_types", names, false);
        std::vector<std::string> layers(std::begin(exported_layer_names), std::end(exported_layer_names));
        write_strings(group.get(), "layers", layers, false);
    }
    const Handle event_memory = event_type(false), event_stored = event_type(true);
    const Handle tie_memory = tie_type(false), tie_stored = tie_type(true);
    const Handle member_memory = member_type(false), member_stored = member_type(true);
    const Handle person_memory = person_type(false), person_stored = person_type(true);
    int weeks = 0;
    for (int r = 0; r < replicates; ++r) {
        if (before_each) before_each();
        const ExportTables t = tables_of(r);
        for (const int week : t.snapshots_skipped) cut.snapshots_skipped.emplace_back(r, week);
        if (r == 0) weeks = read_attribute<std::int32_t>(file, "weeks");
        if (options.events && t.events_through_week < weeks - 1) cut.events_stopped.emplace_back(r, t.events_through_week);
        Handle rep = create_group(group.get(), fmt::format("replicate_{:04}", r));
        if (options.events) {
            write_table(rep.get(), "events", t.events, event_memory, event_stored,
                        "The week's events in the order the model made them; see docs/outputs.md for which "
                        "fields each type fills");
            write_attribute(rep.get(), "events_through_week", std::int32_t{t.events_through_week});
        }
        if (options.network) {
            Handle network = create_group(rep.get(), "network");
            for (const auto& s : t.snapshots) {
                Handle at = create_group(network.get(), fmt::format("week_{:04}", s.week));
                write_attribute(at.get(), "week", std::int32_t{s.week});
                write_table(at.get(), "people", s.people, person_memory, person_stored,
                            "Everyone present at the end of the week (the network's nodes, those without ties too): "
                            "area, age, sex (0 female, 1 male), neighbourhood, household and school class ids");
                write_table(at.get(), "ties", s.ties, tie_memory, tie_stored,
                            "Ties active at the end of the week between people present; static layers once "
                            "(source has the lower slot), co_offending as each source remembers it");
                write_table(at.get(), "line_members", s.members, member_memory, member_stored,
                            "County-line runners at the end of the week and their line");
            }
            std::vector<std::int32_t> skipped(t.snapshots_skipped.begin(), t.snapshots_skipped.end());
            write_vector(network.get(), "skipped_weeks", skipped);
        }
    }
    // One place to see whether the limit cut anything, without opening every replicate.
    write_attribute(group.get(), "complete", std::uint8_t{!cut.any()});
    return cut;
}

// [SECTION] Reading /exports

namespace {

template <class Row>
std::vector<Row> read_table(hid_t loc, const std::string& name, const Handle& memory) {
    Handle dataset = open_dataset(loc, name);
    std::vector<Row> rows(element_count(dataset_dims(dataset.get()), name));
    if (!rows.empty())
        check(H5Dread(dataset.get(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), "read " + name);
    return rows;
}

Handle open_results(const std::filesystem::path& file) {
    silence_hdf5_errors();
    return {H5Fopen(file.string().c_str(), H5F_ACC_RDONLY, file_access().get()), H5Fclose, "open " + file.string()};
}

}  // namespace

std::optional<ExportOptions> read_export_options(const std::filesystem::path& results_file) {
    Handle file = open_results(results_file);
    ExportOptions o = read_export_attributes(file.get());
    if (!o.any()) return std::nullopt;
    return o;
}

ExportTables read_exports(const std::filesystem::path& results_file, int replicate) {
    Handle file = open_results(results_file);
    const std::string name = fmt::format("exports/replicate_{:04}", replicate);
    if (!has_link(file.get(), "exports") || !has_link(file.get(), name))
        throw std::runtime_error(fmt::format("{} has no export of replicate {}", results_file.string(), replicate));
    Handle rep = open_group(file.get(), name);
    ExportTables t;
    if (has_link(rep.get(), "events")) {
        t.events_recorded = true;
        t.events = read_table<ExportedEvent>(rep.get(), "events", event_type(false));
        t.events_through_week = read_attribute<std::int32_t>(rep.get(), "events_through_week");
    }
    if (has_link(rep.get(), "network")) {
        Handle network = open_group(rep.get(), "network");
        const auto skipped = read_vector<std::int32_t>(network.get(), "skipped_weeks");
        t.snapshots_skipped.assign(skipped.begin(), skipped.end());
        const ExportOptions o = read_export_attributes(file.get());
        for (const int week : o.network_weeks) {
            const std::string at_name = fmt::format("week_{:04}", week);
            if (!has_link(network.get(), at_name)) continue;
            Handle at = open_group(network.get(), at_name);
            NetworkSnapshot s;
            s.week = week;
            s.people = read_table<ExportedPerson>(at.get(), "people", person_type(false));
            s.ties = read_table<ExportedTie>(at.get(), "ties", tie_type(false));
            s.members = read_table<LineMember>(at.get(), "line_members", member_type(false));
            t.snapshots.push_back(std::move(s));
        }
    }
    return t;
}

}  // namespace vrusim::io
