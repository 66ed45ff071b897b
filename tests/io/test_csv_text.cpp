// CSV fields written by compare --csv, the explorer's export and a sweep's index.csv: quoted when
// they must be, and never run as a formula by a spreadsheet (a factor value or scenario name).
#include <catch2/catch.hpp>

#include "io/comparison_csv.hpp"

using vrusim::io::csv_text;

TEST_CASE("csv: plain text and numbers as they are, commas, quotes and line breaks quoted") {
    CHECK(csv_text("Thames Valley") == "Thames Valley");
    CHECK(csv_text("-0.5") == "-0.5");
    CHECK(csv_text("+3") == "+3");
    CHECK(csv_text("-1e-3") == "-1e-3");
    CHECK(csv_text("a, b") == "\"a, b\"");
    CHECK(csv_text("say \"no\"") == "\"say \"\"no\"\"\"");
    CHECK(csv_text("two\nlines") == "\"two\nlines\"");
    CHECK(csv_text("") == "");
}

TEST_CASE("csv: text a spreadsheet would run as a formula gets a leading quote") {
    CHECK(csv_text("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_text("=1+1") == "'=1+1");
    CHECK(csv_text("+cmd") == "'+cmd");
    CHECK(csv_text("-2+3") == "'-2+3");
    CHECK(csv_text("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_text("-") == "'-");
    CHECK(csv_text("\tx") == "'\tx");
}
