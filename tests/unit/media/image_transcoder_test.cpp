#include "media/image_transcoder.hpp"

#include "test_images.hpp"

#include <gtest/gtest.h>

using namespace barertc::media;
using namespace barertc::media::testing;

namespace {

bool has_field(VipsImage* image, const char* name) { return vips_image_get_typeof(image, name) != 0; }

// Every metadata field the image still carries that could say who or where.
std::vector<std::string> private_fields(VipsImage* image) {
    std::vector<std::string> found;
    gchar** fields = vips_image_get_fields(image);
    for (gchar** f = fields; *f; ++f) {
        const std::string name = *f;
        for (const char* prefix : {"exif", "xmp", "iptc", "icc", "png-comment", "gif-comment"})
            if (name.rfind(prefix, 0) == 0) found.push_back(name);
    }
    g_strfreev(fields);
    return found;
}

}  // namespace

TEST(ImageTranscoder, JpegIsRotatedScaledAndStrippedOfMetadata) {
    Image source = noise(2000, 1000);
    add_private_metadata(source.get(), 6);  // 90° clockwise: shown as 1000x2000
    const std::string input = jpeg(source.get());
    ASSERT_NE(input.find("Secret Person"), std::string::npos) << "the fixture carries the secret";
    ASSERT_TRUE(has_field(decode(input).get(), VIPS_META_EXIF_NAME));

    TranscodeResult result = transcode_image(input, ImageLimits{});
    ASSERT_TRUE(result.image) << result.error;
    const TranscodedImage& out = *result.image;
    EXPECT_EQ(out.format, ImageFormat::jpeg);
    EXPECT_EQ(sniff_image_format(out.bytes), ImageFormat::jpeg);
    EXPECT_EQ(out.size, (PixelSize{640, 1280}));
    EXPECT_EQ(out.preview, (PixelSize{180, 360}));
    EXPECT_EQ(out.bytes.find("Secret"), std::string::npos);
    EXPECT_EQ(out.bytes.find("Exif"), std::string::npos);

    Image decoded = decode(out.bytes);
    EXPECT_EQ(vips_image_get_width(decoded.get()), 640);
    EXPECT_EQ(vips_image_get_height(decoded.get()), 1280);
    EXPECT_EQ(private_fields(decoded.get()), std::vector<std::string>{});
}

TEST(ImageTranscoder, PngStaysPngWithoutComments) {
    Image source = noise(3000, 200, 4);
    add_private_metadata(source.get(), 1);
    const std::string input = png(source.get());
    ASSERT_NE(private_fields(decode(input).get()), std::vector<std::string>{}) << "the fixture has metadata";

    TranscodeResult result = transcode_image(input, ImageLimits{});
    ASSERT_TRUE(result.image) << result.error;
    EXPECT_EQ(result.image->format, ImageFormat::png);
    EXPECT_EQ(result.image->size, (PixelSize{1280, 85}));
    EXPECT_EQ(result.image->preview, (PixelSize{360, 24}));
    for (const char* chunk : {"tEXt", "zTXt", "iTXt", "eXIf", "iCCP"})
        EXPECT_EQ(result.image->bytes.find(chunk), std::string::npos) << chunk;
    Image decoded = decode(result.image->bytes);
    EXPECT_EQ(vips_image_get_bands(decoded.get()), 4) << "transparency kept";
    EXPECT_EQ(private_fields(decoded.get()), std::vector<std::string>{});
}

TEST(ImageTranscoder, SmallImagesAreNotEnlarged) {
    Image source = noise(300, 200);
    TranscodeResult result = transcode_image(jpeg(source.get()), ImageLimits{});
    ASSERT_TRUE(result.image) << result.error;
    EXPECT_EQ(result.image->size, (PixelSize{300, 200}));
    EXPECT_EQ(result.image->preview, (PixelSize{300, 200}));
}

