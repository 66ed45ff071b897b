#pragma once
/// Measures: what a run reports, per week, area and age band.
///
/// One table (measure_info) names every measure with its unit and description; the HDF5 writer,
/// the summary table and docs/outputs.md all read it, so names never drift.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace vrusim {

enum class Measure : std::uint8_t {
    hospital_admissions_knife_assault_u25,
    hospital_admissions_knife_assault_u25_male,
    recorded_knife_assaults_u25,
    knife_homicides_u25,
    // The Home Office three as expectations: each knife victimisation adds its probability of the
    // outcome, not a 0/1 draw (same mean, much less noise; stored in units of 1e-12, see per_count).
    hospital_admissions_knife_assault_u25_expected,
    recorded_knife_assaults_u25_expected,
    knife_homicides_u25_expected,
    violent_incidents,
    knife_incidents,
    victimisations,
    victimisations_male,
    knife_victimisations,
    knife_victimisations_male,
    injuries,
    ae_attendances,
    ae_attendances_male,
    recorded_violent_offences,
    arrests,
    custody_entries,
    first_time_entrants,
    suspensions,
    permanent_exclusions,
    parent_imprisonments,
    entrants,
    leavers,
    weapon_carrying,            ///< stock at week end
    weapon_carrying_past_year,  ///< stock: carried at any time in the last 52 weeks
    weapon_carrying_past_year_male,  ///< stock: males of weapon_carrying_past_year
    victimised_past_year,       ///< stock: victimised at any time in the last 52 weeks
    repeat_victimised_past_year,  ///< stock: victimised in two or more weeks of the last 52
    injured_past_year,          ///< stock: injured by violence at any time in the last 52 weeks
    offended_past_year,         ///< stock: offended at any time in the last 52 weeks
    offended_and_victimised_past_year,  ///< stock: offended and was victimised in the last 52 weeks
    neet,                       ///< stock
    excluded,                   ///< stock: ever permanently excluded, still of school age
    under_peer_influence,       ///< stock
    parent_in_prison,           ///< stock
    parent_in_prison_past_year, ///< stock: a parent in prison at any time in the last 52 weeks
    in_custody,                 ///< stock
    population,                 ///< stock: people in the cell
    // County lines (all zero with the feature off).
    exploitation_approaches,
    exploitation_starts,
    re_exploitations,
    criminally_exploited,                ///< stock, every age
    children_criminally_exploited,       ///< stock, under 18 only (its 18-24 band is 0)
    criminally_exploited_ever,           ///< stock
    approached_past_year,                ///< stock
    exploited_past_year,                 ///< stock: began being exploited in the last 52 weeks
    county_lines_runners,                ///< stock
    runners_arrested,
    runners_safeguarded,
    nrm_referrals,
    missing_episodes,
    drug_market_violent_incidents,
    county_lines_knife_incidents,
    active_county_lines,                 ///< stock, by market area, unbanded
    county_lines_opened,                 ///< unbanded
    county_lines_closed,                 ///< unbanded
    closure_arrests,                     ///< unbanded
    closure_referrals,                   ///< unbanded
    cuckooed_homes,                      ///< stock, unbanded
    // Programme (all zero without interventions).
    programme_offers,                    ///< places offered, every intervention
    programme_starts,                    ///< people who started an intervention
    in_programme,                        ///< stock: people taking part in an intervention
    count_
};

inline constexpr int measure_count = static_cast<int>(Measure::count_);

/// Measures of the verification mode (sim/verification/), a set of their own: a results file holds
/// one set, so the model's files do not carry these and the verification's do not carry the model's.
enum class VerificationMeasure : std::uint8_t {
    susceptible,     ///< stock at week end
    infected,        ///< stock at week end
    recovered,       ///< stock at week end: removed for good (SIR); 0 in SIS
    new_infections,  ///< flow
    count_
};

inline constexpr int verification_measure_count = static_cast<int>(VerificationMeasure::count_);

