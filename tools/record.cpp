// `vrusim record SCENARIO [RESULTS] -o RECORD.md`: a transparency record of a scenario
// (io/transparency_record.hpp; docs/research.md), written whole, never over a file it did not write.
#include <fmt/chrono.h>
#include <fmt/core.h>

#include <chrono>
#include <fstream>
#include <string>

#include "commands.hpp"
#include "io/output_file.hpp"
#include "io/overrides.hpp"
#include "io/results_writer.hpp"
#include "io/transparency_record.hpp"
#include "scenario_setup.hpp"

namespace vrusim::cli {

namespace {

namespace fs = std::filesystem;

// Why the record cannot be written to `out`, or "".
std::string output_problem(const fs::path& out, const RecordOptions& options) {
    std::error_code ec;
    if (out.empty() || out.filename().empty()) return "-o needs a file name";
    for (const auto& input : {options.scenario, options.results})
        if (!input.empty() && fs::equivalent(out, input, ec)) return fmt::format("{} is an input of the record", out.string());
    if (!fs::exists(out, ec)) {
        const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
        return fs::is_directory(dir, ec) ? "" : fmt::format("the directory {} does not exist", dir.string());
    }
    if (!fs::is_regular_file(out, ec)) return fmt::format("{} exists and is not a regular file", out.string());
    std::ifstream in(out, std::ios::binary);
    std::string head(io::record_marker.size(), '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    if (!in || head != io::record_marker)
        return fmt::format("{} exists and is not a record vrusim wrote; it would be replaced. Name another file, or "
                           "move it", out.string());
    return "";
}

}  // namespace

int record_command(const RecordOptions& options) {
    if (const auto problem = output_problem(options.output, options); !problem.empty()) {
        fmt::print(stderr, "error: {}\n", problem);
        return exit_bad_input;
    }
    io::LoadedScenario scenario;
    try {
        scenario = io::load_scenario(options.scenario);
        io::apply_overrides(scenario, options.overrides);
    } catch (const io::ScenarioError& e) {
        print_problems(e);
        return exit_bad_input;
    }
    io::StoredResults results;
    io::RecordInputs inputs{&scenario, nullptr, options.results,
                            fmt::format("{:%Y-%m-%d %H:%M} UTC", fmt::gmtime(std::chrono::system_clock::to_time_t(
                                                                     std::chrono::system_clock::now())))};
    if (!options.results.empty()) {
        try {
            results = io::read_results(options.results);
            inputs.results = &results;
        } catch (const std::exception& e) {  // not a results file, or unreadable: the user named the wrong file
            fmt::print(stderr, "error: {}\n", e.what());
            return exit_bad_input;
        }
    }
    try {
        io::write_whole_file(options.output, io::transparency_record(inputs));
    } catch (const std::invalid_argument& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_bad_input;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return exit_failure;
    }
    fmt::print(stderr, "record: wrote {}\n", options.output.string());
    return exit_ok;
}

}  // namespace vrusim::cli
