#include "calibration.hpp"

#include <cmath>
#include <limits>

#include "measures.hpp"
#include "population.hpp"

namespace vrusim {

// What a target's value is computed from: one replicate's measures in one complete reported year.
struct CalibrationYear {
    const MeasureCube& cube;
    int year;
    double scale;         ///< simulated / represented
    double young;         ///< represented population aged 10-24
    double residents;     ///< represented residents of all ages

    static constexpr int children = 1 << 0 | 1 << 1;  ///< bands 10-12 and 13-17 (a bit set)
    static constexpr int teens = 1 << 1;              ///< 13-17
    static constexpr int adults = 1 << 2;             ///< 18-24
    static constexpr int everyone = children | adults;

    /// Sum over areas and the bands in `bands` of a measure over the year's weeks.
    double sum(Measure m, int bands = everyone) const {
        double total = 0;
        for (int w = year * weeks_per_year; w < (year + 1) * weeks_per_year; ++w)
            for (int a = 0; a < cube.areas(); ++a)
                for (int b = 0; b < age_band_count; ++b)
                    if (bands >> b & 1) total += static_cast<double>(cube.at(m, w, a, b));
        return total * info(m).per_count;
    }
    /// A stock's mean over the year's weeks.
    double mean(Measure m, int bands = everyone) const { return sum(m, bands) / weeks_per_year; }
    /// A stock as a share of the people in the same bands (both summed over the weeks).
    double share(Measure m, int bands) const { return ratio(sum(m, bands), sum(Measure::population, bands)); }
    /// Simulated people in the bands, a mean over the year's weeks.
    double people(int bands) const { return mean(Measure::population, bands); }
    /// a / b, or NaN (no value) when there is nothing to divide by, e.g. no victims in a tiny sample.
    static double ratio(double a, double b) { return b > 0 ? a / b : std::numeric_limits<double>::quiet_NaN(); }
};

namespace {

using Y = CalibrationYear;

// National denominators, England and Wales, ONS mid-2020 by single year of age [S]
// (francisbarton/myrmidon data-raw/ONS2020_PopnByAgeYearEstimate.csv @eb09d38, row K04000001).
//   aged 10-17 5,600,736; 18-24 4,988,051; 10-24 10,588,787; under 18 12,723,160.
constexpr CalibrationTarget targets[] = {
    // [SECTION] Violence and the Home Office measures
    // The Home Office three are computed from their expected values (docs/model.md 4.11): the same
    // mean as the sampled counts, with a fraction of their noise.
    {"knife_admissions_u25_per_100k", "Hospital admissions for knife assault, victim under 25, per 100,000 aged 10-24",
     9.0, 6.0, 12.0, "per 100,000 aged 10-24 a year",
     "[D] ~885 Thames Valley residents' admissions 2012-21, ~40% under 25 [V] -> ~39 a year / 440,364",
     [](const Y& y) { return y.sum(Measure::hospital_admissions_knife_assault_u25_expected) / y.scale / y.young * 1e5; }},
    {"knife_admissions_share_10_17", "Share of knife-assault admissions aged 10-24 who are 10-17", 0.33, 0.22, 0.45, "share",
     "[D] NHS 2023/24: 509 of 3,900 admissions aged 0-17 (13.1%) [V] / 10-24s 39.5% of admissions (PHE 2013/14-17/18) [V]",
     [](const Y& y) {
         return Y::ratio(y.sum(Measure::hospital_admissions_knife_assault_u25_expected, Y::children),
                         y.sum(Measure::hospital_admissions_knife_assault_u25_expected));
     }},
    {"recorded_knife_offences_per_100k", "Police-recorded knife offences against under-25s, per 100,000 residents", 9.3,
     5.5, 13.5, "per 100,000 residents a year",
     "[D] the admissions above x 5.7 non-robbery knife offences per knife-assault admission (YE Mar 2020: "
     "(50,019 - 21,961) offences in E&W [V/S] scaled to England / 4,674 admissions [V])",
     [](const Y& y) { return y.sum(Measure::recorded_knife_assaults_u25_expected) / y.scale / y.residents * 1e5; }},
    {"knife_homicides_u25_per_year", "Knife homicides, victim under 25", 2.3, 0.5, 6.0, "per year",
     "[D] admissions x 6% (England: ~100 under-25 knife homicides per ~1,700 under-25 admissions) [D]; wide tolerance",
     [](const Y& y) { return y.sum(Measure::knife_homicides_u25_expected) / y.scale; }},
    {"ae_violence_per_1000_10_24", "A&E attendances after violence, per 1,000 aged 10-24", 5.3, 3.5, 7.5,
     "per 1,000 aged 10-24 a year",
     "[D] NVSN 2019: 175,764 attendances in E&W [V] x 31.8% share of 10-24s among assault admissions (PHE "
     "2013/14-17/18) [V] / 10,588,787 aged 10-24 [S]",
     [](const Y& y) { return y.sum(Measure::ae_attendances) / y.scale / y.young * 1e3; }},
    {"ae_violence_male_share", "Share of A&E attendances after violence, aged 10-24, who are male", 0.71, 0.62, 0.80,
     "share",
     "[D] NVSN, all ages: 72.3% of 247,016 attendances 2010-14 (Sivarajasingam et al. 2016 [V]); 4.6 and 1.9 per "
     "1,000 males and females in 2017 [V] (4.6 / 6.5 = 0.71 with as many of each)",
     [](const Y& y) { return Y::ratio(y.sum(Measure::ae_attendances_male), y.sum(Measure::ae_attendances)); }},
    {"knife_victims_male_share", "Share of victims of knife violence aged 10-24 who are male", 0.937, 0.89, 0.97,
     "share",
     "PHE: 93.7% of knife-assault admissions aged 10-24 were male, 2013/14-17/18 [V]; the model's admissions are a "
     "sex-blind share of its knife victims, so the share is computed over the victims (the same expectation, less "
     "noise)",
     [](const Y& y) { return Y::ratio(y.sum(Measure::knife_victimisations_male), y.sum(Measure::knife_victimisations)); }},
    {"victimised_past_year_13_17", "Share of 13-17s victimised by violence in the past year (not sexual, not family)",
     0.12, 0.09, 0.16, "share",
     "[D] YEF Children, violence and vulnerability 2024: 20% victims, family the offender for 17%, physical "
     "assault alone 9% [V]",
     [](const Y& y) { return y.share(Measure::victimised_past_year, Y::teens); }},
    {"victimised_past_year_18_24", "Share of 18-24s victimised by violence in the past year", 0.10, 0.06, 0.14, "share",
     "[D] the 13-17 target x 0.84, the CSEW's ratio of 16-24s victimised (3.7%, YE Mar 2016 [S]) to 10-15s (4.4%, "
     "YE Mar 2018 [S]): one survey's age gradient on the teen survey's level",
     [](const Y& y) { return y.share(Measure::victimised_past_year, Y::adults); }},
    {"repeat_victims_share_13_17", "Share of 13-17 victims of the past year victimised more than once", 0.65, 0.50,
     0.80, "share", "YEF 2024 as quoted in a review: 65% of teenage victims victimised more than once [R] (the report's own table not checked)",
     [](const Y& y) {
         return Y::ratio(y.sum(Measure::repeat_victimised_past_year, Y::teens),
                         y.sum(Measure::victimised_past_year, Y::teens));
     }},
    {"offended_past_year_13_17", "Share of 13-17s who committed violence in the past year (not sexual, not family)",
     0.10, 0.07, 0.16, "share",
     "[D] YEF Children, violence and vulnerability 2024: 16% perpetrated violence of any kind [V] x 0.6, the "
     "victimisation target's share of all teenage victims (0.12 / 0.20); 16% is the upper bound",
     [](const Y& y) { return y.share(Measure::offended_past_year, Y::teens); }},
    {"offending_ratio_18_24_to_10_17", "Past-year offending prevalence at 18-24 relative to 10-17", 0.75, 0.45, 0.95,
     "ratio of shares",
     "[D] OCJS 2005 (Wilson, Sharp & Patterson 2006, as reported): 2.8 million offenders aged 10-25, 1.6 million of "
     "them 17 or under [V], and about as many people aged 18-25 as 10-17 (ONS mid-2020: 5.8 and 5.6 million) [S]; "
     "all offences, so an upper bound for violence, whose age curve falls sooner",
     [](const Y& y) { return Y::ratio(y.share(Measure::offended_past_year, Y::adults), y.share(Measure::offended_past_year, Y::children)); }},
    {"weapon_carrying_past_year_13_17", "Share of 13-17s who carried a weapon in the past year", 0.05, 0.035, 0.065,
     "share", "YEF survey / Yates: 1 in 20 [V]",
     [](const Y& y) { return y.share(Measure::weapon_carrying_past_year, Y::teens); }},
    {"weapon_carrying_male_share_13_17", "Share of 13-17s who carried a weapon in the past year who are male", 0.69,
     0.62, 0.76, "share",
     "[D] Millennium Cohort Study at 17 (2018/19): 8.8% of boys, 3.9% of girls carried or used a weapon in the past "
     "year [V], 8.8 / 12.7 with as many of each; 71.3% of carriers male at 14 [V]",
     [](const Y& y) {
         return Y::ratio(y.sum(Measure::weapon_carrying_past_year_male, Y::teens),
                         y.sum(Measure::weapon_carrying_past_year, Y::teens));
     }},
    {"injured_share_of_victims_13_17", "Share of 13-17s victimised in the past year who were injured in it", 0.61,
     0.50, 0.72, "share",
     "YEF Children, violence and vulnerability 2024: 61% of teenage victims were physically injured, 440,000 "
     "children [V] (all violence, family and sexual included)",
     [](const Y& y) {
         return Y::ratio(y.sum(Measure::injured_past_year, Y::teens), y.sum(Measure::victimised_past_year, Y::teens));
     }},
    // [SECTION] Justice
    {"arrests_per_100k_10_17", "Arrests of 10-17s for violence, per 100,000 aged 10-17", 440, 250, 650,
     "per 100,000 aged 10-17 a year",
     "[D] ~59,000 child arrests YE Mar 2023 [S] x 42% violent share of children's proven offences 2022/23 "
     "(14,298 / 34,348) [V/S] / 5,600,736 aged 10-17 [S]",
     [](const Y& y) { return Y::ratio(y.sum(Measure::arrests, Y::children), y.people(Y::children)) * 1e5; }},
    {"first_time_entrants_per_100k_10_17", "First-time entrants through violence, per 100,000 aged 10-17", 25, 15, 40,
     "per 100,000 aged 10-17 a year",
     "[D] just under 8,300 FTEs YE Dec 2023 [S] x 17% violence against the person among child FTEs [S] / 5,600,736 [S]",
     [](const Y& y) { return Y::ratio(y.sum(Measure::first_time_entrants, Y::children), y.people(Y::children)) * 1e5; }},
    {"children_in_custody_per_100k_10_17", "Children in youth custody at a time, per 100,000 aged 10-17", 7.9, 4.0,
     12.0, "per 100,000 aged 10-17",
     "[D] YJB: 440 children in custody on average, YE Mar 2023 [V] / 5,600,736 aged 10-17 [S]",
     [](const Y& y) { return Y::ratio(y.mean(Measure::in_custody, Y::children), y.people(Y::children)) * 1e5; }},
    {"young_adults_in_custody_per_100k_18_24", "18-24s in prison at a time for violence or drug supply, per 100,000 aged 18-24",
     150, 75, 300, "per 100,000 aged 18-24",
     "[D] MoJ: 14,963 prisoners aged 18-24, June 2017 [S] / 4,988,051 aged 18-24 [S] = 300, x an assumed half held "
     "for violence, robbery or drug supply",
     [](const Y& y) { return Y::ratio(y.mean(Measure::in_custody, Y::adults), y.people(Y::adults)) * 1e5; }},
    // [SECTION] School and family
    {"permanent_exclusion_rate", "Permanent exclusions per pupil aged 10-17 a year", 0.0017, 0.0012, 0.0022,
     "per pupil a year",
     "[D] DfE 2022/23: 11 per 10,000 pupils of all ages [V] x 1.55, the ratio of the mean rate at actual ages "
     "10-17 to the all-pupil rate in DfE 2016/17 by age [S]",
     [](const Y& y) { return Y::ratio(y.sum(Measure::permanent_exclusions, Y::children), y.people(Y::children)); }},
    {"permanent_exclusions_share_10_12", "Share of permanent exclusions of 10-17s at ages 10-12", 0.245, 0.17, 0.32,
     "share",
     "[D] DfE 2016/17 exclusions by age at 31 August [S], moved to actual ages (half of age x, half of x - 1): "
     "1,662 of 6,798 at actual ages 10-17; peak at 14",
     [](const Y& y) {
         return Y::ratio(y.sum(Measure::permanent_exclusions, 1), y.sum(Measure::permanent_exclusions, Y::children));
     }},
    {"suspensions_share_10_12", "Share of suspensions of 10-17s at ages 10-12", 0.30, 0.22, 0.38, "share",
     "[D] DfE 2016/17 suspensions by age at 31 August [S], moved to actual ages as above: 99,117 of 334,060",
     [](const Y& y) { return Y::ratio(y.sum(Measure::suspensions, 1), y.sum(Measure::suspensions, Y::children)); }},
    {"suspension_rate", "Suspensions per pupil aged 10-17 a year", 0.149, 0.12, 0.18, "per pupil a year",
     "[D] DfE 2022/23: 933 per 10,000 pupils of all ages [V] x 1.59, the ratio of the mean rate at actual ages 10-17 "
     "to the all-pupil rate in DfE 2016/17 by age [S]",
     [](const Y& y) { return Y::ratio(y.sum(Measure::suspensions, Y::children), y.people(Y::children)); }},
    {"parent_in_prison_past_year_10_17", "Share of 10-17s with a parent in prison at some time in the year", 0.015,
     0.010, 0.022, "share",
     "[D] MoJ 2024: 192,912 children with a parent in prison, Oct 2021-Oct 2022 [S] / 12,723,160 under 18 [S]",
     [](const Y& y) { return y.share(Measure::parent_in_prison_past_year, Y::children); }},
    // [SECTION] County lines and exploitation: national figures scaled by the force's population share (assumption)
    {"active_county_lines", "County lines trading in the force area (mean over the year)", 30, 15, 45, "lines",
     "[D] 4.1% population share x 600-1,100 lines a month (NCLCC 2020-21) [V]",
     [](const Y& y) { return y.mean(Measure::active_county_lines) / y.scale; }},
    {"approached_past_year_13_17", "Share of 13-17s asked to move drugs or weapons in the past year", 0.125, 0.10, 0.15,
     "share", "YEF Children, violence and vulnerability: about 1 in 8 [V]",
     [](const Y& y) { return y.share(Measure::approached_past_year, Y::teens); }},
    {"complied_given_approached_13_17", "Share of the 13-17s approached in the past year who complied", 0.25, 0.20, 0.30,
     "share", "YEF: about a quarter of those asked [V]",
     [](const Y& y) {
         return Y::ratio(y.sum(Measure::exploited_past_year, Y::teens), y.sum(Measure::approached_past_year, Y::teens));
     }},
    {"missing_episodes_per_child_10_17", "Missing episodes a year per child aged 10-17", 0.026, 0.017, 0.039,
     "per child a year",
     "[D] about 1 in 200 children missing a year with 2.9 incidents each (NCA 2022/23 [S]) = 0.0145 per child under "
     "18; 93% of children's incidents at 12-17 (NCA 2015/16 [S]): x 12,723,160 x 0.93 / 5,600,736 = 0.031; 2015/16's "
     "125,084 incidents give 0.021",
     [](const Y& y) { return Y::ratio(y.sum(Measure::missing_episodes, Y::children), y.people(Y::children)); }},
    {"exploited_identified_per_100k_10_17", "Children identified and referred as criminally exploited, per 100,000 aged 10-17",
     250, 125, 375, "per 100,000 aged 10-17 a year",
     "[D] ~14,000 children at risk of or involved in CCE, 2022/23 [V] / 5,600,736 aged 10-17 [S]",
     [](const Y& y) { return Y::ratio(y.sum(Measure::runners_safeguarded, Y::children), y.people(Y::children)) * 1e5; }},
    {"child_runners_per_active_line", "Resident runners aged 10-17 per trading line", 3.0, 1.5, 5.0, "runners per line",
     "[D] NCA 2019: up to 10,000 children in ~2,000 lines [V], at most 5 a line; lines held from outside the force "
     "bring runners of their own (not agents)",
     [](const Y& y) { return Y::ratio(y.mean(Measure::county_lines_runners, Y::children), y.mean(Measure::active_county_lines)); }},
    {"arrests_per_line_closed", "Arrests at closure (holders and runners) per line closed", 1.36, 1.1, 1.6,
     "arrests per line", "County Lines Programme Jul-Sep 2024: 557 arrests / 410 lines closed [V]",
     [](const Y& y) { return Y::ratio(y.sum(Measure::closure_arrests), y.sum(Measure::county_lines_closed)); }},
    {"referrals_per_line_closed", "Safeguarding referrals at closure (runners and adults) per line closed", 2.08, 1.7, 2.5,
     "referrals per line", "County Lines Programme Jul-Sep 2024: 851 referrals / 410 lines closed [V]",
     [](const Y& y) { return Y::ratio(y.sum(Measure::closure_referrals), y.sum(Measure::county_lines_closed)); }},
    {"closures_per_line_year", "Lines closed a year per trading line", 1.7, 1.0, 2.7, "per line a year",
     "[D] ~1,000-1,640 closures a year (County Lines Programme) [V] / 600-800 lines [V]",
     [](const Y& y) { return Y::ratio(y.sum(Measure::county_lines_closed), y.mean(Measure::active_county_lines)); }},
    {"cuckooed_homes_per_line", "Cuckooed homes per trading line", 1.1, 0.5, 2.0, "homes per line",
     "[D] 861 cuckooed addresses visited in one NCLCC week / ~800 lines [V]",
     [](const Y& y) { return Y::ratio(y.mean(Measure::cuckooed_homes), y.mean(Measure::active_county_lines)); }},
    {"drug_market_share_of_knife_incidents", "Share of knife incidents that are drug-market violence", 0.15, 0.03, 0.30,
     "share", "below TVP's 30% for youth violence and drug supply together [V]; midpoint an assumption",
     [](const Y& y) { return Y::ratio(y.sum(Measure::county_lines_knife_incidents), y.sum(Measure::knife_incidents)); }},
};

}  // namespace

std::span<const CalibrationTarget> calibration_targets() { return targets; }

std::vector<CalibrationResult> evaluate_calibration(const Parameters& p, std::span<const ReplicateResult> replicates) {
    std::vector<std::vector<double>> by_target(std::size(targets));
    const double young = represented_10_24(p), residents = represented_all_ages(p);
    for (const auto& r : replicates) {
        const int years = r.measures.weeks() / weeks_per_year;
        if (years == 0) continue;
        // Each replicate's value is its mean over its complete reported years; a replicate with
        // nothing to measure in some year (a share of nobody) gives no value, not 0.
        for (std::size_t i = 0; i < std::size(targets); ++i) {
            double total = 0;
            for (int y = 0; y < years; ++y)
                total += targets[i].value(CalibrationYear{r.measures, y, p.population.scale, young, residents});
            if (std::isfinite(total)) by_target[i].push_back(total / years);
        }
    }
    std::vector<CalibrationResult> results;
    for (std::size_t i = 0; i < std::size(targets); ++i) results.push_back({&targets[i], summarise(by_target[i])});
    return results;
}

}  // namespace vrusim
