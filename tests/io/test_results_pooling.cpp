// Which finished runs `vrusim drift` may pool as replicates of one model (io::pooling_conflicts).
#include <catch2/catch.hpp>
#include <fmt/core.h>

#include "io/results_writer.hpp"
#include "tiny_run.hpp"

using namespace vrusim;

namespace {

io::StoredResults stored(std::uint64_t seed, int replicates, const std::string& extra = "") {
    io::StoredResults r;
    r.meta = testing::tiny_meta();
    r.meta.seed = seed;
    r.meta.replicates = replicates;
    r.meta.resolved_yaml = fmt::format("run:\n  seed: {}\n  replicates: {}\n  weeks: 4\nviolence:\n  age_rr_18_24: 0.25\n{}",
                                       seed, replicates, extra);
    r.vrusim_version = "0.6.0";
    r.vrusim_source = "e6fa3687a1a7ddb9";
    r.status = "complete";
    return r;
}

}  // namespace

TEST_CASE("pooling: runs of one scenario with other seeds and replicate counts pool, anything else is named") {
    CHECK(io::pooling_conflicts(stored(1, 4), stored(2, 10), "a.h5", "b.h5").empty());

    // The same seed: the second run's replicates 0-3 are the first run's again.
    const auto same_seed = io::pooling_conflicts(stored(1, 4), stored(1, 6), "a.h5", "b.h5");
    REQUIRE(same_seed.size() == 1);
    CHECK_THAT(same_seed[0], Catch::Contains("the same seed, 1"));

    // A changed parameter and a key only one run has are each named with both values.
    auto changed = stored(2, 4, "  outside_offender_rate_18_24: 0.05\n");
    changed.meta.resolved_yaml.replace(changed.meta.resolved_yaml.find("0.25"), 4, "0.30");
    const auto differ = io::pooling_conflicts(stored(1, 4), changed, "a.h5", "b.h5");
    REQUIRE(differ.size() == 2);
    CHECK(differ[0] == "violence.age_rr_18_24: 0.25 in a.h5, 0.30 in b.h5");
    CHECK(differ[1] == "violence.outside_offender_rate_18_24: absent in a.h5, 0.05 in b.h5");

    // Labels may differ; a stored scenario that cannot be read key by key (a damaged file) is a
    // conflict, not a silent match; so is a set-up recorded beside it that differs.
    auto renamed = stored(2, 4);
    renamed.meta.resolved_yaml = "name: \"Another label\"\n" + renamed.meta.resolved_yaml;
    CHECK(io::pooling_conflicts(stored(1, 4), renamed, "a.h5", "b.h5").empty());
    auto damaged = stored(2, 4);
    damaged.meta.resolved_yaml.replace(damaged.meta.resolved_yaml.find("violence:"), 9, "violence: [");
    const auto unreadable = io::pooling_conflicts(stored(1, 4), damaged, "a.h5", "b.h5");
    REQUIRE(unreadable.size() == 1);
    CHECK(unreadable[0] == "the stored scenario of b.h5, which cannot be read as YAML (is the file damaged?)");
    auto rescaled = stored(2, 4);
    rescaled.meta.scale = 0.5;
    const auto setup = io::pooling_conflicts(stored(1, 4), rescaled, "a.h5", "b.h5");
    REQUIRE(setup.size() == 1);
    CHECK(setup[0] == "population.scale (attribute): 0.1 in a.h5, 0.5 in b.h5");

    // Another version's model may differ with the same keys.
    auto older = stored(2, 4);
    older.vrusim_version = "0.5.0";
    const auto version = io::pooling_conflicts(stored(1, 4), older, "a.h5", "b.h5");
    REQUIRE(version.size() == 1);
    CHECK(version[0] == "written by vrusim 0.6.0 (a.h5) and 0.5.0 (b.h5)");
    // One version built from different model sources (a change between releases) is another model.
    auto rebuilt = stored(2, 4);
    rebuilt.vrusim_source = "0123456789abcdef";
    const auto source = io::pooling_conflicts(stored(1, 4), rebuilt, "a.h5", "b.h5");
    REQUIRE(source.size() == 1);
    CHECK(source[0] == "built from different model sources (source hash e6fa3687a1a7ddb9 in a.h5, 0123456789abcdef in b.h5)");
}
