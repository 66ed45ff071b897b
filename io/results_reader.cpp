// Reading results files back (complete or partial): for the command line's tables, drift checks,
// scenario comparisons and the tests. Written by io/results_writer.cpp.
#include <fmt/core.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "child_probe.hpp"
#include "hdf5_helpers.hpp"
#include "results_exports_hdf5.hpp"
#include "results_programme.hpp"
#include "results_writer.hpp"
#include "scenario_diff.hpp"

namespace vrusim::io {

namespace {

using namespace hdf5;

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

/// Refuses anything but a regular file before HDF5 opens it: a pipe would block the open for
/// ever, and a device or directory is no results file.
void require_regular_file(const std::filesystem::path& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        throw std::runtime_error(fmt::format("cannot open results file {}: {}", path.string(),
                                             std::filesystem::is_directory(status) ? "it is a directory"
                                                                                   : "it is not a regular file"));
}

bool looks_like_results_file(const std::filesystem::path& path) {
    silence_hdf5_errors();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
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

StoredResults read_contents(hid_t f);

StoredResults read_here(const std::filesystem::path& path) {
    silence_hdf5_errors();
    require_regular_file(path);
    const std::string name = path.string();
    const hid_t id = H5Fopen(name.c_str(), H5F_ACC_RDONLY, file_access().get());
    if (id < 0) throw std::runtime_error(fmt::format("cannot open results file {}: {}", name, open_reason(path)));
    Handle file(id, H5Fclose, "open " + name);
    const hid_t f = file.get();
    if (H5Aexists(f, "format") <= 0 || read_string_attribute(f, "format") != format_name)
        throw std::runtime_error(fmt::format("{} is not a vrusim results file", name));
    if (H5Aexists(f, "format_version") > 0) {
        const auto version = read_attribute<std::int32_t>(f, "format_version");
        if (version > format_version)
            throw std::runtime_error(fmt::format("{} was written in results format {} by a newer vrusim; this one reads "
                                                 "format {} and older", name, version, format_version));
    }
    // Past the format check, a failure to read is damage, said in those words with HDF5's reason.
    try {
        return read_contents(f);
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("{} is damaged or incomplete: {}", name, e.what()));
    }
}

StoredResults read_contents(hid_t f) {

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
    // Files written before the verification mode have no measure_set: they hold the model's.
    if (H5Aexists(f, "measure_set") > 0 && read_string_attribute(f, "measure_set") == "verification")
        meta.measure_set = MeasureSet::verification;
    meta.exports = read_export_attributes(f);
    stored.status = read_string_attribute(f, "status");
    stored.vrusim_version = read_string_attribute(f, "vrusim_version");
    // Files written before 0.6.1 do not record the hash of the model's sources.
    if (H5Aexists(f, "vrusim_source") > 0) stored.vrusim_source = read_string_attribute(f, "vrusim_source");
    stored.created_utc = read_string_attribute(f, "created_utc");
    stored.weeks = meta.weeks;
    stored.areas = static_cast<int>(meta.area_names.size());
    stored.bands = static_cast<int>(read_strings(f, "dims/age_band").size());

    const auto done = read_vector<std::uint8_t>(f, "replicates/done");
    for (std::size_t r = 0; r < done.size(); ++r)
        if (done[r]) stored.replicates_done.push_back(static_cast<int>(r));
    Handle replicates = open_group(f, "replicates");
    const auto table = measure_info(meta.measure_set);
    stored.values.resize(table.size());
    for (std::size_t m = 0; m < table.size(); ++m) {
        const std::string measure(table[m].name);
        if (has_link(replicates.get(), measure))
            stored.values[m] = read_vector<double>(replicates.get(), measure);
    }
    stored.programme = read_programme(f);
    meta.intervention_names = stored.programme.interventions;
    return stored;
}

SummaryCells read_summary_here(const std::filesystem::path& path, Measure measure) {
    silence_hdf5_errors();
    require_regular_file(path);
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

// A finished run's file, whole: status complete, every replicate done, every dataset readable,
// the summary there. Only such a file may be replaced by a new run.
bool complete_here(const std::filesystem::path& path) {
    const StoredResults stored = read_here(path);
    if (stored.status != "complete" || static_cast<int>(stored.replicates_done.size()) != stored.meta.replicates)
        return false;
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, file_access().get());
    if (id < 0) return false;
    Handle file(id, H5Fclose, "open " + path.string());
    return has_link(file.get(), "summary");
}

// A damaged file can crash HDF5 itself (child_probe.hpp): `read` runs in a child first, and only
// if the child survives does it run here. Errors it reports (a missing file, not a results file)
// are this process's to report, with their messages.
template <class Read>
auto read_after_probe(const std::filesystem::path& path, const Read& read) {
    const bool survived = succeeds_in_child([&] {
        try {
            (void)read();
        } catch (const std::exception&) {
        }
    });
    if (!survived)
        throw std::runtime_error(fmt::format("{} is damaged: reading it failed (HDF5 could not read its contents)",
                                             path.string()));
    return read();
}

}  // namespace

bool is_complete_results_file(const std::filesystem::path& path) {
    // Read in full in a child (a damaged file can crash HDF5); the child's answer is the exit code.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    return succeeds_in_child([&] {
        if (!complete_here(path)) throw std::runtime_error("not complete");
    });
}

