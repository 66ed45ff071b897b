#pragma once
/// In-silico trials run on the model (docs/research.md, "In-silico trials and power"): one
/// simulated trial is a replicate in which an intervention of the scenario's programme, given no
/// places of its own, is offered to a randomised half of the eligible (people, or the eligible of
/// randomised school classes or neighbourhoods), and each participant's outcome is followed.
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "analysis.hpp"
#include "sim/parameters.hpp"

namespace vrusim {
class SettledStore;
}

namespace vrusim::trial {

/// What is randomised.
enum class Unit : std::uint8_t { person, school_class, neighbourhood };
inline constexpr std::string_view unit_names[] = {"person", "school_class", "neighbourhood"};

/// A participant's binary outcome over their follow-up.
enum class Outcome : std::uint8_t {
    violent_offending,  ///< took part in a violent incident as an offender (its starter or with others)
    arrest,
    victimisation,      ///< victim of violence
    knife_admission,    ///< admitted to hospital after an assault with a knife
    exclusion,          ///< permanently excluded from school
    exploitation,       ///< began to be criminally exploited
};
inline constexpr std::string_view outcome_names[] = {"violent_offending", "arrest", "victimisation",
                                                     "knife_admission", "exclusion", "exploitation"};

struct Design {
    std::size_t intervention = 0;  ///< index in the scenario's programme
    Unit unit = Unit::person;
    Outcome outcome = Outcome::violent_offending;
    int per_arm = 0;               ///< units wanted in each arm; 0 = every eligible unit recruited
    int recruitment_weeks = 1;     ///< reported weeks in which the eligible are recruited (from the first)
    int follow_up_weeks = 52;      ///< each participant's outcome window, from the week after recruitment
};

/// One simulated trial: its participants in order of recruitment.
struct Record {
    std::vector<std::uint8_t> outcome;
    std::vector<std::uint8_t> arm;             ///< 1 = offered the intervention, 0 = control
    std::vector<std::uint32_t> unit_in_arm;    ///< the participant's unit's place in its arm's randomisation order
    std::vector<std::uint32_t> cluster;        ///< the class or neighbourhood randomised; empty for people
    int units[2] = {0, 0};                     ///< units randomised, control and treated
    int started = 0;                           ///< treated participants who took the place up
    int contaminated = 0;                      ///< control participants who took part all the same (a treated co-offender's group)
};

/// The scenario as a trial runs it: the trial's intervention has no places of its own (the trial
/// gives it its participants), and the run's reported weeks are the recruitment and follow-up.
Parameters trial_parameters(const Parameters& scenario, const Design& design);

/// Simulates trial `replicate` of a scenario prepared by trial_parameters: the burn-in (from the
/// store when one is given and holds it; kept there when simulated), then recruitment,
/// randomisation in pairs and follow-up. `on_week(weeks_done)` counts simulated weeks.
Record simulate_trial(const Parameters& parameters, const Design& design, int replicate, SettledStore* store = nullptr,
                      const std::function<void(int weeks_done)>& on_week = {});

/// The trial cut to the first n units of each arm, as the analysis takes it; empty if an arm had
/// fewer than n units (the trial fell short of that size).
std::optional<TrialData> first_units(const Record& record, int n);

}  // namespace vrusim::trial
