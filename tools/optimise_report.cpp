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
        if (s.sd > 0)
            e.detectable = (student_t_quantile(0.975, e.n - 1) + student_t_quantile(0.80, e.n - 1)) * s.sd / std::sqrt(e.n);
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
    std::vector<double> means;
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
    out += ",cost_a_year,fits,search_replicates,search_difference,search_low,search_high,last_round,on_frontier,"
           "finalist,confirm_replicates,confirm_difference,confirm_low,confirm_high,confirm_detectable\n";
    const auto on = frontier(o);
    for (std::size_t arm = 0; arm < o.arms.size(); ++arm) {
        if (frontier_only && !on[arm]) continue;
        const auto& a = o.arms[arm];
        out += fmt::format("{},{}", arm, arm == 0 ? "current" : "allocation");
        for (const double p : a.places) out += fmt::format(",{}", number(p));
        const Estimate s = estimate(o.search.search[arm]);
        out += fmt::format(",{},{},{},{},{},{},{},{}", number(a.cost), a.fits.empty() ? "yes" : io::csv_text(a.fits), s.n,
                           number(s.interval.mean), number(s.interval.low), number(s.interval.high),
                           o.search.last_round[arm] + 1, on[arm] ? "yes" : "no");
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
std::string finalists_csv(const OptimiseOutcome& o) { return rows_csv(o, true); }

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
    return io::chart::draw_line_chart(chart).png();
}

void print_optimise_table(const OptimiseOutcome& o) {
    const auto& s = o.search;
    fmt::print("Budget optimiser: the current plan and {} allocation{} raced under common random numbers, by "
               "successive halving ({} round{}:", o.arms.size() - 1, o.arms.size() == 2 ? "" : "s", s.rounds.size(),
               s.rounds.size() == 1 ? "" : "s");
    for (std::size_t r = 0; r < s.rounds.size(); ++r)
        fmt::print("{} {} at {} replicates", r ? "," : "", s.rounds[r].arms, s.rounds[r].replicates);
    fmt::print("); the {} finalists confirmed on {} fresh replicates\n", s.finalists.size(),
               s.confirmation.empty() ? 0 : s.confirmation.front().size());
    fmt::print("Objective: {}\n", optimise::objective_unit(o.file->objective));
    if (!o.arms[0].fits.empty())
        fmt::print("Note: the current plan itself does not fit ({}); it is the reference all the same\n", o.arms[0].fits);
    fmt::print("\n  current plan: {}; {} a year\n\n", places_text(o, o.arms[0].places), pounds(o.arms[0].cost));
    fmt::print("{:>5} {:>14} {:>34} {:>14} {:>14}   places a year\n", "rank", "cost a year", "difference [95% interval]",
               "detectable", "search");
    const std::size_t best_arm = s.finalists.empty() ? 0 : static_cast<std::size_t>(s.finalists.front());
    for (std::size_t f = 0; f < s.finalists.size(); ++f) {
        const auto arm = static_cast<std::size_t>(s.finalists[f]);
        const Estimate c = estimate(s.confirmation[f]);
        const Estimate search = estimate(s.search[arm]);
        fmt::print("{:>5} {:>14} {:>34} {:>14} {:>14}   {}\n", f + 1, pounds(o.arms[arm].cost),
                   fmt::format("{} [{}, {}]", amount(o, c.interval.mean), amount(o, c.interval.low), amount(o, c.interval.high)),
                   amount(o, c.detectable), amount(o, search.interval.mean),
                   arm == 0 ? "the current plan" : places_text(o, o.arms[arm].places));
    }
    fmt::print("\ndifference: the objective beyond the current plan (positive: more harm averted), on the "
               "confirmation's fresh replicates, paired by replicate; detectable: the smallest difference those "
               "replicates detect with 80% power at the 5% level; search: its mean over the search's replicates "
               "(chosen for being high, so biased upward)\n");
    if (s.finalists.empty() || s.confirmation.front().size() < 2) return;
    const Estimate best = estimate(s.confirmation.front());
    bool any_difference = false;
    for (const auto& d : s.search)
        for (const double x : d) any_difference = any_difference || x != 0;
    if (!any_difference) {
        fmt::print("Every allocation's objective equalled the current plan's in every replicate: the candidates changed "
                   "nothing the objective counts in these runs (a run too short for their effect, or interventions "
                   "that reach no one); nothing can be chosen.\n");
        return;
    }
    if (best_arm == 0)
        fmt::print("The current plan ranked first: no allocation raced did better in the search.\n");
    else if (best.interval.low > 0)
        fmt::print("The first allocation averts more than the current plan: {} [{}, {}] on fresh replicates.\n",
                   amount(o, best.interval.mean), amount(o, best.interval.low), amount(o, best.interval.high));
    else
        fmt::print("No finalist can be told from the current plan on {} fresh replicates: a difference smaller than "
                   "about {} would not be detected; more confirm_replicates narrow it.\n",
                   best.n, amount(o, best.detectable));
    // Between the finalists, paired on the same fresh replicates.
    for (std::size_t f = 1; f < s.finalists.size(); ++f) {
        std::vector<double> d;
        for (std::size_t r = 0; r < s.confirmation[f].size(); ++r) d.push_back(s.confirmation[0][r] - s.confirmation[f][r]);
        const Estimate e = estimate(d);
        fmt::print("  rank 1 minus rank {}: {} [{}, {}]{}\n", f + 1, amount(o, e.interval.mean), amount(o, e.interval.low),
                   amount(o, e.interval.high), e.interval.low > 0 ? "" : " (not distinguishable)");
    }
}

}  // namespace vrusim::cli