bool is_results_file(const std::filesystem::path& path) {
    // Any file a user names may be damaged HDF5: a file that crashes the check is not ours.
    if (!succeeds_in_child([&] { (void)looks_like_results_file(path); })) return false;
    return looks_like_results_file(path);
}

StoredResults read_results(const std::filesystem::path& path) {
    return read_after_probe(path, [&] { return read_here(path); });
}

SummaryCells read_summary(const std::filesystem::path& path, Measure measure) {
    return read_after_probe(path, [&] { return read_summary_here(path, measure); });
}

std::vector<std::string> pooling_conflicts(const StoredResults& a, const StoredResults& b, std::string_view a_label,
                                           std::string_view b_label) {
    std::vector<std::string> out;
    if (a.vrusim_version != b.vrusim_version)
        out.push_back(fmt::format("written by vrusim {} ({}) and {} ({})", a.vrusim_version, a_label, b.vrusim_version,
                                  b_label));
    else if (a.vrusim_source != b.vrusim_source)  // one version, built from different model sources
        out.push_back(fmt::format("built from different model sources (source hash {} in {}, {} in {})",
                                  a.vrusim_source.empty() ? "not recorded" : a.vrusim_source, a_label,
                                  b.vrusim_source.empty() ? "not recorded" : b.vrusim_source, b_label));
    // The seed and the replicate count may differ, and so may the name and description (labels,
    // not model settings).
    const auto in_a = fmt::format("in {}", a_label), in_b = fmt::format("in {}", b_label);
    const auto differences = scenario_differences(a.meta.resolved_yaml, b.meta.resolved_yaml, in_a, in_b);
    for (const auto& d : differences)
        if (!d.starts_with("run.seed:") && !d.starts_with("run.replicates:") && !d.starts_with("name:") &&
            !d.starts_with("description:"))
            out.push_back(d);
    // A stored scenario that cannot be read (a damaged file) shows no differing key: say so.
    for (const auto* run : {&a, &b})
        if (!scenario_readable(run->meta.resolved_yaml))
            out.push_back(fmt::format("the stored scenario of {}, which cannot be read as YAML (is the file damaged?)",
                                      run == &a ? a_label : b_label));
    // The set-up recorded beside the scenario, each difference named.
    auto setup = [&](std::string_view what, const auto& x, const auto& y) {
        if (x != y) out.push_back(fmt::format("{}: {} in {}, {} in {}", what, x, a_label, y, b_label));
    };
    setup("population.scale (attribute)", a.meta.scale, b.meta.scale);
    setup("run.weeks (attribute)", a.meta.weeks, b.meta.weeks);
    setup("run.burn_in_weeks (attribute)", a.meta.burn_in_weeks, b.meta.burn_in_weeks);
    setup("area names (dims/area)", fmt::format("{}", fmt::join(a.meta.area_names, ", ")),
          fmt::format("{}", fmt::join(b.meta.area_names, ", ")));
    if (a.meta.seed == b.meta.seed)
        out.push_back(fmt::format("the same seed, {}: the same replicates twice (give runs with different seeds, "
                                  "--set run.seed=N)",
                                  a.meta.seed));
    return out;
}

std::vector<ReplicateResult> stored_replicates(const StoredResults& results) {
    const auto& meta = results.meta;
    const int areas = static_cast<int>(meta.area_names.size());
    std::vector<ReplicateResult> out(static_cast<std::size_t>(meta.replicates));
    for (int r = 0; r < meta.replicates; ++r) {
        auto& cube = out[static_cast<std::size_t>(r)].measures = MeasureCube(meta.weeks, areas);
        for (int m = 0; m < measure_count; ++m) {
            const auto& values = results.values[static_cast<std::size_t>(m)];
            if (values.empty()) continue;
            const double per_count = info(static_cast<Measure>(m)).per_count;
            const std::size_t cells = static_cast<std::size_t>(meta.weeks) * areas * age_band_count;
            for (std::size_t i = 0; i < cells; ++i) {
                const double v = values[static_cast<std::size_t>(r) * cells + i];
                const auto w = static_cast<int>(i / (static_cast<std::size_t>(areas) * age_band_count));
                const auto a = static_cast<int>(i / age_band_count % static_cast<std::size_t>(areas));
                cube.at(static_cast<Measure>(m), w, a, static_cast<int>(i % age_band_count)) =
                    static_cast<MeasureCount>(std::llround(v * meta.scale / per_count));
            }
        }
    }
    return out;
}

}  // namespace vrusim::io
