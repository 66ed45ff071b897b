#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "sim/graph.hpp"
#include "sim/population.hpp"

using namespace vrusim;

namespace {

struct Built {
    Parameters p;
    Population pop;
    Layout layout;
    SocialGraph graph;
};

// About 5,000 young people in two made-up areas.
Built build(std::uint64_t seed = 3) {
    Built b;
    b.p.population.areas = {{"North", 1000, 1000, 1000, 30000, 20.0, 1.0}, {"South", 700, 600, 700, 20000, 10.0, 1.0}};
    synthesise(b.p, seed, 0, b.pop, b.layout);
    b.graph = SocialGraph::build(b.pop, b.layout, b.p, seed, 0);
    return b;
}

// Layer of the tie v -> u, or -1 when there is none.
int layer_of(const SocialGraph& g, std::uint32_t v, std::uint32_t u) {
    const auto targets = g.neighbours(v);
    const auto it = std::lower_bound(targets.begin(), targets.end(), u);
    if (it == targets.end() || *it != u) return -1;
    return static_cast<int>(g.layers(v)[static_cast<std::size_t>(it - targets.begin())]);
}

}  // namespace

TEST_CASE("graph: ties are undirected, unique, sorted and never self-ties") {
    const auto b = build();
    const auto& g = b.graph;
    REQUIRE(g.vertex_count() == b.pop.size());
    bool sorted_unique = true, no_self = true, reverse_same_layer = true;
    std::uint64_t total = 0;
    for (std::uint32_t v = 0; v < g.vertex_count(); ++v) {
        const auto targets = g.neighbours(v);
        const auto layers = g.layers(v);
        REQUIRE(targets.size() == layers.size());
        total += targets.size();
        sorted_unique &= std::adjacent_find(targets.begin(), targets.end(), std::greater_equal<>()) == targets.end();
        for (std::size_t i = 0; i < targets.size(); ++i) {
            no_self &= targets[i] != v;
            reverse_same_layer &= layer_of(g, targets[i], v) == static_cast<int>(layers[i]);
        }
    }
    CHECK(sorted_unique);
    CHECK(no_self);
    CHECK(reverse_same_layer);
    CHECK(total == g.edge_count());
    CHECK(g.layer_edge_count(Layer::household) + g.layer_edge_count(Layer::school_class) +
              g.layer_edge_count(Layer::friendship) == g.edge_count());
}

TEST_CASE("graph: household members are all tied to each other and to no one else in the household layer") {
    const auto b = build();
    const auto& g = b.graph;
    const auto& pop = b.pop;
    std::map<std::uint32_t, std::vector<std::uint32_t>> members;
    for (std::uint32_t v = 0; v < pop.size(); ++v) members[pop.household[v]].push_back(v);
    bool clique = true, only_household = true;
    std::uint64_t expected = 0;
    for (const auto& [household, slots] : members) {
        expected += slots.size() * (slots.size() - 1);
        for (const auto a : slots)
            for (const auto c : slots)
                if (a != c) clique &= layer_of(g, a, c) == static_cast<int>(Layer::household);
    }
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        const auto targets = g.neighbours(v);
        const auto layers = g.layers(v);
        for (std::size_t i = 0; i < targets.size(); ++i)
            if (layers[i] == Layer::household) only_household &= pop.household[targets[i]] == pop.household[v];
    }
    CHECK(clique);
    CHECK(only_household);
    CHECK(g.layer_edge_count(Layer::household) == expected);
}

TEST_CASE("graph: class ties link classmates and friendships respect the age gap and the area") {
    const auto b = build();
    const auto& g = b.graph;
    const auto& pop = b.pop;
    const int max_gap = static_cast<int>(b.p.graph.tie_max_age_gap_years * weeks_per_year);
    bool classmates = true, within_gap = true, same_area = true;
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        const auto targets = g.neighbours(v);
        const auto layers = g.layers(v);
        for (std::size_t i = 0; i < targets.size(); ++i) {
            const auto u = targets[i];
            if (layers[i] == Layer::school_class) classmates &= pop.school_class[u] == pop.school_class[v];
            if (layers[i] == Layer::friendship) {
                within_gap &= std::abs(int(pop.age_weeks[u]) - int(pop.age_weeks[v])) <= max_gap;
                within_gap &= tie_active(Layer::friendship, pop.age_weeks[u], pop.age_weeks[v], max_gap);
            }
            same_area &= pop.area[u] == pop.area[v];
        }
    }
    CHECK(classmates);
    CHECK(within_gap);
    CHECK(same_area);
}

