#include "programme_report.hpp"

#include <fmt/core.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <vector>

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

std::string share_against(double share, double required) {
    for (int digits = 1; digits < 6; ++digits) {
        const std::string a = fmt::format("{:.{}f}", 100 * share, digits), b = fmt::format("{:.{}f}", 100 * required, digits);
        if (a != b || std::abs(share - required) < 1e-9) return a + "%";
    }
    return fmt::format("{:.6f}%", 100 * share);
}

namespace {

std::string percent(double share) { return fmt::format("{:.1f}%", 100 * share); }

// The targeting rules beyond age, area and state, as a phrase: ", only those without a trusted
// adult, victimised in the last 12 weeks; highest risk first".
std::string targeting_text(const InterventionSpec& in) {
    std::vector<std::string> only;
    if (!in.requires_trait.empty()) only.push_back(in.requires_trait);
    if (!in.recent_event.empty()) only.push_back(fmt::format("{} in the last {} weeks", in.recent_event, in.recent_weeks));
    if (in.min_deprivation > 0)
        only.push_back(fmt::format("in neighbourhoods at least {:g}% up the national IMD percentiles",
                                   100 * in.min_deprivation));
    if (in.min_risk > 0) only.push_back(fmt::format("risk score at least {:g}", in.min_risk));
    if (in.requires_knife) only.push_back("a knife involved or carried");
    std::string out = only.empty() ? "" : fmt::format(", only {}", fmt::join(only, ", "));
    if (in.allocation == "highest_risk") out += ", highest risk first";
    if (in.reaches_co_offenders) out += ", their co-offenders too";
    if (!in.adds_protective.empty()) out += fmt::format(", giving a {}", in.adds_protective == "sport" ? "sport" : "trusted adult");
    return out;
}

// The keys of a hot-places intervention set away from their defaults that only act on participants.
std::vector<std::string> unused_by_places(const InterventionSpec& in) {
    const InterventionSpec d;
    std::vector<std::string> set;
    auto check = [&](bool differs, const char* key) {
        if (differs) set.emplace_back(key);
    };
    check(in.age_min != d.age_min || in.age_max != d.age_max, "age_min/age_max");
    check(in.sex != d.sex, "sex");
    check(in.requires_state != d.requires_state, "requires_state");
    check(in.requires_trait != d.requires_trait, "requires_trait");
    check(in.recent_event != d.recent_event, "recent_event");
    check(in.min_deprivation != d.min_deprivation, "min_deprivation");
    check(in.min_risk != d.min_risk, "min_risk");
    check(in.requires_knife != d.requires_knife, "requires_knife");
    check(in.allocation != d.allocation, "allocation");
    check(in.take_up != d.take_up, "take_up");
    check(in.duration_weeks != d.duration_weeks, "duration_weeks");
    check(in.onset_weeks != d.onset_weeks, "onset_weeks");
    check(in.decay_weeks != d.decay_weeks, "decay_weeks");
    check(in.rr_carrying != d.rr_carrying || in.rr_exclusion != d.rr_exclusion || in.rr_neet != d.rr_neet ||
              in.rr_exploitation != d.rr_exploitation || in.rr_peer_influence != d.rr_peer_influence ||
              in.rr_identification != d.rr_identification,
          "effects other than rr_offending and rr_victimisation");
    check(in.adds_protective != d.adds_protective, "adds_protective");
    check(in.reaches_co_offenders != d.reaches_co_offenders, "reaches_co_offenders");
    check(in.on_stop != d.on_stop, "on_stop");
    return set;
}

void print_interventions(const Parameters& p) {
    const auto& interventions = p.programme.interventions;
    fmt::print("Programme: {} intervention{}.\n", interventions.size(), interventions.size() == 1 ? "" : "s");
    for (const auto& in : interventions) {
        const double places = planned_places_per_year(in);
        const std::string label = fmt::format("  {}{}: {}", in.name,
                                              in.catalogue.empty() ? "" : fmt::format(" [catalogue: {}]", in.catalogue),
                                              in.enabled ? "" : "(disabled) ");
        const std::string funder = !p.funding.enabled        ? ""
                                   : in.funded_by == "grant" ? fmt::format("; paid from the grant, priority {}", in.priority)
                                                             : "; paid by its own stream";
        const std::string when = fmt::format("from reported week {}{}", in.start_week,
                                             in.end_week != 0 ? fmt::format(" to {}", in.end_week) : "");
        if (in.trigger == "hot_places") {
            fmt::print("{}hot places, {}: the {} neighbourhoods with most recent violence (fading over {:g} weeks), "
                       "their residents' offending x{:g} and victimisation x{:g}; {} a year, {}{}\n",
                       label, in.area.empty() ? "every area" : in.area, in.hot_places, in.hot_places_window_weeks,
                       in.rr_offending, in.rr_victimisation, pounds(planned_money_per_year(in)), when, funder);
            if (p.population.scale < 1)
                fmt::print("    note: at population.scale {} the sample has fewer neighbourhoods (of full size), so it "
                           "covers {:.3g} of them (at random, right on average)\n",
                           p.population.scale, in.hot_places * p.population.scale);
            if (const auto ignored = unused_by_places(in); !ignored.empty())
                fmt::print("    note: a place effect has no participants, so {} do{} not apply\n",
                           fmt::join(ignored, ", "), ignored.size() == 1 ? "es" : "");
            continue;
        }
        if (places <= 0 && in.adult_places_per_year <= 0) {
            fmt::print("{}a cost line with no participants, {} a year, {}{}\n", label,
                       pounds(planned_money_per_year(in)), when, funder);
            continue;
        }
        const std::string adults =
            in.adult_places_per_year > 0 ? fmt::format(" and {:g} aged 25 and over", in.adult_places_per_year) : "";
        const std::string money =
            in.budget_per_year > 0
                ? fmt::format("budget {} a year buys {:g} places{} ({} fixed, {} a place)", pounds(in.budget_per_year),
                              std::floor(places * 10) / 10, adults, pounds(in.cost_fixed_per_year),
                              pounds(in.cost_per_participant))
                : fmt::format("{:g} places a year{}; planned {} a year ({} fixed + {:g} places x {})", places, adults,
                              pounds(planned_money_per_year(in)), pounds(in.cost_fixed_per_year),
                              places + in.adult_places_per_year, pounds(in.cost_per_participant));
        fmt::print("{}{}, {}, ages {}-{}{}{}; {}; {}{}\n", label, in.trigger, in.area.empty() ? "every area" : in.area,
                   in.age_min, in.age_max, in.requires_state.empty() ? "" : ", " + in.requires_state,
                   targeting_text(in), when, money, funder);
        if (in.enabled && in.start_week >= p.run.weeks)
            fmt::print("    note: it starts at week {}, after the run's {} reported weeks, so it never runs\n",
                       in.start_week, p.run.weeks);
        if (!p.county_lines.enabled && (in.trigger == "nrm_referral" || in.trigger == "line_closure" ||
                                        in.trigger == "safeguarding_referral" || in.requires_state == "exploited" ||
                                        in.recent_event == "approached" || in.recent_event == "exploited" ||
                                        in.rr_exploitation != 1 || in.rr_identification != 1))
            fmt::print("    note: county lines are off (county_lines.enabled false), so its moment, rule or effect "
                       "on exploitation never arises\n");
        const double simulated = places * p.population.scale;
        if (in.enabled && simulated > 0 && simulated < 1)
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
    for (const auto& y : plan.years)
        if (y.weeks < 52)
            fmt::print("  {}: the run reports {} of its 52 weeks, so its grant, core and plans are that share of a "
                       "year's\n",
                       financial_year_label(y.year), y.weeks);
    const int last_year = plan.years.empty() ? 0 : plan.years.back().year;
    if (f.grant_ends_year > last_year)
        fmt::print("  note: grant_ends_year {} is after the run's last financial year ({}): the grant does not end "
                   "within the run\n",
                   f.grant_ends_year, financial_year_label(last_year));
    if (f.taper > 0 && f.taper_from_year > last_year)
        fmt::print("  note: taper_from_year {} is after the run's last financial year ({}): the taper never acts\n",
                   f.taper_from_year, financial_year_label(last_year));
    // Only the interventions the money does not fully cover in some year, as a table.
    const auto& interventions = p.programme.interventions;
    std::vector<std::size_t> cut;
    std::size_t width = 12;
    for (std::size_t i = 0; i < interventions.size(); ++i)
        if (std::ranges::any_of(plan.years, [&](const FundingYear& y) { return y.planned[i] > 0 && y.share[i] < 1 - 1e-9; })) {
            cut.push_back(i);
            width = std::max(width, interventions[i].name.size());
        }
    if (cut.empty()) return;
    fmt::print("  Share of its planned money and places each intervention has, where the money falls short (at 0%, "
               "those taking part finish their stay, or leave with on_stop: drop_out):\n");
    fmt::print("    {:<{}}", "intervention", width);
    for (const auto& y : plan.years) fmt::print(" {:>8}", financial_year_label(y.year));
    fmt::print("\n");
    for (const std::size_t i : cut) {
        fmt::print("    {:<{}}", interventions[i].name, width);
        for (const auto& y : plan.years)
            fmt::print(" {:>8}", y.planned[i] > 0 ? fmt::format("{:.0f}%", 100 * y.share[i]) : std::string("-"));
        fmt::print("\n");
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
            const std::string share = share_against(c.value, c.required);
            if (c.name == "interventions")
                figures = fmt::format("{} on interventions = {} of the grant {} (at least {})", pounds(y.interventions),
                                      share, pounds(y.grant), percent(c.required));
            else if (c.name == "evaluation")
                figures = c.applies ? fmt::format("{} on evaluation = {} of the money on interventions (at least {})",
                                                  pounds(y.evaluation), share, percent(c.required))
                                    : "no money on interventions to evaluate";
            else
                figures = fmt::format("{} match funding = {} of the grant (at least {})", pounds(y.match), share,
                                      percent(c.required));
            fmt::print("  {}  {:<13} {}  {}\n", label, c.name, verdict, figures);
        }
    }
    return failed;
}

}  // namespace

int print_programme(const Parameters& p) {
    if (!p.programme.interventions.empty()) print_interventions(p);
    if (!p.funding.enabled) {
        FundingParams set = p.funding, defaults;
        set.enabled = defaults.enabled;
        if (!(set == defaults))
            fmt::print("note: funding.enabled is false, so the funding keys set are not used: every intervention has "
                       "the money it plans\n");
        return 0;
    }
    const FundingPlan plan = plan_funding(p);
    if (p.funding.grant <= 0)
        fmt::print("note: funding.grant is 0, so the interventions paid from the grant have no money (only partners' "
                   "sustained share and separate streams)\n");
    print_plan(p, plan);
    return print_conditions(plan);
}

}  // namespace vrusim::cli
