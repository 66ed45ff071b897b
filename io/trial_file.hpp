#pragma once
/// Trial files (`vrusim trial TRIAL.yaml`, docs/research.md "In-silico trials and power"): the
/// scenario, the intervention of its programme on trial, whom it recruits and how, the outcome and
/// the follow-up, and how many trials to simulate.
#include <filesystem>
#include <string>
#include <vector>

#include "scenario_loader.hpp"
#include "sim/trial/simulate.hpp"

namespace vrusim::io {

struct TrialFile {
    std::filesystem::path file;
    std::string name;
    std::filesystem::path scenario;    ///< resolved against the trial file's directory
    std::string intervention;          ///< its name in the scenario's programme
    SourceLocation intervention_where;
    SourceLocation unit_where;         ///< the file's start when unit is not given
    trial::Design design;              ///< design.intervention is set by trial_scenario
    int trials = 100;                  ///< simulated trials, each a replicate of the scenario
    std::vector<int> sizes;            ///< units per arm of the power curve; empty: from per_arm or what was recruited
    double alpha = 0.05;
};

/// Reads and checks a trial file; throws ScenarioError naming file, line and key, with every
/// problem found.
TrialFile load_trial(const std::filesystem::path& file);

/// The trial's scenario with `overrides` (from the command line) applied, checked against the
/// trial: the intervention is found by name (design.intervention set) and must reach people (not
/// a place effect); run.replicates must hold the trials. Throws ScenarioError.
LoadedScenario trial_scenario(TrialFile& trial, const std::vector<std::string>& overrides);

}  // namespace vrusim::io
