// Reading a possibly damaged file in a child first: the parent learns whether the attempt worked
// without itself crashing.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <stdexcept>

#include "io/child_probe.hpp"

using vrusim::io::succeeds_in_child;

TEST_CASE("child probe: an attempt that returns succeeds, one that throws, aborts or is killed does not") {
    int touched = 0;
    CHECK(succeeds_in_child([&] { touched = 1; }));
    CHECK(touched == 0);  // the attempt ran in the child: nothing it did reaches this process
    CHECK_FALSE(succeeds_in_child([] { throw std::runtime_error("damaged"); }));
    CHECK_FALSE(succeeds_in_child([] { std::abort(); }));
    CHECK_FALSE(succeeds_in_child([] { std::raise(SIGSEGV); }));
    CHECK_FALSE(succeeds_in_child([] { std::_Exit(3); }));
}
