#include "text_fit.hpp"

#include <vector>

namespace vrusim::gui {

std::string fit_text(std::string_view text, float width, const std::function<float(std::string_view)>& text_width) {
    if (text_width(text) <= width) return std::string(text);
    constexpr std::string_view dots = "...";
    // Where each UTF-8 character starts: a cut is only ever made there.
    std::vector<std::size_t> starts;
    for (std::size_t at = 0; at < text.size(); ++at)
        if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80) starts.push_back(at);
    auto fits = [&](std::size_t length) { return text_width(std::string(text.substr(0, length)) + std::string(dots)) <= width; };
    // The most characters that fit with the dots (the width grows with the length: binary search).
    std::size_t lo = 0, hi = starts.size() - 1;  // characters kept, lo always fits (or is 0)
    while (lo < hi) {
        const std::size_t mid = (lo + hi + 1) / 2;
        if (fits(starts[mid])) lo = mid;
        else hi = mid - 1;
    }
    std::string start(text.substr(0, lo == 0 ? 0 : starts[lo]));
    while (!start.empty() && start.back() == ' ') start.pop_back();
    return start + std::string(dots);
}

}  // namespace vrusim::gui
