#include "sensitivity_report.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "io/chart/bar_chart.hpp"
#include "io/comparison_csv.hpp"
#include "io/output_file.hpp"
#include "io/run_comparison.hpp"
#include "progress.hpp"
#include "sim/economics/comparison.hpp"
#include "sim/sensitivity/ranking.hpp"

namespace vrusim::cli {

namespace {

namespace fs = std::filesystem;

// Replicate r's output at every design point (points 1, 2, ...; point 0, the base, is not in the design).
sensitivity::ReplicatedOutputs outputs_of(const io::SweepFile& sweep, std::span<const BatchMember> members,
                                          std::span<const BatchMember> compared) {
    const Measure m = *measure_named(sweep.output.measure);
    sensitivity::ReplicatedOutputs out;
    for (std::size_t p = 1; p < members.size(); ++p) {
        if (stop_was_requested()) throw Interrupted{};
        const auto run = io::run_years(io::read_results(members[p].output), members[p].label);
        out.replicates = run.replicates;
        if (compared.empty()) {
            for (int r = 0; r < run.replicates; ++r) out.values.push_back(yearly(run, m, r));
        } else {
            const auto other = io::run_years(io::read_results(compared[p].output), compared[p].label);
            for (int r = 0; r < run.replicates; ++r) out.values.push_back(yearly(run, m, r) - yearly(other, m, r));
        }
    }
    return out;
}

std::string number(double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : ""; }

// A value for the printed table: "unknown" where it cannot be estimated (one replicate).
std::string shown(double x, std::string_view format = "{:.4g}") {
    return std::isfinite(x) ? fmt::format(fmt::runtime(format), x) : "unknown";
}

std::string ranking_csv(const sensitivity::SensitivityRanking& ranking) {
    std::string out = ranking.sobol ? "rank,factor,low,high,first_order,first_order_low,first_order_high,total,total_low,"
                                      "total_high,total_from_noise,clear_of_noise\n"
                                    : "rank,factor,low,high,mu_star,mu_star_low,mu_star_high,mu,mu_low,mu_high,sigma,"
                                      "mu_star_from_noise,clear_of_noise\n";
    for (std::size_t i = 0; i < ranking.factors.size(); ++i) {
        const auto& f = ranking.factors[i];
        out += fmt::format("{},{},{},{},", i + 1, io::csv_text(f.factor.name), number(f.factor.low), number(f.factor.high));
        if (ranking.sobol)
            out += fmt::format("{},{},{},{},{},{},{},", number(f.sobol.first.value), number(f.sobol.first.low),
                               number(f.sobol.first.high), number(f.sobol.total.value), number(f.sobol.total.low),
                               number(f.sobol.total.high), number(f.total_noise));
        else
            out += fmt::format("{},{},{},{},{},{},{},{},", number(f.mu_star.value), number(f.mu_star.low),
                               number(f.mu_star.high), number(f.mu.value), number(f.mu.low), number(f.mu.high),
                               number(f.morris.sigma), number(f.mu_star_noise));
        out += f.clear_of_noise ? "yes\n" : "no\n";
    }
    return out;
}

std::string outputs_csv(const io::SweepFile& sweep, const sensitivity::ReplicatedOutputs& outputs,
                        const sensitivity::Points& design) {
    std::string out = "point,";
    for (const auto& f : sweep.factors) out += io::csv_text(f.key) + ",";
    out += "output_mean";
    for (int r = 0; r < outputs.replicates; ++r) out += fmt::format(",replicate_{}", r);
    out += "\n";
    const auto means = outputs.means();
    for (std::size_t p = 0; p < outputs.points(); ++p) {
        out += fmt::format("{},", p + 1);
        for (std::size_t f = 0; f < sweep.factors.size(); ++f) out += fmt::format("{},", design.row(p)[f]);
        out += number(means[p]);
        for (int r = 0; r < outputs.replicates; ++r) out += fmt::format(",{}", number(outputs.at(p, r)));
        out += "\n";
    }
    return out;
}

std::string output_name(const io::SweepFile& sweep) {
    const std::string unit = unit_a_year(*measure_named(sweep.output.measure));
    return sweep.output.compared_with.empty()
               ? fmt::format("{} ({})", sweep.output.measure, unit)
               : fmt::format("{} minus the same in {} ({})", sweep.output.measure,
                             sweep.output.compared_with.filename().string(), unit);
}

io::chart::Canvas ranking_chart(const io::SweepFile& sweep, const sensitivity::SensitivityRanking& ranking,
                                int replicates) {
    io::chart::BarChart chart;
    const std::size_t n = ranking.factors.size();
    chart.title = fmt::format("{}: {}", ranking.sobol ? "Sobol indices" : "Morris screening",
                              sweep.name.empty() ? sweep.file.filename().string() : sweep.name);
    chart.subtitle = fmt::format("output: {}; {} points x {} replicates", output_name(sweep),
                                 sweep.design == io::SweepDesign::sobol ? sweep.base_samples * (n + 2)
                                                                        : sweep.trajectories * (n + 1),
                                 replicates);
    for (const auto& f : ranking.factors) chart.rows.push_back(f.factor.name);
    const io::chart::Colour dark{31, 119, 180}, light{158, 202, 225}, red{214, 39, 40};
    if (ranking.sobol) {
        chart.axis = "share of the output's variance across the design";
        io::chart::BarSeries total{"total index ST (95% interval)", dark, {}, {}, {}};
        io::chart::BarSeries first{"first-order index S1 (95% interval)", light, {}, {}, {}};
        io::chart::RowMarker noise{"ST from replicate noise alone", red, {}};
        for (const auto& f : ranking.factors) {
            total.value.push_back(f.sobol.total.value), total.low.push_back(f.sobol.total.low), total.high.push_back(f.sobol.total.high);
            first.value.push_back(f.sobol.first.value), first.low.push_back(f.sobol.first.low), first.high.push_back(f.sobol.first.high);
            noise.value.push_back(f.total_noise);
        }
        chart.series = {total, first};
        chart.markers = {noise};
    } else {
        chart.axis = fmt::format("change in the output over the factor's whole range ({})",
                                 unit_a_year(*measure_named(sweep.output.measure)));
        io::chart::BarSeries mu_star{"mu* (mean absolute effect; 95% interval)", dark, {}, {}, {}};
        io::chart::BarSeries sigma{"sigma (interactions, curvature and noise)", light, {}, {}, {}};
        io::chart::RowMarker noise{"mu* a factor with no effect averages", red, {}};
        for (const auto& f : ranking.factors) {
            mu_star.value.push_back(f.mu_star.value), mu_star.low.push_back(f.mu_star.low), mu_star.high.push_back(f.mu_star.high);
            sigma.value.push_back(f.morris.sigma);
            noise.value.push_back(f.mu_star_noise);
        }
        chart.series = {mu_star, sigma};
        chart.markers = {noise};
    }
    return io::chart::draw_bar_chart(chart);
}

void print_table(const io::SweepFile& sweep, const sensitivity::SensitivityRanking& ranking, int replicates,
                 std::size_t points) {
    fmt::print("Sensitivity ({}; {} points x {} replicates), output: {}\n",
               ranking.sobol ? fmt::format("sobol, N = {}", sweep.base_samples)
                             : fmt::format("morris, r = {}, p = {}", sweep.trajectories, sweep.levels),
               points, replicates, output_name(sweep));
    fmt::print("Across the design: mean {:.4g}, sd {:.4g}; replicate noise in one point's mean (unpaired): sd {}\n",
               ranking.output_mean, ranking.output_sd,
               std::isfinite(ranking.noise_sd) ? fmt::format("{:.4g}", ranking.noise_sd) : "unknown (1 replicate)");
    std::size_t width = 6;
    for (const auto& f : ranking.factors) width = std::max(width, f.factor.name.size());
    if (ranking.sobol) {
        const bool outside = std::any_of(ranking.factors.begin(), ranking.factors.end(), [](const auto& f) {
            return f.sobol.first.value < -0.05 || f.sobol.first.value > 1.05 || f.sobol.total.value < -0.05 ||
                   f.sobol.total.value > 1.05;
        });
        if (outside)
            fmt::print("Caution: some indices fall outside [0, 1], where true indices lie: N = {} base samples are too few "
                       "for this output's noise (docs/research.md: N of 500 or more); read them as noise.\n",
                       sweep.base_samples);
        fmt::print("{:>4}  {:<{}}  {:>22}  {:>22}  {:>10}  {}\n", "rank", "factor", width, "S1 [95%]", "ST [95%]",
                   "ST noise", "clear of noise");
        for (std::size_t i = 0; i < ranking.factors.size(); ++i) {
            const auto& f = ranking.factors[i];
            fmt::print("{:>4}  {:<{}}  {:>22}  {:>22}  {:>10}  {}\n", i + 1, f.factor.name, width,
                       fmt::format("{:.3f} [{:.3f}, {:.3f}]", f.sobol.first.value, f.sobol.first.low, f.sobol.first.high),
                       fmt::format("{:.3f} [{:.3f}, {:.3f}]", f.sobol.total.value, f.sobol.total.low, f.sobol.total.high),
                       shown(f.total_noise, "{:.3f}"), f.clear_of_noise ? "yes" : "no");
        }
    } else {
        fmt::print("{:>4}  {:<{}}  {:>26}  {:>26}  {:>9}  {:>13}  {}\n", "rank", "factor", width, "mu* [95%]",
                   "mu [95%]", "sigma", "no-effect mu*", "clear of noise");
        for (std::size_t i = 0; i < ranking.factors.size(); ++i) {
            const auto& f = ranking.factors[i];
            fmt::print("{:>4}  {:<{}}  {:>26}  {:>26}  {:>9}  {:>13}  {}\n", i + 1, f.factor.name, width,
                       fmt::format("{} [{}, {}]", shown(f.mu_star.value), shown(f.mu_star.low), shown(f.mu_star.high)),
                       fmt::format("{} [{}, {}]", shown(f.mu.value), shown(f.mu.low), shown(f.mu.high)),
                       shown(f.morris.sigma), shown(f.mu_star_noise), f.clear_of_noise ? "yes" : "no");
        }
        fmt::print("Clear of noise: mu differs from 0 by a t-test on the {} replicates (the independent units), at 5% "
                   "over the {} factors together. \"no\" means an effect this run cannot tell from noise, not that the "
                   "factor does not matter: the mu interval bounds the average effect over the range.\n",
                   replicates, ranking.factors.size());
    }
}

}  // namespace

void write_sensitivity_report(const io::SweepFile& sweep, std::span<const BatchMember> members,
                              std::span<const BatchMember> compared, const fs::path& dir) {
    const auto outputs = outputs_of(sweep, members, compared);
    const auto factors = io::sensitivity_factors(sweep);
    const auto design = io::sensitivity_design(sweep);
    io::write_whole_file(dir / sensitivity_files[1].name, outputs_csv(sweep, outputs, design));
    const auto means = outputs.means();
    if (std::all_of(means.begin(), means.end(), [&](double m) { return m == means.front(); }))
        throw NoSensitivity(fmt::format("the output, {}, is {:.6g} at every point of the design: there is no variation to "
                                        "share among the factors (each point's values are in {}). Choose another output "
                                        "or wider ranges", output_name(sweep), means.front(),
                                        (dir / sensitivity_files[1].name).string()));
    const auto ranking = sweep.design == io::SweepDesign::sobol
                             ? sensitivity::rank_sobol(factors, outputs, sweep.bootstrap, sweep.design_seed)
                             : sensitivity::rank_morris(factors, design, outputs);
    io::write_whole_file(dir / sensitivity_files[0].name, ranking_csv(ranking));
    io::write_whole_file(dir / sensitivity_files[2].name, ranking_chart(sweep, ranking, outputs.replicates).png());
    print_table(sweep, ranking, outputs.replicates, outputs.points());
}

}  // namespace vrusim::cli
