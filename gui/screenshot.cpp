#include "screenshot.hpp"

#define GL_GLEXT_PROTOTYPES  // framebuffer objects (OpenGL 3.0), exported by Debian's libGL
#include <GLFW/glfw3.h>
#include <GL/glext.h>
#include <stb_image_write.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace vrusim::gui {

namespace {

// The pixels of the bound framebuffer's `buffer`, bottom row first (OpenGL's order).
std::vector<unsigned char> read_pixels(GLenum buffer, int width, int height) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(buffer);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    return pixels;
}

FileStamp write_png(const std::filesystem::path& out, int width, int height, const std::vector<unsigned char>& pixels,
                    const std::optional<FileStamp>& replaceable) {
    stbi_flip_vertically_on_write(1);  // OpenGL's rows run bottom to top
    std::string png;
    const auto append = [](void* to, void* data, int size) {
        static_cast<std::string*>(to)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
    };
    if (!stbi_write_png_to_func(append, &png, width, height, 3, pixels.data(), width * 3))
        throw std::runtime_error("cannot encode the window as PNG");
    return write_file_atomically(out, png, replaceable);
}

}  // namespace

FileStamp write_screenshot(const std::filesystem::path& out, int width, int height,
                           const std::optional<FileStamp>& replaceable) {
    return write_png(out, width, height, read_pixels(GL_BACK, width, height), replaceable);
}

FileStamp write_offscreen(const std::filesystem::path& out, int width, int height,
                          const std::function<void()>& draw_frame, const std::optional<FileStamp>& replaceable) {
    GLint most = 0;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &most);
    if (height > most || width > most)
        throw std::runtime_error("the picture would be " + std::to_string(width) + " x " + std::to_string(height) +
                                 " pixels, more than this display's OpenGL can draw (" + std::to_string(most) + ")");
    GLuint framebuffer = 0, colour = 0;
    glGenFramebuffers(1, &framebuffer);
    glGenRenderbuffers(1, &colour);
    glBindRenderbuffer(GL_RENDERBUFFER, colour);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
    std::vector<unsigned char> pixels;
    const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    if (complete) {
        for (int pass = 0; pass < 2; ++pass) {
            glViewport(0, 0, width, height);
            draw_frame();
        }
        pixels = read_pixels(GL_COLOR_ATTACHMENT0, width, height);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteRenderbuffers(1, &colour);
    glDeleteFramebuffers(1, &framebuffer);
    if (!complete) throw std::runtime_error("cannot draw the picture off screen (no framebuffer of that size)");
    return write_png(out, width, height, pixels, replaceable);
}

bool is_png(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    char signature[8] = {};
    in.read(signature, sizeof signature);
    return in && std::string(signature, 8) == "\x89PNG\r\n\x1a\n";
}

}  // namespace vrusim::gui
