#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "sim/population.hpp"

using namespace vrusim;

namespace {

// Two made-up areas of 5,400 and 4,050 young people: 20 + 15 neighbourhoods of 270, so the
// force has 35 neighbourhoods and its fifths are whole (7 neighbourhoods each).
Parameters two_areas() {
    Parameters p;
    p.population.areas = {{"North", 1800, 1700, 1900, 60000, 25.0, 1.0}, {"South", 1500, 1200, 1350, 45000, 12.0, 1.2}};
    return p;
}

struct Synthesised {
    Population pop;
    Layout layout;
};

Synthesised synthesised(const Parameters& p, std::uint64_t seed = 1, std::uint32_t replicate = 0) {
    Synthesised s;
    synthesise(p, seed, replicate, s.pop, s.layout);
    return s;
}

}  // namespace

namespace {

std::uint32_t people_in(const Population& pop, std::uint32_t begin, std::uint32_t end) {
    std::uint32_t n = 0;
    for (auto v = begin; v < end; ++v) n += !(pop.states[v] & state::vacant);
    return n;
}

}  // namespace

TEST_CASE("population: each area holds its represented 10-24 population times the scale, in slots for its largest cohort") {
    for (const double scale : {1.0, 0.37}) {
        CAPTURE(scale);
        auto p = two_areas();
        p.population.scale = scale;
        const auto s = synthesised(p);
        std::uint64_t expected = 0, slots = 0;
        for (int a = 0; a < 2; ++a) {
            CAPTURE(a);
            const auto& area = p.population.areas[a];
            const auto in_area = std::llround((area.population_10_14 + area.population_15_19 + area.population_20_24) * scale);
            // A cohort has room for the largest single year (here the largest band / 5): slots = people / mean occupancy.
            const double largest = std::max({area.population_10_14, area.population_15_19, area.population_20_24}) / 5;
            const double occupancy = (area.population_10_14 + area.population_15_19 + area.population_20_24) / (15 * largest);
            CHECK(s.layout.cohorts[a].mean_occupancy == Approx(occupancy));
            const auto area_slots = s.layout.area_begin[a + 1] - s.layout.area_begin[a];
            CHECK(area_slots == std::llround(static_cast<double>(in_area) / occupancy));
            // Each slot is held independently with its age's occupancy: at most slots / 4 variance; 5 SE.
            const double people = people_in(s.pop, s.layout.area_begin[a], s.layout.area_begin[a + 1]);
            CHECK(std::abs(people - static_cast<double>(in_area)) < 5 * std::sqrt(area_slots / 4.0));
            expected += static_cast<std::uint64_t>(in_area);
            slots += area_slots;
        }
        CHECK(s.pop.size() == slots);
        CHECK(simulated_slot_count(p) == slots);
        CHECK(simulated_agent_count(p) == expected);
        CHECK(s.layout.represented_10_24 == Approx(5400 + 4050));
        CHECK(s.layout.represented_all_ages == Approx(105000));
        CHECK(s.layout.scale == scale);
    }
}

TEST_CASE("population: slots are sorted by area then neighbourhood and the layout ranges agree") {
    const auto p = two_areas();
    const auto s = synthesised(p);
    const auto& pop = s.pop;
    const auto& layout = s.layout;
    const auto n = pop.size();
    REQUIRE(layout.areas == 2);
    REQUIRE(layout.area_begin.size() == 3);
    CHECK(layout.area_begin.front() == 0);
    CHECK(layout.area_begin.back() == n);
    const auto hoods = layout.neighbourhood_begin.size() - 1;
    CHECK(hoods == 35);
    CHECK(layout.neighbourhood_begin.front() == 0);
    CHECK(layout.neighbourhood_begin.back() == n);
    CHECK(layout.neighbourhood_area.size() == hoods);
    CHECK(layout.neighbourhood_rr.size() == hoods);
    CHECK(std::is_sorted(pop.area.begin(), pop.area.end()));
    CHECK(std::is_sorted(pop.neighbourhood.begin(), pop.neighbourhood.end()));
    bool consistent = true;
    for (std::uint32_t nb = 0; nb < hoods; ++nb) {
        consistent &= layout.neighbourhood_begin[nb] < layout.neighbourhood_begin[nb + 1];
        for (auto v = layout.neighbourhood_begin[nb]; v < layout.neighbourhood_begin[nb + 1]; ++v)
            consistent &= pop.neighbourhood[v] == nb && pop.area[v] == layout.neighbourhood_area[nb];
    }
    CHECK(consistent);
    for (int a = 0; a < 2; ++a) {
        // Area boundaries fall on neighbourhood boundaries.
        CHECK(std::count(layout.neighbourhood_begin.begin(), layout.neighbourhood_begin.end(), layout.area_begin[a]) == 1);
        for (auto v = layout.area_begin[a]; v < layout.area_begin[a + 1]; ++v) consistent &= pop.area[v] == a;
    }
    CHECK(consistent);
}

