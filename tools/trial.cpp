// `vrusim trial TRIAL.yaml -o DIR/`: many simulated trials of one design (io/trial_file.hpp), each a
// replicate with its own randomisation (sim/trial/simulate.hpp), analysed as the real trial would
// be (sim/trial/analysis.hpp): the power curve, the estimate's sampling distribution and the
// minimum detectable effect, printed and written to DIR (docs/research.md).
#include <fmt/core.h>
#include <fmt/format.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "commands.hpp"
#include "execution.hpp"
#include "io/chart/line_chart.hpp"
#include "io/output_file.hpp"
#include "io/trial_file.hpp"
#include "io/trial_work_file.hpp"
#include "progress.hpp"
#include "scenario_setup.hpp"
#include "sim/ensemble.hpp"
#include "sim/trial/analysis.hpp"
#include "sim/trial/simulate.hpp"

namespace vrusim::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view power_header =
    "size_per_arm,trials,trials_short,trials_not_analysable,control_rate,treated_rate,mean_effect,mean_effect_mc_se,"
    "sd_effect,effect_p2_5,effect_p97_5,mean_se,power,power_mc_se,power_harm,mde80\n";
constexpr std::string_view estimates_header =
    "trial,size_per_arm,n_control,n_treated,clusters_control,clusters_treated,control_rate,treated_rate,effect,se,"
    "statistic,df,p_value\n";
constexpr io::DirectoryOutput trial_outputs[] = {{"power.csv", power_header}, {"estimates.csv", estimates_header},
                                         {"power.png", "\x89PNG"}};
constexpr io::DirectoryOutput trial_work{"trial.partial", "vrusim-trial-work-1\n"};

// One size of the power curve: each trial's analysis, and their summary.
struct SizeResult {
    int size = 0;
    std::vector<std::pair<int, trial::Analysis>> analyses;  // (trial, its analysis)
    int short_of = 0, not_analysable = 0;
    std::optional<trial::PowerSummary> summary;
};

// The fewest units any trial recruited in an arm.
int fewest_units(const std::vector<trial::Record>& records) {
    int fewest = std::numeric_limits<int>::max();
    for (const auto& r : records) fewest = std::min({fewest, r.units[0], r.units[1]});
    return fewest;
}

// The curve's sizes: the file's, or an eighth, a quarter, a half and all of per_arm or of the
// fewest units an arm any trial recruited, whichever is smaller.
std::vector<int> curve_sizes(const io::TrialFile& t, const std::vector<trial::Record>& records) {
    if (!t.sizes.empty()) return t.sizes;
    int most = fewest_units(records);
    if (t.design.per_arm > 0) most = std::min(most, t.design.per_arm);
    const int least = t.design.unit == trial::Unit::person ? 1 : 2;
    std::vector<int> sizes;
    for (const int part : {8, 4, 2, 1}) {
        const int n = (most + part - 1) / part;
        if (n >= least && (sizes.empty() || n > sizes.back())) sizes.push_back(n);
    }
    return sizes;
}

std::vector<SizeResult> analyse_sizes(const io::TrialFile& t, const std::vector<trial::Record>& records) {
    std::vector<SizeResult> out;
    for (const int n : curve_sizes(t, records)) {
        SizeResult s;
        s.size = n;
        for (std::size_t r = 0; r < records.size(); ++r) {
            const auto data = trial::first_units(records[r], n);
            if (!data) {
                ++s.short_of;
                continue;
            }
            try {
                s.analyses.emplace_back(static_cast<int>(r), trial::analyse(*data));
            } catch (const std::invalid_argument&) {  // e.g. a cluster trial whose clusters recruited nobody
                ++s.not_analysable;
            }
        }
        if (s.analyses.size() >= 2) {
            std::vector<trial::Analysis> a;
            for (const auto& [r, analysis] : s.analyses) a.push_back(analysis);
            s.summary = trial::summarise_power(a, t.alpha);
        }
        out.push_back(std::move(s));
    }
    return out;
}

// A figure for the CSV files: NA if not finite; sums' rounding dust (below 1e-12) as 0.
std::string number(double x) {
    if (!std::isfinite(x)) return "NA";
    return fmt::format("{:.6g}", std::abs(x) < 1e-12 ? 0.0 : x);
}

