#include "comparison_csv.hpp"

#include <charconv>
#include <system_error>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace vrusim::io {

namespace {

std::string csv_number(double x) { return std::isfinite(x) ? fmt::format("{:.10g}", x) : ""; }

void csv_row(std::string& out, std::string_view scenario, std::string_view measure, std::string_view unit,
             std::string_view year, const Interval& value, const Interval* difference, std::string_view note,
             double detectable = NAN) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_text(scenario), csv_text(measure), csv_text(unit), year,
               csv_number(value.mean), csv_number(value.low), csv_number(value.high),
               difference ? csv_number(difference->mean) : "", difference ? csv_number(difference->low) : "",
               difference ? csv_number(difference->high) : "", csv_text(note), csv_number(detectable));
}

}  // namespace

namespace {

// A spreadsheet treats a cell starting with =, +, -, @, a tab or a carriage return as a formula
// (CSV injection); a number such as -0.5 or +3 is left as it is, for R and Python.
bool looks_like_formula(std::string_view text) {
    if (text.empty() || std::string_view("=+-@\t\r").find(text.front()) == std::string_view::npos) return false;
    const std::string_view number = text.front() == '+' ? text.substr(1) : text;
    double value = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    return number.empty() || error != std::errc() || end != number.data() + number.size();
}

}  // namespace

std::string csv_text(std::string_view text) {
    const std::string field = looks_like_formula(text) ? "'" + std::string(text) : std::string(text);
    if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
    std::string out = "\"";
    for (const char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

Interval nonnegative(Interval i) {
    if (!std::isnan(i.low)) i.low = std::max(0.0, i.low);  // no interval (one replicate) stays none
    return i;
}

InterventionTotals intervention_totals(const StoredProgramme& p, int i) {
    InterventionTotals t{{0, INFINITY, -INFINITY}, {0, INFINITY, -INFINITY}, 0};
    for (int r = 0; r < p.replicates; ++r) {
        double young = 0, adults = 0;
        for (int y = 0; y < p.years(); ++y) {
            young += p.reached_at(r, y, i, 0);
            adults += p.reached_at(r, y, i, 1);
            t.spend += p.spend_at(r, y, i);
        }
        t.young = {t.young.mean + young, std::min(t.young.low, young), std::max(t.young.high, young)};
        t.adults = {t.adults.mean + adults, std::min(t.adults.low, adults), std::max(t.adults.high, adults)};
    }
    const double n = std::max(1, p.replicates);
    t.young.mean /= n;
    t.adults.mean /= n;
    t.spend /= n;
    return t;
}

std::string comparison_csv(const ComparedRuns& runs, const std::vector<ShownMeasure>& shown) {
    std::string out = "scenario,measure,unit,year,mean,low,high,difference,difference_low,difference_high,note,detectable\n";
    const auto& base = runs.years.front();
    for (const auto& s : shown)
        for (std::size_t f = 0; f < runs.years.size(); ++f) {
            const auto c = compare_measure(base, runs.years[f], s.measure);
            const std::string where = runs.area.empty() ? "" : "area " + runs.area;
            csv_row(out, runs.labels[f], info(s.measure).name, unit_a_year(s.measure), "all", nonnegative(c.value), &c.difference,
                    f == 0 ? (where.empty() ? "base" : "base; " + where) : where, f == 0 ? NAN : c.detectable);
        }
    for (std::size_t f = 1; f < runs.years.size() && runs.area.empty(); ++f) {
        const auto e = compare_economics(base, runs.years[f], base.economics);
        const auto& label = runs.labels[f];
        csv_row(out, label, "extra_spend", "pounds, discounted", "all", e.cost, nullptr, "");
        csv_row(out, label, "extra_spend_without_core", "pounds, discounted", "all", e.cost_without_core, nullptr,
                "interventions and evaluation");
        csv_row(out, label, "value_of_harms_averted", "pounds, discounted", "all", e.value, nullptr, "");
        csv_row(out, label, "benefit_cost_ratio", "ratio", "all", e.benefit_cost, nullptr,
                std::isnan(e.benefit_cost.mean) ? "no extra spend" : "");
        csv_row(out, label, "benefit_cost_ratio_without_core", "ratio", "all", e.benefit_cost_without_core, nullptr,
                std::isnan(e.benefit_cost_without_core.mean) ? "no extra spend on interventions" : "");
        for (std::size_t k = 0; k < std::size(home_office_measures); ++k) {
            const std::string name(info(home_office_measures[k]).name);
            csv_row(out, label, "averted:" + name, "over the run", "all", e.averted[k], nullptr, "");
            const auto& c = e.cost_per_averted[k];
            csv_row(out, label, "cost_per_averted:" + name, "pounds", "all", c, nullptr,
                    std::isnan(c.mean)         ? "no extra spend"
                    : !std::isfinite(c.mean)   ? "none averted on average"
                    : !std::isfinite(c.high)   ? "the interval of harms averted reaches 0: no upper bound"
                                               : "");
        }
    }
    for (std::size_t f = 0; f < runs.stored.size(); ++f) {
        const auto& p = runs.stored[f].programme;
        for (int i = 0; i < p.count(); ++i) {
            const auto t = intervention_totals(p, i);
            const auto& name = p.interventions[static_cast<std::size_t>(i)];
            csv_row(out, runs.labels[f], "reached_24_and_under:" + name, "people over the run", "all", t.young, nullptr,
                    "low and high: the replicates' range");
            csv_row(out, runs.labels[f], "reached_25_and_over:" + name, "people over the run", "all", t.adults, nullptr,
                    "low and high: the replicates' range");
            csv_row(out, runs.labels[f], "spend:" + name, "pounds over the run", "all", {t.spend, t.spend, t.spend}, nullptr, "");
        }
    }
    for (std::size_t f = 0; f < runs.stored.size(); ++f) {
        const auto& p = runs.stored[f].programme;
        if (!p.funding_enabled) continue;
        for (int y = 0; y < p.years(); ++y)
            for (std::size_t c = 0; c < p.condition_names.size(); ++c) {
                const auto at = static_cast<std::size_t>(y) * p.condition_names.size() + c;
                const double v = p.condition_value[at];
                csv_row(out, runs.labels[f], "grant_condition:" + p.condition_names[c], "share",
                        p.financial_years[static_cast<std::size_t>(y)], Interval{v, v, v}, nullptr,
                        !p.condition_applies[at]
                            ? "n/a"
                            : fmt::format("{} (at least {:.1f}%)", p.condition_pass[at] ? "PASS" : "FAIL",
                                          100 * p.condition_required[at]));
            }
    }
    return out;
}

}  // namespace vrusim::io
