// The explorer's plot axes (gui/plot_scale.hpp): ticks at 1, 2 or 5 x 10^k that cover the data,
// and labels a board reads at a glance.
#include <catch2/catch.hpp>

#include "gui/plot_scale.hpp"
#include "gui/text_fit.hpp"

using namespace vrusim::gui;

TEST_CASE("plot scale: an axis covers its data with about five nice steps, from zero for counts") {
    const Axis admissions = nice_axis(37.4, 40.8);  // knife admissions a year, from zero
    CHECK(admissions.low == 0);
    CHECK(admissions.step == 10);
    CHECK(admissions.high == 50);
    CHECK(admissions.ticks == std::vector<double>{0, 10, 20, 30, 40, 50});

    const Axis victimisations = nice_axis(148630, 150443, 5, false);  // zoomed, not from zero
    CHECK(victimisations.step == 500);
    CHECK(victimisations.low == 148500);
    CHECK(victimisations.high == 150500);

    const Axis difference = nice_axis(-1.35, 0.19, 5, false);  // a difference about zero
    CHECK(difference.step == Approx(0.5));
    CHECK(difference.low == Approx(-1.5));
    CHECK(difference.high == Approx(0.5));

    for (const auto& [lo, hi] : {std::pair{0.0037, 0.0412}, {2.14, 2.48}, {0.0, 37281.0}, {-7.7, -4.3}}) {
        const Axis a = nice_axis(lo, hi);
        CHECK(a.low <= lo);
        CHECK(a.high >= hi);
        CHECK(a.ticks.size() >= 3);
        CHECK(a.ticks.size() <= 12);
    }
}

TEST_CASE("plot scale: a flat or empty series still gets an axis") {
    const Axis zero = nice_axis(0, 0);  // no programme: every value 0
    CHECK(zero.low == 0);
    CHECK(zero.high > 0);
    const Axis flat = nice_axis(700, 700, 5, false);
    CHECK(flat.low < 700);
    CHECK(flat.high > 700);
    const Axis nan = nice_axis(NAN, NAN);
    CHECK(nan.high > nan.low);
}

TEST_CASE("plot scale: tick labels separate thousands and show the decimals the step needs") {
    CHECK(tick_label(150000, 500) == "150,000");
    CHECK(tick_label(1234567, 1) == "1,234,567");
    CHECK(tick_label(0.25, 0.05) == "0.25");
    CHECK(tick_label(-1.5, 0.5) == "-1.5");
    CHECK(tick_label(-1e-17, 0.5) == "0.0");
    CHECK(tick_label(40, 10) == "40");
}

TEST_CASE("plot scale: a sample's share reads as a plain percentage, the whole population as 100%") {
    CHECK(percent_text(1) == "100%");
    CHECK(percent_text(0.999) == "100%");
    CHECK(percent_text(0.25) == "25%");
    CHECK(percent_text(0.0072) == "0.72%");
    CHECK(percent_text(0.02) == "2%");
}

TEST_CASE("a label too long for its room is cut at a whole character with an ellipsis, a short one kept") {
    const auto width = [](std::string_view t) {  // one unit a character, counting UTF-8 characters
        float n = 0;
        for (const unsigned char c : t) n += (c & 0xC0) != 0x80;
        return n;
    };
    CHECK(fit_text("School Navigators", 20, width) == "School Navigators");
    CHECK(fit_text("School Navigators (Reading)", 12, width) == "School Na...");
    CHECK(fit_text("Plan \u00a3250k \u2013 Slough", 12, width) == "Plan \u00a3250...");  // never half a character
    CHECK(fit_text("Plan \u2013 Slough", 8, width) == "Plan...");  // a space before the dots dropped
    CHECK(fit_text("Anything", 2, width) == "...");
}
