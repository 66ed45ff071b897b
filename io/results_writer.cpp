// Index:
// [SECTION] HDF5 handles and helpers
// [SECTION] ResultsWriter
// [SECTION] Reading back
#include "results_writer.hpp"

#include <hdf5.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <chrono>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vrusim/version.hpp>

#include "output_file.hpp"

namespace vrusim::io {

namespace {

// [SECTION] HDF5 handles and helpers

constexpr const char* format_name = "vrusim-results";
constexpr int format_version = 1;
constexpr int deflate_level = 4;

/// The most specific message on HDF5's error stack, then clears it. A failed write by HDF5's
/// POSIX driver ends with "errno = 28, error message = 'No space left on device'": that reason
/// is what the user needs.
std::string hdf5_reason() {
    std::string innermost;
    auto first = [](unsigned, const H5E_error2_t* error, void* data) -> herr_t {
        auto* text = static_cast<std::string*>(data);
        if (text->empty() && error->desc) *text = error->desc;
        return 0;
    };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first, &innermost);
    H5Eclear2(H5E_DEFAULT);
    const std::string_view marker = "error message = '";
    if (const auto at = innermost.find(marker); at != std::string::npos) {
        const auto begin = at + marker.size();
        return innermost.substr(begin, innermost.find('\'', begin) - begin);
    }
    return innermost;
}

std::string failure(std::string_view what) {
    const std::string why = hdf5_reason();
    return why.empty() ? fmt::format("HDF5: cannot {}", what) : fmt::format("HDF5: cannot {}: {}", what, why);
}

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
public:
    using Close = herr_t (*)(hid_t);
    Handle(hid_t id, Close close, std::string_view what) : id_(id), close_(close) {
        if (id < 0) throw std::runtime_error(failure(what));
    }
    Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
    Handle& operator=(Handle&&) = delete;
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() {
        if (id_ >= 0) close_(id_);
    }
    hid_t get() const { return id_; }
    hid_t release() { return std::exchange(id_, -1); }

private:
    hid_t id_;
    Close close_;
};

void check(herr_t status, std::string_view what) {
    if (status < 0) throw std::runtime_error(failure(what));
}

/// How every results file is opened: HDF5's own file lock is off, because the writer holds its
/// own lock on the work file (WorkFileLock) and two locks on one file from one process would
/// collide; and closing the file fails while any object in it is still open (H5F_CLOSE_SEMI), so
/// a close can never be deferred past the rename with its errors unseen.
Handle file_access() {
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create a file access property list");
    check(H5Pset_file_locking(fapl.get(), false, true), "turn off HDF5's file locking");
    check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_SEMI), "set the file close degree");
    return fapl;
}

