#pragma once
/// HDF5 results: one file per scenario run, written replicate by replicate, resumable, read back.
///
/// The layout is documented in docs/outputs.md. While a run is under way the file is OUT.partial
/// with status "running"; only finish() writes the summary, sets status "complete" and renames it
/// to OUT, so an interrupted run never leaves a file that looks finished.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/results_exports.hpp"
#include "sim/ensemble.hpp"
#include "sim/measures.hpp"
#include "sim/programme/funding.hpp"
#include "sim/summary.hpp"

namespace vrusim::io {

class WorkFileLock;

/// What the command line knows about a run; stored as root attributes and /scenario, /dims.
struct ResultsMetadata {
    std::string scenario_name;
    std::string resolved_yaml;     ///< the full resolved scenario
    std::string source_text;       ///< the scenario files as written
    std::uint64_t seed = 1;
    int replicates = 0;
    int weeks = 0;                 ///< reported weeks (burn-in excluded)
    int burn_in_weeks = 0;
    int start_year = 0;
    std::uint32_t agents = 0;      ///< simulated agents at start, per replicate
    double population_10_24 = 0;   ///< represented people aged 10-24
    double population_all_ages = 0;
    double scale = 1;              ///< share of the represented population simulated
    std::vector<std::string> area_names;
    std::uint64_t scenario_hash = 0;  ///< hash_text(resolved_yaml); a resume must match it
    MeasureSet measure_set = MeasureSet::model;  ///< which measures the file holds (the model's or the verification mode's)
    std::vector<std::string> intervention_names;  ///< the programme's interventions, in scenario order
    FundingPlan funding;           ///< the funding plan; no years = no programme/ group (verification mode)
    ExportOptions exports;         ///< events and network to export (/exports; `vrusim run --export`)
};

/// A results file's programme/ group read back (docs/outputs.md); empty if the file has none.
struct StoredProgramme {
    std::vector<std::string> interventions;
    std::vector<std::string> financial_years;  ///< "2024-25", ...
    bool funding_enabled = false;
    int replicates = 0;
    std::vector<double> reached;  ///< [replicate][financial_year][intervention][age_group], people; NaN if not done
    std::vector<double> spend;    ///< [replicate][financial_year][intervention], pounds; NaN if not done
    /// programme/funding/<item> [financial_year], pounds, by item name (grant, match, ...).
    std::vector<std::pair<std::string, std::vector<double>>> funding;
    /// Grant conditions [financial_year][condition], conditions named in condition_names.
    std::vector<std::string> condition_names;
    std::vector<double> condition_value, condition_required;
    std::vector<std::uint8_t> condition_applies, condition_pass;

    int years() const { return static_cast<int>(financial_years.size()); }
    int count() const { return static_cast<int>(interventions.size()); }
    double spend_at(int r, int y, int i) const {
        return spend[(static_cast<std::size_t>(r) * years() + y) * count() + i];
    }
    double reached_at(int r, int y, int i, int g) const {
        return reached[((static_cast<std::size_t>(r) * years() + y) * count() + i) * programme_age_groups.size() + g];
    }
    const std::vector<double>* funding_item(std::string_view name) const {
        for (const auto& [n, v] : funding)
            if (n == name) return &v;
        return nullptr;
    }
};

/// The programme/ group a results file of this run holds, built in memory from the metadata's
/// funding plan and the replicates' tallies (in any order; replicate numbers 0..n-1): what
/// read_results gives back from the file, for the explorer's runs that have no file.
StoredProgramme programme_record(const ResultsMetadata& meta, std::span<const ReplicateResult> replicates);

/// FNV-1a 64-bit hash of `text`: stable across platforms and versions, for scenario_hash.
std::uint64_t hash_text(std::string_view text);

/// The work file of `out`: `out` with ".partial" appended.
std::filesystem::path partial_path(const std::filesystem::path& out);

/// Writes replicates into OUT.partial as they finish; finish() completes and renames the file.
class ResultsWriter final : public RunObserver {
public:
    /// Locks OUT.partial, then creates it, or with `resume` reopens it after checking it holds the
    /// same scenario (hash, seed, replicates, weeks, versions). Throws OutputPathError if another
    /// run holds the lock, if an interrupted run's work file is there and `resume` is false, or if
    /// a resume is refused; std::runtime_error for a failure of the file system.
    ResultsWriter(std::filesystem::path out, const ResultsMetadata& meta, bool resume);
    ~ResultsWriter() override;
    ResultsWriter(const ResultsWriter&) = delete;
    ResultsWriter& operator=(const ResultsWriter&) = delete;

