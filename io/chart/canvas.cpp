#include "canvas.hpp"

#include <stb_image_write.h>
#include <stb_truetype.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <mutex>
#include <stdexcept>

namespace vrusim::io::chart {

namespace {

constexpr std::string_view dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

struct Font {
    std::vector<unsigned char> data;
    stbtt_fontinfo info{};
    int ascent = 0, descent = 0, gap = 0;
};

// Read once per process; throws (every time) if it cannot be.
const Font& font() {
    static Font loaded;
    static std::string problem;
    static std::once_flag once;
    std::call_once(once, [] {
        std::ifstream in{std::string(dejavu), std::ios::binary};
        loaded.data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (!in.good() && !in.eof()) loaded.data.clear();
        if (loaded.data.empty() || !stbtt_InitFont(&loaded.info, loaded.data.data(), 0)) {
            problem = fmt::format("cannot draw the chart's text: the font {} is missing or unreadable (Debian "
                                  "package fonts-dejavu-core)", dejavu);
            return;
        }
        stbtt_GetFontVMetrics(&loaded.info, &loaded.ascent, &loaded.descent, &loaded.gap);
    });
    if (!problem.empty()) throw std::runtime_error(problem);
    return loaded;
}

// The next code point of UTF-8 text (a malformed byte stands for itself).
int next_code_point(std::string_view text, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    int length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + static_cast<std::size_t>(length) > text.size()) length = 1;
    int cp = length == 1 ? c : c & (0x7f >> length);
    for (int k = 1; k < length; ++k) cp = (cp << 6) | (byte(i + static_cast<std::size_t>(k)) & 0x3f);
    i += static_cast<std::size_t>(length);
    return cp;
}

}  // namespace

std::string_view font_file() { return dejavu; }

Canvas::Canvas(int width, int height, Colour background)
    : width_(width), height_(height), pixels_(static_cast<std::size_t>(width) * height * 3) {
    if (width <= 0 || height <= 0) throw std::invalid_argument("a canvas needs a positive size");
    for (std::size_t i = 0; i < pixels_.size(); i += 3) {
        pixels_[i] = background.r;
        pixels_[i + 1] = background.g;
        pixels_[i + 2] = background.b;
    }
}

void Canvas::blend(int x, int y, Colour colour, double coverage) {
    if (x < 0 || y < 0 || x >= width_ || y >= height_ || coverage <= 0) return;
    coverage = std::min(coverage, 1.0);
    auto* p = &pixels_[(static_cast<std::size_t>(y) * width_ + x) * 3];
    const std::uint8_t c[3] = {colour.r, colour.g, colour.b};
    for (int k = 0; k < 3; ++k) p[k] = static_cast<std::uint8_t>(std::lround(p[k] + (c[k] - p[k]) * coverage));
}

void Canvas::fill(double x0, double y0, double x1, double y1, Colour colour) {
    const int ax = std::max(0, static_cast<int>(std::lround(std::min(x0, x1))));
    const int bx = std::min(width_, static_cast<int>(std::lround(std::max(x0, x1))));
    const int ay = std::max(0, static_cast<int>(std::lround(std::min(y0, y1))));
    const int by = std::min(height_, static_cast<int>(std::lround(std::max(y0, y1))));
    for (int y = ay; y < by; ++y)
        for (int x = ax; x < bx; ++x) blend(x, y, colour, 1);
}

void Canvas::line(double x0, double y0, double x1, double y1, Colour colour, double thickness, double dash) {
    const double dx = x1 - x0, dy = y1 - y0, length = std::hypot(dx, dy);
    const double half = thickness / 2;
    const int ax = static_cast<int>(std::floor(std::min(x0, x1) - half - 1)), bx = static_cast<int>(std::ceil(std::max(x0, x1) + half + 1));
    const int ay = static_cast<int>(std::floor(std::min(y0, y1) - half - 1)), by = static_cast<int>(std::ceil(std::max(y0, y1) + half + 1));
    for (int y = std::max(ay, 0); y <= std::min(by, height_ - 1); ++y)
        for (int x = std::max(ax, 0); x <= std::min(bx, width_ - 1); ++x) {
            // Distance from the pixel's centre to the segment, and how far along it the nearest point is.
            const double px = x + 0.5 - x0, py = y + 0.5 - y0;
            const double t = length > 0 ? std::clamp((px * dx + py * dy) / (length * length), 0.0, 1.0) : 0.0;
            if (dash > 0 && std::fmod(t * length, 2 * dash) > dash) continue;
            const double d = std::hypot(px - t * dx, py - t * dy);
            blend(x, y, colour, half + 0.5 - d);
        }
}

