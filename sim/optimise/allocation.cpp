#include "allocation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>

#include "../population.hpp"
#include "../programme/funding.hpp"
#include "../rng.hpp"

namespace vrusim::optimise {

namespace {

constexpr double tolerance = 1e-6;  // pounds and shares: the funding plan's own rounding
constexpr std::uint64_t enumerate_at_most = 200000;

double group_places(const GroupLimit& g, const Allocation& a) {
    double sum = 0;
    for (const auto c : g.candidates) sum += a[c];
    return sum;
}

}  // namespace

void apply_allocation(Parameters& p, const Parameters& plan, const std::vector<Candidate>& candidates,
                      const Allocation& allocation) {
    if (allocation.size() != candidates.size()) throw std::invalid_argument("apply_allocation: one value per candidate");
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& c = candidates[i];
        const InterventionSpec& was = plan.programme.interventions.at(c.intervention);
        InterventionSpec& in = p.programme.interventions.at(c.intervention);
        const double planned = planned_places_per_year(was);
        in = was;
        if (!std::isnan(c.cost_per_place)) in.cost_per_participant = c.cost_per_place;
        in.budget_per_year = 0;
        in.places_per_year = allocation[i];
        in.adult_places_per_year = planned > 0 ? was.adult_places_per_year * allocation[i] / planned : 0.0;
        in.enabled = allocation[i] > 0;  // a candidate the plan leaves out (enabled: false) may be commissioned
    }
}

Allocation current_allocation(const Parameters& plan, const std::vector<Candidate>& candidates) {
    Allocation a;
    for (const auto& c : candidates) {
        const auto& in = plan.programme.interventions.at(c.intervention);
        a.push_back(in.enabled ? planned_places_per_year(in) : 0.0);
    }
    return a;
}

std::string why_not_fitting(const Parameters& p, const std::vector<GroupLimit>& limits, const Allocation& a) {
    for (const auto& g : limits) {
        const double places = group_places(g, a);
        const auto running = std::count_if(g.candidates.begin(), g.candidates.end(), [&](std::size_t c) { return a[c] > 0; });
        if (places < g.min_places - tolerance) return g.name + ": fewer places than its min_places";
        if (places > g.max_places + tolerance) return g.name + ": more places than its max_places";
        if (running > g.max_running) return g.name + ": more interventions running than its max_running";
    }
    const FundingPlan plan = plan_funding(p);
    if (!plan.enabled) return "";
    const auto& interventions = p.programme.interventions;
    for (const auto& fy : plan.years) {
        const double part = fy.weeks / static_cast<double>(weeks_per_year);
        if (fy.grant > 0 && fy.core < p.funding.core_cost * part - tolerance)
            return financial_year_label(fy.year) + ": the core function would be cut";
        for (std::size_t i = 0; i < interventions.size(); ++i)
            if (interventions[i].enabled && interventions[i].funded_by == "grant" &&
                fy.money[i] < fy.planned[i] - tolerance)
                return financial_year_label(fy.year) + ": '" + interventions[i].name + "' would be cut (the money runs out)";
        for (const auto& c : fy.conditions)
            if (c.applies && !c.pass) return financial_year_label(fy.year) + ": grant condition '" + c.name + "' fails";
    }
    return "";
}

double yearly_cost(const Parameters& p) {
    const FundingPlan plan = plan_funding(p);
    double money = 0, years = 0;
    for (const auto& fy : plan.years) {
        for (std::size_t i = 0; i < fy.money.size(); ++i)
            if (p.programme.interventions[i].funded_by == "grant") money += fy.money[i];
        money += fy.evaluation;
        years += fy.weeks / static_cast<double>(weeks_per_year);
    }
    return years > 0 ? money / years : 0.0;
}

Space fitting_allocations(const Parameters& plan, const std::vector<Candidate>& candidates,
                          const std::vector<GroupLimit>& limits, int most, std::uint64_t seed) {
    Space out;
    out.combinations = 1;
    for (const auto& c : candidates) {
        if (c.places.empty()) throw std::invalid_argument("fitting_allocations: a candidate without options");
        out.combinations *= static_cast<double>(c.places.size());
    }
    Parameters p = plan;
    auto fits = [&](const Allocation& a) {
        ++out.looked_at;
        apply_allocation(p, plan, candidates, a);
        const std::string why = why_not_fitting(p, limits, a);
        if (!why.empty() && out.first_problem.empty()) out.first_problem = why;
        return why.empty();
    };
    rng::Stream stream(seed, 0, 0, 0, rng::Purpose::optimise_design);
    if (out.combinations <= static_cast<double>(enumerate_at_most)) {
        const auto count = static_cast<std::uint64_t>(out.combinations);
        auto allocation_at = [&](std::uint64_t index) {  // the odometer: the last candidate fastest
            Allocation a(candidates.size());
            for (std::size_t i = candidates.size(); i-- > 0;) {
                const auto n = static_cast<std::uint64_t>(candidates[i].places.size());
                a[i] = candidates[i].places[index % n];
                index /= n;
            }
            return a;
        };
        std::vector<std::uint64_t> fitting;
        for (std::uint64_t i = 0; i < count; ++i)
            if (fits(allocation_at(i))) fitting.push_back(i);
        out.fitting = fitting.size();
        if (static_cast<std::uint64_t>(most) < fitting.size()) {
            out.sampled = true;
            for (std::size_t i = 0; i < static_cast<std::size_t>(most); ++i) {  // a partial Fisher-Yates shuffle
                const auto left = static_cast<std::uint32_t>(fitting.size() - i);
                std::swap(fitting[i], fitting[i + stream.below(left)]);
            }
            fitting.resize(static_cast<std::size_t>(most));
            std::sort(fitting.begin(), fitting.end());
        }
        for (const auto i : fitting) out.allocations.push_back(allocation_at(i));
        return out;
    }
    // Too many to look at every one: each candidate's places drawn uniformly (so every combination
    // is as likely) until `most` distinct fitting ones are found, or a hundred draws for each one
    // wanted have been made.
    out.sampled = out.drawn = true;
    std::set<Allocation> chosen, tried;
    for (std::uint64_t draws = 0; chosen.size() < static_cast<std::size_t>(most) && draws < 100ull * most; ++draws) {
        Allocation a;
        for (const auto& c : candidates) a.push_back(c.places[stream.below(static_cast<std::uint32_t>(c.places.size()))]);
        if (!tried.insert(a).second) continue;
        if (fits(a)) chosen.insert(a);
    }
    out.fitting = chosen.size();
    out.allocations.assign(chosen.begin(), chosen.end());
    return out;
}

}  // namespace vrusim::optimise
