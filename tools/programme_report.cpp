#include "programme_report.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/programme/funding.hpp"

namespace vrusim::cli {

std::string pounds(double amount) {
    const std::string digits = fmt::format("{:.0f}", std::abs(amount));
    std::string out = amount < 0 && digits != "0" ? "-£" : "£";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

namespace {

std::string percent(double share) { return fmt::format("{:.1f}%", 100 * share); }

void print_interventions(const Parameters& p) {
    const auto& interventions = p.programme.interventions;
    fmt::print("Programme: {} intervention{}.\n", interventions.size(), interventions.size() == 1 ? "" : "s");
    for (const auto& in : interventions) {
        const double places = planned_places_per_year(in);
        const std::string money =
            in.budget_per_year > 0
                ? fmt::format("budget {} a year buys {:g} places ({} fixed, {} a place)", pounds(in.budget_per_year),
                              std::floor(places * 10) / 10, pounds(in.cost_fixed_per_year),
                              pounds(in.cost_per_participant))
                : fmt::format("{:g} places a year; planned {} a year ({} fixed + {:g} places x {})", places,
                              pounds(planned_money_per_year(in)), pounds(in.cost_fixed_per_year), places,
                              pounds(in.cost_per_participant));
        fmt::print("  {}: {}{}, {}, ages {}-{}{}; from reported week {}{}; {}{}\n", in.name,
                   in.enabled ? "" : "(disabled) ", in.trigger, in.area.empty() ? "every area" : in.area, in.age_min,
                   in.age_max, in.requires_state.empty() ? "" : ", " + in.requires_state, in.start_week,
                   in.end_week != 0 ? fmt::format(" to {}", in.end_week) : "", money,
                   !p.funding.enabled        ? ""
                   : in.funded_by == "grant" ? fmt::format("; paid from the grant, priority {}", in.priority)
                                             : "; paid by its own stream");
        if (in.enabled && in.start_week >= p.run.weeks)
            fmt::print("    note: it starts at week {}, after the run's {} reported weeks, so it never runs\n",
                       in.start_week, p.run.weeks);
        const double simulated = places * p.population.scale;
        if (in.enabled && simulated < 1)
            fmt::print("    note: at population.scale {} that is {:.2g} simulated places a year: a place in some "
                       "years only (at random, right on average)\n",
                       p.population.scale, simulated);
    }
}

void print_plan(const Parameters& p, const FundingPlan& plan) {
    const auto& f = p.funding;
    fmt::print("Funding plan (pounds; cut rule {}, evaluation {} of the money on interventions, match {}):\n",
               f.cut_rule, percent(f.evaluation_share), f.match_in_kind ? "in kind" : "in cash");
    fmt::print("  {:<8} {:>11} {:>10} {:>10} {:>10} {:>13} {:>10} {:>10} {:>10} {:>10}\n", "year", "grant", "match",
               "carry-in", "core", "interventions", "evaluation", "partners", "separate", "carry-out");
    for (const auto& y : plan.years)
        fmt::print("  {:<8} {:>11} {:>10} {:>10} {:>10} {:>13} {:>10} {:>10} {:>10} {:>10}\n",
                   financial_year_label(y.year), pounds(y.grant), pounds(y.match), pounds(y.carry_in), pounds(y.core),
                   pounds(y.interventions), pounds(y.evaluation), pounds(y.partners), pounds(y.separate),
                   pounds(y.carry_out));
    // Only the interventions the money does not fully cover in some year.
    const auto& interventions = p.programme.interventions;
    for (std::size_t i = 0; i < interventions.size(); ++i) {
        const bool cut = std::ranges::any_of(plan.years, [&](const FundingYear& y) {
            return y.planned[i] > 0 && y.share[i] < 1 - 1e-9;
        });
        if (!cut) continue;
        std::string years;
        for (const auto& y : plan.years)
            if (y.planned[i] > 0)
                years += fmt::format("{}{} {:.0f}%", years.empty() ? "" : ", ", financial_year_label(y.year),
                                     100 * y.share[i]);
        fmt::print("  {} has this share of its planned money and places: {}{}\n", interventions[i].name, years,
                   interventions[i].on_stop == "drop_out" ? " (when it reaches 0, those taking part leave)"
                                                          : " (when it reaches 0, those taking part finish their stay)");
    }
}

int print_conditions(const FundingPlan& plan) {
    int failed = 0;
    fmt::print("Grant conditions:\n");
    for (const auto& y : plan.years) {
        const std::string label = financial_year_label(y.year);
        if (y.grant <= 0) {
            fmt::print("  {}  no grant: the conditions do not apply\n", label);
            continue;
        }
        for (const auto& c : y.conditions) {
            const char* verdict = !c.applies ? "n/a " : (c.pass ? "PASS" : "FAIL");
            failed += c.applies && !c.pass;
            std::string figures;
            if (c.name == "interventions")
                figures = fmt::format("{} on interventions = {} of the grant {} (at least {})", pounds(y.interventions),
                                      percent(c.value), pounds(y.grant), percent(c.required));
            else if (c.name == "evaluation")
                figures = c.applies ? fmt::format("{} on evaluation = {} of the money on interventions (at least {})",
                                                  pounds(y.evaluation), percent(c.value), percent(c.required))
                                    : "no money on interventions to evaluate";
            else
                figures = fmt::format("{} match funding = {} of the grant (at least {})", pounds(y.match),
                                      percent(c.value), percent(c.required));
            fmt::print("  {}  {:<13} {}  {}\n", label, c.name, verdict, figures);
        }
    }
    return failed;
}

}  // namespace

int print_programme(const Parameters& p) {
    if (!p.programme.interventions.empty()) print_interventions(p);
    if (!p.funding.enabled) return 0;
    const FundingPlan plan = plan_funding(p);
    print_plan(p, plan);
    return print_conditions(plan);
}

}  // namespace vrusim::cli
