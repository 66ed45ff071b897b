#pragma once
/// What the explorer plots, without a window (tested in tests/gui/): a measure of one run by
/// financial year or by week, for the whole force area or one area and age band, the replicates'
/// mean with its 95% interval; and the difference from the base by area, paired by replicate.
#include <vector>

#include "io/results_writer.hpp"
#include "io/scenario_loader.hpp"
#include "sim/economics/comparison.hpp"
#include "sim/ensemble.hpp"

namespace vrusim::gui {

/// One point of a measure: the replicates' mean and its 95% interval (Student t, its low end at 0
/// at the least, as counts are; low and high equal the mean with one replicate).
struct YearPoint {
    double mean = 0, low = 0, high = 0;
};

/// A finished run as the explorer keeps it in memory: the scenario as run (quick or full), every
/// replicate's measures and programme tally, the run reduced to financial years, and what its
/// results file would record (metadata and programme group) for the comparison's table and CSV.
struct FinishedRun {
    io::LoadedScenario scenario;
    std::vector<ReplicateResult> replicates;  ///< in replicate order, 0..n-1
    RunYears years;                           ///< the whole force area
    io::StoredResults stored;                 ///< meta and programme only (no measure values)
};

/// A run's replicates kept as a FinishedRun (sorted by replicate; years and stored filled in).
FinishedRun finished_run(io::LoadedScenario scenario, std::vector<ReplicateResult> replicates, const std::string& label);

/// Which people a plot counts: one area (index into population.areas) or all (-1), one age band
/// (index into age_band_names) or all (-1).
struct Selection {
    int area = -1;
    int band = -1;
};

/// The measure by financial year (flows: the year's total, scaled to 52 weeks in a last part-year;
/// stocks: its weekly mean), from the yearly totals.
std::vector<YearPoint> by_year(const RunYears& run, Measure m);
/// The same for the people selected, from the replicates' weekly measures.
std::vector<YearPoint> by_year(const FinishedRun& run, Measure m, Selection s);
/// The measure week by week (represented people, as by_year).
std::vector<YearPoint> by_week(const FinishedRun& run, Measure m, Selection s);
/// Per area: run minus base of the measure a year over the run (flows: per 52 weeks; stocks: the
/// mean week), paired by replicate; the interval's low end is not clipped (a difference may be < 0).
/// The runs must have the same replicates, weeks and areas (as paired runs do).
std::vector<Interval> difference_by_area(const FinishedRun& base, const FinishedRun& run, Measure m, int band = -1);

}  // namespace vrusim::gui
