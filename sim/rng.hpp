#pragma once
/// Counter-based random numbers: every draw is a pure function of
/// (seed, replicate, person, week, purpose, draw index), so results do not depend on thread count
/// or on the order agents are visited, and two scenarios with the same seed share their draws
/// (common random numbers). The generator is Philox4x32-10 (Salmon et al. 2011, Random123).
#include <array>
#include <cmath>
#include <cstdint>

namespace vrusim::rng {

using Block = std::array<std::uint32_t, 4>;

/// Philox4x32 with 10 rounds: maps a 128-bit counter and 64-bit key to 128 random bits.
constexpr Block philox4x32_10(Block ctr, std::array<std::uint32_t, 2> key) {
    constexpr std::uint32_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;
    constexpr std::uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;
    for (int round = 0; round < 10; ++round) {
        const std::uint64_t p0 = static_cast<std::uint64_t>(m0) * ctr[0];
        const std::uint64_t p1 = static_cast<std::uint64_t>(m1) * ctr[2];
        const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
        const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
        ctr = {hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0};
        key[0] += w0;
        key[1] += w1;
    }
    return ctr;
}

/// What a draw is for; each purpose has its own stream, so adding a draw to one process does not
/// shift the numbers of processes with other purposes. Family, school and NEET share the
/// life-events stream, and peer influence and weapon carrying the peers stream, each drawn in a
/// fixed order, so within a shared stream a change in one process can shift the next one's draws.
enum class Purpose : std::uint8_t {
    synthesis_person,
    synthesis_household,
    synthesis_class,
    synthesis_friends,
    synthesis_state,
    life_events,
    peers,
    incident,
    // County lines; appended, so the purposes above keep their numbers (the purpose is part of the counter).
    synthesis_adults,  ///< vulnerable adults, at start-up
    exploitation,      ///< a runner's week (deployment, arrest, robbery, exit)
    county_lines,      ///< a line's or an area's week (place streams, one kind of place per sub-step)
    safeguarding,      ///< identification and referral of an exploited person
    demography,        ///< a slot's birthday: moving away, or someone moving into a vacant slot
    // Verification mode (sim/verification/); appended, so every purpose above keeps its number.
    verification_network,  ///< a generated network's ties (subject: node or ring tie)
    verification_seeding,  ///< the initially infected nodes and their spells
    verification_process,  ///< a node's week: infection, then spell length or recovery
    outside_violence,      ///< a neighbourhood's week of violence by people of 25 and over (appended)
    programme,             ///< a person's offers and take-up of the programme's interventions (appended)
    sensitivity_design,    ///< a sensitivity design's sample points (subject: the row), never in a run (appended)
    trial,                 ///< an in-silico trial's randomisation (subject: the unit randomised; appended)
    optimise_design,       ///< a budget optimiser's sample of allocations, never in a run (appended)
};

/// Subject of a place's stream (a neighbourhood, area or line): above every person id.
inline std::uint64_t place_subject(std::uint32_t kind, std::uint32_t index) {
    return (std::uint64_t{0xFF0000u | kind} << 32) | index;
}

/// Replicates are keyed by 16 bits of the counter, so at most this many have distinct streams.
inline constexpr int max_replicates = 65536;

/// A stream of uniform numbers for one (person, week, purpose) of one replicate.
class Stream {
public:
    /// `subject` is a person id or a place id (below 2^56); `week` is kept to 16 bits, the
    /// replicate to 16 bits (max_replicates), and the last counter word counts blocks.
    Stream(std::uint64_t seed, std::uint32_t replicate, std::uint64_t subject, std::int32_t week, Purpose purpose)
        : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
          ctr_{static_cast<std::uint32_t>(subject),
               static_cast<std::uint32_t>(purpose) << 24 | (static_cast<std::uint32_t>(subject >> 32) & 0xffffffu),
               (static_cast<std::uint32_t>(week) & 0xffffu) | (replicate & 0xffffu) << 16, 0} {}

    /// Next 32 random bits.
    std::uint32_t next_u32() {
        if (used_ == 4) refill();
        return block_[used_++];
    }
    /// Uniform on (0, 1), never 0 or 1.
    double uniform() { return (static_cast<double>(next_u32()) + 0.5) * 0x1p-32; }
    /// True with probability p.
    bool bernoulli(double p) { return uniform() < p; }
    /// Uniform integer in [0, n), n > 0 (Lemire's multiply-shift; bias below 2^-32 * n).
    std::uint32_t below(std::uint32_t n) {
        return static_cast<std::uint32_t>((static_cast<std::uint64_t>(next_u32()) * n) >> 32);
    }
    /// Exponential with the given mean.
    double exponential(double mean) { return -mean * std::log(uniform()); }
    /// Standard normal (Box-Muller, one of the pair).
    double normal() {
        const double u1 = uniform(), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    /// Geometric number of whole weeks (>= 1) with the given mean: the length of a spell that ends
    /// with probability 1/mean each week.
    int spell_weeks(double mean) {
        if (mean <= 1.0) return 1;
        return 1 + static_cast<int>(std::floor(std::log(uniform()) / std::log1p(-1.0 / mean)));
    }

    /// Poisson count with the given mean (Knuth's product method, in chunks of mean <= 16 so that
    /// exp(-mean) never underflows; the work grows with the mean, which stays small here).
    int poisson(double mean) {
        int k = 0;
        while (mean > 0) {
            const double part = mean > 16 ? 16 : mean;
            mean -= part;
            const double limit = std::exp(-part);
            for (double prod = uniform(); prod > limit; prod *= uniform()) ++k;
        }
        return k;
    }

    /// Moves to block `block` of the stream (four numbers each) in constant time: several users of
    /// one (subject, week, purpose) can each take a block of their own without drawing the others'.
    void seek_block(std::uint32_t block) {
        ctr_[3] = block;
        used_ = 4;
    }

private:
    void refill() {
        block_ = philox4x32_10(ctr_, key_);
        ++ctr_[3];  // word 3 counts blocks: 2^32 blocks per stream
        used_ = 0;
    }
    std::array<std::uint32_t, 2> key_;
    Block ctr_;
    Block block_{};
    int used_ = 4;
};

}  // namespace vrusim::rng
