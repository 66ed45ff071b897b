#include "screenshot.hpp"

#include <GLFW/glfw3.h>
#include <stb_image_write.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace vrusim::gui {

void write_screenshot(const std::filesystem::path& out, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    stbi_flip_vertically_on_write(1);  // OpenGL's rows run bottom to top
    const auto temporary = std::filesystem::path(out.string() + ".writing");
    if (!stbi_write_png(temporary.c_str(), width, height, 3, pixels.data(), width * 3)) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw std::runtime_error("cannot write " + out.string());
    }
    std::error_code failed;
    std::filesystem::rename(temporary, out, failed);
    if (failed) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw std::runtime_error("cannot write " + out.string() + ": " + failed.message());
    }
}

}  // namespace vrusim::gui
