#include "media/image_sniff.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace barertc::media {
namespace {

bool starts_with(std::string_view bytes, std::string_view magic, std::size_t at = 0) {
    return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
}

std::string megabytes(std::size_t bytes) {
    const double mb = static_cast<double>(bytes) / (1024.0 * 1024.0);
    char text[32];
    std::snprintf(text, sizeof text, "%.0f MB", std::floor(mb));
    return text;
}

}  // namespace

std::optional<ImageFormat> sniff_image_format(std::string_view bytes) {
    using namespace std::string_view_literals;
    if (starts_with(bytes, "\xFF\xD8\xFF"sv)) return ImageFormat::jpeg;
    if (starts_with(bytes, "\x89PNG\r\n\x1A\n"sv)) return ImageFormat::png;
    if (starts_with(bytes, "GIF87a"sv) || starts_with(bytes, "GIF89a"sv)) return ImageFormat::gif;
    if (starts_with(bytes, "RIFF"sv) && starts_with(bytes, "WEBP"sv, 8)) return ImageFormat::webp;
    return std::nullopt;
}

std::string_view mime_type(ImageFormat format) {
    switch (format) {
        case ImageFormat::jpeg: return "image/jpeg";
        case ImageFormat::png: return "image/png";
        case ImageFormat::gif: return "image/gif";
        case ImageFormat::webp: return "image/webp";
    }
    return "application/octet-stream";
}

std::optional<std::string> check_byte_size(std::size_t size, const ImageLimits& limits) {
    if (size == 0) return "The image was empty.";
    if (size > limits.max_bytes)
        return "The image is too large: the limit is " + megabytes(limits.max_bytes) + ".";
    return std::nullopt;
}

std::optional<std::string> check_dimensions(std::int64_t width, std::int64_t height,
                                            std::int64_t frames, const ImageLimits& limits) {
    if (width <= 0 || height <= 0 || frames <= 0) return "The image has no pixels.";
    // Each factor is below 2^31 in any real header; compare by division so nothing overflows.
    const auto max = static_cast<double>(limits.max_pixels);
    const double pixels = static_cast<double>(width) * static_cast<double>(height) *
                          static_cast<double>(frames);
    if (pixels > max) {
        return "The image has too many pixels (" + std::to_string(width) + "x" +
               std::to_string(height) + (frames > 1 ? " in " + std::to_string(frames) + " frames" : "") +
               "); please share a smaller one.";
    }
    return std::nullopt;
}

PixelSize fit_within(PixelSize size, int longest) {
    const int side = std::max(size.width, size.height);
    if (longest <= 0 || side <= longest || side <= 0) return size;
    const double scale = static_cast<double>(longest) / side;
    auto scaled = [&](int v) { return std::max(1, static_cast<int>(std::lround(v * scale))); };
    return {std::min(scaled(size.width), longest), std::min(scaled(size.height), longest)};
}

}  // namespace barertc::media
