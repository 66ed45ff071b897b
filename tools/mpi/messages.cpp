#include "messages.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <thread>

#include "io/results_writer.hpp"
#include "vrusim/version.hpp"

namespace vrusim::cli::mpi {

namespace {

std::optional<Incoming> take(int source, int tag) {
    int arrived = 0;
    MPI_Message handle;
    MPI_Status status;
    MPI_Improbe(source, tag, MPI_COMM_WORLD, &arrived, &handle, &status);
    if (!arrived) return std::nullopt;
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    Incoming message{status.MPI_SOURCE, status.MPI_TAG, std::vector<char>(static_cast<std::size_t>(count))};
    MPI_Mrecv(message.bytes.data(), count, MPI_BYTE, &handle, MPI_STATUS_IGNORE);
    return message;
}

}  // namespace

std::string this_build() { return std::string(vrusim::version) + ", model " + io::model_source_hash(); }

int this_rank() {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

int rank_count() {
    int size = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

void send(int destination, Tag tag, std::span<const char> bytes) {
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw std::length_error("a message between ranks is larger than MPI's 2 GB limit");
    MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, destination, tag, MPI_COMM_WORLD);
}

void send_ints(int destination, Tag tag, std::span<const int> values) {
    send(destination, tag, std::span<const char>(reinterpret_cast<const char*>(values.data()), values.size_bytes()));
}

std::vector<int> ints_of(const Incoming& message) {
    std::vector<int> values(message.bytes.size() / sizeof(int));
    if (!values.empty()) std::memcpy(values.data(), message.bytes.data(), values.size() * sizeof(int));
    return values;
}

std::optional<Incoming> try_receive(int source) { return take(source, MPI_ANY_TAG); }

std::optional<Incoming> try_receive_from_root(Tag tag) { return take(0, tag); }

void PollPause::idle() {
    std::this_thread::sleep_for(pause_);
    pause_ = std::min(pause_ * 2, longest_);
}

Incoming receive(int source) {
    PollPause pause(std::chrono::microseconds(2000));
    for (;;) {
        if (auto message = try_receive(source)) return std::move(*message);
        pause.idle();
    }
}

}  // namespace vrusim::cli::mpi
