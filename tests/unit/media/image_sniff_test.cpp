#include "media/base64.hpp"
#include "media/image_sniff.hpp"

#include <gtest/gtest.h>

using namespace barertc::media;
using namespace std::string_literals;

TEST(ImageSniff, KnowsFormatsByMagicBytes) {
    EXPECT_EQ(sniff_image_format("\xFF\xD8\xFF\xE0rest"s), ImageFormat::jpeg);
    EXPECT_EQ(sniff_image_format("\x89PNG\r\n\x1A\nrest"s), ImageFormat::png);
    EXPECT_EQ(sniff_image_format("GIF87a..."), ImageFormat::gif);
    EXPECT_EQ(sniff_image_format("GIF89a..."), ImageFormat::gif);
    EXPECT_EQ(sniff_image_format("RIFF\x10\0\0\0WEBPVP8 "s), ImageFormat::webp);
}

TEST(ImageSniff, RefusesEverythingElse) {
    EXPECT_FALSE(sniff_image_format(""));
    EXPECT_FALSE(sniff_image_format("\xFF\xD8"s)) << "too short to be a JPEG";
    EXPECT_FALSE(sniff_image_format("This is a text file named photo.jpg"));
    EXPECT_FALSE(sniff_image_format("RIFF\x10\0\0\0WAVEfmt "s)) << "RIFF but not WebP";
    EXPECT_FALSE(sniff_image_format("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    EXPECT_FALSE(sniff_image_format("%PDF-1.7"));
    EXPECT_FALSE(sniff_image_format("GIF90a"));
    EXPECT_FALSE(sniff_image_format("\x89PNG\r\n\x1A"s)) << "PNG signature cut short";
}

TEST(ImageSniff, ByteSizeLimit) {
    ImageLimits limits;
    EXPECT_FALSE(check_byte_size(8 * 1024 * 1024, limits));
    auto error = check_byte_size(8 * 1024 * 1024 + 1, limits);
    ASSERT_TRUE(error);
    EXPECT_EQ(*error, "The image is too large: the limit is 8 MB.");
    EXPECT_TRUE(check_byte_size(0, limits));
}

TEST(ImageSniff, PixelLimitCountsEveryFrame) {
    ImageLimits limits;
    limits.max_pixels = 1'000'000;
    EXPECT_FALSE(check_dimensions(1000, 1000, 1, limits));
    EXPECT_TRUE(check_dimensions(1000, 1001, 1, limits));
    EXPECT_TRUE(check_dimensions(500, 500, 5, limits));
    EXPECT_TRUE(check_dimensions(0, 10, 1, limits));
    auto error = check_dimensions(30000, 30000, 1, limits);
    ASSERT_TRUE(error);
    EXPECT_EQ(*error, "The image has too many pixels (30000x30000); please share a smaller one.");
    EXPECT_TRUE(check_dimensions(2147483647, 2147483647, 2147483647, limits)) << "no overflow";
}

TEST(ImageSniff, FitWithinKeepsAspectAndNeverEnlarges) {
    EXPECT_EQ(fit_within({2000, 1000}, 1280), (PixelSize{1280, 640}));
    EXPECT_EQ(fit_within({1000, 2000}, 360), (PixelSize{180, 360}));
    EXPECT_EQ(fit_within({300, 200}, 360), (PixelSize{300, 200}));
    EXPECT_EQ(fit_within({5000, 1}, 360), (PixelSize{360, 1}));
    EXPECT_EQ(fit_within({3000, 200}, 1280), (PixelSize{1280, 85}));
}

TEST(Base64, MatchesRfc4648Vectors) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
    EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64_encode("\xFF\xFE\xFD"s), "//79");
}
