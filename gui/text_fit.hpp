#pragma once
/// Cutting a label to a width, for legends and lists where a long scenario or intervention name
/// would push the others out of sight. Pure (the width of a text is measured by the caller's
/// function: ImGui's in the window), so it is tested without a window.
#include <functional>
#include <string>
#include <string_view>

namespace vrusim::gui {

/// `text` if it fits in `width`, else its longest start (whole UTF-8 characters) followed by
/// "..." that does; "..." alone if nothing more fits.
std::string fit_text(std::string_view text, float width, const std::function<float(std::string_view)>& text_width);

/// The same, measured with the window's current font.
std::string fit_text(std::string_view text, float width);

}  // namespace vrusim::gui
