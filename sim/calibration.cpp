#include "calibration.hpp"

#include <functional>

#include "measures.hpp"
#include "population.hpp"

namespace vrusim {

namespace {

constexpr CalibrationTarget targets[] = {
    {"recorded_knife_offences_per_100k", "Police-recorded knife offences against young people, per 100,000 residents", 14.7,
     7.4, 22.1, "per 100,000 residents a year",
     "[D] Thames Valley 49 per 100k (YE Mar 2023) [V] x 30% youth violence and drug supply share (TVP 2019) [V]; "
     "tolerance +-50%"},
    {"knife_admissions_u25_per_100k", "Hospital admissions for knife assault, victim under 25, per 100,000 aged 10-24", 9.0,
     6.0, 12.0, "per 100,000 aged 10-24 a year",
     "[D] ~885 Thames Valley residents' admissions 2012-21, ~40% under 25 [V] -> ~39 a year / 440,364"},
    {"knife_homicides_u25_per_year", "Knife homicides, victim under 25", 2.3, 0.5, 6.0, "per year",
     "[D] admissions x 6% (England: ~100 under-25 knife homicides per ~1,700 under-25 admissions) [D]; wide tolerance"},
    {"victimised_past_year_13_17", "Share of 13-17s victimised by violence in the past year", 0.20, 0.16, 0.24,
     "share", "YEF Children, violence and vulnerability survey: about 1 in 5 [V]"},
    {"weapon_carrying_past_year_13_17", "Share of 13-17s who carried a weapon in the past year", 0.05, 0.035, 0.065,
     "share", "YEF survey / Yates: 1 in 20 [V]"},
    {"permanent_exclusion_rate", "Permanent exclusions per pupil (aged 10-17) a year", 0.0011, 0.0008, 0.0014,
     "per pupil a year", "DfE 2022/23: 9,376, 11 per 10,000 pupils [V]"},
    {"suspension_rate", "Suspensions per pupil (aged 10-17) a year", 0.093, 0.075, 0.111, "per pupil a year",
     "DfE 2022/23: 786,961, 933 per 10,000 pupils [V]"},
    {"first_time_entrants_per_100k_10_17", "First-time entrants through violent offences, per 100,000 aged 10-17", 43.0,
     25.0, 65.0, "per 100,000 aged 10-17 a year",
     "[D] ~140 per 100k (MoJ/YJB, E&W) [V/D] x assumed 31% violence share of children's offences [R]"},
};

// Sum over areas of a measure in one age band set, over the weeks of one reported year.
double year_sum(const MeasureCube& c, Measure m, int year, std::initializer_list<int> bands) {
    double total = 0;
    for (int w = year * weeks_per_year; w < (year + 1) * weeks_per_year; ++w)
        for (int a = 0; a < c.areas(); ++a)
            for (int b : bands) total += c.at(m, w, a, b);
    return total;
}

constexpr std::initializer_list<int> all_bands = {0, 1, 2};

// One replicate's value of each target, averaged over its complete reported years.
std::vector<double> replicate_values(const Parameters& p, const MeasureCube& c) {
    const double young = represented_10_24(p), represented_all = represented_all_ages(p);
    const double scale = p.population.scale;
    const int years = c.weeks() / weeks_per_year;
    std::vector<double> values(std::size(targets), 0.0);
    for (int y = 0; y < years; ++y) {
        // Stocks are averaged over the year's weeks; flows summed. Simulated counts / scale = represented.
        auto stock_share = [&](Measure m, std::initializer_list<int> bands) {
            return year_sum(c, m, y, bands) / year_sum(c, Measure::population, y, bands);
        };
        const double pupils_simulated = year_sum(c, Measure::population, y, {0, 1}) / weeks_per_year;
        const double youth_simulated = pupils_simulated;  // 10-17
        const double v[] = {
            year_sum(c, Measure::recorded_knife_assaults_u25, y, all_bands) / scale / represented_all * 1e5,
            year_sum(c, Measure::hospital_admissions_knife_assault_u25, y, all_bands) / scale / young * 1e5,
            year_sum(c, Measure::knife_homicides_u25, y, all_bands) / scale,
            stock_share(Measure::victimised_past_year, {1}),
            stock_share(Measure::weapon_carrying_past_year, {1}),
            year_sum(c, Measure::permanent_exclusions, y, {0, 1}) / pupils_simulated,
            year_sum(c, Measure::suspensions, y, {0, 1}) / pupils_simulated,
            year_sum(c, Measure::first_time_entrants, y, {0, 1}) / youth_simulated * 1e5,
        };
        static_assert(std::size(v) == std::size(targets), "one value per target");
        for (std::size_t i = 0; i < values.size(); ++i) values[i] += v[i] / years;
    }
    return values;
}

}  // namespace

std::span<const CalibrationTarget> calibration_targets() { return targets; }

std::vector<CalibrationResult> evaluate_calibration(const Parameters& p, std::span<const ReplicateResult> replicates) {
    std::vector<std::vector<double>> by_target(std::size(targets));
    for (const auto& r : replicates) {
        if (r.measures.weeks() < weeks_per_year) continue;
        const auto v = replicate_values(p, r.measures);
        for (std::size_t i = 0; i < v.size(); ++i) by_target[i].push_back(v[i]);
    }
    std::vector<CalibrationResult> results;
    for (std::size_t i = 0; i < std::size(targets); ++i) results.push_back({&targets[i], summarise(by_target[i])});
    return results;
}

}  // namespace vrusim
