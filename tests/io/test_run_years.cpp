// A run reduced to financial years from its replicates in memory (run_years_of: the explorer,
// several scenarios in one command) gives exactly the figures `vrusim compare` reads from the
// run's results file (io::run_years): one code fills both.
#include <catch2/catch.hpp>

#include <vector>

#include "io/results_metadata.hpp"
#include "io/results_writer.hpp"
#include "io/run_comparison.hpp"
#include "io/scenario_loader.hpp"
#include "sim/economics/run_years.hpp"
#include "temp_dir.hpp"

using namespace vrusim;

namespace {

// Keeps every replicate and forwards it to the results file.
struct KeepAndWrite final : RunObserver {
    io::ResultsWriter& writer;
    std::vector<ReplicateResult> kept;
    explicit KeepAndWrite(io::ResultsWriter& w) : writer(w) {}
    void replicate_done(const ReplicateResult& r) override {
        kept.push_back(r);
        writer.replicate_done(r);
    }
};

void check_same(const RunYears& memory, const RunYears& file) {
    REQUIRE(memory.replicates == file.replicates);
    REQUIRE(memory.years == file.years);
    CHECK(memory.weeks_in_year == file.weeks_in_year);
    REQUIRE(memory.totals.size() == file.totals.size());
    for (std::size_t m = 0; m < memory.totals.size(); ++m) {
        INFO(measure_info(MeasureSet::model)[m].name);
        CHECK(memory.totals[m] == file.totals[m]);
    }
    CHECK(memory.spend == file.spend);
    CHECK(memory.core == file.core);
    CHECK(memory.funding_enabled == file.funding_enabled);
    CHECK(memory.economics == file.economics);
}

}  // namespace

TEST_CASE("run years: a programme run reduced in memory, and its programme group, equal the same run read back from its results file") {
    // The Thames Valley programme with its funding plan, a 2% sample, two replicates of 60 weeks
    // (a financial year and a part-year), in a second financial year.
    auto scenario = io::load_scenario(VRUSIM_SCENARIO_DIR "/thames-valley-2023-24.yaml");
    for (const auto& [key, value] : {std::pair{"population.scale", "0.02"}, {"run.replicates", "2"},
                                     {"run.weeks", "60"}, {"run.burn_in_weeks", "26"}})
        io::apply_override(scenario, key, value);
    const Parameters& p = scenario.parameters;
    testing::TempDir dir;
    const auto out = dir.path / "programme.h5";
    std::vector<ReplicateResult> kept;
    {
        io::ResultsWriter writer(out, io::results_metadata(scenario), false);
        KeepAndWrite observer(writer);
        run_ensemble(p, make_plans(p), observer);
        writer.finish();
        kept = std::move(observer.kept);
    }
    const auto stored = io::read_results(out);
    check_same(run_years_of(p, kept, "programme"), io::run_years(stored, "programme"));
    check_same(run_years_of(p, kept, "programme", 1), io::run_years(stored, "programme", 1));
    // The programme group built in memory (the explorer's table and CSV) is the one read back.
    const auto record = io::programme_record(io::results_metadata(scenario), kept);
    CHECK(record.interventions == stored.programme.interventions);
    CHECK(record.financial_years == stored.programme.financial_years);
    CHECK(record.funding_enabled == stored.programme.funding_enabled);
    CHECK(record.replicates == stored.programme.replicates);
    CHECK(record.reached == stored.programme.reached);
    CHECK(record.spend == stored.programme.spend);
    CHECK(record.funding == stored.programme.funding);
    CHECK(record.condition_names == stored.programme.condition_names);
    CHECK(record.condition_value == stored.programme.condition_value);
    CHECK(record.condition_required == stored.programme.condition_required);
    CHECK(record.condition_applies == stored.programme.condition_applies);
    CHECK(record.condition_pass == stored.programme.condition_pass);
    const auto years = run_years_of(p, kept, "programme");
    CHECK(years.years == 2);
    CHECK(years.weeks_in_year == std::vector<int>{52, 8});
    CHECK(years.core[0] > 0);  // the funding plan's core function is in the spend
}

TEST_CASE("run years: replicates that are not 0 to n-1 once each are refused") {
    Parameters p;
    std::vector<ReplicateResult> results(2);
    results[0].plan.replicate = 0;
    results[1].plan.replicate = 0;
    CHECK_THROWS_AS(run_years_of(p, results, "x"), std::invalid_argument);
}