double Canvas::text_width(std::string_view text, double size) const {
    const Font& f = font();
    const double scale = stbtt_ScaleForPixelHeight(&f.info, static_cast<float>(size));
    double width = 0;
    int previous = 0;
    for (std::size_t i = 0; i < text.size();) {
        const int cp = next_code_point(text, i);
        int advance = 0, bearing = 0;
        stbtt_GetCodepointHMetrics(&f.info, cp, &advance, &bearing);
        if (previous) width += scale * stbtt_GetCodepointKernAdvance(&f.info, previous, cp);
        width += scale * advance;
        previous = cp;
    }
    return width;
}

void Canvas::text(double x, double y, std::string_view text, double size, Colour colour, Align align) {
    const Font& f = font();
    const double scale = stbtt_ScaleForPixelHeight(&f.info, static_cast<float>(size));
    if (align != Align::left) x -= text_width(text, size) / (align == Align::centre ? 2 : 1);
    std::vector<unsigned char> glyph;
    int previous = 0;
    for (std::size_t i = 0; i < text.size();) {
        const int cp = next_code_point(text, i);
        if (previous) x += scale * stbtt_GetCodepointKernAdvance(&f.info, previous, cp);
        int advance = 0, bearing = 0;
        stbtt_GetCodepointHMetrics(&f.info, cp, &advance, &bearing);
        const float shift = static_cast<float>(x - std::floor(x));
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        stbtt_GetCodepointBitmapBoxSubpixel(&f.info, cp, static_cast<float>(scale), static_cast<float>(scale), shift, 0, &x0, &y0,
                                            &x1, &y1);
        const int w = x1 - x0, h = y1 - y0;
        if (w > 0 && h > 0) {
            glyph.assign(static_cast<std::size_t>(w) * h, 0);
            stbtt_MakeCodepointBitmapSubpixel(&f.info, glyph.data(), w, h, w, static_cast<float>(scale), static_cast<float>(scale),
                                              shift, 0, cp);
            const int left = static_cast<int>(std::floor(x)) + x0, top = static_cast<int>(std::lround(y)) + y0;
            for (int gy = 0; gy < h; ++gy)
                for (int gx = 0; gx < w; ++gx)
                    blend(left + gx, top + gy, colour, glyph[static_cast<std::size_t>(gy) * w + gx] / 255.0);
        }
        x += scale * advance;
        previous = cp;
    }
}

std::string Canvas::png() const {
    std::string out;
    const auto append = [](void* to, void* data, int size) {
        static_cast<std::string*>(to)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
    };
    stbi_flip_vertically_on_write(0);
    if (!stbi_write_png_to_func(append, &out, width_, height_, 3, pixels_.data(), width_ * 3))
        throw std::runtime_error("cannot encode the chart as PNG");
    return out;
}

Colour Canvas::at(int x, int y) const {
    const auto* p = &pixels_[(static_cast<std::size_t>(y) * width_ + x) * 3];
    return {p[0], p[1], p[2]};
}

namespace {

// The text cut to `width` pixels at `size`, ending in "..." when cut (at a character boundary).
std::string fitted(const Canvas& canvas, std::string_view text, double size, double width) {
    if (canvas.text_width(text, size) <= width) return std::string(text);
    std::string cut(text);
    while (!cut.empty() && canvas.text_width(cut + "...", size) > width) {
        cut.pop_back();
        while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();  // continuation bytes
        if (!cut.empty() && static_cast<unsigned char>(cut.back()) >= 0xC0) cut.pop_back();  // a lead byte left alone
    }
    return cut + "...";
}

}  // namespace

double draw_heading(Canvas& canvas, std::string_view title, std::string_view subtitle, double margin) {
    constexpr double title_size = 30, subtitle_size = 18;
    const double width = canvas.width() - 2 * margin;
    double y = margin + title_size;
    canvas.text(margin, y, fitted(canvas, title, title_size, width), title_size, ink);
    if (!subtitle.empty()) {
        y += subtitle_size + 10;
        canvas.text(margin, y, fitted(canvas, subtitle, subtitle_size, width), subtitle_size, axis_grey);
    }
    return y;
}

}  // namespace vrusim::io::chart
