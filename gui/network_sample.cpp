#include "network_sample.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include "sim/ensemble.hpp"
#include "sim/model.hpp"

namespace vrusim::gui {

namespace {

NetworkTie tie_of(Layer layer) {
    switch (layer) {
        case Layer::household: return NetworkTie::household;
        case Layer::friendship: return NetworkTie::friendship;
        default: return NetworkTie::school_class;
    }
}

NetworkRole role_of(NetworkTie tie) {
    switch (tie) {
        case NetworkTie::household: return NetworkRole::household;
        case NetworkTie::friendship: return NetworkRole::friend_;
        case NetworkTie::co_offending: return NetworkRole::co_offender;
        default: return NetworkRole::classmate;
    }
}

std::string area_label(const Parameters& p, std::uint16_t area) {
    if (area == external_hub) return "outside the force area";
    return area < p.population.areas.size() ? p.population.areas[area].name : fmt::format("area {}", area);
}

}  // namespace

NetworkSample sample_county_line(const Parameters& p, int max_nodes) {
    NetworkSample out;
    if (p.verification.enabled) {
        out.note = "A verification scenario runs a test process on its own network, not the model: there is no county "
                   "line or social graph of young people to draw.";
        return out;
    }
    if (!p.county_lines.enabled) {
        out.note = "County lines are off in this scenario (county_lines.enabled).";
        return out;
    }
    Model model(p, RunPlan{0, 0, p.run.seed});
    for (int w = 0; w < p.run.burn_in_weeks; ++w) model.step();
    out.week = model.weeks_done();
    const auto& lines = model.county_lines().lines;
    std::uint32_t best = lines.capacity();
    for (std::uint32_t l = 0; l < lines.capacity(); ++l) {
        if (!lines.live(l)) continue;
        ++out.lines_live;
        if (best == lines.capacity() || lines.n_runners[l] > lines.n_runners[best]) best = l;
    }
    if (best == lines.capacity() || lines.n_runners[best] == 0) {
        out.note = out.lines_live == 0 ? "No county line is live at the end of the burn-in in this replicate."
                                       : "No live line has a resident runner at the end of the burn-in in this replicate.";
        return out;
    }
    out.external_runners = lines.external_runners[best];
    out.trap_houses = lines.n_trap[best];
    out.hub = area_label(p, lines.hub_area[best]);
    out.market = area_label(p, lines.market_area[best]);

    const Population& pop = model.population();
    const auto week = static_cast<std::int32_t>(model.weeks_done());
    std::unordered_map<std::uint32_t, std::uint32_t> index;  // slot -> node
    out.nodes.push_back({NetworkRole::line});
    auto add = [&](std::uint32_t slot, NetworkRole role) -> std::int64_t {
        if (const auto it = index.find(slot); it != index.end()) return it->second;
        if (static_cast<int>(out.nodes.size()) > max_nodes) {
            out.truncated = true;
            return -1;
        }
        NetworkNode n{role, slot};
        n.age = pop.age_weeks[slot] / 52;
        n.exploited = (pop.states[slot] & state::exploited) != 0;
        n.offended = weeks_since(pop.last_offence[slot], week) < 52;
        index.emplace(slot, static_cast<std::uint32_t>(out.nodes.size()));
        out.nodes.push_back(n);
        return static_cast<std::int64_t>(out.nodes.size()) - 1;
    };
    const auto* runners = lines.runners_of(best);
    std::vector<std::uint32_t> runner_slots;
    for (int r = 0; r < lines.n_runners[best]; ++r) {
        const auto slot = static_cast<std::uint32_t>(runners[r] & 0xffffffffu);
        if (slot >= pop.size()) continue;
        runner_slots.push_back(slot);
        const auto node = add(slot, NetworkRole::runner);
        if (node >= 0) out.edges.push_back({0, static_cast<std::uint32_t>(node), NetworkTie::line});
    }
    const int gap = static_cast<int>(p.graph.tie_max_age_gap_years * weeks_per_year);  // as the model reads it
    for (const std::uint32_t slot : runner_slots) {
        const auto from = index.at(slot);
        const auto ties = model.graph().neighbours(slot);
        const auto layers = model.graph().layers(slot);
        for (std::size_t t = 0; t < ties.size(); ++t) {
            const std::uint32_t other = ties[t];
            if ((pop.states[other] & state::gone) || !tie_active(layers[t], pop.age_weeks[slot], pop.age_weeks[other], gap)) continue;
            const NetworkTie kind = tie_of(layers[t]);
            const auto to = add(other, role_of(kind));
            if (to >= 0 && static_cast<std::uint32_t>(to) != from) out.edges.push_back({from, static_cast<std::uint32_t>(to), kind});
        }
        for (int c = 0; c < pop.co_offender_capacity; ++c) {
            const std::uint64_t id = pop.co_offenders[static_cast<std::size_t>(slot) * pop.co_offender_capacity + c];
            if (id == 0) continue;
            const auto other = static_cast<std::uint32_t>(id & 0xffffffffu);
            if (other >= pop.size() || person_id(pop, other) != id || (pop.states[other] & state::gone))
                continue;  // the slot has a new person now, or none
            const auto to = add(other, NetworkRole::co_offender);
            if (to >= 0 && static_cast<std::uint32_t>(to) != from)
                out.edges.push_back({from, static_cast<std::uint32_t>(to), NetworkTie::co_offending});
        }
    }
    layout_network(out);
    return out;
}

void layout_network(NetworkSample& s, int iterations) {
    const auto n = s.nodes.size();
    if (n == 0) return;
    std::vector<double> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double angle = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
        const double radius = i == 0 ? 0.0 : 0.4;
        x[i] = 0.5 + radius * std::cos(angle);
        y[i] = 0.5 + radius * std::sin(angle);
    }
    const double k = std::sqrt(1.0 / static_cast<double>(n));  // ideal distance in the unit square
    std::vector<double> dx(n), dy(n);
    for (int it = 0; it < iterations; ++it) {
        std::fill(dx.begin(), dx.end(), 0.0);
        std::fill(dy.begin(), dy.end(), 0.0);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) {  // every pair repels
                const double ex = x[i] - x[j], ey = y[i] - y[j];
                const double d2 = std::max(ex * ex + ey * ey, 1e-9);
                const double f = k * k / d2;
                dx[i] += ex * f, dy[i] += ey * f, dx[j] -= ex * f, dy[j] -= ey * f;
            }
        for (const auto& e : s.edges) {  // ties attract
            const double ex = x[e.a] - x[e.b], ey = y[e.a] - y[e.b];
            const double d = std::max(std::sqrt(ex * ex + ey * ey), 1e-9);
            const double f = d / k;
            dx[e.a] -= ex * f, dy[e.a] -= ey * f, dx[e.b] += ex * f, dy[e.b] += ey * f;
        }
        const double temperature = 0.1 * (1.0 - static_cast<double>(it) / iterations);
        for (std::size_t i = 1; i < n; ++i) {  // the line stays at the centre
            const double d = std::max(std::sqrt(dx[i] * dx[i] + dy[i] * dy[i]), 1e-9);
            const double step = std::min(d, temperature);
            x[i] += dx[i] / d * step;
            y[i] += dy[i] / d * step;
        }
    }
    // Fitted into [0, 1] with the aspect kept.
    const auto [xmin, xmax] = std::ranges::minmax(x);
    const auto [ymin, ymax] = std::ranges::minmax(y);
    const double span = std::max({xmax - xmin, ymax - ymin, 1e-9});
    for (std::size_t i = 0; i < n; ++i) {
        s.nodes[i].x = static_cast<float>((x[i] - xmin) / span + (span - (xmax - xmin)) / span / 2);
        s.nodes[i].y = static_cast<float>((y[i] - ymin) / span + (span - (ymax - ymin)) / span / 2);
    }
}

}  // namespace vrusim::gui
