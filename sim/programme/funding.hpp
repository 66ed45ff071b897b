#pragma once
/// The VRU's money by financial year (docs/funding.md): what the grant, match funding and
/// carry-over pay for, how a shortfall is shared among the interventions, what local partners
/// sustain, and whether each year meets the grant conditions. A pure function of the scenario:
/// the same plan for every replicate, printed by `vrusim validate` before anything runs.
#include <string>
#include <vector>

#include "../parameters.hpp"

namespace vrusim {

/// One grant condition in one financial year, with its figures.
struct GrantCondition {
    std::string name;      ///< "interventions", "evaluation" or "match"
    double value = 0;      ///< the plan's share (e.g. money on interventions / grant)
    double required = 0;   ///< the condition's minimum share
    bool applies = false;  ///< false when there is no grant (or nothing to measure it against)
    bool pass = false;
};

/// One financial year of the plan, in pounds.
struct FundingYear {
    int year = 0;                ///< calendar year of its April (2024 = "2024-25")
    int weeks = 52;              ///< weeks of it the run reports (fewer in a last part-year: grant and core pro rata)
    double grant = 0;            ///< core VRU grant
    double match = 0;            ///< partners' match funding (cash or in kind)
    double carry_in = 0;         ///< brought forward from the year before
    double available = 0;        ///< grant + cash match + carry_in: the money to spend
    double core = 0;             ///< core function paid
    double interventions = 0;    ///< money of the available on the grant's interventions
    double evaluation = 0;       ///< evaluation of those interventions
    double partners = 0;         ///< what local partners sustain of interventions the money does not cover
    double separate = 0;         ///< interventions funded by their own streams (outside the grant)
    double carry_out = 0;        ///< left at the end of the year, carried into the next
    std::vector<double> planned;  ///< per intervention: its planned money this year (its share of the year it runs)
    std::vector<double> money;    ///< per intervention: the money it has (from any source)
    std::vector<double> share;    ///< per intervention: money / planned; 0 when it has none or does not run
    std::vector<GrantCondition> conditions;  ///< interventions, evaluation, match (funding.enabled only)
};

struct FundingPlan {
    bool enabled = false;           ///< funding.enabled; otherwise every intervention has its planned money
    std::vector<FundingYear> years;  ///< the reported financial years, first to last
};

/// Financial years the reported run touches: ceil(run.weeks / 52).
int financial_years(const Parameters& p);
/// "2024-25" for the financial year starting in April 2024.
std::string financial_year_label(int year);
/// Places for the modelled cohort an intervention plans a full year: places_per_year, or what
/// budget_per_year buys less the adult places.
double planned_places_per_year(const InterventionSpec& in);
/// Money an intervention plans a full year: budget_per_year, or fixed cost plus every place
/// (adult places too).
double planned_money_per_year(const InterventionSpec& in);
/// Weeks of reported financial year y (0 = first) in which the intervention offers places, in a
/// run of run_weeks reported weeks (a last part-year has fewer).
int open_weeks_in_year(const InterventionSpec& in, int y, int run_weeks);
/// Weeks of reported financial year y within a run of run_weeks reported weeks: 52, or fewer in
/// a last part-year.
int weeks_of_year_in_run(int y, int run_weeks);

/// The funding plan of a scenario, year by year (docs/funding.md).
FundingPlan plan_funding(const Parameters& p);


}  // namespace vrusim
