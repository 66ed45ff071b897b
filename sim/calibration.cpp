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
    // County lines (docs/model.md 7.13): national figures scaled by the force's 4.1% population share (assumption).
    {"active_county_lines", "County lines trading in the force area (mean over the year)", 30, 15, 45, "lines",
     "[D] 4.1% population share x 600-1,100 lines a month (NCLCC 2020-21) [V]"},
    {"approached_past_year_13_17", "Share of 13-17s asked to move drugs or weapons in the past year", 0.125, 0.10, 0.15,
     "share", "YEF Children, violence and vulnerability: about 1 in 8 [V]"},
    {"complied_given_approached_13_17", "Share of the 13-17s approached in the past year who complied", 0.25, 0.20, 0.30,
     "share", "YEF: about a quarter of those asked [V]"},
    {"exploited_identified_per_100k_10_17", "Children identified and referred as criminally exploited, per 100,000 aged 10-17",
     237, 120, 360, "per 100,000 aged 10-17 a year",
     "[D] ~14,000 children at risk of or involved in CCE, 2022/23 [V] / ~5.9m aged 10-17 [R]"},
    {"runners_per_active_line", "Resident runners per trading line", 5, 3, 8, "runners per line",
     "[D] NCA 2019: up to 10,000 children / 2,000 lines [V]"},
    {"arrests_per_line_closed", "Arrests at closure (holders and runners) per line closed", 1.36, 1.1, 1.6,
     "arrests per line", "County Lines Programme Jul-Sep 2024: 557 arrests / 410 lines closed [V]"},
    {"referrals_per_line_closed", "Safeguarding referrals at closure (runners and adults) per line closed", 2.08, 1.7, 2.5,
     "referrals per line", "County Lines Programme Jul-Sep 2024: 851 referrals / 410 lines closed [V]"},
    {"closures_per_line_year", "Lines closed a year per trading line", 1.7, 1.0, 2.7, "per line a year",
     "[D] ~1,000-1,640 closures a year (County Lines Programme) [V] / 600-800 lines [V]"},
    {"cuckooed_homes_per_line", "Cuckooed homes per trading line", 1.1, 0.5, 2.0, "homes per line",
     "[D] 861 cuckooed addresses visited in one NCLCC week / ~800 lines [V]"},
    {"drug_market_share_of_knife_incidents", "Share of knife incidents that are drug-market violence", 0.15, 0.03, 0.30,
     "share", "below TVP's 30% for youth violence and drug supply together [V]; midpoint an assumption"},
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
        auto sum = [&](Measure m) { return year_sum(c, m, y, all_bands); };
        auto ratio = [](double a, double b) { return b > 0 ? a / b : 0.0; };
        const double lines = sum(Measure::active_county_lines) / weeks_per_year;  // mean over the year
        const double closed = sum(Measure::county_lines_closed);
        const double v[] = {
            year_sum(c, Measure::recorded_knife_assaults_u25, y, all_bands) / scale / represented_all * 1e5,
            year_sum(c, Measure::hospital_admissions_knife_assault_u25, y, all_bands) / scale / young * 1e5,
            year_sum(c, Measure::knife_homicides_u25, y, all_bands) / scale,
            stock_share(Measure::victimised_past_year, {1}),
            stock_share(Measure::weapon_carrying_past_year, {1}),
            year_sum(c, Measure::permanent_exclusions, y, {0, 1}) / pupils_simulated,
            year_sum(c, Measure::suspensions, y, {0, 1}) / pupils_simulated,
            year_sum(c, Measure::first_time_entrants, y, {0, 1}) / youth_simulated * 1e5,
            lines / scale,
            stock_share(Measure::approached_past_year, {1}),
            ratio(year_sum(c, Measure::exploited_past_year, y, {1}), year_sum(c, Measure::approached_past_year, y, {1})),
            year_sum(c, Measure::runners_safeguarded, y, {0, 1}) / youth_simulated * 1e5,
            ratio(sum(Measure::county_lines_runners) / weeks_per_year, lines),
            ratio(sum(Measure::closure_arrests), closed),
            ratio(sum(Measure::closure_referrals), closed),
            ratio(closed, lines),
            ratio(sum(Measure::cuckooed_homes) / weeks_per_year, lines),
            ratio(sum(Measure::county_lines_knife_incidents), sum(Measure::knife_incidents)),
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
