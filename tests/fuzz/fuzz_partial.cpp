// libFuzzer target: `--resume` on a damaged work file. A genuine OUT.partial (one replicate of
// three stored) is made once; each input damages a copy of it (a truncation, then byte patches)
// and the run reopens it for a resume. Refusing with an error is the expected outcome; a crash,
// a sanitizer report, a hang or another kind of exception is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include "io/output_file.hpp"
#include "io/results_writer.hpp"
#include "sim/ensemble.hpp"
#include "sim/measures.hpp"
#include "../io/tiny_run.hpp"

namespace fs = std::filesystem;
using namespace vrusim;
using namespace vrusim::io;

namespace {


struct Template {
    fs::path dir;
    fs::path out;
    std::vector<char> bytes;  // the genuine work file
};

const Template& genuine() {
    static const Template t = [] {
        Template made;
        made.dir = fs::temp_directory_path() / ("vrusim-fuzz-partial-" + std::to_string(::getpid()));
        fs::create_directories(made.dir);
        made.out = made.dir / "results.h5";
        const auto meta = vrusim::testing::tiny_meta();
        {
            ResultsWriter writer(made.out, meta, false);
            writer.replicate_done(vrusim::testing::known_result(meta, 0));
        }  // not finished: the work file stays for a resume
        std::ifstream in(partial_path(made.out), std::ios::binary);
        made.bytes.assign(std::istreambuf_iterator<char>(in), {});
        if (made.bytes.empty()) std::abort();
        return made;
    }();
    return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Template& t = genuine();
    std::vector<char> damaged = t.bytes;
    // Input: 4 bytes of truncation (kept if 0), then (4-byte offset, 1-byte value) patches.
    if (size >= 4) {
        const std::uint32_t cut = data[0] | data[1] << 8 | data[2] << 16 | static_cast<std::uint32_t>(data[3]) << 24;
        if (cut != 0) damaged.resize(cut % damaged.size());
        for (std::size_t i = 4; i + 5 <= size && !damaged.empty(); i += 5) {
            const std::uint32_t at = data[i] | data[i + 1] << 8 | data[i + 2] << 16 |
                                     static_cast<std::uint32_t>(data[i + 3]) << 24;
            damaged[at % damaged.size()] = static_cast<char>(data[i + 4]);
        }
    }
    {
        std::ofstream file(partial_path(t.out), std::ios::binary | std::ios::trunc);
        file.write(damaged.data(), static_cast<std::streamsize>(damaged.size()));
    }
    try {
        ResultsWriter writer(t.out, vrusim::testing::tiny_meta(), true);
        (void)writer.completed_replicates();
    } catch (const std::runtime_error&) {
        // refused (OutputPathError is one): the expected outcome for a damaged file
    }
    return 0;
}