TEST(ImageTranscoder, AnimatedGifKeepsItsFramesAndIsScaled) {
    const std::string input = animated_gif(2000, 100, 3);
    TranscodeResult result = transcode_image(input, ImageLimits{});
    ASSERT_TRUE(result.image) << result.error;
    EXPECT_EQ(result.image->format, ImageFormat::gif);
    EXPECT_EQ(result.image->size, (PixelSize{1280, 64}));
    EXPECT_EQ(result.image->preview, (PixelSize{360, 18}));
    Image decoded = decode(result.image->bytes);
    EXPECT_EQ(vips_image_get_n_pages(decoded.get()), 3);
}

TEST(ImageTranscoder, WebpBecomesJpegOrPngWhenTransparent) {
    TranscodeResult opaque = transcode_image(webp(noise(400, 300).get()), ImageLimits{});
    ASSERT_TRUE(opaque.image) << opaque.error;
    EXPECT_EQ(opaque.image->format, ImageFormat::jpeg);
    TranscodeResult clear = transcode_image(webp(noise(400, 300, 4).get()), ImageLimits{});
    ASSERT_TRUE(clear.image) << clear.error;
    EXPECT_EQ(clear.image->format, ImageFormat::png);
}

TEST(ImageTranscoder, TextNamedJpgIsRefused) {
    TranscodeResult result = transcode_image("Hello! This is photo.jpg, honest.", ImageLimits{});
    EXPECT_FALSE(result.image);
    EXPECT_EQ(result.error, kUnsupportedImage);
}

TEST(ImageTranscoder, TooManyBytesIsRefused) {
    std::string huge = "\xFF\xD8\xFF\xE0";
    huge.resize(8 * 1024 * 1024 + 1, '\0');
    TranscodeResult result = transcode_image(huge, ImageLimits{});
    EXPECT_FALSE(result.image);
    EXPECT_EQ(result.error, "The image is too large: the limit is 8 MB.");
}

TEST(ImageTranscoder, HeaderClaimingHugeDimensionsIsRefusedBeforeDecoding) {
    TranscodeResult result = transcode_image(png_claiming(30000, 30000), ImageLimits{});
    EXPECT_FALSE(result.image);
    EXPECT_EQ(result.error, "The image has too many pixels (30000x30000); please share a smaller one.");
}

TEST(ImageTranscoder, AnimationFramesCountTowardsThePixelLimit) {
    ImageLimits limits;
    limits.max_pixels = 500 * 100 * 4;
    TranscodeResult result = transcode_image(animated_gif(500, 100, 5), limits);
    EXPECT_FALSE(result.image);
    EXPECT_EQ(result.error, "The image has too many pixels (500x100 in 5 frames); please share a smaller one.");
}

TEST(ImageTranscoder, TruncatedJpegIsAnError) {
    const std::string input = jpeg(noise(800, 600).get());
    TranscodeResult result = transcode_image(input.substr(0, input.size() / 2), ImageLimits{});
    EXPECT_FALSE(result.image);
    EXPECT_EQ(result.error, "The image could not be read; it may be damaged or incomplete.");
}

TEST(ImageTranscoder, TruncatedPngIsAnError) {
    const std::string input = png(noise(800, 600).get());
    TranscodeResult result = transcode_image(input.substr(0, input.size() / 2), ImageLimits{});
    EXPECT_FALSE(result.image);
    EXPECT_EQ(result.error, "The image could not be read; it may be damaged or incomplete.");
}

TEST(ImageTranscoder, GarbageAfterMagicBytesIsAnError) {
    for (std::string magic : {std::string("\xFF\xD8\xFF\xE0", 4), std::string("\x89PNG\r\n\x1A\n", 8),
                              std::string("GIF89a"), std::string("RIFF\x10\0\0\0WEBP", 12)}) {
        TranscodeResult result = transcode_image(magic + std::string(200, '\x5A'), ImageLimits{});
        EXPECT_FALSE(result.image) << magic;
        EXPECT_FALSE(result.error.empty());
    }
}

TEST(ImageTranscoder, HtmlHasTheOriginalShape) {
    TranscodedImage image{"abc", ImageFormat::png, {1000, 500}, {360, 180}};
    EXPECT_EQ(image_html(image),
              "<img src=\"data:image/png;base64,YWJj\" width=360 height=180 "
              "onclick=\"setModalImage(this.src)\" style=\"cursor: pointer\">");
}
