#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/rng.hpp"

using namespace vrusim;
using rng::Purpose;
using rng::Stream;

namespace {

// Upper critical value of a chi-square with `df` degrees of freedom, `z` standard normal
// deviates above the mean (Wilson-Hilferty cube-root approximation).
double chi_square_critical(double df, double z) {
    const double a = 2.0 / (9.0 * df);
    return df * std::pow(1.0 - a + z * std::sqrt(a), 3.0);
}

std::vector<std::uint32_t> first_draws(Stream s, int n) {
    std::vector<std::uint32_t> out;
    for (int i = 0; i < n; ++i) out.push_back(s.next_u32());
    return out;
}

}  // namespace

TEST_CASE("rng: Philox4x32-10 reproduces Random123's known-answer vectors") {
    using rng::Block;
    using Key = std::array<std::uint32_t, 2>;
    STATIC_REQUIRE(rng::philox4x32_10(Block{0, 0, 0, 0}, Key{0, 0}) ==
                   Block{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
    CHECK(rng::philox4x32_10(Block{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, Key{0xffffffffu, 0xffffffffu}) ==
          Block{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
    CHECK(rng::philox4x32_10(Block{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, Key{0xa4093822u, 0x299f31d0u}) ==
          Block{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
}

TEST_CASE("rng: a stream is a pure function of its key") {
    const Stream base(42, 3, 1234, 17, Purpose::peers);
    const auto reference = first_draws(base, 64);
    CHECK(first_draws(Stream(42, 3, 1234, 17, Purpose::peers), 64) == reference);
    // Drawing from one stream does not disturb another with the same key.
    Stream a(42, 3, 1234, 17, Purpose::peers);
    Stream b(42, 3, 1234, 17, Purpose::peers);
    for (int i = 0; i < 10; ++i) a.next_u32();
    CHECK(first_draws(b, 64) == reference);

    CHECK(first_draws(Stream(43, 3, 1234, 17, Purpose::peers), 64) != reference);             // seed
    CHECK(first_draws(Stream(42, 4, 1234, 17, Purpose::peers), 64) != reference);             // replicate
    CHECK(first_draws(Stream(42, 3, 1235, 17, Purpose::peers), 64) != reference);             // person
    CHECK(first_draws(Stream(42, 3, 1234 + (1ull << 32), 17, Purpose::peers), 64) != reference);  // generation
    CHECK(first_draws(Stream(42, 3, 1234, 18, Purpose::peers), 64) != reference);             // week
    CHECK(first_draws(Stream(42, 3, 1234, -1, Purpose::peers), 64) != reference);             // synthesis week
    CHECK(first_draws(Stream(42, 3, 1234, 17, Purpose::incident), 64) != reference);              // purpose
    CHECK(first_draws(Stream(42ull | 1ull << 40, 3, 1234, 17, Purpose::peers), 64) != reference);  // seed high word
}

TEST_CASE("rng: uniform draws have mean 1/2 and variance 1/12") {
    constexpr int subjects = 4000, per_subject = 250;
    constexpr double n = double{subjects} * per_subject;
    double sum = 0, sum_sq = 0, lowest = 1, highest = 0;
    for (int subject = 0; subject < subjects; ++subject) {
        Stream s(7, 0, static_cast<std::uint64_t>(subject), 3, Purpose::peers);
        for (int i = 0; i < per_subject; ++i) {
            const double u = s.uniform();
            sum += u;
            sum_sq += (u - 0.5) * (u - 0.5);
            lowest = std::min(lowest, u);
            highest = std::max(highest, u);
        }
    }
    CHECK(lowest > 0.0);
    CHECK(highest < 1.0);
    // Var(U) = 1/12 and Var((U - 1/2)^2) = 1/80 - 1/144 = 1/180; tolerances are 5 standard errors.
    CHECK(std::abs(sum / n - 0.5) < 5 * std::sqrt(1.0 / 12.0 / n));
    CHECK(std::abs(sum_sq / n - 1.0 / 12.0) < 5 * std::sqrt(1.0 / 180.0 / n));
}

TEST_CASE("rng: bernoulli, exponential and normal draws have their configured moments") {
    constexpr int n = 200000;
    int hits = 0;
    double exp_sum = 0, normal_sum = 0, normal_sq = 0;
    for (int i = 0; i < n; ++i) {
        Stream s(11, 2, static_cast<std::uint64_t>(i), 0, Purpose::incident);
        hits += s.bernoulli(0.3);
        exp_sum += s.exponential(4.0);
        const double z = s.normal();
        normal_sum += z;
        normal_sq += z * z;
    }
    // 5 standard errors: binomial sqrt(p(1-p)/n); exponential sd = mean; normal mean sd 1, z^2 sd sqrt(2).
    CHECK(std::abs(hits / double{n} - 0.3) < 5 * std::sqrt(0.3 * 0.7 / n));
    CHECK(std::abs(exp_sum / n - 4.0) < 5 * 4.0 / std::sqrt(double{n}));
    CHECK(std::abs(normal_sum / n) < 5 / std::sqrt(double{n}));
    CHECK(std::abs(normal_sq / n - 1.0) < 5 * std::sqrt(2.0 / n));
}

TEST_CASE("rng: spell_weeks is geometric with the configured mean") {
    for (const double mean : {1.5, 4.0, 26.0, 52.0}) {
        CAPTURE(mean);
        constexpr int n = 100000;
        double sum = 0;
        int shortest = 1 << 30, ones = 0;
        for (int i = 0; i < n; ++i) {
            Stream s(5, 1, static_cast<std::uint64_t>(i), 9, Purpose::life_events);
            const int d = s.spell_weeks(mean);
            sum += d;
            shortest = std::min(shortest, d);
            ones += d == 1;
        }
        CHECK(shortest == 1);
        // Geometric on {1, 2, ...} with p = 1/mean: variance mean (mean - 1); 5 standard errors.
        CHECK(std::abs(sum / n - mean) < 5 * std::sqrt(mean * (mean - 1) / n));
        const double p1 = 1.0 / mean;
        CHECK(std::abs(ones / double{n} - p1) < 5 * std::sqrt(p1 * (1 - p1) / n));
    }
    Stream s(5, 1, 0, 0, Purpose::life_events);
    CHECK(s.spell_weeks(1.0) == 1);
    CHECK(s.spell_weeks(0.2) == 1);
}

TEST_CASE("rng: below(n) stays in range and is uniform by a chi-square test") {
    for (const std::uint32_t bins : {2u, 7u, 10u, 260u, 1000u}) {
        CAPTURE(bins);
        const int n = 200 * static_cast<int>(bins) + 20000;
        std::vector<int> counts(bins, 0);
        bool in_range = true;
        for (int i = 0; i < n; ++i) {
            Stream s(99, 0, static_cast<std::uint64_t>(i / 100), i % 100, Purpose::synthesis_class);
            const auto k = s.below(bins);
            in_range &= k < bins;
            if (k < bins) ++counts[k];
        }
        CHECK(in_range);
        const double expected = double(n) / bins;
        double chi2 = 0;
        for (const int c : counts) chi2 += (c - expected) * (c - expected) / expected;
        // Critical value 5 standard deviates into the upper tail of chi-square(bins - 1).
        CHECK(chi2 < chi_square_critical(bins - 1.0, 5.0));
    }
    Stream s(1, 0, 0, 0, Purpose::life_events);
    bool always_zero = true;
    for (int i = 0; i < 100; ++i) always_zero &= s.below(1) == 0;
    CHECK(always_zero);
}
