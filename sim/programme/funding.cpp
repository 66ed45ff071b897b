#include "funding.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "../population.hpp"

namespace vrusim {

namespace {

double grant_in(const FundingParams& f, int year) {
    if (f.grant_ends_year != 0 && year >= f.grant_ends_year) return 0;
    const int cuts = f.taper_from_year != 0 ? std::max(0, year - f.taper_from_year + 1) : 0;
    return f.grant * std::pow(1 - f.taper, cuts);
}

// Shares `money` among the grant's interventions' needs: in priority order (ties in list order)
// until it runs out, or every one by the same share.
std::vector<double> share_out(const std::vector<InterventionSpec>& interventions, const std::vector<double>& need,
                              double money, const std::string& rule) {
    const double total = std::accumulate(need.begin(), need.end(), 0.0);
    std::vector<double> given(need.size(), 0.0);
    if (total <= money) return need;
    if (rule == "pro_rata") {
        for (std::size_t i = 0; i < need.size(); ++i) given[i] = need[i] * money / total;
        return given;
    }
    std::vector<std::size_t> order(need.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return interventions[a].priority < interventions[b].priority; });
    for (const std::size_t i : order) {
        given[i] = std::min(need[i], money);
        money -= given[i];
    }
    return given;
}

GrantCondition condition(std::string name, double amount, double of, double required) {
    GrantCondition c{std::move(name), 0, required, of > 0, false};
    if (c.applies) {
        c.value = amount / of;
        c.pass = c.value >= required - 1e-12;
    }
    return c;
}

}  // namespace

int financial_years(const Parameters& p) { return (p.run.weeks + weeks_per_year - 1) / weeks_per_year; }

std::string financial_year_label(int year) { return fmt::format("{}-{:02}", year, (year + 1) % 100); }

double planned_places_per_year(const InterventionSpec& in) {
    if (in.budget_per_year > 0)
        return in.cost_per_participant > 0
                   ? std::max(0.0, (in.budget_per_year - in.cost_fixed_per_year) / in.cost_per_participant -
                                       in.adult_places_per_year)
                   : 0.0;
    return in.places_per_year;
}

double planned_money_per_year(const InterventionSpec& in) {
    if (in.budget_per_year > 0) return in.budget_per_year;
    return in.cost_fixed_per_year + (in.places_per_year + in.adult_places_per_year) * in.cost_per_participant;
}

int weeks_of_year_in_run(int y, int run_weeks) {
    return std::clamp(run_weeks - y * weeks_per_year, 0, weeks_per_year);
}

int open_weeks_in_year(const InterventionSpec& in, int y, int run_weeks) {
    const int year_start = y * weeks_per_year, year_end = year_start + weeks_of_year_in_run(y, run_weeks);
    const int from = std::max(year_start, in.start_week);
    const int to = in.end_week != 0 ? std::min(year_end, in.end_week) : year_end;
    return std::max(0, to - from);
}

FundingPlan plan_funding(const Parameters& p) {
    const auto& f = p.funding;
    const auto& interventions = p.programme.interventions;
    const std::size_t n = interventions.size();
    FundingPlan plan;
    plan.enabled = f.enabled;
    double carry = f.enabled ? f.carry_over : 0;
    for (int y = 0; y < financial_years(p); ++y) {
        FundingYear fy;
        fy.year = p.run.start_year + y;
        fy.weeks = weeks_of_year_in_run(y, p.run.weeks);
        const double part = static_cast<double>(fy.weeks) / weeks_per_year;  // of a year the run reports
        fy.planned.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i)
            if (interventions[i].enabled)
                fy.planned[i] =
                    planned_money_per_year(interventions[i]) * open_weeks_in_year(interventions[i], y, p.run.weeks) /
                    weeks_per_year;
        fy.money = fy.planned;
        if (f.enabled) {
            fy.grant = grant_in(f, fy.year) * part;
            fy.match = fy.grant > 0 ? f.match_share * fy.grant + f.match_amount * part : 0.0;
            fy.carry_in = carry;
            fy.available = fy.grant + (f.match_in_kind ? 0.0 : fy.match) + carry;
            std::vector<double> need(n, 0.0);
            for (std::size_t i = 0; i < n; ++i)
                if (interventions[i].funded_by == "grant") need[i] = fy.planned[i];
            // The core is paid from what is left once the interventions' minimum share of the grant
            // (with its evaluation) is set aside, or first of all.
            const double kept_for_interventions =
                f.protect_conditions
                    ? std::min(std::accumulate(need.begin(), need.end(), 0.0), f.min_intervention_share * fy.grant) *
                          (1 + f.evaluation_share)
                    : 0.0;
            fy.core = std::clamp(fy.available - kept_for_interventions, 0.0, f.core_cost * part);
            // Each pound on an intervention brings evaluation_share of a pound of evaluation.
            const double for_interventions = (fy.available - fy.core) / (1 + f.evaluation_share);
            const std::vector<double> given = share_out(interventions, need, for_interventions, f.cut_rule);
            for (std::size_t i = 0; i < n; ++i) {
                if (interventions[i].funded_by != "grant") {
                    fy.separate += fy.planned[i];
                    continue;
                }
                fy.interventions += given[i];
                const double sustained = std::max(interventions[i].sustained_share, f.sustained_share);
                fy.money[i] = std::max(given[i], sustained * need[i]);
                fy.partners += fy.money[i] - given[i];
            }
            fy.evaluation = f.evaluation_share * fy.interventions;
            fy.carry_out = std::max(0.0, fy.available - fy.core - fy.interventions - fy.evaluation);
            carry = f.carry_forward ? fy.carry_out : 0.0;
            fy.conditions = {condition("interventions", fy.interventions, fy.grant, f.min_intervention_share),
                             condition("evaluation", fy.evaluation, fy.interventions, f.min_evaluation_share),
                             condition("match", fy.match, fy.grant, f.min_match_share)};
            if (fy.grant <= 0) fy.conditions[1].applies = false;  // no grant, no conditions
        }
        fy.share.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            if (!interventions[i].enabled || open_weeks_in_year(interventions[i], y, p.run.weeks) == 0) continue;
            // An intervention that costs nothing needs no money to run.
            fy.share[i] = fy.planned[i] > 0 ? std::min(1.0, fy.money[i] / fy.planned[i]) : 1.0;
        }
        plan.years.push_back(std::move(fy));
    }
    return plan;
}


}  // namespace vrusim
