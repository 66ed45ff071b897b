#pragma once
/// A small raster canvas for the charts the command line writes as PNG (sensitivity tables, power
/// curves): rectangles, anti-aliased lines and text in DejaVu Sans (Debian's fonts-dejavu-core,
/// drawn with stb_truetype from libstb-dev). No window and no GPU: the charts are made on a
/// cluster node as well as on a desktop.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vrusim::io::chart {

struct Colour {
    std::uint8_t r = 0, g = 0, b = 0;
};

inline constexpr Colour white{255, 255, 255};
inline constexpr Colour ink{33, 37, 41};
inline constexpr Colour grid_grey{222, 226, 230};
inline constexpr Colour axis_grey{134, 142, 150};

enum class Align { left, centre, right };

class Canvas {
public:
    Canvas(int width, int height, Colour background = white);
    int width() const { return width_; }
    int height() const { return height_; }

    /// Fills [x0, x1) x [y0, y1), clipped to the canvas.
    void fill(double x0, double y0, double x1, double y1, Colour colour);
    /// A line of the given thickness in pixels, anti-aliased; `dash` > 0 draws dashes that long.
    void line(double x0, double y0, double x1, double y1, Colour colour, double thickness = 1, double dash = 0);
    /// Text with its baseline at y, `size` pixels high (the font's ascent to descent).
    /// Throws std::runtime_error if the font cannot be read.
    void text(double x, double y, std::string_view text, double size, Colour colour, Align align = Align::left);
    double text_width(std::string_view text, double size) const;

    /// The canvas encoded as an RGB PNG.
    std::string png() const;

    /// The colour of one pixel (for tests).
    Colour at(int x, int y) const;

private:
    void blend(int x, int y, Colour colour, double coverage);
    int width_, height_;
    std::vector<std::uint8_t> pixels_;
};

/// A chart's title and, under it in grey, its subtitle (if any), from the top-left margin; returns
/// the baseline of the last line drawn.
double draw_heading(Canvas& canvas, std::string_view title, std::string_view subtitle, double margin);

/// Where the charts' font is read from (DejaVu Sans).
std::string_view font_file();

}  // namespace vrusim::io::chart
