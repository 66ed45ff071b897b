#include "graph.hpp"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cmath>
#include <utility>
#include <vector>

#include "rng.hpp"
#include "parallel.hpp"

namespace vrusim {

using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                               boost::no_property, std::uint32_t, std::uint32_t>;

struct SocialGraph::Impl {
    Csr csr;
    std::vector<Layer> layer;
};

SocialGraph::SocialGraph() = default;
SocialGraph::~SocialGraph() = default;
SocialGraph::SocialGraph(SocialGraph&&) noexcept = default;
SocialGraph& SocialGraph::operator=(SocialGraph&&) noexcept = default;

std::uint64_t SocialGraph::layer_edge_count(Layer layer) const {
    return static_cast<std::uint64_t>(std::count(layer_.begin(), layer_.end(), layer));
}

namespace {

// A directed tie packed so that sorting orders by source, then target, then layer:
// source in bits 34..63, target in bits 4..33, layer in bits 0..3 (up to 2^30 slots).
constexpr std::uint64_t empty_key = ~std::uint64_t{0};
std::uint64_t pack(std::uint32_t from, std::uint32_t to, Layer layer) {
    return static_cast<std::uint64_t>(from) << 34 | static_cast<std::uint64_t>(to) << 4 |
           static_cast<std::uint64_t>(layer);
}
std::uint32_t key_from(std::uint64_t k) { return static_cast<std::uint32_t>(k >> 34); }
std::uint32_t key_to(std::uint64_t k) { return static_cast<std::uint32_t>((k >> 4) & ((1u << 30) - 1)); }
Layer key_layer(std::uint64_t k) { return static_cast<Layer>(k & 15u); }

// Proposals per slot are written to fixed places, both directions at once, so the parallel loop
// needs no locks and the result does not depend on thread count.
struct Proposals {
    int per_slot;
    std::vector<std::uint64_t> keys;
    Proposals(std::uint32_t n, int per) : per_slot(per), keys(static_cast<std::size_t>(n) * per * 2, empty_key) {}
    void put(std::uint32_t from, int index, std::uint32_t to, Layer layer) {
        const std::size_t at = (static_cast<std::size_t>(from) * per_slot + index) * 2;
        keys[at] = pack(from, to, layer);
        keys[at + 1] = pack(to, from, layer);
    }
};

}  // namespace

SocialGraph SocialGraph::build(const Population& pop, const Layout& layout, const Parameters& p,
                               std::uint64_t seed, std::uint32_t replicate) {
    const std::uint32_t n = pop.size();
    const auto& g = p.graph;
    // Ties are proposed to slots, some of them vacant at any time: each slot proposes 1 / occupancy
    // times as many, so that people have the configured number of ties to people.
    double min_occupancy = 1;
    for (const auto& c : layout.cohorts) min_occupancy = std::min(min_occupancy, c.mean_occupancy);
    const double class_wanted = (g.class_ties_max + 1) / 2;
    const int class_proposals_max = static_cast<int>(std::ceil(class_wanted / min_occupancy));
    const int friend_proposals_max = static_cast<int>(std::ceil(g.friends_mean / 2.0 / min_occupancy)) + 1;
    constexpr int household_links_max = 7;  // ties to the next members of the same household (at most 8 members)
    const int per_slot = class_proposals_max + friend_proposals_max + household_links_max;
    const int max_gap = static_cast<int>(g.tie_max_age_gap_years * weeks_per_year);
    Proposals proposals(n, per_slot);

    parallel::for_each_chunk(tbb::blocked_range<std::uint32_t>(0, n), [&](const auto& range) {
        for (std::uint32_t v = range.begin(); v != range.end(); ++v) {
            int used = 0;
            // Household: a clique, each member linked to the members after it (households are contiguous).
            for (std::uint32_t u = v + 1; u < n && pop.household[u] == pop.household[v] && used < household_links_max; ++u)
                proposals.put(v, used++, u, Layer::household);
            used = household_links_max;

            const double occupancy = layout.cohorts[pop.area[v]].mean_occupancy;
            rng::Stream s(seed, replicate, v, -1, rng::Purpose::synthesis_class);
            const int class_proposals = std::min(class_proposals_max, static_cast<int>(std::lround(class_wanted / occupancy)));
            const std::uint32_t cls = pop.school_class[v];
            const std::uint32_t cb = layout.class_begin[cls], ce = layout.class_begin[cls + 1];
            const std::uint32_t class_n = ce - cb;
            for (int k = 0; k < class_proposals && class_n > 1; ++k) {
                const std::uint32_t u = layout.class_members[cb + s.below(class_n)];
                if (u != v) proposals.put(v, used + k, u, Layer::school_class);
            }
            used += class_proposals_max;

            // Friendship with homophily by place, age and propensity class.
            rng::Stream f(seed, replicate, v, -1, rng::Purpose::synthesis_friends);
            const double half = g.friends_mean / 2.0 / occupancy;
            const int wanted = std::min(friend_proposals_max,
                                        static_cast<int>(half) + (f.bernoulli(half - std::floor(half)) ? 1 : 0));
            const std::uint32_t nb = pop.neighbourhood[v];
            const std::uint32_t nb_begin = layout.neighbourhood_begin[nb], nb_n = layout.neighbourhood_begin[nb + 1] - nb_begin;
            const std::uint32_t ar = pop.area[v];
            const std::uint32_t ar_begin = layout.area_begin[ar], ar_n = layout.area_begin[ar + 1] - ar_begin;
            const bool high_v = pop.traits[v] & trait::high_propensity;
            for (int k = 0; k < wanted; ++k) {
                for (int attempt = 0; attempt < 16; ++attempt) {
                    const double where = f.uniform();
                    std::uint32_t u;
                    if (where < g.friend_same_school_share && class_n > 1)
                        u = layout.class_members[cb + f.below(class_n)];
                    else if (where < g.friend_same_school_share + g.friend_same_neighbourhood_share)
                        u = nb_begin + f.below(nb_n);
                    else
                        u = ar_begin + f.below(ar_n);
                    const bool accept_risk = (static_cast<bool>(pop.traits[u] & trait::high_propensity) == high_v) ||
                                             f.uniform() >= g.friend_risk_homophily;
                    if (u != v && tie_active(Layer::friendship, pop.age_weeks[u], pop.age_weeks[v], max_gap) && accept_risk) {
                        proposals.put(v, used + k, u, Layer::friendship);
                        break;
                    }
                }
            }
        }
    });

    auto& keys = proposals.keys;
    parallel::sort(keys.begin(), keys.end());
    keys.erase(std::find(keys.begin(), keys.end(), empty_key), keys.end());
    // One tie per ordered pair; the lowest layer (household, then friendship, then class) wins.
    keys.erase(std::unique(keys.begin(), keys.end(),
                           [](std::uint64_t a, std::uint64_t b) { return (a >> 4) == (b >> 4); }),
               keys.end());

    std::vector<std::pair<std::uint32_t, std::uint32_t>> edges(keys.size());
    auto impl = std::make_unique<Impl>();
    impl->layer.resize(keys.size());
    parallel::for_each_index(std::size_t{0}, keys.size(), [&](std::size_t i) {
        edges[i] = {key_from(keys[i]), key_to(keys[i])};
        impl->layer[i] = key_layer(keys[i]);
    });
    keys = {};
    impl->csr = Csr(boost::edges_are_sorted, edges.begin(), edges.end(), n);

    SocialGraph graph;
    // Boost keeps the CSR arrays as public members of m_forward; we read them directly in the hot loops.
    graph.row_start_ = impl->csr.m_forward.m_rowstart;
    graph.column_ = impl->csr.m_forward.m_column;
    graph.layer_ = impl->layer;
    graph.impl_ = std::move(impl);
    return graph;
}

}  // namespace vrusim