TEST_CASE("population: households are contiguous runs of slots, within one neighbourhood, holding the configured mean of people") {
    const auto p = two_areas();
    const auto s = synthesised(p);
    const auto& pop = s.pop;
    std::map<std::uint32_t, std::uint32_t> size_of;
    bool contiguous = true;
    for (std::uint32_t v = 1; v < pop.size(); ++v) {
        if (pop.household[v] != pop.household[v - 1]) {
            contiguous &= pop.household[v] > pop.household[v - 1];  // a run never resumes later
        } else {
            contiguous &= pop.neighbourhood[v] == pop.neighbourhood[v - 1];
        }
    }
    CHECK(contiguous);
    for (std::uint32_t v = 0; v < pop.size(); ++v) ++size_of[pop.household[v]];
    double sum = 0, sum_sq = 0;
    std::uint32_t largest = 0;
    for (const auto& [household, size] : size_of) {
        sum += size;
        sum_sq += double(size) * size;
        largest = std::max(largest, size);
    }
    const double households = static_cast<double>(size_of.size());
    CHECK(largest <= 8);
    // Slots per household are 1 + Poisson(mean / occupancy - 1) (capped at 8), so that a household
    // holds `mean` people on average: variance mean / occupancy - 1; 5 standard errors, plus the
    // truncation of each neighbourhood's last household (at most one slot short per neighbourhood).
    // Both areas have about the same occupancy; their slot-weighted mean stands for it.
    const double occupancy = (s.layout.cohorts[0].mean_occupancy * (s.layout.area_begin[1] - s.layout.area_begin[0]) +
                              s.layout.cohorts[1].mean_occupancy * (s.layout.area_begin[2] - s.layout.area_begin[1])) /
                             pop.size();
    const double mean = p.population.household_size_mean / occupancy;
    const double truncation = 35.0 / households + 0.01;
    CHECK(std::abs(sum / households - mean) < 5 * std::sqrt((mean - 1) / households) + truncation);
}

TEST_CASE("population: ages are 10-24, cohorts are spread evenly over them, and people's age bands match each area's proportions") {
    const auto p = two_areas();
    const auto s = synthesised(p);
    const auto& pop = s.pop;
    bool in_range = true;
    for (const auto a : pop.age_weeks)
        in_range &= a >= age_min_years * weeks_per_year && a < (age_max_years + 1) * weeks_per_year;
    CHECK(in_range);
    for (int a = 0; a < 2; ++a) {
        CAPTURE(a);
        const auto& area = p.population.areas[a];
        const double total = area.population_10_14 + area.population_15_19 + area.population_20_24;
        const double shares[3] = {area.population_10_14 / total, area.population_15_19 / total, area.population_20_24 / total};
        int counts[3] = {0, 0, 0}, slot_counts[3] = {0, 0, 0};
        for (auto v = s.layout.area_begin[a]; v < s.layout.area_begin[a + 1]; ++v) {
            const int band = (pop.age_weeks[v] / weeks_per_year - age_min_years) / 5;
            ++slot_counts[band];
            if (!(pop.states[v] & state::vacant)) ++counts[band];
        }
        const double slots = s.layout.area_begin[a + 1] - s.layout.area_begin[a];
        for (int b = 0; b < 3; ++b)  // slot ages are uniform over the 15 years: a third in each band
            CHECK(std::abs(slot_counts[b] / slots - 1.0 / 3) < 5 * std::sqrt(2.0 / 9 / slots));
        const double n = counts[0] + counts[1] + counts[2];
        for (int b = 0; b < 3; ++b) {
            CAPTURE(b);
            // Multinomial share: 5 standard errors sqrt(p(1-p)/n).
            CHECK(std::abs(counts[b] / n - shares[b]) < 5 * std::sqrt(shares[b] * (1 - shares[b]) / n));
        }
    }
}

