#include "results_programme.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "hdf5_helpers.hpp"

namespace vrusim::io {

namespace {

using namespace hdf5;

// The funding plan's items, as programme/funding/<name> [financial_year], pounds.
struct FundingItem {
    const char* name;
    double FundingYear::*value;
    const char* description;
};
constexpr FundingItem funding_items[] = {
    {"grant", &FundingYear::grant, "Core VRU grant"},
    {"match", &FundingYear::match, "Partners' match funding (cash or in kind, funding.match_in_kind)"},
    {"carry_in", &FundingYear::carry_in, "Brought forward from the year before"},
    {"available", &FundingYear::available, "Money to spend: grant + cash match + carry_in"},
    {"core", &FundingYear::core, "Core function"},
    {"interventions", &FundingYear::interventions, "Allocated to the grant's interventions"},
    {"evaluation", &FundingYear::evaluation, "Evaluation of the grant's interventions"},
    {"partners", &FundingYear::partners, "Sustained by local partners where the grant's money fell short"},
    {"separate", &FundingYear::separate, "Interventions funded by their own streams (outside the grant)"},
    {"carry_out", &FundingYear::carry_out, "Left at the end of the year (carried into the next if carry_forward)"},
};

void describe(hid_t loc, const std::string& name, const std::string& text) {
    Handle dataset = open_dataset(loc, name);
    write_attribute(dataset.get(), "description", text);
}

void write_matrix(hid_t loc, const std::string& name, std::vector<hsize_t> dims, const std::vector<double>& values,
                  const char* labels, const char* units, const char* text) {
    Handle dataset = create_array(loc, name, dims, dims, Storage::reserved);
    if (!values.empty())
        check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              "write programme/" + name);
    write_attribute(dataset.get(), "dims", labels);
    write_attribute(dataset.get(), "units", units);
    write_attribute(dataset.get(), "description", text);
}

void write_flags(hid_t loc, const std::string& name, const std::vector<hsize_t>& dims,
                 const std::vector<std::uint8_t>& values, const char* text) {
    Handle space = simple_space(dims);
    Handle dataset(H5Dcreate2(loc, name.c_str(), H5T_NATIVE_UINT8, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                   H5Dclose, "create dataset programme/conditions/" + name);
    check(H5Dwrite(dataset.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "write programme/conditions/" + name);
    write_attribute(dataset.get(), "dims", "financial_year,grant_condition");
    write_attribute(dataset.get(), "description", text);
}

hsize_t size(std::size_t n) { return static_cast<hsize_t>(n); }

constexpr std::array<std::string_view, 3> grant_conditions = {"interventions", "evaluation", "match"};

}  // namespace

StoredProgramme programme_record(const ResultsMetadata& meta, std::span<const ReplicateResult> replicates) {
    StoredProgramme out;
    const auto& plan = meta.funding.years;
    if (plan.empty()) return out;
    for (const auto& fy : plan) out.financial_years.push_back(financial_year_label(fy.year));
    out.interventions = meta.intervention_names;
    out.funding_enabled = meta.funding.enabled;
    const std::size_t years = plan.size(), n = out.interventions.size();
    out.replicates = n == 0 ? 0 : static_cast<int>(replicates.size());  // as read back: no rows, no replicates
    out.reached.assign(replicates.size() * years * n * programme_age_groups.size(), 0.0);
    out.spend.assign(replicates.size() * years * n, 0.0);
    for (const auto& r : n == 0 ? std::span<const ReplicateResult>{} : replicates) {
        const auto& t = r.programme;
        const auto at = static_cast<std::size_t>(r.plan.replicate);
        if (at >= replicates.size() || t.spend.size() != years * n ||
            t.reached.size() != years * n * programme_age_groups.size())
            throw std::invalid_argument("programme_record: replicates not 0..n-1, or a tally of another size");
        std::ranges::copy(t.spend, out.spend.begin() + static_cast<std::ptrdiff_t>(at * years * n));
        std::ranges::copy(t.reached,
                          out.reached.begin() + static_cast<std::ptrdiff_t>(at * years * n * programme_age_groups.size()));
    }
    for (const auto& item : funding_items) {
        std::vector<double> values;
        for (const auto& fy : plan) values.push_back(fy.*item.value);
        out.funding.emplace_back(item.name, std::move(values));
    }
    out.condition_names.assign(grant_conditions.begin(), grant_conditions.end());
    const std::size_t k = grant_conditions.size();
    out.condition_value.assign(years * k, 0.0);
    out.condition_required.assign(years * k, 0.0);
    out.condition_applies.assign(years * k, 0);
    out.condition_pass.assign(years * k, 0);
    for (std::size_t y = 0; y < years; ++y)
        for (std::size_t c = 0; c < plan[y].conditions.size() && c < k; ++c) {
            out.condition_value[y * k + c] = plan[y].conditions[c].value;
            out.condition_required[y * k + c] = plan[y].conditions[c].required;
            out.condition_applies[y * k + c] = plan[y].conditions[c].applies;
            out.condition_pass[y * k + c] = plan[y].conditions[c].pass;
        }
    return out;
}

void create_programme_group(hid_t file, const ResultsMetadata& meta) {
    const auto& plan = meta.funding.years;
    if (plan.empty()) return;
    const std::size_t years = plan.size(), n = meta.intervention_names.size(), groups = programme_age_groups.size();
    {
        Handle dims = open_group(file, "dims");
        std::vector<std::string> labels;
        for (const auto& fy : plan) labels.push_back(financial_year_label(fy.year));
        write_strings(dims.get(), "financial_year", labels, false);
        describe(dims.get(), "financial_year", "Financial year (April to March) of the reported run, e.g. 2024-25");
        write_strings(dims.get(), "intervention", meta.intervention_names, false);
        describe(dims.get(), "intervention", "The programme's interventions, in scenario order");
        write_strings(dims.get(), "programme_age_group", {programme_age_groups.begin(), programme_age_groups.end()},
                      false);
        describe(dims.get(), "programme_age_group", "Age group of programme reach: 24 and under, 25 and over");
        write_strings(dims.get(), "grant_condition", {grant_conditions.begin(), grant_conditions.end()}, false);
        describe(dims.get(), "grant_condition",
                 "interventions: money on interventions / grant; evaluation: evaluation / money on interventions; "
                 "match: match funding / grant");
    }
    Handle group = create_group(file, "programme");
    write_attribute(group.get(), "funding_enabled", std::int32_t{meta.funding.enabled ? 1 : 0});
    write_attribute(group.get(), "description",
                    "The programme's reach and spend per replicate, and the funding plan and grant conditions by "
                    "financial year (docs/funding.md)");
    const auto r = static_cast<hsize_t>(meta.replicates);
    write_matrix(group.get(), "reached", {r, size(years), size(n), size(groups)}, {},
                 "replicate,financial_year,intervention,programme_age_group", "people",
                 "People who started the intervention in the financial year (represented: simulated / scale)");
    write_matrix(group.get(), "spend", {r, size(years), size(n)}, {}, "replicate,financial_year,intervention",
                 "pounds", "What the intervention spent in the financial year: the money the funding plan gives "
                           "it (commissioned: whoever takes its places up)");
    std::vector<double> planned, money, share;
    for (const auto& fy : plan)
        for (std::size_t i = 0; i < n; ++i) {
            planned.push_back(fy.planned[i]);
            money.push_back(fy.money[i]);
            share.push_back(fy.share[i]);
        }
    write_matrix(group.get(), "planned_money", {size(years), size(n)}, planned, "financial_year,intervention",
                 "pounds", "The intervention's planned money for the weeks of the year it runs");
    write_matrix(group.get(), "money", {size(years), size(n)}, money, "financial_year,intervention", "pounds",
                 "The money the funding plan gives it (grant, partners or its own stream)");
    write_matrix(group.get(), "funded_share", {size(years), size(n)}, share, "financial_year,intervention", "share",
                 "money / planned_money: its places are this share of the planned places");
    const StoredProgramme record = programme_record(meta, {});
    {
        Handle funding = create_group(group.get(), "funding");
        for (std::size_t f = 0; f < std::size(funding_items); ++f)
            write_matrix(funding.get(), funding_items[f].name, {size(years)}, record.funding[f].second, "financial_year",
                         "pounds", funding_items[f].description);
    }
    Handle conditions = create_group(group.get(), "conditions");
    const std::vector<hsize_t> dims{size(years), size(record.condition_names.size())};
    write_matrix(conditions.get(), "value", dims, record.condition_value, "financial_year,grant_condition", "share",
                 "The plan's share for the condition");
    write_matrix(conditions.get(), "required", dims, record.condition_required, "financial_year,grant_condition",
                 "share", "The condition's minimum share");
    write_flags(conditions.get(), "applies", dims, record.condition_applies,
                "1 if the condition applies that year (a grant to measure it against)");
    write_flags(conditions.get(), "pass", dims, record.condition_pass, "1 if the plan meets the condition that year");
}

void write_programme_replicate(hid_t file, const ResultsMetadata& meta, int replicate, const ProgrammeTally& tally) {
    if (meta.funding.years.empty()) return;
    const std::size_t years = meta.funding.years.size(), n = meta.intervention_names.size();
    if (tally.reached.size() != years * n * programme_age_groups.size() || tally.spend.size() != years * n)
        throw std::runtime_error(fmt::format("results: replicate {}'s programme has {} x {} cells, the file {} x {}",
                                             replicate, tally.years, tally.interventions, years, n));
    if (n == 0) return;
    Handle group = open_group(file, "programme");
    const auto row = static_cast<hsize_t>(replicate);
    {
        Handle reached = open_dataset(group.get(), "reached");
        write_row(reached.get(), row, tally.reached, "programme/reached");
    }
    Handle spend = open_dataset(group.get(), "spend");
    write_row(spend.get(), row, tally.spend, "programme/spend");
}

void copy_programme_replicates(hid_t from, hid_t to) {
    if (!has_link(from, "programme")) return;
    for (const char* name : {"programme/reached", "programme/spend"}) {
        const auto values = read_vector<double>(from, name);
        if (values.empty()) continue;
        Handle target = open_dataset(to, name);
        check(H5Dwrite(target.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              fmt::format("write /{}", name));
    }
}

StoredProgramme read_programme(hid_t file) {
    StoredProgramme out;
    if (!has_link(file, "programme")) return out;
    out.interventions = read_strings(file, "dims/intervention");
    out.financial_years = read_strings(file, "dims/financial_year");
    Handle group = open_group(file, "programme");
    out.funding_enabled = read_attribute<std::int32_t>(group.get(), "funding_enabled") != 0;
    out.reached = read_vector<double>(group.get(), "reached");
    out.spend = read_vector<double>(group.get(), "spend");
    const std::size_t years = out.financial_years.size(), n = out.interventions.size();
    const std::size_t rows = years * n;
    out.replicates = rows == 0 ? 0 : static_cast<int>(out.spend.size() / rows);
    if (out.spend.size() != static_cast<std::size_t>(out.replicates) * rows ||
        out.reached.size() != out.spend.size() * programme_age_groups.size())
        throw std::runtime_error("programme/reached and programme/spend do not match dims/financial_year and "
                                 "dims/intervention (damaged file?)");
    for (const auto& item : funding_items) {
        auto values = read_vector<double>(group.get(), std::string("funding/") + item.name);
        if (values.size() != years) throw std::runtime_error(fmt::format("programme/funding/{} is damaged", item.name));
        out.funding.emplace_back(item.name, std::move(values));
    }
    out.condition_names = read_strings(file, "dims/grant_condition");
    out.condition_value = read_vector<double>(group.get(), "conditions/value");
    out.condition_required = read_vector<double>(group.get(), "conditions/required");
    out.condition_applies = read_vector<std::uint8_t>(group.get(), "conditions/applies");
    out.condition_pass = read_vector<std::uint8_t>(group.get(), "conditions/pass");
    const std::size_t cells = years * out.condition_names.size();
    if (out.condition_value.size() != cells || out.condition_pass.size() != cells ||
        out.condition_applies.size() != cells || out.condition_required.size() != cells)
        throw std::runtime_error("programme/conditions does not match its dims (damaged file?)");
    return out;
}

}  // namespace vrusim::io
