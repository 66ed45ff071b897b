#include "search.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "../summary.hpp"

namespace vrusim::optimise {

double mean_of(const std::vector<double>& values) {
    if (values.empty()) return 0;
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

namespace {

// Best first by mean paired difference; ties to the lower arm so the order is the same every run.
void rank(std::vector<int>& alive, const std::vector<std::vector<double>>& search) {
    std::stable_sort(alive.begin(), alive.end(), [&](int a, int b) {
        const double ma = mean_of(search[static_cast<std::size_t>(a)]), mb = mean_of(search[static_cast<std::size_t>(b)]);
        return ma != mb ? ma > mb : a < b;
    });
}

// Whether `arm` is clearly worse than `leader` on the replicates both have had: their paired
// difference significant at the 5% level (two-sided t).
bool clearly_worse(const std::vector<double>& leader, const std::vector<double>& arm) {
    std::vector<double> d;
    for (std::size_t r = 0; r < std::min(leader.size(), arm.size()); ++r) d.push_back(leader[r] - arm[r]);
    if (d.size() < 2) return false;
    const CellSummary s = summarise(d);
    if (!(s.sd > 0)) return s.mean > 0;
    const double n = static_cast<double>(d.size());
    return s.mean / (s.sd / std::sqrt(n)) > student_t_quantile(0.975, n - 1);
}

}  // namespace

SearchResult successive_halving(int arms, const SearchSettings& s, const Evaluate& evaluate) {
    if (arms < 2 || s.first_replicates < 1 || s.finalists < 1 || s.confirm_replicates < 0 || !(s.keep > 0) ||
        !(s.keep < 1) || s.max_replicates < s.first_replicates)
        throw std::invalid_argument("successive_halving: settings out of range");
    SearchResult out;
    out.search.assign(static_cast<std::size_t>(arms), {});
    out.last_round.assign(static_cast<std::size_t>(arms), 0);
    out.last_round[0] = -1;
    std::vector<int> alive(static_cast<std::size_t>(arms - 1));
    std::iota(alive.begin(), alive.end(), 1);
    int from = 0, to = s.first_replicates;
    for (int round = 0;; ++round) {
        std::sort(alive.begin(), alive.end());
        const auto values = evaluate(alive, from, to, false);
        for (std::size_t i = 0; i < alive.size(); ++i) {
            auto& mine = out.search[static_cast<std::size_t>(alive[i])];
            mine.insert(mine.end(), values.at(i).begin(), values.at(i).end());
            out.last_round[static_cast<std::size_t>(alive[i])] = round;
        }
        out.rounds.push_back({static_cast<int>(alive.size()), to});
        rank(alive, out.search);
        const auto n = static_cast<int>(alive.size());
        // The next round's field, or the finalists after the last round (the last when another would
        // pass max_replicates or keep everyone).
        const int next = std::max(s.finalists, static_cast<int>(std::ceil(n * s.keep)));
        const bool last = n <= s.finalists || to * 2 > s.max_replicates || next >= n;
        const int kept = last ? std::min(n, s.finalists) : next;
        auto& done = out.rounds.back();
        done.dropped = n - kept;
        for (int i = kept; i < n; ++i)
            if (!clearly_worse(out.search[static_cast<std::size_t>(alive.front())],
                               out.search[static_cast<std::size_t>(alive[static_cast<std::size_t>(i)])]))
                ++done.dropped_unclear;
        alive.resize(static_cast<std::size_t>(kept));
        if (last) break;
        from = to;
        to *= 2;
    }
    out.search_replicates = to;
    out.finalists = alive;
    if (s.confirm_replicates > 0) {
        std::vector<int> sorted = alive;
        std::sort(sorted.begin(), sorted.end());
        const auto values = evaluate(sorted, to, to + s.confirm_replicates, true);
        for (const int arm : alive) {
            const auto at = std::find(sorted.begin(), sorted.end(), arm) - sorted.begin();
            out.confirmation.push_back(values.at(static_cast<std::size_t>(at)));
        }
    } else {
        out.confirmation.assign(alive.size(), {});
    }
    return out;
}

}  // namespace vrusim::optimise
