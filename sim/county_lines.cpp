#include "county_lines.hpp"

#include <algorithm>
#include <cmath>

#include "rng.hpp"

namespace vrusim {

void LineTable::resize(std::uint32_t lines) {
    state.assign(lines, LineState::closed);
    brand.assign(lines, 0);
    hub_area.assign(lines, external_hub);
    market_area.assign(lines, 0);
    runners.assign(static_cast<std::size_t>(lines) * runners_cap, 0);
    n_runners.assign(lines, 0);
    external_runners.assign(lines, 0);
    trap.assign(static_cast<std::size_t>(lines) * trap_cap, 0);
    n_trap.assign(lines, 0);
    trap_wanted.assign(lines, 0);
    recent_arrests.assign(lines, 0.0f);
    revenue.assign(lines, 0.0);
    formed.assign(lines, never);
    state_since.assign(lines, never);
}

double force_lines(const Parameters& p) {
    const auto& cp = p.county_lines;
    return cp.lines_regional > 0 ? cp.lines_regional
                                 : cp.lines_national * represented_all_ages(p) / p.population.national_all_ages;
}

double approach_weight(const Parameters& p, const Population& pop, std::uint32_t v, std::int32_t week) {
    const auto s = pop.states[v];
    if (s & (state::in_custody | state::gone | state::exploited)) return 0;
    const auto& e = p.exploitation;
    const int age = pop.age_weeks[v] / weeks_per_year;
    const auto t = pop.traits[v];
    double weight = age < 13 ? e.age_rr_10_12 : (age < 18 ? 1.0 : e.age_rr_18_24);
    if (s & state::excluded) weight *= e.rr_excluded;
    if (s & state::neet) weight *= e.rr_neet;
    if (weeks_since(pop.last_missing[v], week) < 13) weight *= e.rr_missing;
    if (t & trait::substance_prone && age >= 15) weight *= e.rr_substance;
    if (t & trait::in_care) weight *= e.rr_in_care;
    if (s & state::parent_in_prison) weight *= e.rr_parent_in_prison;
    if (t & trait::ace) weight *= e.rr_ace;
    if (t & trait::sen) weight *= e.rr_sen;
    if (t & trait::trusted_adult) weight *= e.rr_trusted_adult;
    if (t & trait::sport) weight *= e.rr_sport;
    if (s & state::in_support) weight *= e.rr_in_support;
    return weight;
}

ApproachWeightTable::ApproachWeightTable(const Parameters& p) {
    // Fill the tables by asking approach_weight() about a one-person population with each
    // combination of bits, so the two can never disagree.
    Population one;
    one.resize(1, 0);
    auto ask = [&](std::uint16_t trait_bits, std::uint16_t state_bits, int age_years) {
        one.traits[0] = trait_bits;
        one.states[0] = state_bits;
        one.age_weeks[0] = static_cast<std::uint16_t>(age_years * weeks_per_year);
        return static_cast<float>(approach_weight(p, one, 0, 0));
    };
    const float at_15 = ask(0, 0, 15), at_14 = ask(0, 0, 14);
    for (std::uint16_t bits = 0; bits < 128; ++bits) {
        traits_under_15[bits] = ask(static_cast<std::uint16_t>(bits << 2), 0, 14) / at_14;
        traits_from_15[bits] = ask(static_cast<std::uint16_t>(bits << 2), 0, 15) / at_15;
    }
    for (std::uint16_t bits = 0; bits < 8; ++bits) states[bits] = ask(0, static_cast<std::uint16_t>(bits << 3), 15) / at_15;
    for (int a = 0; a <= age_max_years; ++a) by_age[a] = ask(0, 0, std::max(a, age_min_years));
    support = ask(0, state::in_support, 15) / at_15;
    one.last_missing[0] = 0;
    missing = ask(0, 0, 15) / at_15;
}

double missing_weight(const Parameters& p, const Population& pop, std::uint32_t v) {
    const int age = pop.age_weeks[v] / weeks_per_year;
    if (age >= 18 || pop.states[v] & (state::in_custody | state::gone | state::missing)) return 0;
    double weight = age < 12 ? p.exploitation.missing_rr_10_11 : 1;
    if (pop.traits[v] & trait::in_care) weight *= p.exploitation.missing_rr_in_care;
    if (pop.states[v] & state::exploited) weight *= p.exploitation.missing_rr_exploited;
    return weight;
}

namespace {

// Weekly street-approach hazard per unit of weight that gives the target annual prevalence among
// 13-17s: mean over them of 1 - exp(-52 h w_i) = target (bisection; the mean rises with h).
double solve_approach_hazard(const std::vector<double>& weights, double target) {
    if (weights.empty() || target <= 0) return 0;
    auto prevalence = [&](double h) {
        double sum = 0;
        for (double w : weights) sum += -std::expm1(-weeks_per_year * h * w);
        return sum / static_cast<double>(weights.size());
    };
    double lo = 0, hi = 1;
    if (prevalence(hi) < target) return hi;
    for (int i = 0; i < 60; ++i) {
        const double mid = (lo + hi) / 2;
        (prevalence(mid) < target ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}

VulnerableAdults build_adults(const Parameters& p, std::uint64_t seed, std::uint32_t replicate) {
    VulnerableAdults a;
    const auto& cp = p.cuckooing;
    for (std::size_t area = 0; area < p.population.areas.size(); ++area) {
        a.area_begin.push_back(a.size());
        const auto n = static_cast<std::uint32_t>(std::llround(
            cp.vulnerable_adults_per_1000 / 1000.0 * p.population.areas[area].population_all_ages * p.population.scale));
        for (std::uint32_t i = 0; i < n; ++i) {
            constexpr std::uint32_t adult_place = 4;  // after population.cpp's 1-3; weekly kinds start at 5
            rng::Stream s(seed, replicate, rng::place_subject(adult_place, a.size()), -1, rng::Purpose::synthesis_adults);
            a.area.push_back(static_cast<std::uint16_t>(area));
            a.drug_use.push_back(s.bernoulli(cp.share_drug_use) ? 1 : 0);
        }
    }
    a.area_begin.push_back(a.size());
    a.line.assign(a.size(), no_line);
    a.protected_until.assign(a.size(), never);
    return a;
}

}  // namespace

CountyLines CountyLines::build(const Parameters& p, const Layout& layout, const Population& pop,
                               std::uint64_t seed, std::uint32_t replicate) {
    CountyLines cl;
    const auto& cp = p.county_lines;
    const auto& e = p.exploitation;
    const auto areas = static_cast<std::size_t>(layout.areas);
    cl.enforcement.assign(areas, {});
    cl.area_weight.assign(areas, 0);
    cl.knife_incidents.resize(areas);
    cl.closures.resize(areas);
    cl.last_closure_week.assign(areas, never);
    cl.last_closure_brand.assign(areas, 0);
    cl.markets.assign(areas, {});
    cl.nb_weight.assign(layout.neighbourhood_area.size(), 0);
    // Neighbourhoods are numbered area by area.
    cl.area_first_nb.assign(areas + 1, static_cast<std::uint32_t>(layout.neighbourhood_area.size()));
    for (std::size_t nb = layout.neighbourhood_area.size(); nb-- > 0;)
        cl.area_first_nb[layout.neighbourhood_area[nb]] = static_cast<std::uint32_t>(nb);
    for (std::size_t a = areas; a-- > 0;) cl.area_first_nb[a] = std::min(cl.area_first_nb[a], cl.area_first_nb[a + 1]);
    if (!cp.enabled) return cl;

    // Equilibrium: lines close at hazard c and gaps fill at rate r, so the expected count is
    // K r / (r + c); a capacity K = L (1 + c / r) gives L lines on average.
    const double target_lines = force_lines(p) * layout.scale;
    cl.lines_capacity = target_lines * (1 + cp.closure_rate_per_week / std::max(1e-9, cp.entry_rate_per_week));
    cl.lines.resize(static_cast<std::uint32_t>(16 + std::ceil(4 * cl.lines_capacity)));
    cl.weight = ApproachWeightTable(p);
    cl.adults = build_adults(p, seed, replicate);

    std::vector<double> teen_weights;
    double sum_w = 0, sum_w2 = 0, missing_sum = 0;
    std::uint64_t children = 0;
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        if (pop.states[v] & state::vacant) continue;
        const int age = pop.age_weeks[v] / weeks_per_year;
        if (age >= 13 && age < 18) {
            const double w = approach_weight(p, pop, v, 0);
            // The past-year prevalence of a 13-year-old covers weeks at 12, at the 10-12 weight.
            const double at_13 = std::min(1.0, (pop.age_weeks[v] - 13.0 * weeks_per_year + 1) / weeks_per_year);
            teen_weights.push_back(age == 13 ? w * (at_13 + (1 - at_13) * e.age_rr_10_12) : w);
            sum_w += w;
            sum_w2 += w * w;
        }
        if (age < 18) {
            missing_sum += missing_weight(p, pop, v);
            ++children;
        }
    }
    cl.approach_hazard = solve_approach_hazard(teen_weights, e.approach_prevalence_13_17 * (1 - e.tie_share));
    // Approaches fall on people in proportion to their weight, so the mean weight of those
    // approached is E[w^2] / E[w]; compliance c w then averages c E[w^2] / E[w] = the target share.
    if (sum_w2 > 0) cl.compliance_scale = e.compliance_share * sum_w / sum_w2;
    if (missing_sum > 0)
        cl.missing_base_weekly = e.missing_rate_per_year / weeks_per_year * static_cast<double>(children) / missing_sum;
    return cl;
}

}  // namespace vrusim