// The minimum detectable effect: NA when the trials' estimates did not vary (an outcome that never
// happened, or too few trials), and above 1 a risk difference no trial of that size can detect.
double detectable(const trial::PowerSummary& p) { return p.sd_effect > 0 ? p.mde80 : NAN; }

// The share of trials that found the intervention significantly harmful (p < alpha, the treated
// arm's rate higher: every outcome is a harm): part of the power, which is two-sided.
double harm_share(const SizeResult& s, double alpha) {
    double harm = 0;
    for (const auto& [r, a] : s.analyses) harm += a.p_value < alpha && a.effect > 0 ? 1 : 0;
    return s.analyses.empty() ? NAN : harm / static_cast<double>(s.analyses.size());
}

std::string power_csv(const std::vector<SizeResult>& sizes) {
    std::string out(power_header);
    for (const auto& s : sizes) {
        out += fmt::format("{},{},{},{},", s.size, s.analyses.size(), s.short_of, s.not_analysable);
        if (!s.summary) {
            out += "NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA,NA\n";
            continue;
        }
        const auto& p = *s.summary;
        out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", number(p.mean_control_rate),
                           number(p.mean_control_rate + p.mean_effect), number(p.mean_effect),
                           number(p.sd_effect / std::sqrt(p.trials)), number(p.sd_effect), number(p.effect_p2_5),
                           number(p.effect_p97_5), number(p.mean_se), number(p.power), number(p.power_mc_se),
                           number(harm_share(s, p.alpha)), number(detectable(p)));
    }
    return out;
}

std::string estimates_csv(const std::vector<SizeResult>& sizes) {
    std::string out(estimates_header);
    for (const auto& s : sizes)
        for (const auto& [r, a] : s.analyses)
            out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", r, s.size, a.n_control, a.n_treated,
                               a.clusters_control, a.clusters_treated, number(a.control_rate), number(a.treated_rate),
                               number(a.effect), number(a.se), number(a.statistic), number(a.df), number(a.p_value));
    return out;
}

std::string unit_noun(trial::Unit unit, int n) {
    const char* names[] = {"person", "school class", "neighbourhood"};
    const char* plural[] = {"people", "school classes", "neighbourhoods"};
    return n == 1 ? names[static_cast<int>(unit)] : plural[static_cast<int>(unit)];
}

std::string chart_png(const io::TrialFile& t, const std::string& intervention, const std::vector<SizeResult>& sizes) {
    io::chart::LineSeries power;
    power.name = fmt::format("power at the {:g}% level, with its 95% Monte-Carlo interval", 100 * t.alpha);
    power.colour = {0, 114, 178};
    for (const auto& s : sizes) {
        if (!s.summary) continue;
        power.x.push_back(s.size);
        power.y.push_back(s.summary->power);
        power.low.push_back(std::max(0.0, s.summary->power - 1.96 * s.summary->power_mc_se));
        power.high.push_back(std::min(1.0, s.summary->power + 1.96 * s.summary->power_mc_se));
    }
    io::chart::LineChart chart;
    chart.title = fmt::format("Power of a trial of {}", intervention);
    chart.subtitle = fmt::format("outcome {} within {} weeks; {} randomised; {} simulated trials{}",
                                 trial::outcome_names[static_cast<int>(t.design.outcome)], t.design.follow_up_weeks,
                                 unit_noun(t.design.unit, 2), t.trials, t.name.empty() ? "" : " (" + t.name + ")");
    chart.x_axis = fmt::format("{} per arm", unit_noun(t.design.unit, 2));
    chart.y_axis = "power";
    chart.series = {power};
    chart.references = {{"80%", {213, 94, 0}, 0.8}, {fmt::format("{:g}%", 100 * t.alpha), {134, 142, 150}, t.alpha}};
    chart.y_low = 0;
    chart.y_high = 1;
    return io::chart::draw_line_chart(chart).png();
}