TEST_CASE("population: traits are drawn at their prevalences and static_rr is their product") {
    auto p = two_areas();
    p.violence.offending_proneness_sigma = 0;  // its own test below
    const auto s = synthesised(p);
    const auto& pop = s.pop;
    const auto& f = p.factors;
    const double n = pop.size();
    auto share = [&](std::uint16_t bit) {
        return static_cast<double>(std::count_if(pop.traits.begin(), pop.traits.end(), [&](auto t) { return (t & bit) != 0; })) / n;
    };
    // Binomial shares, 5 standard errors.
    auto near = [&](double observed, double expected) { return std::abs(observed - expected) < 5 * std::sqrt(expected * (1 - expected) / n); };
    CHECK(near(share(trait::male), p.population.male_share));
    // Lognormal propensity with mean 1 and log-sd sigma; "high" is above mean + 1 sd = 1 + sqrt(e^(sigma^2) - 1).
    const double sigma = f.propensity_sigma;
    const double z = (std::log(1 + std::sqrt(std::expm1(sigma * sigma))) + sigma * sigma / 2) / sigma;
    CHECK(near(share(trait::high_propensity), 0.5 * std::erfc(z / std::sqrt(2.0))));
    CHECK(near(share(trait::ace), f.ace_prevalence));
    CHECK(near(share(trait::trusted_adult), f.trusted_adult_prevalence));
    CHECK(near(share(trait::sport), f.sport_prevalence));
    CHECK(near(share(trait::sen), p.school.sen_prevalence));
    CHECK(near(share(trait::fsm), p.school.fsm_prevalence));  // centred on the mean deprivation multiplier

    bool products = true;
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        const auto t = pop.traits[v];
        double rr = s.layout.neighbourhood_rr[pop.neighbourhood[v]] * s.layout.area_societal_rr[pop.area[v]];
        if (!(t & trait::male)) rr *= p.violence.female_rr;
        if (t & trait::high_propensity) rr *= f.rr_high_propensity;
        if (t & trait::ace) rr *= f.rr_ace;
        if (t & trait::trusted_adult) rr *= f.rr_trusted_adult;
        if (t & trait::sport) rr *= f.rr_sport;
        products &= std::abs(pop.static_rr[v] / rr - 1) < 1e-6;
    }
    CHECK(products);
}

TEST_CASE("population: the nation's most deprived fifth of neighbourhoods has deprivation_gradient times the hazard of its least") {
    // Areas whose neighbourhoods all sit at the national 90th, 50th and 10th percentiles of IMD
    // scores (no spread): the mean percentiles of the top and bottom fifths, and the median.
    for (const double gradient : {3.6, 1.0, 6.0}) {
        CAPTURE(gradient);
        Parameters p;
        p.factors.deprivation_gradient = gradient;
        p.population.deprivation_cv = 0;
        p.population.areas = {{"Top", 1000, 1000, 1000, 30000, 43.8551, 1.0},
                              {"Middle", 1000, 1000, 1000, 30000, 17.6475, 1.0},
                              {"Bottom", 1000, 1000, 1000, 30000, 5.9083, 1.0}};
        const auto s = synthesised(p);
        auto rr_of = [&](int area) { return s.layout.neighbourhood_rr[s.pop.neighbourhood[s.layout.area_begin[area]]]; };
        CHECK(rr_of(0) / rr_of(2) == Approx(gradient).epsilon(1e-5));
        CHECK(rr_of(1) == Approx(1.0).epsilon(1e-5));  // centred on the nation, not the force
        CHECK(rr_of(0) == Approx(std::sqrt(gradient)).epsilon(1e-5));
    }
}

