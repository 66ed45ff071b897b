#include "optimise_report.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "io/chart/line_chart.hpp"
#include "io/comparison_csv.hpp"
#include "programme_report.hpp"
#include "sim/economics/comparison.hpp"
#include "sim/optimise/frontier.hpp"
#include "sim/summary.hpp"

namespace vrusim::cli {

namespace {

struct Estimate {
    int n = 0;
    Interval interval{NAN, NAN, NAN};
    double detectable = NAN;  // the smallest difference n paired replicates detect with 80% power
};

Estimate estimate(const std::vector<double>& d) {
    Estimate e;
    e.n = static_cast<int>(d.size());
    if (d.empty()) return e;
    e.interval = mean_interval(d);
    if (e.n >= 2) {
        const CellSummary s = summarise(d);
        // No spread (an allocation that changes nothing in these runs): nothing to say what is detectable.
        if (s.sd > 0) e.detectable = detectable_difference(s.sd, e.n);
    }
    return e;
}

// A figure for the CSV files: NA if not finite; ten significant digits (pounds to the penny).
std::string number(double x) {
    if (!std::isfinite(x)) return "NA";
    return fmt::format("{:.10g}", std::abs(x) < 1e-9 ? 0.0 : x);
}

// A difference in the objective's unit, for the table.
std::string amount(const OptimiseOutcome& o, double x) {
    if (!std::isfinite(x)) return "NA";
    if (o.file->objective.social_value) return fmt::format("{}{}", x > 0 ? "+" : "", pounds(x));
    return fmt::format("{:+.4g}", std::abs(x) < 1e-9 ? 0.0 : x);
}

std::vector<double> search_means(const OptimiseOutcome& o) {
    std::vector<double> means;  // the current plan's is 0: the reference
    for (const auto& s : o.search.search) means.push_back(optimise::mean_of(s));
    return means;
}

std::vector<bool> frontier(const OptimiseOutcome& o) {
    std::vector<double> cost;
    for (const auto& a : o.arms) cost.push_back(a.cost);
    return optimise::on_frontier(cost, search_means(o));
}

int finalist_rank(const OptimiseOutcome& o, std::size_t arm) {
    const auto& f = o.search.finalists;
    const auto at = std::find(f.begin(), f.end(), static_cast<int>(arm));
    return at == f.end() ? 0 : static_cast<int>(at - f.begin()) + 1;
}

std::string places_text(const OptimiseOutcome& o, const optimise::Allocation& a) {
    std::string out;
    for (std::size_t i = 0; i < a.size(); ++i)
        out += fmt::format("{}{} {:g}", i ? ", " : "", o.candidate_names[i], a[i]);
    return out;
}

std::string rows_csv(const OptimiseOutcome& o, bool frontier_only) {
    std::string out(allocations_header_start.substr(0, allocations_header_start.size() - 1));
    for (const auto& name : o.candidate_names) out += fmt::format(",{}", io::csv_text(fmt::format("places:{}", name)));
    out += ",cost_a_year,fits,why_not,search_replicates,search_difference,search_low,search_high,last_round,on_frontier,"
           "finalist,confirm_replicates,confirm_difference,confirm_low,confirm_high,confirm_detectable\n";
    const auto on = frontier(o);
    for (std::size_t arm = 0; arm < o.arms.size(); ++arm) {
        if (frontier_only && !on[arm]) continue;
        const auto& a = o.arms[arm];
        out += fmt::format("{},{}", arm, arm == 0 ? "current" : "allocation");
        for (const double p : a.places) out += fmt::format(",{}", number(p));
        out += fmt::format(",{},{},{}", number(a.cost), a.fits.empty() ? "yes" : "no", io::csv_text(a.fits));
        if (arm == 0) {  // the reference: run on every replicate, its differences nil by definition
            out += fmt::format(",{},NA,NA,NA,,{},,,,,,\n", o.search.search_replicates, on[arm] ? "yes" : "no");
            continue;
        }
        const Estimate s = estimate(o.search.search[arm]);
        out += fmt::format(",{},{},{},{},{},{}", s.n, number(s.interval.mean), number(s.interval.low),
                           number(s.interval.high), o.search.last_round[arm] + 1, on[arm] ? "yes" : "no");
        const int rank = finalist_rank(o, arm);
        if (rank == 0) {
            out += ",,,,,,\n";
            continue;
        }
        const Estimate c = estimate(o.search.confirmation[static_cast<std::size_t>(rank - 1)]);
        out += fmt::format(",{},{},{},{},{},{}\n", rank, c.n, number(c.interval.mean), number(c.interval.low),
                           number(c.interval.high), number(c.detectable));
    }
    return out;
}

}  // namespace

std::string allocations_csv(const OptimiseOutcome& o) { return rows_csv(o, false); }
std::string frontier_csv(const OptimiseOutcome& o) { return rows_csv(o, true); }

std::string frontier_png(const OptimiseOutcome& o) {
    const auto means = search_means(o);
    const auto on = frontier(o);
    io::chart::LineSeries all{"allocations (search estimate)", {134, 142, 150}, {}, {}, {}, {}, false};
    io::chart::LineSeries edge{"frontier", {0, 114, 178}, {}, {}, {}, {}, true};
    io::chart::LineSeries final{"finalists on fresh replicates (95% interval)", {213, 94, 0}, {}, {}, {}, {}, false};
    io::chart::LineSeries current{"current plan", {0, 0, 0}, {}, {}, {}, {}, false};
    std::vector<std::size_t> order(o.arms.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return o.arms[a].cost < o.arms[b].cost; });
    const double scale = 1000;  // pounds in thousands
    const double y_scale = o.file->objective.social_value ? scale : 1;
    for (const auto arm : order) {
        (arm == 0 ? current : all).x.push_back(o.arms[arm].cost / scale);
        (arm == 0 ? current : all).y.push_back(means[arm] / y_scale);
        if (on[arm]) edge.x.push_back(o.arms[arm].cost / scale), edge.y.push_back(means[arm] / y_scale);
    }
    for (std::size_t f = 0; f < o.search.finalists.size(); ++f) {
        const auto arm = static_cast<std::size_t>(o.search.finalists[f]);
        const Estimate c = estimate(o.search.confirmation[f]);
        if (c.n == 0) continue;
        final.x.push_back(o.arms[arm].cost / scale);
        final.y.push_back(c.interval.mean / y_scale);
        final.low.push_back(c.interval.low / y_scale);
        final.high.push_back(c.interval.high / y_scale);
    }
    io::chart::LineChart chart;
    chart.title = o.file->name.empty() ? "Allocations of the grant: cost and effect" : o.file->name;
    chart.subtitle = fmt::format("effect: {} beyond the current plan, paired by replicate; {} allocations raced "
                                 "against it", optimise::objective_unit(o.file->objective), o.arms.size() - 1);
    chart.x_axis = "money a year on the interventions and their evaluation (£ thousands)";
    chart.y_axis = o.file->objective.social_value ? "£ thousands of harm averted beyond the current plan"
                                                  : optimise::objective_unit(o.file->objective) + " beyond the current plan";
    chart.series = {all, edge, final, current};  // the plan last: on top when it is a finalist too
    chart.references = {{"current plan", {134, 142, 150}, 0}};
    chart.x_from_zero = false;  // every allocation carries the plan's fixed lines: zero is far off
    return io::chart::draw_line_chart(chart).png();
}

