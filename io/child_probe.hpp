#pragma once
/// Trying something dangerous in a forked child first. HDF5 1.10 reads out of bounds in some
/// damaged files (a corrupt global heap), which no error check can catch: a child that crashes
/// costs nothing, and the parent then refuses the file with a message instead of crashing.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace vrusim::io {

/// Runs `attempt` in a forked child. True if it returned normally (or no child could be made, so
/// the caller goes ahead as it would have); false if it threw or the child died.
template <class Attempt>
bool succeeds_in_child(Attempt&& attempt) {
    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child < 0) return true;
    if (child == 0) {
        int code = 1;
        try {
            attempt();
            code = 0;
        } catch (...) {
        }
        ::_exit(code);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace vrusim::io