// Called before any other HDF5 call. We report failures as exceptions with our own context;
// HDF5's default printout of its error stack to stderr would only repeat them, noisily. And HDF5's
// exit handler is not installed: after a failed write (a full disk) a file's close fails and HDF5
// 1.10 would crash closing it again at exit (H5F__close_cb). Every file is closed explicitly, so
// there is nothing for the handler to do.
void silence_hdf5_errors() {
    static const bool once = [] {
        H5dont_atexit();
        return true;
    }();
    (void)once;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

template <class T>
hid_t native_type() {
    if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
    else if constexpr (std::is_same_v<T, std::int32_t>) return H5T_NATIVE_INT32;
    else if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_NATIVE_UINT8;
    else if constexpr (std::is_same_v<T, std::uint32_t>) return H5T_NATIVE_UINT32;
    else if constexpr (std::is_same_v<T, std::uint64_t>) return H5T_NATIVE_UINT64;
    else static_assert(sizeof(T) == 0, "no HDF5 type for T");
}

// Variable-length UTF-8: h5py returns attributes of this type as str, R as character.
Handle utf8_type() {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
    check(H5Tset_size(type.get(), H5T_VARIABLE), "make a variable-length string type");
    check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set UTF-8 on the string type");
    return type;
}

Handle scalar_space() { return {H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace"}; }

Handle simple_space(const std::vector<hsize_t>& dims) {
    return {H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "create a dataspace"};
}

Handle open_group(hid_t loc, const std::string& name) {
    return {H5Gopen2(loc, name.c_str(), H5P_DEFAULT), H5Gclose, "open group " + name};
}

Handle create_group(hid_t loc, const std::string& name) {
    return {H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create group " + name};
}

Handle open_dataset(hid_t loc, const std::string& name) {
    return {H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name};
}

bool has_link(hid_t loc, const std::string& name) { return H5Lexists(loc, name.c_str(), H5P_DEFAULT) > 0; }

std::vector<hsize_t> dataset_dims(hid_t dataset) {
    Handle space(H5Dget_space(dataset), H5Sclose, "get a dataset's dataspace");
    const int rank = H5Sget_simple_extent_ndims(space.get());
    check(rank, "get a dataset's rank");
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "get a dataset's dimensions");
    return dims;
}

// Attributes are rewritten by deleting first: HDF5 cannot change an attribute's type in place.
Handle fresh_attribute(hid_t obj, const char* name, hid_t type) {
    if (H5Aexists(obj, name) > 0) check(H5Adelete(obj, name), fmt::format("replace attribute {}", name));
    return {H5Acreate2(obj, name, type, scalar_space().get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
            fmt::format("create attribute {}", name)};
}

template <class T>
void write_attribute(hid_t obj, const char* name, T value) {
    Handle attribute = fresh_attribute(obj, name, native_type<T>());
    check(H5Awrite(attribute.get(), native_type<T>(), &value), fmt::format("write attribute {}", name));
}

void write_attribute(hid_t obj, const char* name, const std::string& text) {
    Handle type = utf8_type();
    Handle attribute = fresh_attribute(obj, name, type.get());
    const char* chars = text.c_str();
    check(H5Awrite(attribute.get(), type.get(), &chars), fmt::format("write attribute {}", name));
}

void write_attribute(hid_t obj, const char* name, const char* text) { write_attribute(obj, name, std::string(text)); }

void write_attribute(hid_t obj, const char* name, std::string_view text) {
    write_attribute(obj, name, std::string(text));
}

Handle open_attribute(hid_t obj, const char* name) {
    return {H5Aopen(obj, name, H5P_DEFAULT), H5Aclose, fmt::format("open attribute {}", name)};
}

template <class T>
T read_attribute(hid_t obj, const char* name) {
    Handle attribute = open_attribute(obj, name);
    T value{};
    check(H5Aread(attribute.get(), native_type<T>(), &value), fmt::format("read attribute {}", name));
    return value;
}

std::string read_string_attribute(hid_t obj, const char* name) {
    Handle attribute = open_attribute(obj, name);
    Handle type = utf8_type();
    char* chars = nullptr;
    check(H5Aread(attribute.get(), type.get(), &chars), fmt::format("read attribute {}", name));
    std::string text = chars ? chars : "";
    H5free_memory(chars);
    return text;
}

void write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& texts, bool scalar) {
    Handle type = utf8_type();
    Handle space = scalar ? scalar_space() : simple_space({texts.size()});
    Handle dataset(H5Dcreate2(loc, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Dclose, "create dataset " + name);
    std::vector<const char*> chars;
    for (const auto& text : texts) chars.push_back(text.c_str());
    check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, chars.data()), "write dataset " + name);
}

void write_string(hid_t loc, const std::string& name, const std::string& text) { write_strings(loc, name, {text}, true); }

std::vector<std::string> read_strings(hid_t loc, const std::string& name) {
    Handle dataset = open_dataset(loc, name);
    Handle space(H5Dget_space(dataset.get()), H5Sclose, "get the dataspace of " + name);
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    check(static_cast<herr_t>(count < 0 ? -1 : 0), "count the strings of " + name);
    Handle type = utf8_type();
    std::vector<char*> chars(static_cast<std::size_t>(count), nullptr);
    check(H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, chars.data()), "read dataset " + name);
    std::vector<std::string> texts;
    for (char* c : chars) {
        texts.emplace_back(c ? c : "");
        H5free_memory(c);
    }
    return texts;
}

std::string read_string(hid_t loc, const std::string& name) {
    auto texts = read_strings(loc, name);
    return texts.empty() ? std::string() : texts.front();
}

template <class T>
void write_vector(hid_t loc, const std::string& name, const std::vector<T>& values) {
    Handle space = simple_space({values.size()});
    Handle dataset(H5Dcreate2(loc, name.c_str(), native_type<T>(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Dclose, "create dataset " + name);
    check(H5Dwrite(dataset.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "write dataset " + name);
}

template <class T>
std::vector<T> read_vector(hid_t loc, const std::string& name) {
    Handle dataset = open_dataset(loc, name);
    std::size_t count = 1;
    for (hsize_t d : dataset_dims(dataset.get())) count *= d;
    std::vector<T> values(count);
    check(H5Dread(dataset.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read dataset " + name);
    return values;
}

/// How a float64 array is stored: `compressed` (shuffled and deflated in chunks, for finished
/// files: counts scaled by a constant compress well) or `reserved` (contiguous, its whole space
/// allocated and filled when it is created, for the work file: writing a replicate later then
/// only overwrites bytes already on disk, so a full disk can stop a run at its start but can
/// never damage the replicates already stored).
enum class Storage { compressed, reserved };

Handle create_array(hid_t loc, const std::string& name, const std::vector<hsize_t>& dims,
                    const std::vector<hsize_t>& chunk, Storage storage = Storage::compressed) {
    Handle plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create a dataset property list");
    if (storage == Storage::compressed) {
        check(H5Pset_chunk(plist.get(), static_cast<int>(chunk.size()), chunk.data()), "set chunking of " + name);
        check(H5Pset_shuffle(plist.get()), "set shuffle on " + name);
        check(H5Pset_deflate(plist.get(), deflate_level), "set deflate on " + name);
    } else {
        check(H5Pset_layout(plist.get(), H5D_CONTIGUOUS), "set the layout of " + name);
        check(H5Pset_alloc_time(plist.get(), H5D_ALLOC_TIME_EARLY), "reserve the space of " + name);
        check(H5Pset_fill_time(plist.get(), H5D_FILL_TIME_ALLOC), "fill " + name + " when reserved");
    }
    // Replicates not yet written read back as NaN, not as a plausible zero.
    const double fill = std::numeric_limits<double>::quiet_NaN();
    check(H5Pset_fill_value(plist.get(), H5T_NATIVE_DOUBLE, &fill), "set the fill value of " + name);
    Handle space = simple_space(dims);
    return {H5Dcreate2(loc, name.c_str(), H5T_NATIVE_DOUBLE, space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
            H5Dclose, "create dataset " + name};
}

// Writes `row` as element `index` of the first dimension of `dataset`.
template <class T>
void write_row(hid_t dataset, hsize_t index, const std::vector<T>& row, std::string_view name) {
    std::vector<hsize_t> count = dataset_dims(dataset);
    std::vector<hsize_t> start(count.size(), 0);
    start[0] = index;
    count[0] = 1;
    Handle file_space(H5Dget_space(dataset), H5Sclose, "get a dataspace");
    check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
          fmt::format("select replicate {} of {}", index, name));
    Handle memory_space = simple_space(count);
    check(H5Dwrite(dataset, native_type<T>(), memory_space.get(), file_space.get(), H5P_DEFAULT, row.data()),
          fmt::format("write replicate {} of {}", index, name));
}

template <class T>
void write_element(hid_t loc, const std::string& name, hsize_t index, T value) {
    Handle dataset = open_dataset(loc, name);
    write_row(dataset.get(), index, std::vector<T>{value}, name);
}

std::string utc_now() {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
}

/// Why a results file could not be opened, in the user's terms.
std::string open_reason(const std::filesystem::path& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) return "no such file";
    if (std::filesystem::is_directory(status)) return "it is a directory";
    if (::access(path.c_str(), R_OK) != 0) return std::strerror(errno);
    const std::string why = hdf5_reason();
    return why.empty() ? "not an HDF5 file, or a damaged one" : "not an HDF5 file, or a damaged one (" + why + ")";
}

std::string_view kind_name(MeasureKind kind) { return kind == MeasureKind::flow ? "flow" : "stock"; }

void describe(hid_t obj, const std::string& text) { write_attribute(obj, "description", text); }

void describe(hid_t loc, const std::string& name, const std::string& text) {
    Handle dataset = open_dataset(loc, name);
    describe(dataset.get(), text);
}

void write_measure_attributes(hid_t obj, const MeasureInfo& m, const char* dims) {
    write_attribute(obj, "unit", m.unit);
    write_attribute(obj, "description", m.description);
    write_attribute(obj, "kind", kind_name(m.kind));
    write_attribute(obj, "dims", dims);
    // Lines and homes have no age: all in the first band (see docs/outputs.md).
    write_attribute(obj, "banded", m.banded ? std::uint8_t{1} : std::uint8_t{0});
}

template <class T>
std::vector<T> iota_vector(int n) {
    std::vector<T> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = static_cast<T>(i);
    return v;
}

void validate(const ResultsMetadata& meta) {
    if (meta.replicates < 1 || meta.weeks < 1 || meta.area_names.empty() || !(meta.scale > 0))
        throw std::invalid_argument(fmt::format(
            "results: need replicates >= 1, weeks >= 1, at least one area and scale > 0 (got {}, {}, {}, {})",
            meta.replicates, meta.weeks, meta.area_names.size(), meta.scale));
}

void write_new_file(hid_t file, const ResultsMetadata& meta, Storage storage) {
    write_attribute(file, "format", format_name);
    write_attribute(file, "format_version", std::int32_t{format_version});
    write_attribute(file, "vrusim_version", vrusim::version);
    write_attribute(file, "status", "running");
    write_attribute(file, "created_utc", utc_now());
    write_attribute(file, "scenario_name", meta.scenario_name);
    write_attribute(file, "scenario_hash", meta.scenario_hash);
    write_attribute(file, "seed", meta.seed);
    write_attribute(file, "replicates", std::int32_t{meta.replicates});
    write_attribute(file, "weeks", std::int32_t{meta.weeks});
    write_attribute(file, "burn_in_weeks", std::int32_t{meta.burn_in_weeks});
    write_attribute(file, "start_year", std::int32_t{meta.start_year});
    write_attribute(file, "agents", meta.agents);
    write_attribute(file, "population_10_24", meta.population_10_24);
    write_attribute(file, "population_all_ages", meta.population_all_ages);
    write_attribute(file, "scale", meta.scale);

    Handle scenario = create_group(file, "scenario");
    write_string(scenario.get(), "resolved_yaml", meta.resolved_yaml);
    describe(scenario.get(), "resolved_yaml", "The full scenario the run used, every parameter resolved (YAML)");
    write_string(scenario.get(), "source", meta.source_text);
    describe(scenario.get(), "source", "The scenario files as written by the user");

    Handle dims = create_group(file, "dims");
    write_vector(dims.get(), "replicate", iota_vector<std::int32_t>(meta.replicates));
    describe(dims.get(), "replicate", "Replicate number; with the seed it keys every random stream");
    write_vector(dims.get(), "week", iota_vector<std::int32_t>(meta.weeks));
    describe(dims.get(), "week", "Reported week after burn-in; week 0 starts on 1 April of start_year");
    write_strings(dims.get(), "area", meta.area_names, false);
    describe(dims.get(), "area", "Local partnership area, in scenario order");
    write_strings(dims.get(), "age_band", {age_band_names.begin(), age_band_names.end()}, false);
    describe(dims.get(), "age_band", "Age band in completed years: 10-12, 13-17, 18-24");
    std::vector<std::string> measure_names;
    for (const auto& m : measure_info()) measure_names.emplace_back(m.name);
    write_strings(dims.get(), "measure", measure_names, false);
    describe(dims.get(), "measure", "Names of the measure datasets in /replicates and /summary");

    Handle replicates = create_group(file, "replicates");
    const auto r = static_cast<std::size_t>(meta.replicates);
    write_vector(replicates.get(), "done", std::vector<std::uint8_t>(r, 0));
    describe(replicates.get(), "done", "1 once the replicate's values are stored, else 0");
    write_vector(replicates.get(), "agents", std::vector<std::uint32_t>(r, 0));
    describe(replicates.get(), "agents", "Simulated agents at the start of the replicate");
    write_vector(replicates.get(), "seconds", std::vector<double>(r, 0.0));
    describe(replicates.get(), "seconds", "Wall-clock time of the replicate, seconds");
    write_vector(replicates.get(), "state_hash", std::vector<std::uint64_t>(r, 0));
    describe(replicates.get(), "state_hash", "Hash of the final agent state, for reproducibility checks");
    const std::vector<hsize_t> shape = {r, static_cast<hsize_t>(meta.weeks), meta.area_names.size(),
                                        static_cast<hsize_t>(age_band_count)};
    std::vector<hsize_t> chunk = shape;
    chunk[0] = 1;
    for (const auto& m : measure_info()) {
        Handle dataset = create_array(replicates.get(), std::string(m.name), shape, chunk, storage);
        write_measure_attributes(dataset.get(), m, "replicate,week,area,age_band");
    }
}

// Lists every way the file differs from this run, so one refusal names all of them.
void check_same_run(hid_t file, const ResultsMetadata& meta, const std::filesystem::path& path) {
    if (H5Aexists(file, "format") <= 0 || read_string_attribute(file, "format") != format_name)
        throw OutputPathError(fmt::format("cannot resume {}: not a vrusim results file", path.string()));
    std::vector<std::string> differences;
    auto compare = [&](const char* what, auto stored, auto now) {
        if (stored != now) differences.push_back(fmt::format("{} {} in the file, {} now", what, stored, now));
    };
    const auto stored_hash = read_attribute<std::uint64_t>(file, "scenario_hash");
    if (stored_hash != meta.scenario_hash)
        differences.push_back(fmt::format("scenario_hash {} in the file, {} now (the resolved scenario differs)",
                                          stored_hash, meta.scenario_hash));
    compare("seed", read_attribute<std::uint64_t>(file, "seed"), meta.seed);
    compare("replicates", read_attribute<std::int32_t>(file, "replicates"), meta.replicates);
    compare("weeks", read_attribute<std::int32_t>(file, "weeks"), meta.weeks);
    compare("areas", read_strings(file, "dims/area").size(), meta.area_names.size());
    compare("population.scale", read_attribute<double>(file, "scale"), meta.scale);
    compare("run.burn_in_weeks", read_attribute<std::int32_t>(file, "burn_in_weeks"), meta.burn_in_weeks);
    compare("vrusim_version", read_string_attribute(file, "vrusim_version"), std::string(vrusim::version));
    compare("format_version", read_attribute<std::int32_t>(file, "format_version"), format_version);
    if (!differences.empty())
        throw OutputPathError(fmt::format(
            "cannot resume {}: it was written by a different run ({}); delete it or run without resume",
            path.string(), fmt::join(differences, "; ")));
}

}  // namespace

std::uint64_t hash_text(std::string_view text) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::filesystem::path partial_path(const std::filesystem::path& out) {
    std::filesystem::path partial = out;
    partial += ".partial";
    return partial;
}

// [SECTION] ResultsWriter

ResultsWriter::ResultsWriter(std::filesystem::path out, const ResultsMetadata& meta, bool resume)
    : out_(std::move(out)), partial_(partial_path(out_)), meta_(meta) {
    silence_hdf5_errors();
    validate(meta_);
    const std::string name = partial_.string();
    if (resume && !std::filesystem::exists(partial_))
        throw OutputPathError(fmt::format("cannot resume: {} does not exist (there is no interrupted run to continue)",
                                          name));
    if (!resume && std::filesystem::exists(partial_) && !work_file_locked(partial_))
        throw OutputPathError(fmt::format("{} exists: an earlier run was interrupted. Continue it with --resume, or "
                                          "delete the file to start again", name));
    // Taken before HDF5 touches the file, so a second run never truncates the first one's work.
    lock_ = std::make_unique<WorkFileLock>(partial_);
    const Handle fapl = file_access();
    if (!resume) {
        try {
            Handle file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), H5Fclose, "create " + name);
            write_new_file(file.get(), meta_, Storage::reserved);
            check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush " + name);
            file_ = file.release();
        } catch (...) {
            // Nothing was run yet: a half-made work file would only pose as an interrupted run.
            std::error_code ignored;
            std::filesystem::remove(partial_, ignored);
            throw;
        }
        return;
    }
    const hid_t id = H5Fopen(name.c_str(), H5F_ACC_RDWR, fapl.get());
    if (id < 0) {
        hdf5_reason();
        throw OutputPathError(fmt::format(
            "cannot resume: {} is not a readable HDF5 file (perhaps damaged when the run stopped); "
            "delete it and run again without resume", name));
    }
    Handle file(id, H5Fclose, "open " + name);
    check_same_run(file.get(), meta_, partial_);
    // Nothing about the resume is written to the work file: a new attribute would need new space,
    // and on a full disk a failed metadata write could damage the replicates it holds. The time
    // goes into the finished file.
    resumed_utc_ = utc_now();
    file_ = file.release();
}

ResultsWriter::~ResultsWriter() {
    if (file_ >= 0) H5Fclose(file_);  // the replicates stored so far stay for a resume
}

std::vector<int> ResultsWriter::completed_replicates() const {
    if (file_ < 0) throw std::logic_error("ResultsWriter: the file is already finished");
    const auto done = read_vector<std::uint8_t>(file_, "replicates/done");
    std::vector<int> completed;
    for (std::size_t r = 0; r < done.size(); ++r)
        if (done[r]) completed.push_back(static_cast<int>(r));
    return completed;
}

void ResultsWriter::replicate_done(const ReplicateResult& result) {
    if (file_ < 0) throw std::logic_error("ResultsWriter: replicate_done after finish");
    const int rep = result.plan.replicate;
    if (rep < 0 || rep >= meta_.replicates)
        throw std::runtime_error(fmt::format("results: replicate {} is outside 0..{}", rep, meta_.replicates - 1));
    if (result.plan.seed != meta_.seed)
        throw std::runtime_error(fmt::format("results: replicate {} ran with seed {}, the file is for seed {}", rep,
                                             result.plan.seed, meta_.seed));
    const MeasureCube& cube = result.measures;
    if (cube.weeks() != meta_.weeks || cube.areas() != static_cast<int>(meta_.area_names.size()))
        throw std::runtime_error(fmt::format("results: replicate {} has {} weeks x {} areas, the file {} x {}", rep,
                                             cube.weeks(), cube.areas(), meta_.weeks, meta_.area_names.size()));

    Handle replicates = open_group(file_, "replicates");
    const auto index = static_cast<hsize_t>(rep);
    std::vector<double> row;
    for (int m = 0; m < measure_count; ++m) {
        const auto counts = cube.measure(static_cast<Measure>(m));
        const double per_count = measure_info()[static_cast<std::size_t>(m)].per_count;
        row.resize(counts.size());
        // Counts are of simulated agents; the file holds the population they represent.
        std::transform(counts.begin(), counts.end(), row.begin(),
                       [&](MeasureCount c) { return static_cast<double>(c) * per_count / meta_.scale; });
        const std::string name(measure_info()[static_cast<std::size_t>(m)].name);
        Handle dataset = open_dataset(replicates.get(), name);
        write_row(dataset.get(), index, row, name);
    }
    write_element(replicates.get(), "agents", index, result.agents);
    write_element(replicates.get(), "seconds", index, result.seconds);
    write_element(replicates.get(), "state_hash", index, result.state_hash);
    // Marked done last, then flushed: a replicate counts only once all its values are on disk.
    write_element(replicates.get(), "done", index, std::uint8_t{1});
    check(H5Fflush(file_, H5F_SCOPE_GLOBAL), "flush " + partial_.string());
}

void ResultsWriter::finish() {
    if (file_ < 0) throw std::logic_error("ResultsWriter: finish called twice");
    const auto completed = completed_replicates();
    if (static_cast<int>(completed.size()) != meta_.replicates) {
        std::vector<int> missing;
        for (int r = 0; r < meta_.replicates; ++r)
            if (!std::binary_search(completed.begin(), completed.end(), r)) missing.push_back(r);
        throw std::runtime_error(fmt::format("cannot finish {}: replicates {} are missing", partial_.string(),
                                             fmt::join(missing, ", ")));
    }

    // The finished file is written anew beside the work file, compressed, with the summary; the
    // work file is only read. If anything fails (a full disk, an I/O error) the new file is
    // deleted and the work file, with every replicate, waits for a resume to finish it.
    const std::filesystem::path finishing = std::filesystem::path(partial_).replace_extension(".finishing");
    try {
        std::filesystem::remove(finishing);  // a leftover of a run killed while finishing
        write_finished_file(finishing);
        sync_file(finishing);
        durable_rename(finishing, out_);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(finishing, ignored);
        throw;
    }
    // The results are in place; the work file has served.
    check(H5Fclose(std::exchange(file_, -1)), "close " + partial_.string());
    std::error_code ignored;
    std::filesystem::remove(partial_, ignored);
    lock_.reset();
}

void ResultsWriter::write_finished_file(const std::filesystem::path& path) const {
    const std::string name = path.string();
    Handle file(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, file_access().get()), H5Fclose, "create " + name);
    write_new_file(file.get(), meta_, Storage::compressed);
    write_attribute(file.get(), "created_utc", read_string_attribute(file_, "created_utc"));
    if (!resumed_utc_.empty()) write_attribute(file.get(), "resumed_utc", resumed_utc_);
    {  // every handle is closed before the file is
        Handle replicates = open_group(file.get(), "replicates");
        auto copy = [&](const char* dataset, auto example) {
            using T = decltype(example);
            const auto values = read_vector<T>(file_, std::string("replicates/") + dataset);
            Handle target = open_dataset(replicates.get(), dataset);
            check(H5Dwrite(target.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                  fmt::format("write /replicates/{} of {}", dataset, name));
        };
        copy("done", std::uint8_t{});
        copy("agents", std::uint32_t{});
        copy("seconds", double{});
        copy("state_hash", std::uint64_t{});

        Handle summary = create_group(file.get(), "summary");
        const double t_975 = student_t_quantile(0.975, meta_.replicates - 1);
        write_attribute(summary.get(), "n_replicates", std::int32_t{meta_.replicates});
        write_attribute(summary.get(), "t_critical", t_975);
        describe(summary.get(), "Across-replicate statistics of each cell of /replicates/<measure>; "
                                "t_critical is Student's t(0.975, n_replicates - 1) used for ci95");
        const std::vector<hsize_t> shape = {static_cast<hsize_t>(meta_.weeks), meta_.area_names.size(),
                                            static_cast<hsize_t>(age_band_count)};
        for (const auto& m : measure_info()) {
            const std::string measure(m.name);
            const auto values = read_vector<double>(file_, "replicates/" + measure);
            {
                Handle target = open_dataset(replicates.get(), measure);
                check(H5Dwrite(target.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
                      fmt::format("write /replicates/{} of {}", measure, name));
            }
            const SummaryCells cells = summarise_cells(values, meta_.replicates);
            Handle group = create_group(summary.get(), measure);
            write_measure_attributes(group.get(), m, "week,area,age_band");
            const std::pair<const char*, const std::vector<double>*> statistics[] = {
                {"mean", &cells.mean},         {"sd", &cells.sd},     {"ci95_low", &cells.ci95_low},
                {"ci95_high", &cells.ci95_high}, {"p2_5", &cells.p2_5}, {"p97_5", &cells.p97_5}};
            const char* descriptions[] = {
                "Mean across replicates",
                "Sample standard deviation across replicates (n - 1); NaN if one replicate",
                "Lower end of the 95% confidence interval for the mean (Student t); NaN if one replicate",
                "Upper end of the 95% confidence interval for the mean (Student t); NaN if one replicate",
                "2.5th percentile of the replicate values (linear interpolation, numpy's default)",
                "97.5th percentile of the replicate values (linear interpolation, numpy's default)"};
            for (std::size_t k = 0; k < std::size(statistics); ++k) {
                Handle dataset = create_array(group.get(), statistics[k].first, shape, shape);
                check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                               statistics[k].second->data()),
                      fmt::format("write /summary/{}/{}", measure, statistics[k].first));
                describe(dataset.get(), descriptions[k]);
                write_attribute(dataset.get(), "dims", "week,area,age_band");
            }
        }
    }
    write_attribute(file.get(), "finished_utc", utc_now());
    write_attribute(file.get(), "status", "complete");
    check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush " + name);
    // With H5F_CLOSE_SEMI this fails, rather than deferring the close, if anything is still open.
    check(H5Fclose(file.release()), "close " + name);
}

// [SECTION] Reading back

bool is_results_file(const std::filesystem::path& path) {
    silence_hdf5_errors();
    if (H5Fis_hdf5(path.c_str()) <= 0) {
        hdf5_reason();
        return false;
    }
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, file_access().get());
    if (id < 0) {
        hdf5_reason();
        return false;
    }
    Handle file(id, H5Fclose, "open " + path.string());
    const bool ours = H5Aexists(file.get(), "format") > 0 && read_string_attribute(file.get(), "format") == format_name;
    hdf5_reason();
    return ours;
}

