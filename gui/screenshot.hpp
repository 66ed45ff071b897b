#pragma once
/// Writes what the window shows to a PNG (the headless mode, docs/gui.md).
#include <filesystem>

namespace vrusim::gui {

/// Reads the current OpenGL framebuffer (width x height) and writes it as an RGB PNG; a file
/// that cannot be written is an error (throws std::runtime_error), and a PNG is written to a
/// temporary name and renamed, so OUT is complete or untouched.
void write_screenshot(const std::filesystem::path& out, int width, int height);

}  // namespace vrusim::gui
