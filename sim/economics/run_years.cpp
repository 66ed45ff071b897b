#include "run_years.hpp"

#include <algorithm>
#include <stdexcept>

#include "../population.hpp"
#include "../programme/funding.hpp"

namespace vrusim {

void fill_year_totals(RunYears& run, int replicates, int weeks, const WeekValue& value) {
    run.replicates = replicates;
    run.years = (weeks + weeks_per_year - 1) / weeks_per_year;
    run.weeks_in_year.clear();
    for (int y = 0; y < run.years; ++y) run.weeks_in_year.push_back(std::min(weeks_per_year, weeks - y * weeks_per_year));
    const auto table = measure_info(MeasureSet::model);
    run.totals.assign(table.size(), {});
    for (std::size_t m = 0; m < table.size(); ++m) {
        auto& totals = run.totals[m];
        totals.assign(static_cast<std::size_t>(replicates) * run.years, 0.0);
        const bool flow = table[m].kind == MeasureKind::flow;
        for (int r = 0; r < replicates; ++r)
            for (int w = 0; w < weeks; ++w) {
                const double week = value(m, r, w);
                const int y = w / weeks_per_year;
                totals[static_cast<std::size_t>(r) * run.years + y] +=
                    flow ? week : week / run.weeks_in_year[static_cast<std::size_t>(y)];
            }
    }
}

RunYears run_years_of(const Parameters& p, std::span<const ReplicateResult> results, std::string label, int area) {
    const int replicates = static_cast<int>(results.size());
    std::vector<const ReplicateResult*> by_replicate(results.size(), nullptr);
    for (const auto& r : results) {
        if (r.plan.replicate < 0 || r.plan.replicate >= replicates || by_replicate[static_cast<std::size_t>(r.plan.replicate)])
            throw std::invalid_argument("run_years_of: the results are not replicates 0 to n-1, once each");
        by_replicate[static_cast<std::size_t>(r.plan.replicate)] = &r;
    }
    RunYears run;
    run.label = std::move(label);
    const auto table = measure_info(MeasureSet::model);
    const double scale = p.population.scale;
    fill_year_totals(run, replicates, p.run.weeks, [&](std::size_t m, int r, int w) {
        const auto& cube = by_replicate[static_cast<std::size_t>(r)]->measures;
        double week = 0;
        for (int a = 0; a < cube.areas(); ++a)
            if (area < 0 || a == area)
                for (int b = 0; b < age_band_count; ++b)
                    week += static_cast<double>(cube.at(static_cast<Measure>(m), w, a, b)) * table[m].per_count / scale;
        return week;
    });
    // Spend: each intervention's money, their evaluation and the core function, as the results
    // file's programme group records them.
    const FundingPlan plan = plan_funding(p);
    const int years = std::min(run.years, static_cast<int>(plan.years.size()));
    run.funding_enabled = plan.enabled;
    run.core.assign(static_cast<std::size_t>(run.years), 0.0);
    run.spend.assign(static_cast<std::size_t>(replicates) * run.years, 0.0);
    for (int y = 0; y < years; ++y) {
        const auto& fy = plan.years[static_cast<std::size_t>(y)];
        run.core[static_cast<std::size_t>(y)] = fy.core;
        for (int r = 0; r < replicates; ++r) {
            const auto& tally = by_replicate[static_cast<std::size_t>(r)]->programme;
            double spend = fy.evaluation + fy.core;
            for (int i = 0; i < tally.interventions; ++i) spend += tally.spend_at(y, i);
            run.spend[static_cast<std::size_t>(r) * run.years + y] = spend;
        }
    }
    run.economics = p.economics;
    return run;
}

}  // namespace vrusim