void print_table(const io::TrialFile& t, const std::string& intervention, const std::vector<trial::Record>& records,
                 const std::vector<SizeResult>& sizes) {
    double units = 0, people = 0, treated = 0, started = 0, control = 0, contaminated = 0, events = 0;
    const int fewest = fewest_units(records);
    int most = 0;
    for (const auto& r : records) {
        units += r.units[0] + r.units[1];
        most = std::max({most, r.units[0], r.units[1]});
        people += static_cast<double>(r.outcome.size());
        for (const auto o : r.outcome) events += o;
        for (const auto a : r.arm) (a ? treated : control) += 1;
        started += r.started;
        contaminated += r.contaminated;
    }
    const double n = static_cast<double>(records.size());
    fmt::print("In-silico trial of {}: {} randomised in pairs, outcome {} within {} weeks of randomisation, "
               "analysed {}; {} simulated trials\n",
               intervention, unit_noun(t.design.unit, 2), trial::outcome_names[static_cast<int>(t.design.outcome)],
               t.design.follow_up_weeks,
               t.design.unit == trial::Unit::person ? "by a two-proportion z-test"
                                                    : "by the risk difference with cluster-robust (CR1) errors, t on clusters - 2",
               records.size());
    fmt::print("Recruited a trial: {:.1f} {} an arm on average (fewest {}, most {}), {:.1f} people in all; offered the "
               "intervention {:.1f}, took it up {:.1f} ({:.0f}%); control participants who took part through a treated "
               "co-offender: {:.2f} a trial ({:.1f}% of the control arm)\n\n",
               units / (2 * n), unit_noun(t.design.unit, 2), fewest, most, people / n, treated / n, started / n,
               treated > 0 ? 100 * started / treated : 0.0, contaminated / n, control > 0 ? 100 * contaminated / control : 0.0);
    fmt::print("{:>10} {:>7} {:>9} {:>9} {:>18} {:>9} {:>20} {:>16} {:>7} {:>10}\n", "units/arm", "trials", "control",
               "treated", "effect (MC se)", "relative", "95% of estimates", "power (MC se)", "harm", "MDE 80%");
    for (const auto& s : sizes) {
        if (!s.summary) {
            fmt::print("{:>10} {:>7}   too few trials reached this size ({} short, {} not analysable)\n", s.size,
                       s.analyses.size(), s.short_of, s.not_analysable);
            continue;
        }
        const auto& p = *s.summary;
        const double mde = detectable(p);
        const double effect = std::abs(p.mean_effect) < 1e-12 ? 0.0 : p.mean_effect;
        fmt::print("{:>10} {:>7} {:>9.4f} {:>9.4f} {:>18} {:>9} {:>20} {:>16} {:>7.2f} {:>10}{}\n", s.size, p.trials,
                   p.mean_control_rate, p.mean_control_rate + effect,
                   fmt::format("{:+.4f} ({:.4f})", effect, p.sd_effect / std::sqrt(p.trials)),
                   p.mean_control_rate > 0 ? fmt::format("{:+.0f}%", 100 * effect / p.mean_control_rate) : "NA",
                   fmt::format("[{:+.4f}, {:+.4f}]", p.effect_p2_5, p.effect_p97_5),
                   fmt::format("{:.2f} ({:.2f})", p.power, p.power_mc_se), harm_share(s, t.alpha),
                   std::isnan(mde) ? "NA" : mde > 1 ? "> 1" : fmt::format("{:.4f}", mde),
                   s.short_of + s.not_analysable > 0
                       ? fmt::format("  ({} trials short of this size)", s.short_of + s.not_analysable)
                       : "");
    }
    fmt::print("\neffect: the risk difference, treated minus control (intention to treat: everyone offered counts, "
               "whether or not they took it up), its mean over the trials with that mean's Monte-Carlo error, and "
               "relative to the control arm's rate; power: the share of trials with p < {:g} (two-sided), of which "
               "harm: the share finding the treated arm significantly worse; MDE: the smallest risk difference a trial "
               "of that size detects with 80% power, from the estimates' spread (NA: they did not vary; > 1: none "
               "can be)\n",
               t.alpha);
    // What the largest size says a trial would need (people: the two-proportion formula).
    const auto last = std::find_if(sizes.rbegin(), sizes.rend(), [](const SizeResult& s) { return s.summary.has_value(); });
    if (last != sizes.rend() && t.design.unit == trial::Unit::person) {
        const auto& p = *last->summary;
        const double p0 = p.mean_control_rate, p1 = p0 + p.mean_effect, mde = detectable(p);
        const double z = trial::normal_quantile(1 - t.alpha / 2) + trial::normal_quantile(0.8);
        const double needed = z * z * (p0 * (1 - p0) + p1 * (1 - p1)) / (p.mean_effect * p.mean_effect);
        if (std::isfinite(mde) && p0 > 0 && mde < p0)
            fmt::print("At {} an arm a trial detects a cut of {:.0f}% in the control arm's rate with 80% power", last->size,
                       100 * mde / p0);
        else
            fmt::print("At {} an arm no cut in the control arm's rate, even to zero, is detectable with 80% power",
                       last->size);
        if (std::isfinite(needed) && std::abs(p.mean_effect) > 2 * p.sd_effect / std::sqrt(p.trials))
            fmt::print("; the mean effect ({:+.4f}) would need about {:.0f} people an arm for 80% power "
                       "(the two-proportion formula)", p.mean_effect, std::ceil(needed));
        fmt::print(".\n");
    }
    if (events == 0)
        fmt::print("warning: the outcome ({}) never happened to a participant in any trial: nothing can be detected; "
                    "a longer follow-up, other eligibility or another outcome\n",
                    trial::outcome_names[static_cast<int>(t.design.outcome)]);
}

}  // namespace

