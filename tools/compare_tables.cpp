#include "compare_tables.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "programme_report.hpp"
#include "report.hpp"
#include "sim/programme/funding.hpp"

namespace vrusim::cli {

namespace {

std::string with_interval(const Interval& i) {
    return std::isfinite(i.low) ? fmt::format("{} [{}, {}]", number(i.mean), number(i.low), number(i.high))
                                : number(i.mean);
}

std::string value_interval(const Interval& i) { return with_interval(io::nonnegative(i)); }

std::string money_interval(const Interval& i) {
    return std::isfinite(i.low) ? fmt::format("{} [{}, {}]", pounds(i.mean), pounds(i.low), pounds(i.high))
                                : pounds(i.mean);
}

// Cost per harm averted. Where the interval of harms averted reaches 0 the cost has no upper
// bound; where on average none are averted there is no cost per harm, only a best case.
std::string cost_each(const Interval& c) {
    if (std::isnan(c.mean)) return "- (no extra spend)";
    if (!std::isfinite(c.mean))
        return std::isfinite(c.low) ? fmt::format("none averted on average (at best {} each)", pounds(c.low))
                                    : "none averted";
    return fmt::format("{} [{}, {}]", pounds(c.mean), pounds(c.low),
                       std::isfinite(c.high) ? pounds(c.high) : std::string("no bound"));
}

// A grant condition's verdict: "PASS 49.3%", "FAIL 12.0%" or "n/a".
std::string verdict(const io::StoredProgramme& p, int y, std::size_t c) {
    const auto at = static_cast<std::size_t>(y) * p.condition_names.size() + c;
    if (!p.condition_applies[at]) return "n/a";
    return fmt::format("{} {}", p.condition_pass[at] ? "PASS" : "FAIL",
                       share_against(p.condition_value[at], p.condition_required[at]));
}

// A Markdown table cell: a | in a label would end the cell.
std::string cell(std::string_view text) {
    std::string out;
    for (const char c : text) out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
    return out;
}

void print_reach_text(const ComparedRuns& runs) {
    bool header = false;
    for (std::size_t f = 0; f < runs.stored.size(); ++f) {
        const auto& p = runs.stored[f].programme;
        if (p.count() == 0) continue;
        if (!header)
            fmt::print("\nReach and spend over the run (people who started, mean of the replicates; spend undiscounted; "
                       "per participant: spend over all reached):\n");
        header = true;
        fmt::print("  {}\n", runs.labels[f]);
        std::size_t name_width = 12;
        for (const auto& n : p.interventions) name_width = std::max(name_width, n.size());
        for (int i = 0; i < p.count(); ++i) {
            const auto t = io::intervention_totals(p, i);
            const double all = t.young.mean + t.adults.mean;
            fmt::print("    {:<{}}  {:>8} aged 24 and under, {:>7} aged 25 and over  {:>12}  {}\n",
                       p.interventions[static_cast<std::size_t>(i)], name_width, number(t.young.mean), number(t.adults.mean),
                       pounds(t.spend),
                       all > 0          ? pounds(t.spend / all) + " each"
                       : t.spend > 0    ? std::string("no participants")
                                        : std::string("no participants, no money (disabled or cut)"));
        }
    }
}

}  // namespace

void print_comparison_csv(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown) {
    fmt::print("{}", io::comparison_csv(runs, shown));
}

void print_comparison_text(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown) {
    const auto& base = runs.years.front();
    const auto& meta = runs.stored.front().meta;
    fmt::print("Comparing {} runs of {} replicates, {} reported weeks from 1 April {} (seed {}); base: {}.\n",
               runs.years.size(), base.replicates, meta.weeks, meta.start_year, meta.seed, runs.labels.front());
    fmt::print("A year over the run{}: mean [95% interval over replicates]; difference from the base paired by "
               "replicate (common random numbers); detectable: the smallest difference a run of this many replicates "
               "would find with 80% power at the 5% level (a difference smaller than that is not evidence either "
               "way).\n",
               runs.area.empty() ? "" : fmt::format(", in {} only", runs.area));
    std::size_t width = 0;
    for (const auto& l : runs.labels) width = std::max(width, l.size());
    for (const auto& s : shown) {
        fmt::print("\n{} ({})\n", s.label, unit_a_year(s.measure));
        const double base_value = compare_measure(base, base, s.measure).value.mean;
        for (std::size_t f = 0; f < runs.years.size(); ++f) {
            const auto c = compare_measure(base, runs.years[f], s.measure);
            if (f == 0) {
                fmt::print("  {:<{}}  {}  (base)\n", runs.labels[f], width, value_interval(c.value));
                continue;
            }
            const std::string percent =
                base_value != 0 ? fmt::format(" ({:+.1f}%)", 100 * c.difference.mean / base_value) : "";
            fmt::print("  {:<{}}  {}  difference {}{}; detectable {}\n", runs.labels[f], width,
                       value_interval(c.value), with_interval(c.difference), percent, number(c.detectable));
        }
    }
    const auto& economics = base.economics;
    if (!runs.area.empty())
        fmt::print("\nCost and value are the whole programme's against the whole force area's harms: run compare "
                   "without --area for them.\n");
    else
        fmt::print("\nCost and value against the base over the run, discounted at {:.1f}% a year to {}; harms valued at "
               "the Home Office unit costs of crime (2015/16 prices) x {}:\n",
               100 * economics.discount_rate, financial_year_label(meta.start_year), number(economics.price_factor));
    for (std::size_t f = 1; f < runs.years.size() && runs.area.empty(); ++f) {
        const auto e = compare_economics(base, runs.years[f], economics);
        fmt::print("  {}: extra spend {} (interventions and evaluation {}); harms averted worth {}\n", runs.labels[f],
                   money_interval(e.cost), pounds(e.cost_without_core.mean), money_interval(e.value));
        fmt::print("    benefit-cost ratio {}; without the core function {}\n", with_interval(e.benefit_cost),
                   with_interval(e.benefit_cost_without_core));
        for (std::size_t k = 0; k < std::size(home_office_measures); ++k)
            fmt::print("    {}: {} averted over the run; cost per one averted {}\n",
                       info(home_office_measures[k]).name, with_interval(e.averted[k]),
                       cost_each(e.cost_per_averted[k]));
    }
    print_reach_text(runs);
    bool header = false;
    for (std::size_t f = 0; f < runs.stored.size(); ++f) {
        const auto& p = runs.stored[f].programme;
        if (!p.funding_enabled) continue;
        if (!header)
            fmt::print("\nGrant conditions by financial year (money on interventions / grant, evaluation / money on "
                       "interventions, match / grant):\n");
        header = true;
        fmt::print("  {}\n", runs.labels[f]);
        for (int y = 0; y < p.years(); ++y) {
            std::string line;
            for (std::size_t c = 0; c < p.condition_names.size(); ++c)
                line += fmt::format("  {} {:<10}", p.condition_names[c], verdict(p, y, c));
            fmt::print("    {}{}\n", p.financial_years[static_cast<std::size_t>(y)], line);
        }
    }
}

void print_comparison_markdown(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown) {
    const auto& base = runs.years.front();
    const auto& meta = runs.stored.front().meta;
    fmt::print("Base: **{}**. {} replicates, {} reported weeks from 1 April {}, seed {}. A year over the run{}: mean "
               "[95% interval]; differences paired by replicate.\n\n",
               runs.labels.front(), base.replicates, meta.weeks, meta.start_year, meta.seed,
               runs.area.empty() ? "" : ", in " + runs.area + " only");
    fmt::print("| measure | scenario | a year | difference from base | detectable |\n|---|---|---|---|---|\n");
    for (const auto& s : shown)
        for (std::size_t f = 0; f < runs.years.size(); ++f) {
            const auto c = compare_measure(base, runs.years[f], s.measure);
            fmt::print("| {} | {} | {} | {} | {} |\n",
                       f == 0 ? fmt::format("{} ({})", s.label, unit_a_year(s.measure)) : std::string(),
                       cell(runs.labels[f]), value_interval(c.value), f == 0 ? "(base)" : with_interval(c.difference),
                       f == 0 ? std::string() : number(c.detectable));
        }
    if (!runs.area.empty()) {
        fmt::print("\nMeasures of {} only; cost and value are the whole programme's (compare without --area).\n",
                   runs.area);
        return;
    }
    fmt::print("\n| scenario | extra spend | of which interventions and evaluation | value of harms averted | "
               "benefit-cost ratio | without the core function |\n|---|---|---|---|---|---|\n");
    std::vector<EconomicComparison> economics;
    for (std::size_t f = 1; f < runs.years.size(); ++f) {
        economics.push_back(compare_economics(base, runs.years[f], base.economics));
        const auto& e = economics.back();
        fmt::print("| {} | {} | {} | {} | {} | {} |\n", cell(runs.labels[f]), money_interval(e.cost),
                   pounds(e.cost_without_core.mean), money_interval(e.value), with_interval(e.benefit_cost),
                   with_interval(e.benefit_cost_without_core));
    }
    fmt::print("\n| scenario | Home Office measure | averted over the run | cost per one averted |\n|---|---|---|---|\n");
    for (std::size_t f = 1; f < runs.years.size(); ++f)
        for (std::size_t k = 0; k < std::size(home_office_measures); ++k)
            fmt::print("| {} | {} | {} | {} |\n", cell(runs.labels[f]), info(home_office_measures[k]).name,
                       with_interval(economics[f - 1].averted[k]), cost_each(economics[f - 1].cost_per_averted[k]));
    bool header = false;
    for (std::size_t f = 0; f < runs.stored.size(); ++f) {
        const auto& p = runs.stored[f].programme;
        if (!p.funding_enabled) continue;
        if (!header) fmt::print("\n| scenario | year | interventions | evaluation | match |\n|---|---|---|---|---|\n");
        header = true;
        for (int y = 0; y < p.years(); ++y) {
            fmt::print("| {} | {}", cell(runs.labels[f]), p.financial_years[static_cast<std::size_t>(y)]);
            for (std::size_t c = 0; c < p.condition_names.size(); ++c) fmt::print(" | {}", verdict(p, y, c));
            fmt::print(" |\n");
        }
    }
    bool reach_header = false;
    for (std::size_t f = 0; f < runs.stored.size(); ++f) {
        const auto& p = runs.stored[f].programme;
        if (!reach_header && p.count() > 0)
            fmt::print("\n| scenario | intervention | reached 24 and under | reached 25 and over | spend | per participant "
                       "|\n|---|---|---|---|---|---|\n");
        reach_header = reach_header || p.count() > 0;
        for (int i = 0; i < p.count(); ++i) {
            const auto t = io::intervention_totals(p, i);
            const double all = t.young.mean + t.adults.mean;
            fmt::print("| {} | {} | {} | {} | {} | {} |\n", cell(runs.labels[f]),
                       cell(p.interventions[static_cast<std::size_t>(i)]), number(t.young.mean), number(t.adults.mean),
                       pounds(t.spend), all > 0 ? pounds(t.spend / all) : std::string("-"));
        }
    }
    fmt::print("\nHarms valued at the Home Office unit costs of crime (2015/16 prices) x {}, discounted at {:.1f}% a "
               "year (docs/funding.md).\n",
               number(base.economics.price_factor), 100 * base.economics.discount_rate);
}

}  // namespace vrusim::cli
