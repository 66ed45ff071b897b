#pragma once
/// County lines: the lines, the vulnerable adults whose homes they take over, and the constants
/// solved once per replicate (docs/model.md, "County lines and exploitation").
///
/// Lines are few (tens at a time), so they live in a small table with a fixed capacity reserved
/// at start-up; the weekly phase walks it serially in index order, which keeps every result
/// independent of the thread count. A closed line's slot is reused by the next new line.
#include <array>
#include <cstdint>
#include <vector>

#include "parameters.hpp"
#include "population.hpp"

namespace vrusim {

enum class LineState : std::uint8_t { forming, active, disrupted, closed };

/// Value of LineTable::hub_area for a line run from outside the force area (London, Birmingham, ...).
inline constexpr std::uint16_t external_hub = 0xffff;

/// Lines as columns; index = line slot.
struct LineTable {
    static constexpr int runners_cap = 12;  ///< resident runners a line can hold
    static constexpr int trap_cap = 4;      ///< trap houses a line can hold

    std::uint32_t capacity() const { return static_cast<std::uint32_t>(state.size()); }
    bool live(std::uint32_t l) const { return state[l] != LineState::closed; }
    int staff(std::uint32_t l) const { return n_runners[l] + external_runners[l]; }
    std::uint64_t* runners_of(std::uint32_t l) { return &runners[static_cast<std::size_t>(l) * runners_cap]; }
    const std::uint64_t* runners_of(std::uint32_t l) const { return &runners[static_cast<std::size_t>(l) * runners_cap]; }
    std::uint32_t* trap_of(std::uint32_t l) { return &trap[static_cast<std::size_t>(l) * trap_cap]; }

    std::vector<LineState> state;
    std::vector<std::uint32_t> brand;        ///< the line's phone "brand"; a replacement may keep it
    std::vector<std::uint16_t> hub_area;     ///< area the line is run from, or external_hub
    std::vector<std::uint16_t> market_area;  ///< the county market it supplies
    std::vector<std::uint64_t> runners;      ///< resident runners' person ids, runners_cap per line, in joining order
    std::vector<std::uint8_t> n_runners;
    std::vector<std::uint8_t> external_runners;  ///< runners brought from the hub: counts, not agents
    std::vector<std::uint32_t> trap;         ///< vulnerable-adult indices, trap_cap per line
    std::vector<std::uint8_t> n_trap;
    std::vector<std::uint8_t> trap_wanted;
    std::vector<float> recent_arrests;       ///< runner arrests, decaying with a 13-week mean
    std::vector<double> revenue;             ///< £ taken since the line formed
    std::vector<std::int16_t> formed;
    std::vector<std::int16_t> state_since;

    void resize(std::uint32_t lines);
};

/// Adults (25 and over) at risk of cuckooing: problem drug users, people with learning
/// disabilities or mental ill-health. Sorted by area.
struct VulnerableAdults {
    std::uint32_t size() const { return static_cast<std::uint32_t>(area.size()); }
    std::vector<std::uint32_t> area_begin;  ///< first adult of each area, plus the end
    std::vector<std::uint16_t> area;
    std::vector<std::uint8_t> drug_use;     ///< 1 for problem drug use (targeted more often)
    std::vector<std::uint16_t> line;        ///< line using the home as a trap house, or no_line
    std::vector<std::int16_t> protected_until;  ///< after a response visit
};

/// Counts by area over the last 52 weeks, kept as a ring of weekly counts.
class YearCounts {
public:
    void resize(std::size_t areas) {
        ring_.assign(areas * weeks_per_year, 0);
        year_.assign(areas, 0);
    }
    /// Starts a new week: drops the counts of the same week a year ago.
    void start_week(std::int32_t week) {
        slot_ = week % weeks_per_year;
        for (std::size_t a = 0; a < year_.size(); ++a) {
            auto& cell = ring_[a * weeks_per_year + static_cast<std::size_t>(slot_)];
            year_[a] -= cell;
            cell = 0;
        }
    }
    void add(std::size_t area) {
        ++ring_[area * weeks_per_year + static_cast<std::size_t>(slot_)];
        ++year_[area];
    }
    std::uint32_t last_year(std::size_t area) const { return year_[area]; }

