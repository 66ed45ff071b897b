#include "wire.hpp"

#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace vrusim::cli::mpi {

namespace {

class ByteWriter {
public:
    template <class T>
    void put(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>);
        const auto* p = reinterpret_cast<const char*>(&value);
        bytes_.insert(bytes_.end(), p, p + sizeof(T));
    }
    template <class T>
    void put_array(std::span<const T> values) {
        static_assert(std::is_trivially_copyable_v<T>);
        put(static_cast<std::uint64_t>(values.size()));
        const auto* p = reinterpret_cast<const char*>(values.data());
        bytes_.insert(bytes_.end(), p, p + values.size_bytes());
    }
    void put_string(const std::string& text) { put_array(std::span<const char>(text)); }
    std::vector<char> take() { return std::move(bytes_); }

private:
    std::vector<char> bytes_;
};

class ByteReader {
public:
    explicit ByteReader(std::span<const char> bytes) : bytes_(bytes) {}
    template <class T>
    T get() {
        T value;
        std::memcpy(&value, take(sizeof(T)), sizeof(T));
        return value;
    }
    template <class T>
    std::vector<T> get_array() {
        const auto count = get<std::uint64_t>();
        if (count > bytes_.size() / sizeof(T)) throw std::runtime_error("a message between ranks is too short");
        if (count == 0) return {};  // memcpy from or to no buffer at all is undefined
        std::vector<T> values(count);
        std::memcpy(values.data(), take(count * sizeof(T)), count * sizeof(T));
        return values;
    }
    std::string get_string() {
        const auto chars = get_array<char>();
        return {chars.begin(), chars.end()};
    }
    void expect_end() const {
        if (!bytes_.empty()) throw std::runtime_error("a message between ranks is longer than expected");
    }

private:
    const char* take(std::size_t n) {
        if (n > bytes_.size()) throw std::runtime_error("a message between ranks is too short");
        const char* p = bytes_.data();
        bytes_ = bytes_.subspan(n);
        return p;
    }
    std::span<const char> bytes_;
};

}  // namespace

std::vector<char> encode(const Job& job) {
    ByteWriter w;
    w.put_string(job.build);
    w.put(job.threads);
    w.put(static_cast<std::uint64_t>(job.scenarios.size()));
    for (const auto& s : job.scenarios) w.put_string(s);
    w.put_array(std::span<const std::uint64_t>(job.keys));
    w.put_string(job.burn_in_cache);
    return w.take();
}

Job decode_job(std::span<const char> bytes) {
    ByteReader r(bytes);
    Job job;
    job.build = r.get_string();
    job.threads = r.get<int>();
    const auto count = r.get<std::uint64_t>();
    if (count > bytes.size()) throw std::runtime_error("a message between ranks is too short");
    for (std::uint64_t i = 0; i < count; ++i) job.scenarios.push_back(r.get_string());
    job.keys = r.get_array<std::uint64_t>();
    job.burn_in_cache = r.get_string();
    r.expect_end();
    return job;
}

std::vector<char> encode(const UnitMessage& message) {
    ByteWriter w;
    w.put(message.index);
    w.put(message.unit.replicate);
    w.put_array(std::span<const int>(message.unit.scenarios));
    return w.take();
}

UnitMessage decode_unit(std::span<const char> bytes) {
    ByteReader r(bytes);
    UnitMessage message;
    message.index = r.get<int>();
    message.unit.replicate = r.get<int>();
    message.unit.scenarios = r.get_array<int>();
    r.expect_end();
    return message;
}

std::vector<char> encode(const ReplicateResult& result) {
    ByteWriter w;
    w.put(result.plan);
    w.put(result.agents);
    w.put(result.seconds);
    w.put(result.state_hash);
    const MeasureCube& cube = result.measures;
    w.put(cube.weeks());
    w.put(cube.areas());
    w.put(cube.set());
    w.put_array(cube.raw());
    w.put(result.programme.years);
    w.put(result.programme.interventions);
    w.put_array(std::span<const double>(result.programme.reached));
    w.put_array(std::span<const double>(result.programme.spend));
    return w.take();
}

ReplicateResult decode_result(std::span<const char> bytes) {
    ByteReader r(bytes);
    ReplicateResult result;
    result.plan = r.get<RunPlan>();
    result.agents = r.get<std::uint32_t>();
    result.seconds = r.get<double>();
    result.state_hash = r.get<std::uint64_t>();
    const int weeks = r.get<int>();
    const int areas = r.get<int>();
    const auto set = r.get<MeasureSet>();
    if (weeks < 0 || areas < 0 || (set != MeasureSet::model && set != MeasureSet::verification))
        throw std::runtime_error("a result from another rank is damaged");
    const auto cells = r.get_array<MeasureCount>();
    result.measures = MeasureCube(weeks, areas, set);
    if (cells.size() != result.measures.raw().size()) throw std::runtime_error("a result from another rank is damaged");
    if (!cells.empty()) std::memcpy(result.measures.raw().data(), cells.data(), cells.size() * sizeof(MeasureCount));
    result.programme.years = r.get<int>();
    result.programme.interventions = r.get<int>();
    result.programme.reached = r.get_array<double>();
    result.programme.spend = r.get_array<double>();
    r.expect_end();
    return result;
}

}  // namespace vrusim::cli::mpi