    /// Replicates already stored in the file, ascending (with exports, only those whose export
    /// is whole in OUT.exports.partial/: the others run again).
    std::vector<int> completed_replicates() const;
    /// Stores this replicate's measures (count / scale) and, with exports, its export file, marks
    /// it done and flushes the file.
    void replicate_done(const ReplicateResult& result) override;
    /// Writes the finished file (compressed, with /summary and status "complete") as
    /// OUT.finishing, fsyncs it, renames it to OUT and fsyncs the directory, then removes
    /// OUT.partial. Throws if a replicate is missing or anything fails: OUT.finishing is then
    /// removed, OUT is not touched and OUT.partial, only ever read here, is left for a resume.
    void finish();
    /// Called while finishing, between replicates' exports (a long copy): a stop requested
    /// meanwhile throws from it, and finish() then leaves OUT untouched and OUT.partial for a resume.
    void set_stop_check(std::function<void()> check) { stop_check_ = std::move(check); }
    /// What the export limit cut, once finished (io/results_exports.hpp).
    const ExportCut& export_cut() const { return export_cut_; }

    /// The work file, OUT.partial.
    const std::filesystem::path& partial() const { return partial_; }

private:
    /// Writes the finished file (compressed replicates, summary, status "complete") at `path`.
    void write_finished_file(const std::filesystem::path& path) const;

    std::filesystem::path out_;
    std::filesystem::path partial_;
    ResultsMetadata meta_;
    std::unique_ptr<WorkFileLock> lock_;
    std::string resumed_utc_;  ///< when this writer resumed the work file; empty for a new run  // held on OUT.partial from before it is created until the rename
    std::int64_t file_ = -1;  // hid_t, kept out of this header so users need no HDF5 include
    std::function<void()> stop_check_;
    mutable ExportCut export_cut_;
};

/// A results file read back: for tests, the command line's tables and scenario comparisons.
struct StoredResults {
    ResultsMetadata meta;
    std::string status;          ///< "running" or "complete"
    std::string vrusim_version;  ///< of the program that created the file
    std::string vrusim_source;   ///< hash of its model's sources (sim/, io/); empty before 0.6.1
    std::string created_utc;
    std::vector<int> replicates_done;
    /// values[measure] = represented values [replicate][week][area][band] flattened, indexed as
    /// measure_info(meta.measure_set); NaN for replicates not done; empty if the file has no
    /// dataset for that measure.
    std::vector<std::vector<double>> values;
    int weeks = 0;
    int areas = 0;
    int bands = 0;
    StoredProgramme programme;
};

/// True if `file` is an HDF5 file with vrusim's format attribute (complete or partial).
bool is_results_file(const std::filesystem::path& file);
/// True if `file` is a whole finished results file (status complete, every replicate done, every
/// dataset readable, the summary present): the only kind of file a new run may replace.
bool is_complete_results_file(const std::filesystem::path& file);

/// True if `file` is a complete results file of the run `meta` describes (the same resolved
/// scenario) written by this build's model: what a resume of several scenarios keeps as done.
bool is_complete_results_of(const std::filesystem::path& file, const ResultsMetadata& meta);

/// The hash of this build's model sources (sim/, io/) that results files record as vrusim_source.
const char* model_source_hash();

/// Reads a results file (complete or partial); throws std::runtime_error if it is not one.
StoredResults read_results(const std::filesystem::path& file);

/// The model's measures of stored results as the replicates' cubes that made them: counts of
/// simulated agents (the file holds count x per_count / scale; the round trip is exact). Plans,
/// hashes and programme tallies are not restored.
std::vector<ReplicateResult> stored_replicates(const StoredResults& results);

/// Why two finished runs cannot be pooled as replicates of one model (`vrusim drift` over several
/// seeds): written by different versions, scenarios that differ in more than run.seed and
/// run.replicates (each key named), or the same seed (the same replicates twice). Empty if they
/// can be. The labels name the runs in the messages.
std::vector<std::string> pooling_conflicts(const StoredResults& a, const StoredResults& b, std::string_view a_label,
                                           std::string_view b_label);

/// Reads /summary/<measure> of a complete file, [week][area][band] per statistic.
SummaryCells read_summary(const std::filesystem::path& file, Measure measure);

}  // namespace vrusim::io
