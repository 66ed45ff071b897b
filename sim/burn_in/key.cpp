#include "key.hpp"

#include <array>
#include <type_traits>
#include <variant>

#include "sim/schema.hpp"

namespace vrusim {

namespace {

// FNV-1a over the bytes of each key and value, so a key's name and its value both count.
class Hasher {
public:
    void bytes(const void* data, std::size_t size) {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) {
            hash_ ^= p[i];
            hash_ *= 1099511628211ull;
        }
    }
    void text(std::string_view s) {
        const std::uint64_t n = s.size();
        bytes(&n, sizeof n);
        bytes(s.data(), s.size());
    }
    void value(const Value& v) {
        const auto index = static_cast<std::uint8_t>(v.index());
        bytes(&index, 1);
        std::visit(
            [this](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::string>) {
                    text(x);
                } else if constexpr (std::is_same_v<T, std::vector<double>>) {
                    const std::uint64_t n = x.size();
                    bytes(&n, sizeof n);
                    bytes(x.data(), x.size() * sizeof(double));
                } else {
                    bytes(&x, sizeof x);  // the exact bits: 0.1 and 0.1000000001 differ
                }
            },
            v);
    }
    std::uint64_t result() const { return hash_; }

private:
    std::uint64_t hash_ = 1469598103934665603ull;
};

}  // namespace

bool acts_after_burn_in(std::string_view key) {
    constexpr std::array<std::string_view, 4> keys = {"name", "description", "run.replicates", "run.weeks"};
    constexpr std::array<std::string_view, 3> sections = {"programme.", "funding.", "economics."};
    for (const auto k : keys)
        if (key == k) return true;
    for (const auto s : sections)
        if (key.starts_with(s)) return true;
    return false;
}

std::uint64_t burn_in_key(const Parameters& parameters) {
    Hasher h;
    for (const Field& field : scenario_schema()) {
        if (field.is_metadata() || acts_after_burn_in(field.key)) continue;
        h.text(field.key);
        if (field.type != ValueType::record_list) {
            h.value(field.get(parameters));
            continue;
        }
        const std::uint64_t count = field.record_count(parameters);
        h.bytes(&count, sizeof count);
        for (std::size_t r = 0; r < count; ++r)
            for (const RecordField& member : field.record_fields) {
                h.text(member.key);
                h.value(member.get(parameters, r));
            }
    }
    return h.result();
}

}  // namespace vrusim
