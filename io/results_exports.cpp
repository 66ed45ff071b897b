// Index:
// [SECTION] Waiting files (binary, one a replicate)
// [SECTION] HDF5 types and attributes
// [SECTION] Writing /exports
// [SECTION] Reading /exports
#include "results_exports.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

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

constexpr std::string_view magic = "vrusim-exports-1";

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
    put(out, e.intervention), put(out, e.type), put(out, e.flags), put(out, e.area), put(out, e.age);
}

ExportedEvent get_event(Reader& in) {
    ExportedEvent e;
    e.person = in.get<std::uint64_t>(), e.other_person = in.get<std::uint64_t>();
    e.week = in.get<std::int32_t>(), e.line = in.get<std::int32_t>(), e.adult = in.get<std::int32_t>();
    e.intervention = in.get<std::int32_t>(), e.type = in.get<std::uint8_t>(), e.flags = in.get<std::uint8_t>();
    e.area = in.get<std::uint8_t>(), e.age = in.get<std::uint8_t>();
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
    t.snapshots.resize(in.count(sizeof(std::int32_t) + 2 * sizeof(std::uint64_t)));
    for (auto& s : t.snapshots) {
        s.week = in.get<std::int32_t>();
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

// The in-memory compound type of a row (with the struct's padding) or its packed file type.
Handle event_type(bool packed) {
    Handle type(H5Tcreate(H5T_COMPOUND, sizeof(ExportedEvent)), H5Tclose, "create the event type");
    Handle kinds = enum_type(event_type_names);
    auto add = [&](const char* name, std::size_t offset, hid_t member) {
        check(H5Tinsert(type.get(), name, offset, member), fmt::format("add {} to the event type", name));
    };
    add("week", offsetof(ExportedEvent, week), H5T_NATIVE_INT32);
    add("type", offsetof(ExportedEvent, type), kinds.get());
    add("flags", offsetof(ExportedEvent, flags), H5T_NATIVE_UINT8);
    add("person", offsetof(ExportedEvent, person), H5T_NATIVE_UINT64);
    add("other_person", offsetof(ExportedEvent, other_person), H5T_NATIVE_UINT64);
    add("line", offsetof(ExportedEvent, line), H5T_NATIVE_INT32);
    add("adult", offsetof(ExportedEvent, adult), H5T_NATIVE_INT32);
    add("intervention", offsetof(ExportedEvent, intervention), H5T_NATIVE_INT32);
    add("area", offsetof(ExportedEvent, area), H5T_NATIVE_UINT8);
    add("age", offsetof(ExportedEvent, age), H5T_NATIVE_UINT8);
    if (packed) check(H5Tpack(type.get()), "pack the event type");
    return type;
}

Handle tie_type(bool packed) {
    Handle type(H5Tcreate(H5T_COMPOUND, sizeof(ExportedTie)), H5Tclose, "create the tie type");
    Handle layers = enum_type(exported_layer_names);
    check(H5Tinsert(type.get(), "source", offsetof(ExportedTie, source), H5T_NATIVE_UINT64), "add source");
    check(H5Tinsert(type.get(), "target", offsetof(ExportedTie, target), H5T_NATIVE_UINT64), "add target");
    check(H5Tinsert(type.get(), "layer", offsetof(ExportedTie, layer), layers.get()), "add layer");
    if (packed) check(H5Tpack(type.get()), "pack the tie type");
    return type;
}

Handle member_type(bool packed) {
    Handle type(H5Tcreate(H5T_COMPOUND, sizeof(LineMember)), H5Tclose, "create the line member type");
    check(H5Tinsert(type.get(), "person", offsetof(LineMember, person), H5T_NATIVE_UINT64), "add person");
    check(H5Tinsert(type.get(), "line", offsetof(LineMember, line), H5T_NATIVE_INT32), "add line");
    if (packed) check(H5Tpack(type.get()), "pack the line member type");
    return type;
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
        return fmt::format("--export {}{} --export-limit {:g}", kinds,
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

void write_exports_group(hid_t file, const ExportOptions& options, int replicates,
                         const std::function<ExportTables(int replicate)>& tables_of) {
    if (!options.any()) return;
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
    for (int r = 0; r < replicates; ++r) {
        const ExportTables t = tables_of(r);
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
            s.ties = read_table<ExportedTie>(at.get(), "ties", tie_type(false));
            s.members = read_table<LineMember>(at.get(), "line_members", member_type(false));
            t.snapshots.push_back(std::move(s));
        }
    }
    return t;
}

}  // namespace vrusim::io
