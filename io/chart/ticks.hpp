#pragma once
/// An axis's ticks for the charts (io/chart/): round values and their labels.
#include <string>
#include <vector>

namespace vrusim::io::chart {

/// Round tick values covering [low, high] (about `count` of them): 1, 2 or 5 times a power of ten.
std::vector<double> nice_ticks(double low, double high, int count = 6);

/// A tick's label with as many decimals as its step needs.
std::string tick_text(double x, double step);

}  // namespace vrusim::io::chart
