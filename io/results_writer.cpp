// Index:
// [SECTION] Writing helpers
// [SECTION] ResultsWriter
// (HDF5 helpers: io/hdf5_helpers.hpp; reading back: io/results_reader.cpp)
#include "results_writer.hpp"

#include "child_probe.hpp"
#include "scenario_diff.hpp"

#include <hdf5.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vrusim/source_hash.hpp>
#include <vrusim/version.hpp>

#include "hdf5_helpers.hpp"
#include "output_file.hpp"
#include "results_exports.hpp"
#include "results_exports_hdf5.hpp"
#include "results_programme.hpp"

namespace vrusim::io {

namespace {

// [SECTION] Writing helpers

using namespace hdf5;

std::string utc_now() {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
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
    write_attribute(file, "vrusim_source", vrusim::source_hash);
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
    write_attribute(file, "measure_set", measure_set_name(meta.measure_set));
    write_export_attributes(file, meta.exports);

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
    for (const auto& m : measure_info(meta.measure_set)) measure_names.emplace_back(m.name);
    write_strings(dims.get(), "measure", measure_names, false);
    describe(dims.get(), "measure", "Names of the measure datasets in /replicates and /summary");

    Handle replicates = create_group(file, "replicates");
    const auto r = static_cast<std::size_t>(meta.replicates);
    write_vector(replicates.get(), "done", std::vector<std::uint8_t>(r, 0));
    describe(replicates.get(), "done", "1 once the replicate's values are stored, else 0");
    write_vector(replicates.get(), "agents", std::vector<std::uint32_t>(r, 0));
    describe(replicates.get(), "agents", "Simulated agents at the start of the replicate");
    write_vector(replicates.get(), "seconds", std::vector<double>(r, 0.0));
    describe(replicates.get(), "seconds", "Wall-clock time of the replicate, seconds; in a run of several scenarios, its own reported weeks plus an equal share of the burn-in it shared (docs/batch.md)");
    write_vector(replicates.get(), "state_hash", std::vector<std::uint64_t>(r, 0));
    describe(replicates.get(), "state_hash", "Hash of the final agent state, for reproducibility checks");
    const std::vector<hsize_t> shape = {r, static_cast<hsize_t>(meta.weeks), meta.area_names.size(),
                                        static_cast<hsize_t>(age_band_count)};
    std::vector<hsize_t> chunk = shape;
    chunk[0] = 1;
    for (const auto& m : measure_info(meta.measure_set)) {
        Handle dataset = create_array(replicates.get(), std::string(m.name), shape, chunk, storage);
        write_measure_attributes(dataset.get(), m, "replicate,week,area,age_band");
    }
    create_programme_group(file, meta);
}

// Lists every way the file differs from this run, so one refusal names all of them.
void check_same_run(hid_t file, const ResultsMetadata& meta, const std::filesystem::path& path) {
    if (H5Aexists(file, "format") <= 0 || read_string_attribute(file, "format") != format_name)
        throw OutputPathError(fmt::format("cannot resume {}: not a vrusim results file", path.string()));
    std::vector<std::string> differences;
    // When the changed scenario keys are named, the run settings that come from them (seed,
    // replicates, weeks, scale, burn-in) are not named a second time.
    bool keys_named = false;
    auto compare = [&](const char* what, auto stored, auto now, bool from_scenario = false) {
        if (stored != now && !(from_scenario && keys_named))
            differences.push_back(fmt::format("{} {} in the file, {} now", what, stored, now));
    };
    const auto stored_hash = read_attribute<std::uint64_t>(file, "scenario_hash");
    if (stored_hash != meta.scenario_hash) {
        // Name the keys that changed (the first few), not only the hash.
        const auto keys = scenario_differences(read_string(file, "scenario/resolved_yaml"), meta.resolved_yaml);
        constexpr std::size_t shown = 5;
        std::string which;
        for (std::size_t i = 0; i < std::min(keys.size(), shown); ++i) which += (i ? ", " : "") + keys[i];
        if (keys.size() > shown) which += fmt::format(" and {} more", keys.size() - shown);
        differences.push_back(which.empty()
                                  ? fmt::format("scenario_hash {} in the file, {} now (the resolved scenario, or a "
                                                "file it reads such as an edge list, differs)",
                                                stored_hash, meta.scenario_hash)
                                  : fmt::format("the scenario: {}", which));
        keys_named = !which.empty();
    }
    compare("seed", read_attribute<std::uint64_t>(file, "seed"), meta.seed, true);
    compare("replicates", read_attribute<std::int32_t>(file, "replicates"), meta.replicates, true);
    compare("weeks", read_attribute<std::int32_t>(file, "weeks"), meta.weeks, true);
    compare("areas", read_strings(file, "dims/area").size(), meta.area_names.size(), true);
    compare("population.scale", read_attribute<double>(file, "scale"), meta.scale, true);
    compare("run.burn_in_weeks", read_attribute<std::int32_t>(file, "burn_in_weeks"), meta.burn_in_weeks, true);
    compare("vrusim_version", read_string_attribute(file, "vrusim_version"), std::string(vrusim::version));
    // One version built from other model sources is another model: its replicates and this build's
    // would be mixed in one file (a file without the hash is from before 0.6.1, or damaged).
    const std::string stored_source =
        H5Aexists(file, "vrusim_source") > 0 ? read_string_attribute(file, "vrusim_source") : std::string("(none)");
    compare("vrusim_source", stored_source, std::string(vrusim::source_hash));
    compare("format_version", read_attribute<std::int32_t>(file, "format_version"), format_version);
    const std::string stored_set =
        H5Aexists(file, "measure_set") > 0 ? read_string_attribute(file, "measure_set") : std::string("model");
    compare("measure_set", stored_set, std::string(measure_set_name(meta.measure_set)));
    if (const auto exports = export_difference(read_export_attributes(file), meta.exports); !exports.empty())
        differences.push_back(exports);
    if (!differences.empty())
        throw OutputPathError(fmt::format(
            "cannot resume {}: it was written by a different run ({}); to start this run again, delete it (its "
            "replicates are lost) and run without --resume, or write to another file",
            path.string(), fmt::join(differences, "; ")));
    // The attributes agree; the datasets the run will read and write must have this run's shape
    // (a damaged file can claim any).
    const auto replicates = static_cast<hsize_t>(meta.replicates);
    auto expect_shape = [&](const std::string& name, const std::vector<hsize_t>& want) {
        Handle dataset = open_dataset(file, name);
        if (dataset_dims(dataset.get()) != want)
            throw OutputPathError(fmt::format("cannot resume {}: it is damaged ({} does not have this run's shape); "
                                              "delete it and run again without resume", path.string(), name));
    };
    for (const char* name : {"replicates/done", "replicates/agents", "replicates/seconds", "replicates/state_hash"})
        expect_shape(name, {replicates});
    const std::vector<hsize_t> cube = {replicates, static_cast<hsize_t>(meta.weeks),
                                       static_cast<hsize_t>(meta.area_names.size()),
                                       static_cast<hsize_t>(age_band_count)};
    for (const auto& m : measure_info(meta.measure_set)) expect_shape("replicates/" + std::string(m.name), cube);
    // The finished replicates' values must be what a run writes, counts and stocks: finite and not
    // negative. A damaged or edited work file can hold anything, and a resume would pass it off as
    // results (the summary would carry an infinity, or the printed table drop the replicate).
    const auto done = read_vector<std::uint8_t>(file, "replicates/done");
    const std::size_t cells = cube[1] * cube[2] * cube[3];
    for (const auto& m : measure_info(meta.measure_set)) {
        const auto values = read_vector<double>(file, "replicates/" + std::string(m.name));
        for (std::size_t r = 0; r < done.size(); ++r) {
            if (!done[r]) continue;
            for (std::size_t i = r * cells; i < (r + 1) * cells; ++i)
                if (!(std::isfinite(values[i]) && values[i] >= 0))
                    throw OutputPathError(fmt::format(
                        "cannot resume {}: it is damaged (finished replicate {} holds {} in {}, which no run writes); "
                        "delete it and run again without resume", path.string(), r, values[i], m.name));
        }
    }
}

// HDF5 1.10 can read out of bounds, or crash, on some damaged files (libFuzzer found one in its
// global heap, behind a variable-length string). A resume therefore first reads what it will read
// (the attributes, the datasets' shapes, the finished replicates) in a child process: if the child
// crashes or fails, the file is refused as damaged and this process never parses it.
bool readable_in_child(const std::string& name, const ResultsMetadata& meta, const std::filesystem::path& path) {
    return succeeds_in_child([&] {
        try {
            const hid_t id = H5Fopen(name.c_str(), H5F_ACC_RDONLY, file_access().get());
            if (id < 0) return;  // the parent says why it cannot open it
            Handle file(id, H5Fclose, "open " + name);
            check_same_run(file.get(), meta, path);
            (void)read_vector<std::uint8_t>(file.get(), "replicates/done");
        } catch (const OutputPathError&) {
            // A refusal the parent will make itself, with its message.
        }
    });
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

const char* model_source_hash() { return vrusim::source_hash; }

bool is_complete_results_of(const std::filesystem::path& file, const ResultsMetadata& meta) {
    if (!is_complete_results_file(file)) return false;
    const StoredResults stored = read_results(file);
    return stored.meta.scenario_hash == meta.scenario_hash && stored.vrusim_source == vrusim::source_hash;
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
    if (meta_.exports.any()) {
        if (const auto problem = exports_work_dir_problem(out_); !problem.empty()) {
            std::error_code ignored;
            if (!resume) std::filesystem::remove(partial_, ignored);  // made by the lock just now, empty
            throw OutputPathError(problem);
        }
    }
    // A new work file: exports waiting from an earlier one (deleted to start again) are stale.
    if (!resume) clear_exports_work_dir(out_);
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
    if (!readable_in_child(name, meta_, partial_))
        throw OutputPathError(fmt::format(
            "cannot resume: {} is damaged (reading it failed); delete it and run again without resume", name));
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
    for (std::size_t r = 0; r < done.size(); ++r) {
        if (!done[r]) continue;
        const int rep = static_cast<int>(r);
        // A replicate whose export file is missing or damaged runs again (it overwrites its values).
        if (meta_.exports.any() &&
            !read_exports_work_file(exports_work_file(out_, rep), rep, meta_.scenario_hash))
            continue;
        completed.push_back(rep);
    }
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
    if (cube.set() != meta_.measure_set)
        throw std::runtime_error(fmt::format("results: replicate {} holds the {} measures, the file the {} measures", rep,
                                             measure_set_name(cube.set()), measure_set_name(meta_.measure_set)));
    if (cube.weeks() != meta_.weeks || cube.areas() != static_cast<int>(meta_.area_names.size()))
        throw std::runtime_error(fmt::format("results: replicate {} has {} weeks x {} areas, the file {} x {}", rep,
                                             cube.weeks(), cube.areas(), meta_.weeks, meta_.area_names.size()));

    Handle replicates = open_group(file_, "replicates");
    const auto index = static_cast<hsize_t>(rep);
    std::vector<double> row;
    const auto table = measure_info(meta_.measure_set);
    for (int m = 0; m < static_cast<int>(table.size()); ++m) {
        const auto counts = cube.measure(m);
        const double per_count = table[static_cast<std::size_t>(m)].per_count;
        row.resize(counts.size());
        // Counts are of simulated agents; the file holds the population they represent.
        std::transform(counts.begin(), counts.end(), row.begin(),
                       [&](MeasureCount c) { return static_cast<double>(c) * per_count / meta_.scale; });
        const std::string name(table[static_cast<std::size_t>(m)].name);
        Handle dataset = open_dataset(replicates.get(), name);
        write_row(dataset.get(), index, row, name);
    }
    write_programme_replicate(file_, meta_, rep, result.programme);
    if (meta_.exports.any()) {
        if (!result.exports) throw std::logic_error(fmt::format("results: replicate {} has no export", rep));
        // Whole on disk before the replicate is marked done (a temporary, fsync, rename).
        std::error_code ec;
        if (!std::filesystem::create_directory(exports_work_dir(out_), ec) && ec)
            throw std::runtime_error(fmt::format("cannot make {}: {}", exports_work_dir(out_).string(), ec.message()));
        write_whole_file(exports_work_file(out_, rep), encode_exports(*result.exports, rep, meta_.scenario_hash));
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
    clear_exports_work_dir(out_);
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
        copy_programme_replicates(file_, file.get());

        Handle summary = create_group(file.get(), "summary");
        const double t_975 = student_t_quantile(0.975, meta_.replicates - 1);
        write_attribute(summary.get(), "n_replicates", std::int32_t{meta_.replicates});
        write_attribute(summary.get(), "t_critical", t_975);
        describe(summary.get(), "Across-replicate statistics of each cell of /replicates/<measure>; "
                                "t_critical is Student's t(0.975, n_replicates - 1) used for ci95");
        const std::vector<hsize_t> shape = {static_cast<hsize_t>(meta_.weeks), meta_.area_names.size(),
                                            static_cast<hsize_t>(age_band_count)};
        for (const auto& m : measure_info(meta_.measure_set)) {
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
    export_cut_ = write_exports_group(file.get(), meta_.exports, meta_.replicates, [&](int r) {
        auto tables = read_exports_work_file(exports_work_file(out_, r), r, meta_.scenario_hash);
        if (!tables)
            throw std::runtime_error(fmt::format("the export of replicate {} ({}) is missing or damaged; continue "
                                                 "with --resume to run that replicate again",
                                                 r, exports_work_file(out_, r).string()));
        return std::move(*tables);
    }, stop_check_);
    write_attribute(file.get(), "finished_utc", utc_now());
    write_attribute(file.get(), "status", "complete");
    check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flush " + name);
    // With H5F_CLOSE_SEMI this fails, rather than deferring the close, if anything is still open.
    check(H5Fclose(file.release()), "close " + name);
}

}  // namespace vrusim::io
