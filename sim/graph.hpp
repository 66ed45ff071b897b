#pragma once
/// The static multiplex social graph: household, school class and friendship layers in one
/// compressed sparse row graph (Boost.Graph), built once per replicate.
///
/// Ties belong to slots, not people: when a slot is refilled the new 10-year-old inherits the
/// slot's position. Non-household ties between people more than `tie_max_age_gap_years` apart
/// are dormant, so a newcomer's ties wake as the rest of the slot's class and friends are
/// refilled too (classmates leave within a year of each other). The dynamic co-offending layer is
/// kept in Population::co_offenders.
#include <cstdint>
#include <memory>
#include <span>

#include "parameters.hpp"
#include "population.hpp"

namespace vrusim {

/// Where a pair is tied in several layers, the lowest value is kept: household, then friendship, then class.
enum class Layer : std::uint8_t { household = 0, friendship = 1, school_class = 2 };
inline constexpr int layer_count = 3;

class SocialGraph {
public:
    SocialGraph();
    ~SocialGraph();
    SocialGraph(SocialGraph&&) noexcept;
    SocialGraph& operator=(SocialGraph&&) noexcept;

    /// Builds the static layers for a synthesised population; deterministic for (seed, replicate).
    static SocialGraph build(const Population& pop, const Layout& layout, const Parameters& p,
                             std::uint64_t seed, std::uint32_t replicate);

    std::uint32_t vertex_count() const { return static_cast<std::uint32_t>(row_start_.size()) - 1; }
    std::uint64_t edge_count() const { return row_start_.empty() ? 0 : row_start_.back(); }
    /// Neighbours of a slot across all layers, sorted by slot.
    std::span<const std::uint32_t> neighbours(std::uint32_t v) const {
        return {column_.data() + row_start_[v], column_.data() + row_start_[v + 1]};
    }
    /// Layer of each tie in neighbours(v), same order.
    std::span<const Layer> layers(std::uint32_t v) const {
        return {layer_.data() + row_start_[v], layer_.data() + row_start_[v + 1]};
    }
    /// Number of ties in one layer (each undirected tie counted twice).
    std::uint64_t layer_edge_count(Layer layer) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    // Views into the Boost graph's CSR arrays (row starts and targets) and our parallel layer array.
    std::span<const std::uint32_t> row_start_;
    std::span<const std::uint32_t> column_;
    std::span<const Layer> layer_;
};

/// Whether a tie between a and b is active now: household ties always, others only between
/// people at most `max_gap_weeks` apart in age.
inline bool tie_active(Layer layer, std::uint16_t age_a, std::uint16_t age_b, int max_gap_weeks) {
    const int gap = static_cast<int>(age_a) - static_cast<int>(age_b);
    return layer == Layer::household || (gap <= max_gap_weeks && -gap <= max_gap_weeks);
}

}  // namespace vrusim
