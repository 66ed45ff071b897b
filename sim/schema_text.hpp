#pragma once
/// Text helpers shared by the schema's tables (schema.cpp) and its rules between keys
/// (schema_rules.cpp). Internal to the model library.
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace vrusim::schema_text {

// The model library links no formatting library, so messages are put together by hand.
// Shortest text that reads back exactly, without exponents for everyday magnitudes ("1000000", "0.0001").
inline std::string number(double x, int significant = 0) {
    char buf[64];
    const bool everyday = x == 0 || (std::abs(x) >= 1e-4 && std::abs(x) < 1e15);
    const auto r = significant > 0 ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, significant)
                   : everyday      ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed)
                                   : std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, r.ptr);
}

template <class T>
inline void append(std::string& s, const T& v) {
    if constexpr (std::is_same_v<T, bool>) s += v ? "true" : "false";
    else if constexpr (std::is_integral_v<T>) s += std::to_string(v);
    else if constexpr (std::is_floating_point_v<T>) s += number(v);
    else s += std::string_view(v);
}

template <class... A>
inline std::string cat(const A&... parts) {
    std::string s;
    (append(s, parts), ...);
    return s;
}

inline std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : std::string(separator)) + p;
    return s;
}

}  // namespace vrusim::schema_text
