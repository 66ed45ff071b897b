#pragma once
// Small RAII and typed helpers over HDF5's C API, shared by the results writer and reader
// (io/results_writer.cpp, io/results_reader.cpp); not part of the io library's interface.
#include <hdf5.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace vrusim::io::hdf5 {

inline constexpr const char* format_name = "vrusim-results";
inline constexpr int format_version = 1;
inline constexpr int deflate_level = 4;

/// The most specific message on HDF5's error stack, then clears it. A failed write by HDF5's
/// POSIX driver ends with "errno = 28, error message = 'No space left on device'": that reason
/// is what the user needs.
inline std::string hdf5_reason() {
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

inline std::string failure(std::string_view what) {
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

inline void check(herr_t status, std::string_view what) {
    if (status < 0) throw std::runtime_error(failure(what));
}

/// How every results file is opened: HDF5's own file lock is off, because the writer holds its
/// own lock on the work file (WorkFileLock) and two locks on one file from one process would
/// collide; and closing the file fails while any object in it is still open (H5F_CLOSE_SEMI), so
/// a close can never be deferred past the rename with its errors unseen.
inline Handle file_access() {
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
inline void silence_hdf5_errors() {
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
inline Handle utf8_type() {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
    check(H5Tset_size(type.get(), H5T_VARIABLE), "make a variable-length string type");
    check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "set UTF-8 on the string type");
    return type;
}

inline Handle scalar_space() { return {H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace"}; }

inline Handle simple_space(const std::vector<hsize_t>& dims) {
    return {H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, "create a dataspace"};
}

inline Handle open_group(hid_t loc, const std::string& name) {
    return {H5Gopen2(loc, name.c_str(), H5P_DEFAULT), H5Gclose, "open group " + name};
}

inline Handle create_group(hid_t loc, const std::string& name) {
    return {H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create group " + name};
}

inline Handle open_dataset(hid_t loc, const std::string& name) {
    return {H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name};
}

inline bool has_link(hid_t loc, const std::string& name) { return H5Lexists(loc, name.c_str(), H5P_DEFAULT) > 0; }

inline std::vector<hsize_t> dataset_dims(hid_t dataset) {
    Handle space(H5Dget_space(dataset), H5Sclose, "get a dataset's dataspace");
    const int rank = H5Sget_simple_extent_ndims(space.get());
    check(rank, "get a dataset's rank");
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "get a dataset's dimensions");
    return dims;
}

/// Elements in a dataset of these dimensions. A damaged file can claim any size: more than 2^31
/// elements (far above any vrusim file) is refused rather than allocated.
inline std::size_t element_count(const std::vector<hsize_t>& dims, const std::string& name) {
    constexpr hsize_t most = hsize_t{1} << 31;
    hsize_t count = 1;
    for (hsize_t d : dims) {
        if (d != 0 && count > most / d) throw std::runtime_error("dataset " + name + " claims an implausible size (damaged file?)");
        count *= d;
    }
    if (count > most) throw std::runtime_error("dataset " + name + " claims an implausible size (damaged file?)");
    return static_cast<std::size_t>(count);
}

// Attributes are rewritten by deleting first: HDF5 cannot change an attribute's type in place.
inline Handle fresh_attribute(hid_t obj, const char* name, hid_t type) {
    if (H5Aexists(obj, name) > 0) check(H5Adelete(obj, name), fmt::format("replace attribute {}", name));
    return {H5Acreate2(obj, name, type, scalar_space().get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
            fmt::format("create attribute {}", name)};
}

template <class T>
void write_attribute(hid_t obj, const char* name, T value) {
    Handle attribute = fresh_attribute(obj, name, native_type<T>());
    check(H5Awrite(attribute.get(), native_type<T>(), &value), fmt::format("write attribute {}", name));
}

inline void write_attribute(hid_t obj, const char* name, const std::string& text) {
    Handle type = utf8_type();
    Handle attribute = fresh_attribute(obj, name, type.get());
    const char* chars = text.c_str();
    check(H5Awrite(attribute.get(), type.get(), &chars), fmt::format("write attribute {}", name));
}

inline void write_attribute(hid_t obj, const char* name, const char* text) { write_attribute(obj, name, std::string(text)); }

inline void write_attribute(hid_t obj, const char* name, std::string_view text) {
    write_attribute(obj, name, std::string(text));
}

inline Handle open_attribute(hid_t obj, const char* name) {
    return {H5Aopen(obj, name, H5P_DEFAULT), H5Aclose, fmt::format("open attribute {}", name)};
}

template <class T>
T read_attribute(hid_t obj, const char* name) {
    Handle attribute = open_attribute(obj, name);
    T value{};
    check(H5Aread(attribute.get(), native_type<T>(), &value), fmt::format("read attribute {}", name));
    return value;
}

inline std::string read_string_attribute(hid_t obj, const char* name) {
    Handle attribute = open_attribute(obj, name);
    Handle type = utf8_type();
    char* chars = nullptr;
    check(H5Aread(attribute.get(), type.get(), &chars), fmt::format("read attribute {}", name));
    std::string text = chars ? chars : "";
    H5free_memory(chars);
    return text;
}

inline void write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& texts, bool scalar) {
    Handle type = utf8_type();
    Handle space = scalar ? scalar_space() : simple_space({texts.size()});
    Handle dataset(H5Dcreate2(loc, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Dclose, "create dataset " + name);
    std::vector<const char*> chars;
    for (const auto& text : texts) chars.push_back(text.c_str());
    check(H5Dwrite(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, chars.data()), "write dataset " + name);
}

inline void write_string(hid_t loc, const std::string& name, const std::string& text) { write_strings(loc, name, {text}, true); }

inline std::vector<std::string> read_strings(hid_t loc, const std::string& name) {
    Handle dataset = open_dataset(loc, name);
    Handle space(H5Dget_space(dataset.get()), H5Sclose, "get the dataspace of " + name);
    const hssize_t count = H5Sget_simple_extent_npoints(space.get());
    check(static_cast<herr_t>(count < 0 ? -1 : 0), "count the strings of " + name);
    element_count({static_cast<hsize_t>(count)}, name);  // refuses an implausible count
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

inline std::string read_string(hid_t loc, const std::string& name) {
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
    std::vector<T> values(element_count(dataset_dims(dataset.get()), name));
    check(H5Dread(dataset.get(), native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read dataset " + name);
    return values;
}

/// How a float64 array is stored: `compressed` (shuffled and deflated in chunks, for finished
/// files: counts scaled by a constant compress well) or `reserved` (contiguous, its whole space
/// allocated and filled when it is created, for the work file: writing a replicate later then
/// only overwrites bytes already on disk, so a full disk can stop a run at its start but can
/// never damage the replicates already stored).
enum class Storage { compressed, reserved };

inline Handle create_array(hid_t loc, const std::string& name, const std::vector<hsize_t>& dims,
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
    if (count.empty() || index >= count[0])
        throw std::runtime_error(fmt::format("{} has no row {} (damaged file?)", name, index));
    std::vector<hsize_t> start(count.size(), 0);
    start[0] = index;
    count[0] = 1;
    // HDF5 reads as many values as the row holds in the file: never more than `row` has.
    if (element_count(count, std::string(name)) != row.size())
        throw std::runtime_error(fmt::format("{} has rows of another size than this run's (damaged file?)", name));
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

}  // namespace vrusim::io::hdf5
