// Small images made with libvips inside the tests, so no binary fixtures are needed.
#pragma once

#include "media/image_transcoder.hpp"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>

namespace barertc::media::testing {

struct Unref {
    void operator()(VipsImage* image) const { g_object_unref(image); }
};
using Image = std::unique_ptr<VipsImage, Unref>;

inline constexpr const char* kSecret = "Secret Person at 51.5N 0.12W";

// Random pixels, so encoders have something to compress and truncation has something to cut.
inline Image noise(int width, int height, int bands = 3) {
    EXPECT_TRUE(start_vips());
    VipsImage* raw = nullptr;
    VipsImage* cast = nullptr;
    EXPECT_EQ(vips_gaussnoise(&raw, width, height, "mean", 128.0, "sigma", 40.0, nullptr), 0);
    EXPECT_EQ(vips_cast_uchar(raw, &cast, nullptr), 0);
    g_object_unref(raw);
    Image one(cast);
    if (bands == 1) return one;
    VipsImage* joined = nullptr;
    VipsImage* in[4] = {one.get(), one.get(), one.get(), one.get()};
    EXPECT_EQ(vips_bandjoin(in, &joined, bands, nullptr), 0);
    VipsImage* tagged = nullptr;
    EXPECT_EQ(vips_copy(joined, &tagged, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), 0);
    g_object_unref(joined);
    return Image(tagged);
}

// Marks the image with EXIF (Artist, orientation), XMP and a comment, all carrying kSecret.
inline void add_private_metadata(VipsImage* image, int orientation) {
    vips_image_set_string(image, "exif-ifd0-Artist", kSecret);
    vips_image_set_string(image, "exif-ifd0-ImageDescription", kSecret);
    vips_image_set_int(image, VIPS_META_ORIENTATION, orientation);
    const std::string xmp = std::string("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">") + kSecret + "</x:xmpmeta>";
    vips_image_set_blob_copy(image, VIPS_META_XMP_NAME, xmp.data(), xmp.size());
    vips_image_set_string(image, "png-comment-0-Author", kSecret);
}

inline std::string take(void* buffer, size_t length) {
    std::string out(static_cast<const char*>(buffer), length);
    g_free(buffer);
    return out;
}

inline std::string jpeg(VipsImage* image) {
    void* buffer = nullptr;
    size_t length = 0;
    EXPECT_EQ(vips_jpegsave_buffer(image, &buffer, &length, "Q", 80, nullptr), 0) << vips_error_buffer();
    return take(buffer, length);
}

inline std::string png(VipsImage* image) {
    void* buffer = nullptr;
    size_t length = 0;
    EXPECT_EQ(vips_pngsave_buffer(image, &buffer, &length, "compression", 1, nullptr), 0) << vips_error_buffer();
    return take(buffer, length);
}

inline std::string webp(VipsImage* image) {
    void* buffer = nullptr;
    size_t length = 0;
    EXPECT_EQ(vips_webpsave_buffer(image, &buffer, &length, nullptr), 0) << vips_error_buffer();
    return take(buffer, length);
}

// `frames` frames of width x height, saved as one animated GIF.
inline std::string animated_gif(int width, int height, int frames) {
    Image strip = noise(width, height * frames);
    vips_image_set_int(strip.get(), VIPS_META_PAGE_HEIGHT, height);
    void* buffer = nullptr;
    size_t length = 0;
    EXPECT_EQ(vips_gifsave_buffer(strip.get(), &buffer, &length, nullptr), 0) << vips_error_buffer();
    return take(buffer, length);
}

inline Image decode(const std::string& bytes) {
    VipsImage* out = vips_image_new_from_buffer(
        bytes.data(), bytes.size(), bytes.rfind("GIF", 0) == 0 ? "n=-1" : "", nullptr);
    EXPECT_NE(out, nullptr) << vips_error_buffer();
    return Image(out);
}

inline std::uint32_t crc32(std::string_view bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : bytes) {
        crc ^= c;
        for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

inline std::string be32(std::uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
}

inline std::string png_chunk(std::string_view type, std::string_view data) {
    std::string body = std::string(type) + std::string(data);
    return be32(static_cast<std::uint32_t>(data.size())) + body + be32(crc32(body));
}

// A well-formed PNG header claiming width x height RGB pixels, followed by a tiny IDAT.
inline std::string png_claiming(std::uint32_t width, std::uint32_t height) {
    std::string ihdr = be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
    return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) +
           png_chunk("IDAT", std::string("\x78\x9C\x03\x00\x00\x00\x00\x01", 8)) + png_chunk("IEND", "");
}

}  // namespace barertc::media::testing
