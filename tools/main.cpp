// vrusim: the command line (tools/cli.cpp parses it; the commands call the model and io libraries).
#include "commands.hpp"

int main(int argc, char** argv) { return vrusim::cli::cli_main(argc, argv); }
