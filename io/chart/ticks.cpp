#include "ticks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace vrusim::io::chart {

std::vector<double> nice_ticks(double low, double high, int count) {
    if (!(high > low)) high = low + 1;
    const double rough = (high - low) / std::max(count, 1);
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    const double step = power * (rough / power <= 1 ? 1 : rough / power <= 2 ? 2 : rough / power <= 5 ? 5 : 10);
    std::vector<double> ticks;
    for (double t = std::floor(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push_back(t);
    if (ticks.back() < high) ticks.push_back(ticks.back() + step);
    return ticks;
}

std::string tick_text(double x, double step) {
    const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    return fmt::format("{:.{}f}", x, decimals);
}

}  // namespace vrusim::io::chart
