#include "population.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "measures.hpp"
#include "rng.hpp"
#include "parallel.hpp"
#include "verification/run.hpp"

namespace vrusim {

namespace {

// Streams for places rather than people carry a tag in the high word (bits 32-55), which person
// ids (generation + 1 <= 2^16) never reach.
std::uint64_t area_agents(const Parameters& p, const AreaSpec& a) {
    return static_cast<std::uint64_t>(std::llround(a.population_10_24() * p.population.scale));
}

// Slots for an area's agents: each cohort has room for the largest single year of age.
std::uint64_t area_slots(const Parameters& p, const AreaSpec& a) {
    const auto agents = area_agents(p, a);
    const double occupancy = cohort_profile(a).mean_occupancy;
    return std::max<std::uint64_t>(agents, static_cast<std::uint64_t>(std::llround(static_cast<double>(agents) / occupancy)));
}

int poisson(rng::Stream& s, double mean) {
    const double limit = std::exp(-mean);
    double prod = s.uniform();
    int k = 0;
    while (prod > limit && k < 64) {
        prod *= s.uniform();
        ++k;
    }
    return k;
}

}  // namespace

void Population::resize(std::uint32_t n, int co_offender_ties) {
    for (auto* column : {&area, &generation, &traits, &age_weeks, &states}) column->assign(n, 0);
    snapshot.assign(n, 0);
    exposure.assign(n, 0);
    for (auto* column : {&neighbourhood, &household, &school_class}) column->assign(n, 0);
    static_rr.assign(n, 1.0f);
    victim_rr.assign(n, 1.0f);
    proneness_z.assign(n, 0.0f);
    victim_weight.assign(n, 0.0f);
    for (auto* column : person_stamps()) column->assign(n, never);
    cl_line.assign(n, no_line);
    cl_debt.assign(n, 0.0f);
    cl_weight.assign(n, 0.0f);
    for (auto* column : county_lines_stamps()) column->assign(n, never);
    co_offender_capacity = co_offender_ties;
    co_offenders.assign(static_cast<std::size_t>(n) * co_offender_ties, 0);
}

double represented_10_24(const Parameters& p) {
    double total = 0;
    for (const auto& a : p.population.areas) total += a.population_10_24();
    return total;
}

double represented_all_ages(const Parameters& p) {
    double total = 0;
    for (const auto& a : p.population.areas) total += a.population_all_ages;
    return total;
}

std::uint64_t simulated_agent_count(const Parameters& p) {
    std::uint64_t total = 0;
    for (const auto& a : p.population.areas) total += area_agents(p, a);
    return total;
}

std::uint64_t simulated_slot_count(const Parameters& p) {
    std::uint64_t total = 0;
    for (const auto& a : p.population.areas) total += area_slots(p, a);
    return total;
}

double national_percentile(const std::vector<double>& scores, double score) {
    if (scores.size() < 2) return 0.5;
    const auto n = scores.size() - 1;  // percentiles 0, 100/n, ..., 100
    if (score <= scores.front()) return 0.0;
    if (score >= scores.back()) return 1.0;
    const auto upper = static_cast<std::size_t>(std::upper_bound(scores.begin(), scores.end(), score) - scores.begin());
    const double lo = scores[upper - 1], hi = scores[upper];
    const double within = hi > lo ? (score - lo) / (hi - lo) : 0.0;
    return (static_cast<double>(upper - 1) + within) / static_cast<double>(n);
}

CohortProfile cohort_profile(const AreaSpec& area) {
    CohortProfile c;
    const auto years = area.single_year_population();
    double largest = 0, total = 0;
    for (double n : years) {
        largest = std::max(largest, n);
        total += n;
    }
    if (years.size() != single_years || !(largest > 0)) {  // rejected by the loader; a full cohort keeps the model defined
        c.occupancy.fill(1.0f);
        return c;
    }
    for (int i = 0; i < single_years; ++i) c.occupancy[i] = static_cast<float>(years[i] / largest);
    c.mean_occupancy = total / (single_years * largest);
    // A birthday takes occupancy o to o': occupants leave with 1 - o'/o if it falls, vacant
    // slots fill with (o' - o) / (1 - o) if it rises, so the expected occupancy is o' exactly.
    for (int i = 0; i + 1 < single_years; ++i) {
        const double o = c.occupancy[i], next = c.occupancy[i + 1];
        if (next < o) c.leave[i] = static_cast<float>(1 - next / o);
        if (next > o && o < 1) c.fill[i] = static_cast<float>((next - o) / (1 - o));
    }
    return c;
}

std::uint64_t estimate_memory_bytes(const Parameters& p) {
    if (p.verification.enabled) return verification::estimate_memory_bytes(p.verification);
    // Measured peak per slot (graph construction dominates; see docs/performance.md), with margin.
    constexpr std::uint64_t bytes_per_slot = 800;
    return simulated_slot_count(p) * bytes_per_slot + measure_cube_bytes(p);
}

std::uint64_t measure_cube_bytes(const Parameters& p) {
    return static_cast<std::uint64_t>(p.run.weeks) * p.population.areas.size() * age_band_count * sizeof(MeasureCount) *
           static_cast<std::uint64_t>(measure_count);
}

std::uint64_t estimate_run_memory_bytes(const Parameters& p, int concurrent_replicates) {
    constexpr std::uint64_t fixed_bytes = 64ull << 20;  // program, libraries, HDF5 caches
    const auto replicates = static_cast<std::uint64_t>(std::max(1, p.run.replicates));
    const auto concurrent = static_cast<std::uint64_t>(std::max(1, concurrent_replicates));
    // Every replicate's cube may be held at once (calibrate keeps them all), and finishing a
    // results file reads one measure of every replicate plus its six summary statistics.
    const std::uint64_t cells = static_cast<std::uint64_t>(p.run.weeks) * p.population.areas.size() * age_band_count;
    const std::uint64_t finish = cells * sizeof(double) * (replicates + 6);
    return fixed_bytes + concurrent * estimate_memory_bytes(p) + replicates * measure_cube_bytes(p) + finish;
}

void draw_person(const Parameters& p, const Layout& layout, std::uint64_t seed, std::uint32_t replicate,
                 std::uint32_t slot, Population& pop) {
    const auto& f = p.factors;
    rng::Stream s(seed, replicate, person_id(pop, slot), 0, rng::Purpose::synthesis_person);
    std::uint16_t t = 0;
    if (s.bernoulli(p.population.male_share)) t |= trait::male;
    // Propensity is lognormal with mean 1 (PROTON-OC); "high" means above the mean plus one sd.
    const double sigma = f.propensity_sigma;
    const double propensity = std::exp(sigma * s.normal() - sigma * sigma / 2);
    if (propensity > 1.0 + std::sqrt(std::expm1(sigma * sigma))) t |= trait::high_propensity;
    if (s.bernoulli(f.ace_prevalence)) t |= trait::ace;
    if (s.bernoulli(f.trusted_adult_prevalence)) t |= trait::trusted_adult;
    if (s.bernoulli(f.sport_prevalence)) t |= trait::sport;
    if (s.bernoulli(p.school.sen_prevalence)) t |= trait::sen;
    if (s.bernoulli(f.substance_use_prevalence)) t |= trait::substance_prone;
    const double nb_rr = layout.neighbourhood_rr[pop.neighbourhood[slot]];
    // Free school meals follow deprivation: more likely in neighbourhoods with a higher hazard multiplier.
    if (s.bernoulli(std::min(1.0, p.school.fsm_prevalence * nb_rr / layout.mean_neighbourhood_rr))) t |= trait::fsm;
    // Drawn last, and only with county lines on, so the draws above never move.
    if (p.county_lines.enabled && s.bernoulli(p.exploitation.in_care_prevalence)) t |= trait::in_care;
    pop.traits[slot] = t;
    // The lasting offending risk, sex aside: the same traits and proneness raise the chance of being
    // a victim (victim-offender overlap), so victims come from the people the risk factors pick out.
    double risk = nb_rr * layout.area_societal_rr[pop.area[slot]];
    if (t & trait::high_propensity) risk *= f.rr_high_propensity;
    if (t & trait::ace) risk *= f.rr_ace;
    if (t & trait::trusted_adult) risk *= f.rr_trusted_adult;
    if (t & trait::sport) risk *= f.rr_sport;
    const auto& vp = p.violence;
    // Victim proneness: a lognormal weight with mean 1 from its own stream (week 1) so no draw above
    // moves, times the risk to a power and the sex weight (victim weights are relative).
    double proneness = std::pow(risk, vp.victim_proneness_risk_exponent);
    if (!(t & trait::male)) proneness *= vp.victim_weight_female;
    if (const double sv = vp.victim_proneness_sigma; sv > 0) {
        rng::Stream pv(seed, replicate, person_id(pop, slot), 1, rng::Purpose::synthesis_person);
        proneness *= std::exp(sv * pv.normal() - sv * sv / 2);
    }
    pop.victim_rr[slot] = static_cast<float>(proneness);
    // A lasting offending proneness, lognormal with mean 1 from its own stream (week 2), so that
    // few people commit most of the violence (docs/model.md 4.2). It is not part of the victim
    // weight: victims overlap with offenders through the risk factors above and recent offending,
    // and an unobserved propensity to offend need not make a person a target.
    pop.proneness_z[slot] = 0;
    if (const double so = vp.offending_proneness_sigma; so > 0) {
        const auto draws = proneness_draws(seed, replicate, person_id(pop, slot));
        const double fixed_share = vp.offending_proneness_fixed_share;
        const double z = std::sqrt(fixed_share) * draws.fixed + std::sqrt(1 - fixed_share) * draws.changing;
        pop.proneness_z[slot] = static_cast<float>(z);
        risk *= std::exp(so * z - so * so / 2);
    }
    const double rr = (t & trait::male) ? risk : risk * vp.female_rr;
    pop.static_rr[slot] = static_cast<float>(rr);
}

PronenessDraws proneness_draws(std::uint64_t seed, std::uint32_t replicate, std::uint64_t person) {
    rng::Stream po(seed, replicate, person, 2, rng::Purpose::synthesis_person);
    const double changing = po.normal();
    return {changing, po.normal()};
}

void synthesise(const Parameters& p, std::uint64_t seed, std::uint32_t replicate, Population& pop, Layout& layout) {
    const auto& pp = p.population;
    const auto n = static_cast<std::uint32_t>(simulated_slot_count(p));
    pop.resize(n, p.graph.co_offender_ties_max);
    layout = Layout{};
    layout.areas = static_cast<int>(pp.areas.size());
    layout.scale = pp.scale;
    layout.represented_10_24 = represented_10_24(p);
    layout.represented_all_ages = represented_all_ages(p);
    for (const auto& area : pp.areas) layout.cohorts.push_back(cohort_profile(area));

    // Areas and neighbourhoods: scale samples whole neighbourhoods, so a neighbourhood (and its
    // households, classes and friendships) has its full size at any scale.
    std::vector<double> nb_score;
    std::uint32_t slot = 0;
    for (int a = 0; a < layout.areas; ++a) {
        const auto& area = pp.areas[a];
        layout.area_begin.push_back(slot);
        layout.area_societal_rr.push_back(static_cast<float>(area.societal_rr));
        const auto agents = static_cast<std::uint32_t>(area_agents(p, area));
        const auto slots = static_cast<std::uint32_t>(area_slots(p, area));
        const auto hoods = static_cast<std::uint32_t>(
            std::max<long long>(1, std::llround(agents / pp.neighbourhood_size)));
        const double sigma2 = std::log1p(pp.deprivation_cv * pp.deprivation_cv);
        const double mu = std::log(std::max(area.imd_score, 1e-3)) - sigma2 / 2;
        for (std::uint32_t h = 0; h < hoods; ++h) {
            const auto nb = static_cast<std::uint32_t>(layout.neighbourhood_area.size());
            rng::Stream s(seed, replicate, rng::place_subject(1, nb), -1, rng::Purpose::synthesis_household);
            nb_score.push_back(std::exp(mu + std::sqrt(sigma2) * s.normal()));
            layout.neighbourhood_area.push_back(static_cast<std::uint16_t>(a));
            layout.neighbourhood_begin.push_back(slot);
            const std::uint32_t size = slots / hoods + (h < slots % hoods ? 1 : 0);
            for (std::uint32_t i = 0; i < size; ++i, ++slot) {
                pop.area[slot] = static_cast<std::uint16_t>(a);
                pop.neighbourhood[slot] = nb;
            }
        }
    }
    layout.area_begin.push_back(slot);
    layout.neighbourhood_begin.push_back(slot);
    pop.victim_weight_sums.assign((layout.neighbourhood_begin.size() - 1) * single_years, 0.0);

    // Deprivation multiplier from the neighbourhood's national percentile u of IMD scores: the
    // nation's most deprived fifth has `deprivation_gradient` times the hazard of its least deprived
    // fifth (mean percentiles 0.9 and 0.1), and a force's mix of neighbourhoods sets its level.
    const auto hoods = static_cast<std::uint32_t>(nb_score.size());
    layout.neighbourhood_rr.assign(hoods, 1.0f);
    layout.neighbourhood_deprivation.assign(hoods, 0.5f);
    const double log_gradient = std::log(p.factors.deprivation_gradient);
    for (std::uint32_t nb = 0; nb < hoods; ++nb) {
        const double u = national_percentile(p.factors.national_imd_scores, nb_score[nb]);
        layout.neighbourhood_deprivation[nb] = static_cast<float>(u);
        layout.neighbourhood_rr[nb] = static_cast<float>(std::exp(log_gradient * (u - 0.5) / 0.8));
    }
    double rr_sum = 0;
    for (std::uint32_t v = 0; v < n; ++v) rr_sum += layout.neighbourhood_rr[pop.neighbourhood[v]];
    layout.mean_neighbourhood_rr = n ? rr_sum / n : 1.0;

    // Households (contiguous runs of slots within a neighbourhood, sized so that they hold
    // household_size_mean people on average) and ages: each slot's cohort is at a uniform point of
    // its 15 years, held by a person with the probability the area's profile gives for that age.
    std::uint32_t household = 0;
    for (std::uint32_t nb = 0; nb < hoods; ++nb) {
        rng::Stream s(seed, replicate, rng::place_subject(2, nb), -1, rng::Purpose::synthesis_household);
        const auto& cohort = layout.cohorts[layout.neighbourhood_area[nb]];
        const double extra_slots = pp.household_size_mean / cohort.mean_occupancy - 1.0;
        std::uint32_t left = 0;
        for (std::uint32_t v = layout.neighbourhood_begin[nb]; v < layout.neighbourhood_begin[nb + 1]; ++v) {
            if (left == 0) {
                left = 1 + static_cast<std::uint32_t>(std::min(7, poisson(s, extra_slots)));
                ++household;
            }
            --left;
            pop.household[v] = household - 1;
            pop.age_weeks[v] = static_cast<std::uint16_t>(age_min_years * weeks_per_year + s.below(single_years * weeks_per_year));
            const int year = pop.age_weeks[v] / weeks_per_year - age_min_years;
            if (!s.bernoulli(cohort.occupancy[year])) pop.states[v] = state::vacant;
        }
    }

    // Schools: runs of neighbourhoods within an area until the school is full; classes split each
    // school's year groups (cohorts by age in years) at random, about class_size people each.
    const int cohorts = single_years;
    std::vector<std::vector<std::uint32_t>> cohort_members(cohorts);
    std::uint32_t class_id = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> class_of;  // (class, slot)
    class_of.reserve(n);
    auto close_school = [&](std::uint32_t school, double occupancy) {
        for (int c = 0; c < cohorts; ++c) {
            auto& members = cohort_members[c];
            if (members.empty()) continue;
            rng::Stream s(seed, replicate, rng::place_subject(3, school), c, rng::Purpose::synthesis_class);
            for (std::size_t i = members.size() - 1; i > 0; --i)
                std::swap(members[i], members[s.below(static_cast<std::uint32_t>(i + 1))]);
            const auto classes = static_cast<std::uint32_t>(std::max<long long>(
                1, std::llround(static_cast<double>(members.size()) * occupancy / p.population.class_size)));
            for (std::size_t i = 0; i < members.size(); ++i)
                class_of.emplace_back(class_id + static_cast<std::uint32_t>(i % classes), members[i]);
            class_id += classes;
            members.clear();
        }
    };
    std::uint32_t school = 0;
    int pupils = 0;
    for (std::uint32_t nb = 0; nb < hoods; ++nb) {
        const bool new_area = nb > 0 && layout.neighbourhood_area[nb] != layout.neighbourhood_area[nb - 1];
        if (new_area || pupils >= p.population.school_size) {
            close_school(school++, layout.cohorts[layout.neighbourhood_area[nb - 1]].mean_occupancy);
            pupils = 0;
        }
        for (std::uint32_t v = layout.neighbourhood_begin[nb]; v < layout.neighbourhood_begin[nb + 1]; ++v) {
            const int age = pop.age_weeks[v] / weeks_per_year;
            cohort_members[age - age_min_years].push_back(v);
            if (age < p.school.leaving_age && !(pop.states[v] & state::vacant)) ++pupils;
        }
    }
    if (hoods > 0) close_school(school, layout.cohorts[layout.neighbourhood_area[hoods - 1]].mean_occupancy);
    std::sort(class_of.begin(), class_of.end());
    layout.class_begin.assign(class_id + 1, 0);
    layout.class_members.resize(class_of.size());
    for (std::size_t i = 0; i < class_of.size(); ++i) {
        layout.class_members[i] = class_of[i].second;
        pop.school_class[class_of[i].second] = class_of[i].first;
        ++layout.class_begin[class_of[i].first + 1];
    }
    std::partial_sum(layout.class_begin.begin(), layout.class_begin.end(), layout.class_begin.begin());

    parallel::for_each_index(std::uint32_t{0}, n, [&](std::uint32_t v) { draw_person(p, layout, seed, replicate, v, pop); });
}

}  // namespace vrusim
