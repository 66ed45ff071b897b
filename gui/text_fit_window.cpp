// fit_text measured with the window's font (text_fit.hpp); the rest of text_fit is window-free.
#include <imgui.h>

#include "text_fit.hpp"

namespace vrusim::gui {

std::string fit_text(std::string_view text, float width) {
    return fit_text(text, width, [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; });
}

}  // namespace vrusim::gui