void print_optimise_table(const OptimiseOutcome& o) {
    const auto& s = o.search;
    const int weeks = o.weeks;
    fmt::print("Budget optimiser: {} allocation{} raced against the current plan under common random numbers by "
               "successive halving, the plan run on every replicate as the reference\n",
               o.arms.size() - 1, o.arms.size() == 2 ? "" : "s");
    for (std::size_t r = 0; r < s.rounds.size(); ++r) {
        const auto& round = s.rounds[r];
        fmt::print("  round {}: {} at {} replicate{}", r + 1, round.arms, round.replicates, round.replicates == 1 ? "" : "s");
        if (round.dropped > 0)
            fmt::print("; {} dropped, {} of them not clearly worse than the leader (paired t, 5%)", round.dropped,
                       round.dropped_unclear);
        fmt::print("\n");
    }
    fmt::print("  confirmation: the {} finalist{} on {} fresh replicates\n", s.finalists.size(),
               s.finalists.size() == 1 ? "" : "s", s.confirmation.empty() ? 0 : s.confirmation.front().size());
    fmt::print("Objective: {}; the run is {} weeks ({:.3g} years), costs are a year\n",
               optimise::objective_unit(o.file->objective), weeks, weeks / 52.0);
    if (!o.arms[0].fits.empty())
        fmt::print("Note: the current plan does not fit as it stands ({}); it is the reference all the same\n",
                   o.arms[0].fits);
    fmt::print("\n  current plan: {}; {} a year\n\n", places_text(o, o.arms[0].places), pounds(o.arms[0].cost));
    fmt::print("{:>8} {:>14} {:>34} {:>14} {:>14}   places a year\n", "finalist", "cost a year",
               "difference [95% interval]", "detectable", "search");
    for (std::size_t f = 0; f < s.finalists.size(); ++f) {
        const auto arm = static_cast<std::size_t>(s.finalists[f]);
        const Estimate c = estimate(s.confirmation[f]);
        const Estimate search = estimate(s.search[arm]);
        fmt::print("{:>8} {:>14} {:>34} {:>14} {:>14}   {}\n", f + 1, pounds(o.arms[arm].cost),
                   fmt::format("{} [{}, {}]", amount(o, c.interval.mean), amount(o, c.interval.low), amount(o, c.interval.high)),
                   amount(o, c.detectable), amount(o, search.interval.mean), places_text(o, o.arms[arm].places));
    }
    fmt::print("\nfinalists in the search's order (not an order the confirmation supports unless the lines below "
               "say so); difference: the objective beyond the current plan over the whole run (positive: more harm "
               "averted), on the confirmation's fresh replicates, paired by replicate; its interval covers the "
               "model's randomness only, not doubt about the interventions' effects or costs; detectable: the "
               "smallest difference those replicates detect with 80% power at the 5% level; search: its mean over "
               "the search's replicates (the finalists were kept for being high, so on average it is biased upward; "
               "in one run noise can go either way)\n");
    if (s.finalists.empty() || s.confirmation.front().size() < 2) return;
    bool any_difference = false;
    for (const auto& d : s.search)
        for (const double x : d) any_difference = any_difference || x != 0;
    if (!any_difference) {
        fmt::print("Every allocation's objective equalled the current plan's in every replicate: the candidates changed "
                   "nothing the objective counts in these runs (a run too short for their effect, or interventions "
                   "that reach no one); nothing can be chosen.\n");
        return;
    }
    const Estimate best = estimate(s.confirmation.front());
    if (best.interval.low > 0)
        fmt::print("The first finalist averts more than the current plan: {} [{}, {}] on fresh replicates.\n",
                   amount(o, best.interval.mean), amount(o, best.interval.low), amount(o, best.interval.high));
    else if (best.interval.high < 0)
        fmt::print("The first finalist averts less than the current plan ({} [{}, {}]): no allocation raced beat it.\n",
                   amount(o, best.interval.mean), amount(o, best.interval.low), amount(o, best.interval.high));
    else
        fmt::print("The first finalist cannot be told from the current plan on {} fresh replicates: a difference "
                   "smaller than about {} would not be detected; more confirm_replicates narrow it.\n",
                   best.n, amount(o, best.detectable));
    // Between the finalists, paired on the same fresh replicates.
    for (std::size_t f = 1; f < s.finalists.size(); ++f) {
        std::vector<double> d;
        for (std::size_t r = 0; r < s.confirmation[f].size(); ++r) d.push_back(s.confirmation[0][r] - s.confirmation[f][r]);
        const Estimate e = estimate(d);
        fmt::print("  finalist 1 minus finalist {}: {} [{}, {}]{}\n", f + 1, amount(o, e.interval.mean),
                   amount(o, e.interval.low), amount(o, e.interval.high),
                   e.interval.low > 0 || e.interval.high < 0 ? "" : " (not distinguishable)");
    }
}

}  // namespace vrusim::cli
