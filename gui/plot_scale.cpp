#include "plot_scale.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace vrusim::gui {

namespace {

// The nice number (1, 2, 5 or 10 x 10^k) nearest x.
double nice_step(double x) {
    const double exponent = std::floor(std::log10(x));
    const double fraction = x / std::pow(10.0, exponent);
    const double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
    return nice * std::pow(10.0, exponent);
}

}  // namespace

Axis nice_axis(double lo, double hi, int target, bool from_zero) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    if (lo > hi) std::swap(lo, hi);
    if (from_zero && lo > 0) lo = 0;
    if (from_zero && hi < 0) hi = 0;
    if (hi - lo <= 0) {  // one value: a range around it (or 0 to 1 for zero)
        const double around = lo == 0 ? 1 : std::abs(lo) * 0.5;
        lo = (from_zero && lo >= 0) ? 0 : lo - around;
        hi = hi + around;
    }
    Axis axis;
    axis.step = nice_step((hi - lo) / std::max(1, target));
    axis.low = std::floor(lo / axis.step) * axis.step;
    axis.high = std::ceil(hi / axis.step) * axis.step;
    const auto n = static_cast<int>(std::lround((axis.high - axis.low) / axis.step));
    for (int i = 0; i <= n; ++i) axis.ticks.push_back(axis.low + i * axis.step);
    return axis;
}

std::string tick_label(double value, double step) {
    const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
    if (std::abs(value) < step * 1e-6) value = 0;  // no "-0"
    const std::string digits = fmt::format("{:.{}f}", std::abs(value), decimals);
    const std::size_t whole = std::min(digits.find('.'), digits.size());
    std::string text = value < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && i < whole && (whole - i) % 3 == 0) text += ',';
        text += digits[i];
    }
    return text;
}

std::string percent_text(double share) {
    const double percent = 100 * share;
    if (percent >= 10) return fmt::format("{:.0f}%", percent);
    return fmt::format("{:.2g}%", percent);
}

}  // namespace vrusim::gui
