#pragma once
/// Networks for the verification mode: an undirected simple graph in compressed sparse row form,
/// generated (Erdos-Renyi, Watts-Strogatz) from counter-based streams or built from given ties.
///
/// Generation is a pure function of (seed, replicate) and the parameters, whatever the thread
/// count: every random draw belongs to a node or a ring tie, and each row is sorted at the end.
#include <cstdint>
#include <span>
#include <vector>

namespace vrusim::verification {

/// An undirected tie between two different nodes.
struct Tie {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    friend bool operator==(const Tie&, const Tie&) = default;
};

class Network {
public:
    Network() = default;
    /// Builds the CSR form of `ties` on nodes [0, nodes); each tie is stored in both rows, rows
    /// sorted. Ties must join two different nodes below `nodes`, each pair at most once.
    static Network from_ties(std::uint32_t nodes, std::span<const Tie> ties);

    std::uint32_t nodes() const { return static_cast<std::uint32_t>(row_start_.size() - 1); }
    /// Undirected ties (each stored twice).
    std::uint64_t tie_count() const { return column_.size() / 2; }
    std::span<const std::uint32_t> neighbours(std::uint32_t v) const {
        return {column_.data() + row_start_[v], column_.data() + row_start_[v + 1]};
    }
    std::uint32_t degree(std::uint32_t v) const { return static_cast<std::uint32_t>(row_start_[v + 1] - row_start_[v]); }
    std::uint32_t max_degree() const { return max_degree_; }
    /// FNV-1a over the row starts and columns, for determinism checks.
    std::uint64_t hash() const;
    /// Bytes held by the CSR arrays.
    std::uint64_t bytes() const { return row_start_.size() * sizeof(std::uint64_t) + column_.size() * sizeof(std::uint32_t); }

private:
    std::vector<std::uint64_t> row_start_ = {0};  // 64-bit: twice the ties may pass 2^32
    std::vector<std::uint32_t> column_;
    std::uint32_t max_degree_ = 0;
};

/// G(n, p) with p = mean_degree / (nodes - 1): each node u draws its partners v > u by geometric
/// skips (Batagelj and Brandes 2005), so the work is O(nodes + ties). Degrees are
/// Binomial(nodes - 1, p), Poisson(mean_degree) in the limit.
Network erdos_renyi(std::uint32_t nodes, double mean_degree, std::uint64_t seed, std::uint32_t replicate);

/// Watts-Strogatz small world: a ring where each node is tied to its `k` nearest (k/2 each side),
/// then each ring tie (u, u + j) is, with probability `rewiring`, moved to (u, w) with w uniform
/// among the nodes more than k/2 steps from u around the ring. A rewired tie that lands on another
/// rewired tie is drawn again, so the tie count stays nodes * k / 2 exactly. Throws
/// std::runtime_error if duplicates cannot be avoided (tiny rings with heavy rewiring).
Network watts_strogatz(std::uint32_t nodes, std::uint32_t k, double rewiring, std::uint64_t seed,
                       std::uint32_t replicate);

}  // namespace vrusim::verification