    /// Its parts, named, for saving a settled state (sim/burn_in/settled_fields.hpp).
    template <class Visit>
    void visit(Visit&& visit) { visit_parts(*this, visit); }
    template <class Visit>
    void visit(Visit&& visit) const { visit_parts(*this, visit); }

private:
    template <class Self, class Visit>
    static void visit_parts(Self& self, Visit& visit) {
        visit("ring", self.ring_);
        visit("year", self.year_);
        visit("slot", self.slot_);
    }

    std::vector<std::uint32_t> ring_;  ///< [area][week % 52]
    std::vector<std::uint32_t> year_;  ///< sum of the ring, by area
    std::int32_t slot_ = 0;
};

/// Enforcement multipliers in force in one area this week (from the scenario's timeline).
struct Enforcement {
    double closure = 1, runner_arrest = 1, cuckoo_visit = 1, identification = 1;
};

/// approach_weight() as table look-ups, for the weekly pass over everyone: the trait and state
/// factors are few bits, so their products are precomputed and the pass has almost no branches.
struct ApproachWeightTable {
    std::array<float, 128> traits_under_15{};  ///< indexed by traits bits 2-8
    std::array<float, 128> traits_from_15{};   ///< the same with substance use counted
    std::array<float, 8> states{};             ///< indexed by states bits 3-5 (NEET, excluded, parent in prison)
    std::array<float, age_max_years + 1> by_age{};
    float missing = 1, support = 1;

    ApproachWeightTable() = default;  // all zero: filled by CountyLines::build when the feature is on
    explicit ApproachWeightTable(const Parameters& p);
    float operator()(const Population& pop, std::uint32_t v, std::int32_t week) const {
        const auto s = pop.states[v];
        const int age = pop.age_weeks[v] / weeks_per_year;
        const auto& by_traits = age >= 15 ? traits_from_15 : traits_under_15;
        const float w = by_traits[(pop.traits[v] >> 2) & 0x7f] * states[(s >> 3) & 7] * by_age[age] *
                        (weeks_since(pop.last_missing[v], week) < 13 ? missing : 1.0f) *
                        ((s & state::in_support) ? support : 1.0f);
        return (s & (state::in_custody | state::gone | state::exploited)) ? 0.0f : w;
    }
};

/// Everything the county-lines phases keep between weeks.
struct CountyLines {
    LineTable lines;
    VulnerableAdults adults;
    ApproachWeightTable weight;
    std::uint32_t brands_issued = 0;
    std::uint32_t entries_refused = 0;       ///< new lines refused because the table was full
    double approach_hazard = 0;              ///< street approaches per unit of weight a week (solved)
    double compliance_scale = 0;             ///< compliance = scale x weight (solved)
    double missing_base_weekly = 0;          ///< background missing episodes per unit of missing weight (solved)
    double lines_capacity = 0;               ///< K: market capacity giving the target line count
    // Per area, refreshed each week.
    std::vector<Enforcement> enforcement;
    std::vector<double> area_weight;         ///< sum of approach weights
    YearCounts knife_incidents;              ///< by area of the offender (or victim, for outside offenders)
    YearCounts closures;                     ///< Type 1 closures by market area
    std::vector<std::int16_t> last_closure_week;  ///< by market area
    std::vector<std::uint32_t> last_closure_brand;
    std::vector<double> nb_weight;           ///< sum of approach weights by neighbourhood
    std::vector<std::uint32_t> area_first_nb;  ///< first neighbourhood of each area, plus the end
    /// Scratch for line entry, by area (reserved once, so the weekly loop does not allocate).
    struct Market {
        double knife = 0, drugs = 0, closures = 0, attraction = 0;
        int lines = 0, run_from_here = 0;
    };
    std::vector<Market> markets;

    /// Lines and adults for one replicate, and the constants that calibrate approaches,
    /// compliance and missing episodes to their targets for this population.
    static CountyLines build(const Parameters& p, const Layout& layout, const Population& pop,
                             std::uint64_t seed, std::uint32_t replicate);
};

/// Lines trading in the represented force area: county_lines.lines_regional if given, else its share
/// of the nation's lines by population (lines_national x residents / population.national_all_ages).
double force_lines(const Parameters& p);

/// Weight of being approached for exploitation this week (0: cannot be approached).
double approach_weight(const Parameters& p, const Population& pop, std::uint32_t v, std::int32_t week);

/// Relative weight of a missing episode (0 outside ages 10-17).
double missing_weight(const Parameters& p, const Population& pop, std::uint32_t v);

}  // namespace vrusim
