// Uploaded "images": format sniffing, size checks and the libvips header read that guards
// against decompression bombs. Small limits keep each run fast.
#include "media/image_sniff.hpp"
#include "media/image_transcoder.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool started = barertc::media::start_vips();
    if (!started) std::abort();
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto format = barertc::media::sniff_image_format(bytes);
    if (!format) return 0;
    barertc::media::ImageLimits limits;
    limits.max_pixels = 256 * 256;
    limits.max_width = 64;
    limits.preview_width = 32;
    auto result = barertc::media::transcode_image(bytes, limits);
    if (result.image && result.image->bytes.empty()) std::abort();
    return 0;
}