TEST_CASE("graph: class-layer degree matches the expectation from (class_ties_max+1)/2 proposals per slot") {
    const auto b = build();
    const auto& g = b.graph;
    const auto& pop = b.pop;
    const auto& layout = b.layout;
    // Each member of a class of m proposes c = (class_ties_max+1)/2 classmates uniformly among the
    // m slots (a self-proposal is dropped); a pair {a, b} is proposed unless all 2c proposals of a
    // and b miss each other: q(m) = 1 - (1 - 1/m)^(2c). A proposed pair that shares a household or
    // is also a friendship keeps that layer instead (friendship proposals use their own stream, so
    // they are independent of the class proposals). Each tie appears in both directions.
    const int c = (b.p.graph.class_ties_max + 1) / 2;
    auto class_size = [&](std::uint32_t v) {
        const auto k = pop.school_class[v];
        return static_cast<double>(layout.class_begin[k + 1] - layout.class_begin[k]);
    };
    auto q = [&](double m) { return 1 - std::pow(1 - 1 / m, 2.0 * c); };
    double expected_pairs = 0, variance = 0;
    for (std::size_t k = 0; k + 1 < layout.class_begin.size(); ++k) {
        const double m = layout.class_begin[k + 1] - layout.class_begin[k];
        if (m < 2) continue;
        const double pairs = m * (m - 1) / 2;
        expected_pairs += pairs * q(m);
        variance += pairs * q(m) * (1 - q(m));
    }
    auto take_out = [&](std::uint32_t v) {
        expected_pairs -= q(class_size(v));
        variance -= q(class_size(v)) * (1 - q(class_size(v)));
    };
    for (std::uint32_t v = 0; v + 1 < pop.size(); ++v)
        for (std::uint32_t u = v + 1; u < pop.size() && pop.household[u] == pop.household[v]; ++u)
            if (pop.school_class[u] == pop.school_class[v]) take_out(v);
    for (std::uint32_t v = 0; v < pop.size(); ++v) {
        const auto targets = g.neighbours(v);
        const auto layers = g.layers(v);
        for (std::size_t i = 0; i < targets.size(); ++i)
            if (targets[i] > v && layers[i] == Layer::friendship && pop.school_class[targets[i]] == pop.school_class[v])
                take_out(v);
    }
    const double observed_pairs = static_cast<double>(g.layer_edge_count(Layer::school_class)) / 2.0;
    // Pairs are close to independent Bernoulli(q(m)) (a member's proposals are slightly negatively
    // correlated, which only narrows the spread); 5 standard deviations.
    CHECK(std::abs(observed_pairs - expected_pairs) < 5 * std::sqrt(variance));
    const double mean_degree = static_cast<double>(g.layer_edge_count(Layer::school_class)) / pop.size();
    CHECK(mean_degree <= 2 * c);
    CHECK(mean_degree > 0.5 * c);
}

TEST_CASE("graph: friendship degree is close to friends_mean") {
    const auto b = build();
    const auto& g = b.graph;
    const double n = b.pop.size();
    const double friends = static_cast<double>(g.layer_edge_count(Layer::friendship)) / n;
    const double fm = b.p.graph.friends_mean;
    // friends_mean / 2 proposals per slot, each a tie in both directions: at most friends_mean.
    // Only household ties outrank friendship, so what is lost is the rare proposal to a household
    // member, to someone already proposed (in either direction), or that found no one in 16 attempts.
    CHECK(friends <= fm);
    CHECK(friends >= 0.9 * fm);
}

TEST_CASE("graph: building is a pure function of seed and replicate") {
    const auto a = build(3);
    const auto c = build(3);
    const auto d = build(4);
    REQUIRE(a.graph.edge_count() == c.graph.edge_count());
    bool same = true;
    for (std::uint32_t v = 0; v < a.graph.vertex_count(); ++v) {
        const auto x = a.graph.neighbours(v), y = c.graph.neighbours(v);
        const auto lx = a.graph.layers(v), ly = c.graph.layers(v);
        same &= std::equal(x.begin(), x.end(), y.begin(), y.end()) && std::equal(lx.begin(), lx.end(), ly.begin(), ly.end());
    }
    CHECK(same);
    CHECK(a.graph.edge_count() != d.graph.edge_count());
}

TEST_CASE("graph: tie_active keeps household ties and dormant non-household ties beyond the age gap") {
    CHECK(tie_active(Layer::household, 520, 1290, 156));
    CHECK_FALSE(tie_active(Layer::friendship, 520, 677, 156));
    CHECK(tie_active(Layer::friendship, 520, 676, 156));
    CHECK(tie_active(Layer::school_class, 676, 520, 156));
    CHECK_FALSE(tie_active(Layer::school_class, 677, 520, 156));
}
