// Which scenarios the explorer sets side by side (gui/pairing.hpp): plans that differ in their
// programme pair with the base; another seed, run length or population, or a verification-mode
// scenario, is refused with the key named.
#include <catch2/catch.hpp>

#include "gui/pairing.hpp"

using namespace vrusim;

namespace {

bool mentions(const std::vector<std::string>& problems, std::string_view text) {
    for (const auto& p : problems)
        if (p.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("pairing: plans pair with their base, another seed, length or population, or verification mode, does not") {
    const auto base = io::load_scenario(VRUSIM_SCENARIO_DIR "/examples/no-programme.yaml");
    const auto plan = io::load_scenario(VRUSIM_SCENARIO_DIR "/thames-valley-2023-24.yaml");
    CHECK(gui::pairing_problems({base, plan}, {"none", "plan"}).empty());

    auto other = plan;
    io::apply_override(other, "run.seed", "2");
    io::apply_override(other, "run.weeks", "104");
    const auto problems = gui::pairing_problems({base, other}, {"none", "other"});
    CHECK(mentions(problems, "other cannot be paired with the base (a comparison needs the same people, seed and years): run.seed"));
    CHECK(mentions(problems, "run.weeks"));

    auto sampled = plan;
    io::apply_override(sampled, "population.scale", "0.5");
    CHECK(mentions(gui::pairing_problems({base, sampled}, {"none", "sampled"}), "population.scale"));

    const auto verification = io::load_scenario(VRUSIM_SCENARIO_DIR "/verification/sir-erdos-renyi.yaml");
    CHECK(mentions(gui::pairing_problems({base, verification}, {"none", "sir"}), "sir is a verification-mode scenario"));
}