StoredResults read_results(const std::filesystem::path& path) {
    silence_hdf5_errors();
    const std::string name = path.string();
    const hid_t id = H5Fopen(name.c_str(), H5F_ACC_RDONLY, file_access().get());
    if (id < 0) throw std::runtime_error(fmt::format("cannot open results file {}: {}", name, open_reason(path)));
    Handle file(id, H5Fclose, "open " + name);
    const hid_t f = file.get();
    if (H5Aexists(f, "format") <= 0 || read_string_attribute(f, "format") != format_name)
        throw std::runtime_error(fmt::format("{} is not a vrusim results file", name));

    StoredResults stored;
    ResultsMetadata& meta = stored.meta;
    meta.scenario_name = read_string_attribute(f, "scenario_name");
    meta.resolved_yaml = read_string(f, "scenario/resolved_yaml");
    meta.source_text = read_string(f, "scenario/source");
    meta.seed = read_attribute<std::uint64_t>(f, "seed");
    meta.replicates = read_attribute<std::int32_t>(f, "replicates");
    meta.weeks = read_attribute<std::int32_t>(f, "weeks");
    meta.burn_in_weeks = read_attribute<std::int32_t>(f, "burn_in_weeks");
    meta.start_year = read_attribute<std::int32_t>(f, "start_year");
    meta.agents = read_attribute<std::uint32_t>(f, "agents");
    meta.population_10_24 = read_attribute<double>(f, "population_10_24");
    meta.population_all_ages = read_attribute<double>(f, "population_all_ages");
    meta.scale = read_attribute<double>(f, "scale");
    meta.area_names = read_strings(f, "dims/area");
    meta.scenario_hash = read_attribute<std::uint64_t>(f, "scenario_hash");
    stored.status = read_string_attribute(f, "status");
    stored.vrusim_version = read_string_attribute(f, "vrusim_version");
    stored.created_utc = read_string_attribute(f, "created_utc");
    stored.weeks = meta.weeks;
    stored.areas = static_cast<int>(meta.area_names.size());
    stored.bands = static_cast<int>(read_strings(f, "dims/age_band").size());

    const auto done = read_vector<std::uint8_t>(f, "replicates/done");
    for (std::size_t r = 0; r < done.size(); ++r)
        if (done[r]) stored.replicates_done.push_back(static_cast<int>(r));
    Handle replicates = open_group(f, "replicates");
    stored.values.resize(static_cast<std::size_t>(measure_count));
    for (int m = 0; m < measure_count; ++m) {
        const std::string measure(measure_info()[static_cast<std::size_t>(m)].name);
        if (has_link(replicates.get(), measure))
            stored.values[static_cast<std::size_t>(m)] = read_vector<double>(replicates.get(), measure);
    }
    return stored;
}

