#pragma once
/// What the model's harms are worth (docs/funding.md): which measures count as which offence in
/// the Home Office unit costs of crime, and discounting. Everything else the model counts
/// (arrests, custody, exploitation, weapon carrying, NEET, county lines) is left uncosted.
#include <array>
#include <string_view>

#include "../measures.hpp"
#include "../parameters.hpp"

namespace vrusim {

/// A year's harms, counted from its measure totals (represented people, whole population).
struct YearHarms {
    double homicides = 0;                ///< knife_homicides_u25_expected (every homicide the model has, as its expected value)
    double violence_with_injury = 0;     ///< injuries less homicides (a homicide victim is injured)
    double violence_without_injury = 0;  ///< victimisations less injuries
    double permanent_exclusions = 0;     ///< permanent_exclusions (a lifetime cost, not a crime's)
};

/// The measures a year's harms are read from, in the order harms_from takes them.
/// Homicides as their expected value (each knife victimisation's chance of death): about two a
/// year, whose count's chance would otherwise dominate the value of a plan's harms averted.
inline constexpr std::array<Measure, 4> harm_measures = {Measure::knife_homicides_u25_expected, Measure::injuries,
                                                         Measure::victimisations, Measure::permanent_exclusions};

/// A year's harms from the year's totals of harm_measures.
YearHarms harms_from(double knife_homicides, double injuries, double victimisations, double permanent_exclusions);

/// What a year's harms cost society, pounds: unit costs x economics.price_factor, non-fatal
/// violence counted at economics.counted_share.
double social_cost(const EconomicsParams& e, const YearHarms& h);

/// 1 / (1 + rate)^year: the weight of financial year `year` (0 = the first reported).
double discount_factor(double rate, int year);

}  // namespace vrusim
