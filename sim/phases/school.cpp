#include "../phases.hpp"
#include "../programme/interventions.hpp"
#include "life_events.hpp"

namespace vrusim {

double school_static_rr(const Parameters& p, std::uint16_t traits) {
    double rr = 1;
    if (traits & trait::fsm) rr *= p.school.rr_exclusion_fsm;
    if (traits & trait::sen) rr *= p.school.rr_exclusion_sen;
    return rr;
}

void school_step(World& w, std::uint32_t v, double u) {
    const auto& sp = w.p.school;
    auto& pop = w.pop;
    auto& s = pop.states[v];
    if (pop.age_weeks[v] >= sp.leaving_age * weeks_per_year || s & (state::excluded | state::in_custody | state::gone))
        return;
    // Normalised so that the pupils' mean rate is the configured rate whatever their mix of traits
    // and ages; exclusions and suspensions peak at 13-14 (DfE), each with its own age profile.
    const int age = pop.age_weeks[v] / weeks_per_year;
    double rr = school_static_rr(w.p, pop.traits[v]);
    if (weeks_since(pop.last_arrested[v], w.week) < weeks_per_year) rr *= sp.rr_exclusion_after_arrest;
    rr *= programme_rr(w, v, Effect::exclusion);
    const double p_exclusion = w.rates.exclusion_weekly * rr * w.rates.exclusion_age_rr[age] / w.normalisers.exclusion_rr_mean;
    const double p_suspension = w.rates.suspension_weekly * rr * w.rates.suspension_age_rr[age] / w.normalisers.suspension_rr_mean;
    if (u < p_exclusion) {
        s |= state::excluded;
        w.marks[v] |= mark::excluded;
    } else if (u < p_exclusion + p_suspension) {
        pop.last_suspended[v] = w.now();
        w.marks[v] |= mark::suspended;
    }
}

}  // namespace vrusim
