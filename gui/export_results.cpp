#include "export_results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "io/output_file.hpp"
#include "io/results_writer.hpp"

namespace vrusim::gui {

namespace fs = std::filesystem;

std::string file_stem(const std::string& label) {
    std::string stem;
    for (const unsigned char c : label) {
        if (std::isalnum(c) && c < 128) stem += static_cast<char>(std::tolower(c));
        else if (!stem.empty() && stem.back() != '-') stem += '-';
        if (stem.size() >= 80) break;
    }
    while (!stem.empty() && stem.back() == '-') stem.pop_back();
    return stem.empty() ? "scenario" : stem;
}

std::vector<fs::path> export_files(const fs::path& dir, const std::vector<std::string>& labels,
                                   const std::map<fs::path, FileStamp>& written, Replace replace) {
    std::error_code ec;
    if (dir.empty()) throw std::runtime_error("not exported: give a directory");
    const fs::path where = fs::absolute(dir, ec);
    if (ec || !fs::is_directory(where, ec)) throw std::runtime_error(fmt::format("not exported: {} is not a directory", dir.string()));
    std::vector<fs::path> files;
    for (const auto& label : labels) {
        std::string stem = file_stem(label);
        for (int n = 2; std::ranges::find(files, where / (stem + ".h5")) != files.end(); ++n) stem = fmt::format("{}-{}", file_stem(label), n);
        const fs::path file = where / (stem + ".h5");
        if (const auto problem = io::output_path_problem(file, {})) throw std::runtime_error("not exported: " + *problem);
        if (const auto now = stamp_of(file)) {
            const auto mine = written.find(file);
            const bool own = mine != written.end() && mine->second == *now;
            if (!own && !(replace == Replace::results_files && io::is_complete_results_file(file)))
                throw std::runtime_error(fmt::format(
                    "not exported: {} exists; choose another directory (a file is never replaced unless it is {})",
                    file.string(), replace == Replace::results_files ? "a complete results file"
                                                                     : "still the one this window wrote there"));
        }
        if (fs::exists(io::partial_path(file), ec))
            throw std::runtime_error(fmt::format(
                "not exported: {} is there: {}; delete it, or choose another directory", io::partial_path(file).string(),
                io::work_file_locked(io::partial_path(file)) ? "a run is writing it now"
                                                             : "the work file of a run or export that was stopped"));
        files.push_back(file);
    }
    return files;
}

std::vector<fs::path> export_results(const fs::path& dir, const std::vector<std::pair<std::string, const FinishedRun*>>& runs,
                                     std::map<fs::path, FileStamp>& written, Replace replace) {
    std::vector<std::string> labels;
    for (const auto& run : runs) labels.push_back(run.first);
    const auto files = export_files(dir, labels, written, replace);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const FinishedRun& run = *runs[i].second;
        io::ResultsWriter writer(files[i], run.stored.meta, false);
        for (const auto& r : run.replicates) writer.replicate_done(r);
        writer.finish();
        if (const auto stamp = stamp_of(files[i])) written[files[i]] = *stamp;
    }
    return files;
}

}  // namespace vrusim::gui
