#pragma once
/// What the ranks of vrusim-mpi send each other, as bytes: a job (the scenarios of a batch), a
/// unit of work, a result. Every rank runs the same build (mpirun starts one program), so values
/// travel in this machine's representation; a short or long message is refused, never misread.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/burn_in/shared_run.hpp"
#include "sim/ensemble.hpp"

namespace vrusim::cli::mpi {

/// A batch's scenarios, sent to every rank before its units.
struct Job {
    std::string build;                    ///< the sender's version and model source hash: ranks must run one build
    int threads = 1;                      ///< threads each rank's agent loops use
    std::vector<std::string> scenarios;   ///< each scenario as complete YAML (io::scenario_yaml)
    std::vector<std::uint64_t> keys;      ///< each scenario's burn_in_key, checked once loaded
    std::string burn_in_cache;            ///< the burn-in cache's directory (absolute), or empty for none
};

/// A unit handed to a rank: its position in the batch's list (echoed in progress) and the unit.
struct UnitMessage {
    int index = 0;
    SharedUnit unit;
};

std::vector<char> encode(const Job& job);
Job decode_job(std::span<const char> bytes);

std::vector<char> encode(const UnitMessage& message);
UnitMessage decode_unit(std::span<const char> bytes);

std::vector<char> encode(const ReplicateResult& result);
ReplicateResult decode_result(std::span<const char> bytes);

}  // namespace vrusim::cli::mpi