SummaryCells read_summary(const std::filesystem::path& path, Measure measure) {
    silence_hdf5_errors();
    const std::string name = path.string();
    const hid_t id = H5Fopen(name.c_str(), H5F_ACC_RDONLY, file_access().get());
    if (id < 0) throw std::runtime_error(fmt::format("cannot open results file {}: {}", name, open_reason(path)));
    Handle file(id, H5Fclose, "open " + name);
    const std::string group_name = fmt::format("summary/{}", info(measure).name);
    if (!has_link(file.get(), "summary") || !has_link(file.get(), group_name))
        throw std::runtime_error(fmt::format("{} has no /{} (is the run complete?)", name, group_name));
    Handle group = open_group(file.get(), group_name);
    SummaryCells cells;
    cells.n = read_attribute<std::int32_t>(file.get(), "replicates");
    cells.mean = read_vector<double>(group.get(), "mean");
    cells.sd = read_vector<double>(group.get(), "sd");
    cells.ci95_low = read_vector<double>(group.get(), "ci95_low");
    cells.ci95_high = read_vector<double>(group.get(), "ci95_high");
    cells.p2_5 = read_vector<double>(group.get(), "p2_5");
    cells.p97_5 = read_vector<double>(group.get(), "p97_5");
    return cells;
}

}  // namespace vrusim::io
