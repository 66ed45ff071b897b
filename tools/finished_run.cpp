#include "finished_run.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace vrusim::cli {

bool read_finished_run(const std::filesystem::path& file, io::StoredResults& results, std::string_view command) {
    try {
        results = io::read_results(file);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return false;
    }
    // An unfinished run's work file, or one being written, would be judged on part of its replicates.
    if (results.status != "complete") {
        fmt::print(stderr, "error: {} is not a finished run (status '{}', {} of {} replicates done); finish it with "
                           "vrusim run --resume and check the finished file\n",
                   file.string(), results.status, results.replicates_done.size(), results.meta.replicates);
        return false;
    }
    if (results.meta.measure_set != MeasureSet::model) {
        fmt::print(stderr, "error: {} holds a verification-mode run; {} reads the model's measures\n", file.string(), command);
        return false;
    }
    // A file whose attributes claim another shape than its data is damaged.
    const auto expected = static_cast<std::size_t>(std::max(0, results.meta.replicates)) *
                          static_cast<std::size_t>(results.weeks) * static_cast<std::size_t>(results.areas) *
                          static_cast<std::size_t>(results.bands);
    for (int m = 0; m < measure_count; ++m) {
        const auto held = results.values[static_cast<std::size_t>(m)].size();
        if (held != 0 && held != expected) {
            fmt::print(stderr, "error: {} is damaged: {} holds {} values where its attributes (replicates, weeks, "
                               "areas, age bands) call for {}\n",
                       file.string(), info(static_cast<Measure>(m)).name, held, expected);
            return false;
        }
    }
    const auto& programme = results.programme;
    if (programme.count() > 0 && programme.years() > 0 && programme.replicates != results.meta.replicates) {
        fmt::print(stderr, "error: {} is damaged: programme/spend holds {} replicates where the file has {}\n",
                   file.string(), programme.replicates, results.meta.replicates);
        return false;
    }
    return true;
}

}  // namespace vrusim::cli
