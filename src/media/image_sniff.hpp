// What an image share must look like before any decoder sees it: the format by its magic
// bytes (never by a file name) and the size limits. Pure functions, so they can be fuzzed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace barertc::media {

enum class ImageFormat { jpeg, png, gif, webp };

struct ImageLimits {
    // The original client refuses files over 8 MiB (compat §1.6.6); we hold the server to it.
    std::size_t max_bytes = 8 * 1024 * 1024;
    // Decoded pixels (all frames together) allowed before decoding: stops decompression bombs.
    std::uint64_t max_pixels = 40'000'000;
    // Settings MaxImageWidth: longest side of the shared image after scaling.
    int max_width = 1280;
    // Settings PreviewImageWidth: longest side of the in-chat preview (width/height attributes).
    int preview_width = 360;
    // A re-encoded image (e.g. an animated GIF) may grow; past this it is refused.
    std::size_t max_output_bytes = 8 * 1024 * 1024;
};

struct PixelSize {
    int width = 0;
    int height = 0;
    bool operator==(const PixelSize&) const = default;
};

inline constexpr std::string_view kUnsupportedImage =
    "Only JPEG, PNG, GIF and WebP images can be shared, and this file is none of them.";

// The format the bytes actually are, or nothing for anything we do not accept.
std::optional<ImageFormat> sniff_image_format(std::string_view bytes);

std::string_view mime_type(ImageFormat format);

// Each check returns a sentence for the user when the limit is exceeded.
std::optional<std::string> check_byte_size(std::size_t size, const ImageLimits& limits);
std::optional<std::string> check_dimensions(std::int64_t width, std::int64_t height,
                                            std::int64_t frames, const ImageLimits& limits);

// Scales `size` down (never up) so its longest side is at most `longest`; sides stay >= 1.
PixelSize fit_within(PixelSize size, int longest);

}  // namespace barertc::media
