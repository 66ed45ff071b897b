// vrusim-mpi's messages (tools/mpi/wire.hpp): what a rank sends arrives exactly, and a message of
// the wrong length is refused rather than misread (a result's cells are written to a results file).
#include <catch2/catch.hpp>

#include <stdexcept>

#include "tools/mpi/wire.hpp"

using namespace vrusim;
using namespace vrusim::cli::mpi;

namespace {

ReplicateResult sample_result() {
    ReplicateResult r;
    r.plan = {2, 7, 12345};
    r.agents = 81234;
    r.seconds = 1.25;
    r.state_hash = 0x0123456789abcdefULL;
    r.measures = MeasureCube(5, 3);
    std::uint64_t v = 1;
    for (auto& cell : r.measures.raw()) cell = v++ * 2654435761ULL;
    r.programme.years = 2;
    r.programme.interventions = 3;
    r.programme.reached = {1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5};
    r.programme.spend = {100.0, 200.0, 300.0, 400.0, 500.0, 600.25};
    return r;
}

}  // namespace

TEST_CASE("mpi wire: a replicate's result arrives cell for cell, with its plan, hash and programme") {
    const auto sent = sample_result();
    const auto got = decode_result(encode(sent));
    CHECK(got.plan.scenario == 2);
    CHECK(got.plan.replicate == 7);
    CHECK(got.plan.seed == 12345);
    CHECK(got.agents == sent.agents);
    CHECK(got.seconds == sent.seconds);
    CHECK(got.state_hash == sent.state_hash);
    CHECK(got.measures.weeks() == 5);
    CHECK(got.measures.areas() == 3);
    CHECK(got.measures.set() == MeasureSet::model);
    CHECK(std::equal(got.measures.raw().begin(), got.measures.raw().end(), sent.measures.raw().begin(),
                     sent.measures.raw().end()));
    CHECK(got.programme == sent.programme);
}

TEST_CASE("mpi wire: a result cut short, or with bytes to spare, is refused") {
    auto bytes = encode(sample_result());
    for (const std::size_t keep : {std::size_t{0}, std::size_t{9}, bytes.size() / 2, bytes.size() - 1}) {
        INFO("kept " << keep << " of " << bytes.size() << " bytes");
        CHECK_THROWS_AS(decode_result(std::span<const char>(bytes.data(), keep)), std::runtime_error);
    }
    bytes.push_back('x');
    CHECK_THROWS_AS(decode_result(bytes), std::runtime_error);
}

TEST_CASE("mpi wire: a job's scenarios, keys and burn-in cache, and a unit, arrive as sent") {
    Job job;
    job.build = "0.7.0 (model 1a2b3c)";
    job.threads = 3;
    job.scenarios = {"run:\n  seed: 1\n", std::string("with a \0 inside", 15), ""};
    job.keys = {1, 0xffffffffffffffffULL, 42};
    job.burn_in_cache = "/scratch/burn-ins";
    const auto got = decode_job(encode(job));
    CHECK(got.build == job.build);
    CHECK(got.threads == 3);
    CHECK(got.scenarios == job.scenarios);
    CHECK(got.keys == job.keys);
    CHECK(got.burn_in_cache == job.burn_in_cache);

    const UnitMessage unit{11, {4, {0, 2, 5}}};
    const auto back = decode_unit(encode(unit));
    CHECK(back.index == 11);
    CHECK(back.unit.replicate == 4);
    CHECK(back.unit.scenarios == std::vector<int>{0, 2, 5});
    const auto bytes = encode(unit);
    CHECK_THROWS_AS(decode_unit(std::span<const char>(bytes.data(), bytes.size() - 1)), std::runtime_error);
}