TEST_CASE("population: classes hold one year group of one area and every slot is in exactly one class") {
    const auto p = two_areas();
    const auto s = synthesised(p);
    const auto& pop = s.pop;
    const auto& layout = s.layout;
    const auto classes = layout.class_begin.size() - 1;
    CHECK(layout.class_begin.back() == pop.size());
    CHECK(layout.class_members.size() == pop.size());
    std::vector<int> seen(pop.size(), 0);
    bool members_agree = true, one_year = true, one_area = true;
    double members_total = 0;
    for (std::size_t c = 0; c < classes; ++c) {
        int lowest = 1 << 30, highest = -1;
        for (auto i = layout.class_begin[c]; i < layout.class_begin[c + 1]; ++i) {
            const auto v = layout.class_members[i];
            ++seen[v];
            members_agree &= pop.school_class[v] == c;
            lowest = std::min<int>(lowest, pop.age_weeks[v]);
            highest = std::max<int>(highest, pop.age_weeks[v]);
            one_area &= pop.area[v] == pop.area[layout.class_members[layout.class_begin[c]]];
        }
        // Same age in whole years: at most 51 weeks apart.
        one_year &= highest - lowest < weeks_per_year;
        members_total += layout.class_begin[c + 1] - layout.class_begin[c];
    }
    CHECK(members_agree);
    CHECK(one_year);
    CHECK(one_area);
    CHECK(std::all_of(seen.begin(), seen.end(), [](int k) { return k == 1; }));
    // Year groups are split into round(members / class_size) classes, so sizes are near class_size.
    const double mean_size = members_total / static_cast<double>(classes);
    CHECK(mean_size > 0.75 * p.population.class_size);
    CHECK(mean_size < 1.5 * p.population.class_size);
}

TEST_CASE("population: half the scale gives half the agents in neighbourhoods of the same size") {
    auto p = two_areas();
    const auto full = synthesised(p);
    p.population.scale = 0.5;
    const auto half = synthesised(p);
    CHECK(simulated_agent_count(p) == std::llround(5400 * 0.5) + std::llround(4050 * 0.5));
    auto mean_hood = [](const Synthesised& s) {  // people per neighbourhood
        return double(people_in(s.pop, 0, s.pop.size())) / double(s.layout.neighbourhood_begin.size() - 1);
    };
    // Whole neighbourhoods are sampled: rounding the count of neighbourhoods moves the mean size
    // by at most half a neighbourhood spread over the area's neighbourhoods (here under 7%).
    CHECK(mean_hood(full) == Approx(p.population.neighbourhood_size).epsilon(0.07));
    CHECK(mean_hood(half) == Approx(p.population.neighbourhood_size).epsilon(0.07));
    CHECK(half.layout.neighbourhood_begin.size() - 1 < full.layout.neighbourhood_begin.size() - 1);
}

TEST_CASE("population: synthesis is a pure function of seed and replicate") {
    const auto p = two_areas();
    const auto a = synthesised(p, 9, 2);
    const auto b = synthesised(p, 9, 2);
    const auto c = synthesised(p, 9, 3);
    CHECK(a.pop.age_weeks == b.pop.age_weeks);
    CHECK(a.pop.traits == b.pop.traits);
    CHECK(a.pop.household == b.pop.household);
    CHECK(a.pop.school_class == b.pop.school_class);
    CHECK(a.layout.neighbourhood_rr == b.layout.neighbourhood_rr);
    CHECK(a.pop.age_weeks != c.pop.age_weeks);
    CHECK(a.pop.traits != c.pop.traits);
}

TEST_CASE("population: replicates stay independent in large neighbourhoods (no stream runs into the next replicate's)") {
    // One household-and-age stream serves a whole neighbourhood. With 1,800 people per
    // neighbourhood (the schema allows up to 100,000) it needs about 5,400 draws; a stream has
    // 1,024 before its block counter carries into the replicate bits, after which it repeats
    // replicate r+1's stream, then r+2's, and so on. Independent replicates share no run of 8
    // consecutive ages (chance about 5400^2 / 780^8 per pair of replicates, below 1e-14).
    auto p = two_areas();
    p.population.neighbourhood_size = 2000;
    const auto r0 = synthesised(p, 1, 0);
    constexpr std::size_t run = 8;
    std::set<std::vector<std::uint16_t>> runs0;
    for (std::uint32_t v = 0; v + run <= r0.pop.size(); ++v)
        runs0.emplace(r0.pop.age_weeks.begin() + v, r0.pop.age_weeks.begin() + v + run);
    for (std::uint32_t replicate = 1; replicate <= 4; ++replicate) {
        CAPTURE(replicate);
        const auto other = synthesised(p, 1, replicate);
        int shared = 0;
        for (std::uint32_t v = 0; v + run <= other.pop.size(); ++v)
            shared += runs0.count(std::vector<std::uint16_t>(other.pop.age_weeks.begin() + v,
                                                             other.pop.age_weeks.begin() + v + run)) > 0;
        CHECK(shared == 0);
    }
}