/// Which measures a run records: the model's (Measure) or the verification mode's (VerificationMeasure).
enum class MeasureSet : std::uint8_t { model, verification };

enum class MeasureKind : std::uint8_t { flow, stock };

struct MeasureInfo {
    std::string_view name;
    MeasureKind kind;
    std::string_view unit;
    std::string_view description;
    /// False for measures of lines and homes, which have no age: they are stored in the first
    /// age band (10-12) and zero in the others, so sums over bands stay right.
    bool banded = true;
    /// What one count in a MeasureCube stands for: 1 for counts of events and people, 1e-12 for
    /// expected values (kept as integers so that sums are exact in any order).
    double per_count = 1.0;
};

inline constexpr double expected_per_count = 1e-12;

/// Name, kind, unit and description of every measure, in enum order.
std::span<const MeasureInfo> measure_info();
const MeasureInfo& info(Measure m);
/// The model's measure of that name, if there is one.
std::optional<Measure> measure_named(std::string_view name);
/// The rows of one set, in its enum's order (the model's set is measure_info()).
std::span<const MeasureInfo> measure_info(MeasureSet set);
/// "model" or "verification", as stored in a results file's measure_set attribute.
std::string_view measure_set_name(MeasureSet set);

/// Age bands used for reporting: 10-12; 13-17, the ages of the Youth Endowment Fund's survey
/// (victimisation, weapon carrying); together the youth-justice ages 10-17; and 18-24.
inline constexpr int age_band_count = 3;
inline constexpr std::array<std::string_view, age_band_count> age_band_names = {"10-12", "13-17", "18-24"};
inline constexpr std::array<int, age_band_count> age_band_lower = {10, 13, 18};
/// Age band of a person aged `age_years` (10..24).
constexpr int age_band(int age_years) { return age_years < 13 ? 0 : (age_years < 18 ? 1 : 2); }

/// One cell of a MeasureCube: 64 bits, so that expected values in units of per_count never wrap.
using MeasureCount = std::uint64_t;

/// Counts of simulated agents for one replicate, laid out [measure][week][area][band].
/// Values are counts in the simulated sample; divide by the scale for the represented population.
class MeasureCube {
public:
    MeasureCube() = default;
    /// Zeroed cells for every measure of the set.
    MeasureCube(int weeks, int areas, MeasureSet set = MeasureSet::model);
    int weeks() const { return weeks_; }
    int areas() const { return areas_; }
    MeasureSet set() const { return set_; }
    /// Number of measures in the cube (the size of its set).
    int measures() const { return static_cast<int>(measure_info(set_).size()); }
    MeasureCount& at(Measure m, int week, int area, int band) {
        return data_[index(static_cast<int>(m), week, area, band)];
    }
    MeasureCount at(Measure m, int week, int area, int band) const {
        return data_[index(static_cast<int>(m), week, area, band)];
    }
    MeasureCount& at(VerificationMeasure m, int week, int area, int band) {
        return data_[index(static_cast<int>(m), week, area, band)];
    }
    MeasureCount at(VerificationMeasure m, int week, int area, int band) const {
        return data_[index(static_cast<int>(m), week, area, band)];
    }
    /// All cells of one measure, [week][area][band].
    std::span<const MeasureCount> measure(Measure m) const { return measure(static_cast<int>(m)); }
    /// All cells of the measure at this position of the cube's set, [week][area][band].
    std::span<const MeasureCount> measure(int index) const;
    /// Sum of a measure over weeks [first, last), all areas and bands.
    std::uint64_t total(Measure m, int first_week, int last_week) const;
    std::span<const MeasureCount> raw() const { return data_; }
    std::span<MeasureCount> raw() { return data_; }

private:
    std::size_t index(int m, int week, int area, int band) const {
        return ((static_cast<std::size_t>(m) * weeks_ + week) * areas_ + area) * age_band_count + band;
    }
    int weeks_ = 0;
    int areas_ = 0;
    MeasureSet set_ = MeasureSet::model;
    std::vector<MeasureCount> data_;
};

}  // namespace vrusim
