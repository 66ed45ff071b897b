#include "screenshot.hpp"

#include <GLFW/glfw3.h>
#include <stb_image_write.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace vrusim::gui {

FileStamp write_screenshot(const std::filesystem::path& out, int width, int height,
                           const std::optional<FileStamp>& replaceable) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    stbi_flip_vertically_on_write(1);  // OpenGL's rows run bottom to top
    std::string png;
    const auto append = [](void* to, void* data, int size) {
        static_cast<std::string*>(to)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
    };
    if (!stbi_write_png_to_func(append, &png, width, height, 3, pixels.data(), width * 3))
        throw std::runtime_error("cannot encode the window as PNG");
    return write_file_atomically(out, png, replaceable);
}

bool is_png(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    char signature[8] = {};
    in.read(signature, sizeof signature);
    return in && std::string(signature, 8) == "\x89PNG\r\n\x1a\n";
}

}  // namespace vrusim::gui
