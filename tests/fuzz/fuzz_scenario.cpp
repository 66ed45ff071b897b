// libFuzzer target: scenario text in, loaded or refused. Any outcome other than a loaded scenario
// or a ScenarioError (a crash, a sanitizer report, another exception, a hang) is a bug.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "io/scenario_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // `extends:` resolves beside the bundled scenarios, so a fuzzed file can reach real ones.
    static const std::filesystem::path base = VRUSIM_SCENARIO_DIR;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto scenario = vrusim::io::load_scenario_text(text, "fuzz.yaml", base);
        // A loaded scenario's resolved YAML must load back (the results file stores it).
        (void)vrusim::io::load_scenario_text(scenario.resolved_yaml, "resolved.yaml", base);
    } catch (const vrusim::io::ScenarioError&) {
        // refused, with its messages: the expected outcome for most inputs
    }
    return 0;
}
