#include "comparison.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "../population.hpp"
#include "../summary.hpp"
#include "harms.hpp"

namespace vrusim {

std::string unit_a_year(Measure m) {
    const auto& info = measure_info(MeasureSet::model)[static_cast<std::size_t>(m)];
    std::string unit(info.unit);
    if (info.kind == MeasureKind::flow) {
        if (const auto at = unit.find("/week"); at != std::string::npos) unit = unit.substr(0, at);
        return unit + " a year";
    }
    return unit + ", mean week";
}

double yearly(const RunYears& run, Measure m, int r) {
    double sum = 0, weeks = 0;
    const bool flow = info(m).kind == MeasureKind::flow;
    for (int y = 0; y < run.years; ++y) {
        sum += flow ? run.at(m, r, y) : run.at(m, r, y) * run.weeks_in_year[static_cast<std::size_t>(y)];
        weeks += run.weeks_in_year[static_cast<std::size_t>(y)];
    }
    return flow ? sum * weeks_per_year / weeks : sum / weeks;
}

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

YearHarms harms(const RunYears& run, int r, int y) {
    return harms_from(run.at(harm_measures[0], r, y), run.at(harm_measures[1], r, y), run.at(harm_measures[2], r, y),
                      run.at(harm_measures[3], r, y));
}

void require_paired(const RunYears& base, const RunYears& run) {
    if (base.replicates != run.replicates || base.years != run.years || base.weeks_in_year != run.weeks_in_year)
        throw std::invalid_argument("compare: runs of different replicates or years cannot be paired");
}

}  // namespace

double detectable_difference(double sd, int n) {
    if (n < 2) return std::numeric_limits<double>::quiet_NaN();
    return (student_t_quantile(0.975, n - 1) + student_t_quantile(0.80, n - 1)) * sd / std::sqrt(static_cast<double>(n));
}

Interval mean_interval(const std::vector<double>& values) {
    const CellSummary s = summarise(values);
    return {s.mean, s.ci95_low, s.ci95_high};
}

MeasureComparison compare_measure(const RunYears& base, const RunYears& run, Measure m) {
    require_paired(base, run);
    std::vector<double> value, difference;
    for (int r = 0; r < run.replicates; ++r) {
        value.push_back(yearly(run, m, r));
        difference.push_back(value.back() - yearly(base, m, r));
    }
    MeasureComparison out{mean_interval(value), mean_interval(difference), std::numeric_limits<double>::quiet_NaN()};
    if (difference.size() >= 2)
        out.detectable = detectable_difference(summarise(difference).sd, static_cast<int>(difference.size()));
    return out;
}

EconomicComparison compare_economics(const RunYears& base, const RunYears& run, const EconomicsParams& economics) {
    require_paired(base, run);
    std::vector<double> cost, cost_without_core, value;
    std::vector<std::vector<double>> averted(std::size(home_office_measures)), averted_discounted(averted.size());
    auto core = [](const RunYears& x, int y) { return x.core.empty() ? 0.0 : x.core[static_cast<std::size_t>(y)]; };
    for (int r = 0; r < run.replicates; ++r) {
        double c = 0, without_core = 0, v = 0;
        for (int y = 0; y < run.years; ++y) {
            const double d = discount_factor(economics.discount_rate, y);
            const auto at = static_cast<std::size_t>(r) * run.years + y;
            c += d * (run.spend[at] - base.spend[at]);
            without_core += d * (run.spend[at] - core(run, y) - (base.spend[at] - core(base, y)));
            v += d * (social_cost(economics, harms(base, r, y)) - social_cost(economics, harms(run, r, y)));
        }
        cost.push_back(c);
        cost_without_core.push_back(without_core);
        value.push_back(v);
        for (std::size_t k = 0; k < averted.size(); ++k) {
            double a = 0, discounted = 0;
            for (int y = 0; y < run.years; ++y) {
                const double d = base.at(home_office_measures[k], r, y) - run.at(home_office_measures[k], r, y);
                a += d;
                discounted += discount_factor(economics.discount_rate, y) * d;
            }
            averted[k].push_back(a);
            averted_discounted[k].push_back(discounted);
        }
    }
    EconomicComparison out;
    out.cost = mean_interval(cost);
    out.value = mean_interval(value);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double c = out.cost.mean;
    auto ratio = [&](double of) {
        return of > 0 ? Interval{out.value.mean / of, out.value.low / of, out.value.high / of} : Interval{nan, nan, nan};
    };
    out.benefit_cost = ratio(c);
    out.cost_without_core = mean_interval(cost_without_core);
    out.benefit_cost_without_core = ratio(out.cost_without_core.mean);
    for (std::size_t k = 0; k < averted.size(); ++k) {
        out.averted.push_back(mean_interval(averted[k]));
        // Discounted cost over discounted harms, as cost-effectiveness ratios are.
        const Interval i = mean_interval(averted_discounted[k]);
        // Fewer harms averted, a higher cost each: the interval's ends swap; none averted, no bound.
        out.cost_per_averted.push_back(c > 0 ? Interval{i.mean > 0 ? c / i.mean : inf, i.high > 0 ? c / i.high : inf,
                                                        i.low > 0 ? c / i.low : inf}
                                             : Interval{nan, nan, nan});
    }
    return out;
}

}  // namespace vrusim
