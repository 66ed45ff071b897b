#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim/summary.hpp"

using namespace vrusim;

TEST_CASE("summary: Student t quantiles match published tables") {
    CHECK(student_t_quantile(0.975, 1) == Approx(12.7062047362).epsilon(1e-9));
    CHECK(student_t_quantile(0.975, 2) == Approx(4.30265272991).epsilon(1e-9));
    CHECK(student_t_quantile(0.975, 10) == Approx(2.22813885196).epsilon(1e-9));
    CHECK(student_t_quantile(0.975, 30) == Approx(2.04227245630).epsilon(1e-9));
    CHECK(student_t_quantile(0.975, 1000) == Approx(1.96233908083).epsilon(1e-9));
    CHECK(student_t_quantile(0.95, 5) == Approx(2.01504837267).epsilon(1e-9));
    CHECK(student_t_quantile(0.025, 10) == Approx(-2.22813885196).epsilon(1e-9));
    CHECK(student_t_quantile(0.5, 3) == 0.0);
    CHECK(std::isnan(student_t_quantile(0.975, 0)));
}

TEST_CASE("summary: mean, sd and 95% interval of a small set are the textbook values") {
    const std::vector<double> values = {2, 4, 4, 4, 5, 5, 7, 9};
    const CellSummary s = summarise(values);
    CHECK(s.n == 8);
    CHECK(s.mean == Approx(5.0));
    CHECK(s.sd == Approx(2.138089935299395));  // sqrt(32 / 7)
    CHECK(s.ci95_low == Approx(5.0 - 1.7874879182362104));  // t(0.975, 7) sd / sqrt(8)
    CHECK(s.ci95_high == Approx(5.0 + 1.7874879182362104));
}

TEST_CASE("summary: percentiles interpolate linearly as numpy's default does") {
    const std::vector<double> values = {3.1, 10, 1, 7, 2.5};
    // numpy.percentile([3.1, 10, 1, 7, 2.5], [2.5, 97.5, 50, 10]) = [1.15, 9.7, 3.1, 1.6]
    CHECK(percentile(values, 0.025) == Approx(1.15));
    CHECK(percentile(values, 0.975) == Approx(9.7));
    CHECK(percentile(values, 0.5) == Approx(3.1));
    CHECK(percentile(values, 0.10) == Approx(1.6));
    CHECK(percentile(values, 0.0) == 1.0);
    CHECK(percentile(values, 1.0) == 10.0);
    const CellSummary s = summarise(values);
    CHECK(s.p2_5 == Approx(1.15));
    CHECK(s.p97_5 == Approx(9.7));
}

TEST_CASE("summary: one replicate has a mean but no interval") {
    const std::vector<double> one = {4.5};
    const CellSummary s = summarise(one);
    CHECK(s.mean == 4.5);
    CHECK(std::isnan(s.sd));
    CHECK(std::isnan(s.ci95_low));
    CHECK(std::isnan(s.ci95_high));
    CHECK(s.p2_5 == 4.5);
    CHECK(s.p97_5 == 4.5);
    CHECK(std::isnan(summarise({}).mean));
}

TEST_CASE("summary: cells are summarised column by column across replicates") {
    // Three replicates of two cells, [replicate][cell].
    const std::vector<double> values = {4, 1, 8, 1, 18, 1};
    const SummaryCells cells = summarise_cells(values, 3);
    REQUIRE(cells.mean.size() == 2);
    CHECK(cells.n == 3);
    CHECK(cells.mean[0] == Approx(10.0));
    CHECK(cells.sd[0] == Approx(7.211102550927978));
    CHECK(cells.ci95_low[0] == Approx(10.0 - 17.913371790732878));
    CHECK(cells.ci95_high[0] == Approx(10.0 + 17.913371790732878));
    CHECK(cells.p2_5[0] == Approx(4.2));
    CHECK(cells.p97_5[0] == Approx(17.5));
    CHECK(cells.mean[1] == 1.0);
    CHECK(cells.sd[1] == 0.0);
    CHECK(cells.ci95_low[1] == 1.0);
    CHECK_THROWS(summarise_cells(values, 4));
}

TEST_CASE("summary: annual values sum flows and average stocks over complete 52-week years") {
    const int replicates = 2;
    const int weeks = 110;  // two full years and six weeks left out
    const int areas = 2;
    std::vector<double> values;
    for (int r = 0; r < replicates; ++r)
        for (int w = 0; w < weeks; ++w)
            for (int a = 0; a < areas; ++a)
                for (int b = 0; b < age_band_count; ++b) values.push_back(w < 52 ? 1.0 + r : 2.0);
    const AnnualValues flows = annual_values(values, replicates, weeks, areas, MeasureKind::flow);
    REQUIRE(flows.years == 2);
    REQUIRE(flows.values.size() == 4);
    CHECK(flows.values[0] == 52.0 * 6);  // replicate 0, year 0: 6 cells a week at 1
    CHECK(flows.values[1] == 52.0 * 12);
    CHECK(flows.values[2] == 52.0 * 12);  // replicate 1, year 0: 6 cells a week at 2
    const AnnualValues stocks = annual_values(values, replicates, weeks, areas, MeasureKind::stock);
    CHECK(stocks.values[0] == 6.0);
    CHECK(stocks.values[3] == 12.0);
    CHECK_THROWS(annual_values(values, replicates, weeks + 1, areas, MeasureKind::flow));
}
