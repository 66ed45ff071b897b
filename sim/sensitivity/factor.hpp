#pragma once
/// Sensitivity analysis (issue 12): the factors varied, and the designs' points on them.
#include <string>
#include <vector>

namespace vrusim::sensitivity {

/// A factor varied uniformly over [low, high] (a scenario key, or any input of a function).
struct Factor {
    std::string name;
    double low = 0;
    double high = 1;
};

/// Points at which the output is evaluated: `rows` of one value per factor, row-major.
struct Points {
    int factors = 0;
    std::vector<double> values;
    std::size_t rows() const { return factors == 0 ? 0 : values.size() / static_cast<std::size_t>(factors); }
    const double* row(std::size_t r) const { return values.data() + r * static_cast<std::size_t>(factors); }
};

/// A value between the bounds of an estimate: its point estimate and a 95% interval.
struct Estimate {
    double value = 0;
    double low = 0;
    double high = 0;
};

/// The q-quantile of values (linear between order statistics, as numpy's default); values non-empty.
double percentile(std::vector<double> values, double q);

}  // namespace vrusim::sensitivity
