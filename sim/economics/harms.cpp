#include "harms.hpp"

#include <cmath>

namespace vrusim {

YearHarms harms_from(double knife_homicides, double injuries, double victimisations, double permanent_exclusions) {
    YearHarms h;
    h.homicides = knife_homicides;
    h.violence_with_injury = injuries - knife_homicides;
    h.violence_without_injury = victimisations - injuries;
    h.permanent_exclusions = permanent_exclusions;
    return h;
}

double social_cost(const EconomicsParams& e, const YearHarms& h) {
    return e.price_factor * (e.cost_homicide * h.homicides +
                             e.counted_share * (e.cost_violence_with_injury * h.violence_with_injury +
                                                e.cost_violence_without_injury * h.violence_without_injury) +
                             e.cost_permanent_exclusion * h.permanent_exclusions);
}

double discount_factor(double rate, int year) { return std::pow(1 + rate, -year); }

}  // namespace vrusim
