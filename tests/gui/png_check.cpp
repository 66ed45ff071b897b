// Checks a screenshot of the explorer (tests/gui/headless.sh): the PNG has the window's size and
// each given colour (hex RRGGBB, a scenario's) in at least 30 of its pixels, so the plotted series
// are in it. Exit 0 if so, 1 with a message if not.
#include <stb_image.h>

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: png_check FILE WIDTH HEIGHT [RRGGBB ...]\n");
        return 2;
    }
    int width = 0, height = 0, channels = 0;
    unsigned char* pixels = stbi_load(argv[1], &width, &height, &channels, 3);
    if (!pixels) {
        std::fprintf(stderr, "png_check: cannot read %s as an image\n", argv[1]);
        return 1;
    }
    int failures = 0;
    if (width != std::atoi(argv[2]) || height != std::atoi(argv[3])) {
        std::fprintf(stderr, "png_check: %s is %dx%d, expected %sx%s\n", argv[1], width, height, argv[2], argv[3]);
        ++failures;
    }
    for (int k = 4; k < argc; ++k) {
        const long rgb = std::strtol(argv[k], nullptr, 16);
        const int want[3] = {static_cast<int>(rgb >> 16 & 0xff), static_cast<int>(rgb >> 8 & 0xff), static_cast<int>(rgb & 0xff)};
        long matches = 0;
        for (long i = 0; i < static_cast<long>(width) * height; ++i) {
            bool near = true;
            for (int c = 0; c < 3; ++c) near = near && std::abs(pixels[i * 3 + c] - want[c]) <= 8;
            matches += near;
        }
        if (matches < 30) {
            std::fprintf(stderr, "png_check: colour %s in only %ld pixels of %s\n", argv[k], matches, argv[1]);
            ++failures;
        }
    }
    stbi_image_free(pixels);
    return failures == 0 ? 0 : 1;
}
