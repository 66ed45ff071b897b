// Charts the command line writes as PNG (io/chart/): bars land where their values say, text is
// drawn in the font, the image is a PNG, and a chart with mismatched series is refused.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

#include "io/chart/bar_chart.hpp"
#include "io/chart/line_chart.hpp"

using namespace vrusim::io::chart;

namespace {

bool is(Colour a, Colour b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

}  // namespace

TEST_CASE("chart: a canvas fills, draws lines and text, and encodes as PNG") {
    Canvas c(200, 100);
    const Colour red{200, 0, 0};
    c.fill(10, 10, 50, 30, red);
    CHECK(is(c.at(10, 10), red));
    CHECK(is(c.at(49, 29), red));
    CHECK(is(c.at(50, 30), white));
    c.line(0, 60, 199, 60, ink, 3);
    CHECK(is(c.at(100, 60), ink));
    CHECK(is(c.at(100, 65), white));
    const double narrow = c.text_width("i", 20), wide = c.text_width("WWW", 20);
    CHECK(narrow > 0);
    CHECK(wide > 5 * narrow);
    c.text(120, 40, "Ab", 24, ink);
    int inked = 0;
    for (int y = 15; y < 45; ++y)
        for (int x = 118; x < 160; ++x) inked += c.at(x, y).r < 128;
    CHECK(inked > 30);
    const auto png = c.png();
    REQUIRE(png.size() > 8);
    CHECK(png.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST_CASE("chart: bars are as long as their values on the chart's axis, mismatched series are refused") {
    BarChart chart;
    chart.title = "test";
    chart.axis = "value";
    chart.rows = {"a", "b"};
    const Colour blue{31, 119, 180};
    chart.series = {{"s", blue, {10, 5}, {}, {}}};
    const Canvas c = draw_bar_chart(chart, 800);
    // Each run of rows with blue pixels from the same first to the same last column is one
    // swatch or bar; the last two are the bars, a's twice as long as b's.
    std::vector<std::pair<int, int>> spans;
    for (int y = 0; y < c.height(); ++y) {
        int first = -1, last = -1;
        for (int x = 0; x < c.width(); ++x)
            if (is(c.at(x, y), blue)) last = x, first = first < 0 ? x : first;
        if (last >= 0 && (spans.empty() || spans.back() != std::pair{first, last})) spans.emplace_back(first, last);
    }
    REQUIRE(spans.size() >= 3);  // the legend's swatch, then the two bars
    const auto [a_first, a_last] = spans[spans.size() - 2];
    const auto [b_first, b_last] = spans.back();
    CHECK(a_first == b_first);  // both start at the axis' zero
    CHECK(static_cast<double>(a_last - a_first + 1) / (b_last - b_first + 1) == Approx(2).epsilon(0.02));
    chart.series[0].value = {1};
    CHECK_THROWS_AS(draw_bar_chart(chart), std::invalid_argument);
}

TEST_CASE("chart: ticks are round numbers covering the range") {
    CHECK(nice_ticks(0, 83) == std::vector<double>{0, 20, 40, 60, 80, 100});
    const auto small = nice_ticks(-0.05, 0.62);
    CHECK(small.front() <= -0.05);
    CHECK(small.back() >= 0.62);
    CHECK(small[1] - small[0] == Approx(0.2));  // about six ticks: 0.67 / 6 rounds up to 0.2
}

TEST_CASE("chart: a line chart's points land where their values say on both axes, mismatched series are refused") {
    LineChart chart;
    chart.title = "Power";
    chart.x_axis = "people per arm";
    chart.y_axis = "power";
    const Colour blue{0, 114, 178};
    chart.series = {{"power", blue, {0, 100, 200}, {0.0, 0.5, 1.0}, {}, {}}};
    chart.y_low = 0;
    chart.y_high = 1;
    const auto c = draw_line_chart(chart, 800, 500);
    // The three points are on one straight line from (0, 0) to (200, 1): its middle pixel is blue,
    // and so is the middle of the first segment; above and below the line is not.
    int x0 = -1, x2 = -1, y0 = -1, y2 = -1;
    for (int x = 0; x < c.width() && x0 < 0; ++x)
        for (int y = c.height() - 1; y >= 0; --y)
            if (is(c.at(x, y), blue) && y > c.height() / 2) { x0 = x, y0 = y; break; }
    for (int x = c.width() - 1; x >= 0 && x2 < 0; --x)
        for (int y = 0; y < c.height(); ++y)
            if (is(c.at(x, y), blue) && y < c.height() / 2 && y > 100) { x2 = x, y2 = y; break; }
    REQUIRE(x0 >= 0);
    REQUIRE(x2 > x0);
    const int xm = (x0 + x2) / 2, ym = (y0 + y2) / 2;
    CHECK(is(c.at(xm, ym), blue));
    CHECK_FALSE(is(c.at(xm, ym - 40), blue));
    CHECK_FALSE(is(c.at(xm, ym + 40), blue));
    // A scatter (an optimiser's allocations): the same points, nothing drawn between them.
    chart.series[0].joined = false;
    const auto scatter = draw_line_chart(chart, 800, 500);
    CHECK(is(scatter.at(x0 + 2, y0 - 2), blue));
    const int xs = xm + 20, ys = (y0 + y2) / 2 - 20 * (y0 - y2) / (x2 - x0);  // on the line, between points
    // (within 3 pixels up or down: the points found are the markers' corners, not their centres)
    const auto near_blue = [&](const Canvas& canvas) {
        for (int dy = -3; dy <= 3; ++dy)
            if (is(canvas.at(xs, ys + dy), blue)) return true;
        return false;
    };
    CHECK(near_blue(c));
    CHECK_FALSE(near_blue(scatter));
    chart.series[0].y.pop_back();
    CHECK_THROWS_AS(draw_line_chart(chart), std::invalid_argument);
}