TEST_CASE("population: a lasting victim weight is the person's offending risk (sex aside) to victim_proneness_risk_exponent, times victim_weight_female for females") {
    // With no lognormal spread the weight is deterministic: risk^a x (w_f if female), where the
    // risk is the static offending multiplier without female_rr.
    auto p = two_areas();
    p.violence.victim_proneness_sigma = 0;
    p.violence.offending_proneness_sigma = 0;  // not part of the victim weight, so static_rr must not carry it here
    p.violence.victim_weight_female = 0.4;
    for (const double a : {1.0, 0.5, 0.0}) {
        CAPTURE(a);
        p.violence.victim_proneness_risk_exponent = a;
        const auto s = synthesised(p);
        std::set<float> risks;
        bool all_match = true;
        for (std::uint32_t v = 0; v < s.pop.size(); ++v) {
            if (s.pop.states[v] & state::vacant) continue;
            const bool male = s.pop.traits[v] & trait::male;
            const double risk = s.pop.static_rr[v] / (male ? 1.0 : p.violence.female_rr);
            const double want = std::pow(risk, a) * (male ? 1.0 : 0.4);
            all_match &= std::abs(s.pop.victim_rr[v] / want - 1) < 1e-5;
            risks.insert(s.pop.static_rr[v]);
        }
        CHECK(risks.size() > 10);  // the risks differ, so the check has something to find
        CHECK(all_match);
    }
}

TEST_CASE("population: the offending proneness makes static_rr lognormal with mean 1 and log-sd offending_proneness_sigma") {
    // With every listed factor at 1 and one deprivation level, static_rr of a male is P_i alone.
    auto p = two_areas();
    auto& f = p.factors;
    f.rr_high_propensity = f.rr_ace = f.rr_trusted_adult = f.rr_sport = 1;
    f.deprivation_gradient = 1;
    for (auto& a : p.population.areas) a.societal_rr = 1;
    p.violence.offending_proneness_sigma = 1.5;
    p.violence.victim_proneness_sigma = 0;
    const auto s = synthesised(p);
    std::vector<double> logs;
    double sum = 0;
    bool victim_weight_without_it = true;  // the proneness is not part of the victim weight
    for (std::uint32_t v = 0; v < s.pop.size(); ++v) {
        if (s.pop.states[v] & state::vacant || !(s.pop.traits[v] & trait::male)) continue;
        logs.push_back(std::log(s.pop.static_rr[v]));
        sum += s.pop.static_rr[v];
        victim_weight_without_it &= s.pop.victim_rr[v] == 1.0f;
    }
    CHECK(victim_weight_without_it);
    const auto n = static_cast<double>(logs.size());
    REQUIRE(n > 3000);
    double mean_log = 0;
    for (double x : logs) mean_log += x / n;
    double var_log = 0;
    for (double x : logs) var_log += (x - mean_log) * (x - mean_log) / (n - 1);
    // The log is normal(-s^2/2, s^2): its mean has SE s/sqrt(n), its variance SE s^2 sqrt(2/(n-1)).
    const double sg = 1.5;
    CHECK(std::abs(mean_log + sg * sg / 2) < 4 * sg / std::sqrt(n));
    CHECK(std::abs(var_log - sg * sg) < 4 * sg * sg * std::sqrt(2 / (n - 1)));
    // The mean of the lognormal itself is 1: its SE is sqrt(exp(s^2) - 1) / sqrt(n).
    CHECK(std::abs(sum / n - 1) < 4 * std::sqrt(std::expm1(sg * sg) / n));
}
