// libFuzzer target: the command line's `--set KEY=VALUE` parser on the default scenario. The
// input is "KEY=VALUE"; any outcome other than the override applied or a ScenarioError is a bug,
// and a refused override must leave the scenario as it was.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const vrusim::io::LoadedScenario base = vrusim::io::load_scenario(VRUSIM_SCENARIO_DIR "/tiny.yaml");
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) return 0;  // the CLI refuses these before the parser
    auto scenario = base;
    try {
        vrusim::io::apply_override(scenario, text.substr(0, eq), text.substr(eq + 1));
    } catch (const vrusim::io::ScenarioError&) {
        if (scenario.resolved_yaml != base.resolved_yaml) std::abort();  // a refusal changed the scenario
    }
    return 0;
}
