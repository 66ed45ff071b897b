#pragma once
/// Every part of a settled state that the burn-in changes, named, for saving it between commands
/// (io/settled_cache.hpp). The layout and the social graph are static: a loader builds them afresh
/// from the scenario and only these parts come from the file.
///
/// `visit(name, field)` (name a std::string_view) is called for each part in a fixed order; a part is a trivially copyable
/// value or a std::vector of them. A column added to one of these structures must be added here
/// too: the size checks below stop the build until it is (a part left out would be silently
/// reset to its synthesised value on load, and a continued run would differ from a fresh one).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "settled_state.hpp"

namespace vrusim::settled_fields {

namespace detail {
constexpr std::size_t column = sizeof(std::vector<int>);
inline std::string prefixed(std::string_view prefix, std::string_view name) {
    return std::string(prefix).append(name);
}
}  // namespace detail

// The columns and scalars of each structure (vectors are three pointers wide on every platform we build for).
static_assert(sizeof(Population) == 43 * detail::column + sizeof(std::uint64_t),
              "a column was added to or removed from Population: add it to visit_population");
static_assert(sizeof(LineTable) == 14 * detail::column, "LineTable changed: update visit_county_lines");
static_assert(sizeof(VulnerableAdults) == 5 * detail::column, "VulnerableAdults changed: update visit_county_lines");
static_assert(sizeof(YearCounts) == 2 * detail::column + sizeof(std::uint64_t), "YearCounts changed: update YearCounts::visit");
static_assert(sizeof(CountyLines) == sizeof(LineTable) + sizeof(VulnerableAdults) + sizeof(ApproachWeightTable) +
                                         4 /* padding */ + 2 * sizeof(std::uint32_t) + 4 * sizeof(double) +
                                         7 * detail::column + 2 * sizeof(YearCounts),
              "a member was added to or removed from CountyLines: add it to visit_county_lines");
static_assert(std::is_trivially_copyable_v<ApproachWeightTable> && std::is_trivially_copyable_v<Normalisers> &&
              std::is_trivially_copyable_v<Enforcement> && std::is_trivially_copyable_v<CountyLines::Market>);

/// A part's bytes: a vector's elements, or the value itself.
template <class T>
std::span<const std::byte> bytes_of(const T& field) {
    if constexpr (requires { field.data(); typename T::value_type; })
        return std::as_bytes(std::span(field.data(), field.size()));
    else
        return std::as_bytes(std::span(&field, 1));
}

template <class P, class Visit>
void visit_population(P& pop, Visit&& visit) {
    visit("area", pop.area);
    visit("neighbourhood", pop.neighbourhood);
    visit("household", pop.household);
    visit("school_class", pop.school_class);
    visit("generation", pop.generation);
    visit("traits", pop.traits);
    visit("static_rr", pop.static_rr);
    visit("victim_rr", pop.victim_rr);
    visit("proneness_z", pop.proneness_z);
    visit("victim_weight", pop.victim_weight);
    visit("victim_weight_sums", pop.victim_weight_sums);
    visit("age_weeks", pop.age_weeks);
    visit("states", pop.states);
    visit("snapshot", pop.snapshot);
    visit("exposure", pop.exposure);
    visit("carry_until", pop.carry_until);
    visit("influence_until", pop.influence_until);
    visit("neet_until", pop.neet_until);
    visit("parent_prison_until", pop.parent_prison_until);
    visit("custody_until", pop.custody_until);
    visit("last_offence", pop.last_offence);
    visit("last_victimised", pop.last_victimised);
    visit("prev_victimised", pop.prev_victimised);
    visit("last_tie_victimised", pop.last_tie_victimised);
    visit("last_carried", pop.last_carried);
    visit("last_suspended", pop.last_suspended);
    visit("last_arrested", pop.last_arrested);
    visit("last_injured", pop.last_injured);
    visit("co_offenders", pop.co_offenders);
    visit("co_offender_capacity", pop.co_offender_capacity);
    visit("cl_line", pop.cl_line);
    visit("cl_debt", pop.cl_debt);
    visit("cl_weight", pop.cl_weight);
    visit("exploited_until", pop.exploited_until);
    visit("missing_until", pop.missing_until);
    visit("support_until", pop.support_until);
    visit("first_exploited", pop.first_exploited);
    visit("last_exploited", pop.last_exploited);
    visit("last_approached", pop.last_approached);
    visit("last_missing", pop.last_missing);
    visit("last_identified", pop.last_identified);
    visit("programme", pop.programme);
    visit("programme_until", pop.programme_until);
    visit("programme_from", pop.programme_from);
}

template <class C, class Visit>
void visit_county_lines(C& cl, Visit&& visit) {
    auto& lines = cl.lines;
    visit("lines.state", lines.state);
    visit("lines.brand", lines.brand);
    visit("lines.hub_area", lines.hub_area);
    visit("lines.market_area", lines.market_area);
    visit("lines.runners", lines.runners);
    visit("lines.n_runners", lines.n_runners);
    visit("lines.external_runners", lines.external_runners);
    visit("lines.trap", lines.trap);
    visit("lines.n_trap", lines.n_trap);
    visit("lines.trap_wanted", lines.trap_wanted);
    visit("lines.recent_arrests", lines.recent_arrests);
    visit("lines.revenue", lines.revenue);
    visit("lines.formed", lines.formed);
    visit("lines.state_since", lines.state_since);
    auto& adults = cl.adults;
    visit("adults.area_begin", adults.area_begin);
    visit("adults.area", adults.area);
    visit("adults.drug_use", adults.drug_use);
    visit("adults.line", adults.line);
    visit("adults.protected_until", adults.protected_until);
    visit("weight", cl.weight);
    visit("brands_issued", cl.brands_issued);
    visit("entries_refused", cl.entries_refused);
    visit("approach_hazard", cl.approach_hazard);
    visit("compliance_scale", cl.compliance_scale);
    visit("missing_base_weekly", cl.missing_base_weekly);
    visit("lines_capacity", cl.lines_capacity);
    visit("enforcement", cl.enforcement);
    visit("area_weight", cl.area_weight);
    cl.knife_incidents.visit([&](std::string_view part, auto& field) { visit(detail::prefixed("knife_incidents.", part), field); });
    cl.closures.visit([&](std::string_view part, auto& field) { visit(detail::prefixed("closures.", part), field); });
    visit("last_closure_week", cl.last_closure_week);
    visit("last_closure_brand", cl.last_closure_brand);
    visit("nb_weight", cl.nb_weight);
    visit("area_first_nb", cl.area_first_nb);
    visit("markets", cl.markets);
}

/// Every dynamic part of a settled state (not its plan and key, which name the state, nor its
/// static layout and graph).
template <class S, class Visit>
    requires std::is_same_v<std::remove_const_t<S>, SettledState>
void visit(S& state, Visit&& visit) {
    visit_population(state.pop, [&](std::string_view name, auto& field) { visit(detail::prefixed("pop.", name), field); });
    visit_county_lines(state.county_lines,
                       [&](std::string_view name, auto& field) { visit(detail::prefixed("county_lines.", name), field); });
    visit("marks", state.marks);
    visit("offences", state.offences);
    visit("normalisers", state.normalisers);
    visit("weeks_done", state.weeks_done);
    visit("agents_at_start", state.agents_at_start);
}

}  // namespace vrusim::settled_fields