int trial_command(const RunOptions& options, const fs::path& trial_file) {
    const int threads = threads_for(options);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    io::TrialFile t;
    io::LoadedScenario scenario;
    try {
        t = io::load_trial(trial_file);
        if (options.trials > 0) t.trials = options.trials;
        scenario = io::trial_scenario(t, options.overrides);
        io::check_memory(scenario, std::min(threads, t.trials));
    } catch (const io::ScenarioError& e) {
        print_problems(e);
        return exit_bad_input;
    }
    const auto output_dir = side_output_directory(options, trial_file, "trial", trial_outputs, "trial", trial_work);
    if (!output_dir) return exit_bad_input;
    const fs::path& dir = *output_dir;
    const Parameters p = trial::trial_parameters(scenario.parameters, t.design);
    const std::string intervention = p.programme.interventions[t.design.intervention].name;
    const int weeks = p.run.burn_in_weeks + p.run.weeks;
    // The work file: each finished trial kept, so that --resume continues with the rest.
    const fs::path work = dir / trial_work.name;
    std::error_code ec;
    if (const auto problem = work_file_start_problem(work, options.resume, "trial", "the simulated trials", "trial file"); !problem.empty()) {
        fmt::print(stderr, "error: {}\n", problem);
        return exit_bad_input;
    }
    std::unique_ptr<io::SettledCache> cache;
    std::unique_ptr<io::WorkFileLock> lock;
    std::vector<std::optional<trial::Record>> records(static_cast<std::size_t>(t.trials));
    // The key: every key's value as the trial runs the scenario (so a --set the trial overrides,
    // such as run.weeks, does not count), and the design.
    const std::string key = io::trial_work_key(io::scenario_yaml(p, "", ""), t.design);
    std::uintmax_t cut = 0;
    try {
        cache = open_burn_in_cache(options);
        fs::create_directory(dir, ec);
        if (ec) throw io::OutputPathError(fmt::format("cannot make {}: {}", dir.string(), ec.message()));
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_bad_input;
    }
    try {
        if (!options.resume) io::create_trial_work(work, key);
        lock = std::make_unique<io::WorkFileLock>(work);
        if (options.resume) records = io::resume_trial_work(work, key, t.trials, &cut);
    } catch (const io::OutputPathError& e) {  // another run took the lock first
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_bad_input;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return options.resume ? exit_bad_input : exit_failure;  // not a trial's work file, or a full disk
    }
    if (cut > 0)
        fmt::print(stderr, "warning: {}: {} bytes after the last whole trial were cut off (a write cut short, or "
                           "damage); the trials they held run again\n", work.string(), cut);
    std::vector<std::size_t> to_run;
    for (std::size_t r = 0; r < records.size(); ++r)
        if (!records[r]) to_run.push_back(r);
    if (!options.quiet)
        fmt::print(stderr, "trial: {} simulated trials of {} in {}, each a replicate: {} burn-in weeks, then {} of "
                           "recruitment and {} of follow-up{}\n",
                   t.trials, intervention, t.scenario.string(), p.run.burn_in_weeks, t.design.recruitment_weeks,
                   t.design.follow_up_weeks,
                   options.resume ? fmt::format("; {} done before, {} to run", records.size() - to_run.size(), to_run.size()) : "");
    catch_stop_signals();
    Reporter reporter({}, to_run.size(), static_cast<std::int64_t>(weeks) * static_cast<std::int64_t>(to_run.size()),
                      options.quiet, "trials");
    std::mutex reporting;
    try {
        for_each_unit(to_run.size(), [&](std::size_t i) {
            const std::size_t r = to_run[i];
            const RunPlan plan{0, static_cast<int>(r), p.run.seed};
            auto record = trial::simulate_trial(p, t.design, static_cast<int>(r), cache.get(), [&](int done) {
                if (done % 8 != 0 && done != weeks) return;
                std::lock_guard guard(reporting);
                reporter.progress(plan, done, weeks);
            });
            check_not_cancelled();  // a stop elsewhere: keep nothing more
            ReplicateResult finished;
            finished.plan = plan;
            std::lock_guard guard(reporting);
            io::append_trial_work(work, static_cast<int>(r), record);
            records[r] = std::move(record);
            reporter.replicate_done(finished);
        });
    } catch (const Interrupted&) {
        reporter.finish_line();
        const auto kept = std::count_if(records.begin(), records.end(), [](const auto& r) { return r.has_value(); });
        fmt::print(stderr, "trial: stopped by {}; {} of {} trials kept in {}: run the same command with --resume to "
                           "continue\n", stop_signal_name(), kept, records.size(), work.string());
        return interrupted_exit();
    } catch (const std::runtime_error& e) {
        reporter.finish_line();
        fmt::print(stderr, "error: {}; the trials finished before are kept for --resume\n", e.what());
        return exit_failure;
    }
    reporter.finish_line();
    print_burn_in_cache_use(cache.get(), options.quiet);
    std::vector<trial::Record> done;
    for (auto& r : records) done.push_back(std::move(*r));
    const auto sizes = analyse_sizes(t, done);
    const int fewest = fewest_units(done);
    if (t.design.per_arm > fewest && t.sizes.empty())
        fmt::print(stderr, "warning: per_arm is {} but a trial recruited only {} {} in an arm: the power curve stops "
                           "there (recruit for longer, recruitment_weeks, or widen the eligibility)\n",
                   t.design.per_arm, fewest, unit_noun(t.design.unit, fewest));
    if (std::none_of(sizes.begin(), sizes.end(), [](const SizeResult& s) { return s.summary.has_value(); })) {
        fmt::print(stderr, "error: no size of the power curve could be analysed: the trials recruited too few {} an "
                           "arm (fewest {}; a {} trial needs {} an arm, and at least 2 trials must reach a size); "
                           "widen the intervention's eligibility, recruit for longer (recruitment_weeks) or give "
                           "smaller sizes. The simulated trials are kept in {}: with other sizes, --resume analyses "
                           "them again without simulating\n",
                   unit_noun(t.design.unit, 2), fewest, t.design.unit == trial::Unit::person ? "person" : "cluster",
                   t.design.unit == trial::Unit::person ? 1 : 2, work.string());
        return exit_failure;
    }
    print_table(t, intervention, done, sizes);
    try {
        const std::string texts[] = {power_csv(sizes), estimates_csv(sizes), chart_png(t, intervention, sizes)};
        io::write_directory_outputs(dir, trial_outputs, texts, work);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}; the simulated trials are kept in {}: --resume writes the outputs without "
                           "simulating them again\n", e.what(), work.string());
        return exit_failure;
    }
    if (!options.quiet)
        fmt::print(stderr, "trial: wrote {}, {} and {}\n", (dir / trial_outputs[0].name).string(),
                   trial_outputs[1].name, trial_outputs[2].name);
    return stdout_written();
}

}  // namespace vrusim::cli
