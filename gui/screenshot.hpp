#pragma once
/// Writes what the window shows to a PNG (the headless mode and the window's Save PNG, docs/gui.md).
#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "export_file.hpp"

namespace vrusim::gui {

/// Reads the current OpenGL framebuffer (width x height) and writes it as an RGB PNG through
/// write_file_atomically (OUT is complete or untouched; an existing file is replaced only if it is
/// `replaceable`); returns the file's stamp. Throws std::runtime_error if it cannot.
FileStamp write_screenshot(const std::filesystem::path& out, int width, int height,
                           const std::optional<FileStamp>& replaceable = std::nullopt);

/// Draws `draw_frame` (an ImGui frame made and rendered for a display of width x height) into an
/// offscreen framebuffer, twice so that a layout settles, and writes the result as write_screenshot
/// does: a picture taller than the window, for a table longer than the screen.
FileStamp write_offscreen(const std::filesystem::path& out, int width, int height,
                          const std::function<void()>& draw_frame,
                          const std::optional<FileStamp>& replaceable = std::nullopt);

/// True if `file` is a PNG image (its signature), which the headless mode may replace.
bool is_png(const std::filesystem::path& file);

}  // namespace vrusim::gui
