// Image shares (compat §1.6.6, docs/images-and-webhooks.md) against the real server, sent the
// way the original client sends them: `file {channel, message:<name>, bytes:[0..255,...]}`.
// The JPEGs are made here with libvips and carry EXIF with GPS fields; what comes back must be
// scaled to MaxImageWidth and carry no metadata at all.
#include "auth/jwt.hpp"
#include "room_helpers.hpp"
#include "test_server.hpp"
#include "tokens.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>
#include <vips/vips.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>

using namespace barertc::testing;
namespace auth = barertc::auth;

namespace {

constexpr const char* kImagesSecret = "images-secret";
constexpr int kMaxWidth = 200;    // MaxImageWidth in these tests
constexpr int kPreviewWidth = 100;  // PreviewImageWidth
constexpr const char* kSecretText = "SECRET-CAMERA-OWNER";

std::string images_op_token(const std::string& sub) { return operator_token(sub, kImagesSecret); }

// The default settings' VIP channel, with photos permitted.
std::string with_vip_photos(std::string toml) {
    const std::string vip = "VIP = true\n";
    const auto at = toml.find(vip);
    if (at == std::string::npos) throw std::runtime_error("default_test_settings changed its VIP channel");
    toml.insert(at + vip.size(), "PermitPhotos = true\n");
    return toml;
}

std::string images_settings() {
    return with_vip_photos(default_test_settings(std::string("\n[JWT]\nEnabled = true\nStrict = false\nSecretKey = \"") +
                                     kImagesSecret + "\"\n",
                                 "MaxImageWidth = " + std::to_string(kMaxWidth) +
                                     "\nPreviewImageWidth = " + std::to_string(kPreviewWidth) + "\n"));
}

struct Unref {
    void operator()(VipsImage* image) const { g_object_unref(image); }
};
using Image = std::unique_ptr<VipsImage, Unref>;

void vips_check(int rc, const char* what) {
    if (rc != 0) {
        std::string error = vips_error_buffer();
        vips_error_clear();
        throw std::runtime_error(std::string(what) + ": " + error);
    }
}

void put16(std::string& s, std::uint16_t v) {
    s.push_back(static_cast<char>(v & 0xff));
    s.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& s, std::uint32_t v) {
    put16(s, static_cast<std::uint16_t>(v & 0xffff));
    put16(s, static_cast<std::uint16_t>(v >> 16));
}
void entry(std::string& s, std::uint16_t tag, std::uint16_t type, std::uint32_t count, std::uint32_t value) {
    put16(s, tag);
    put16(s, type);
    put32(s, count);
    put32(s, value);
}

// A little-endian EXIF block: IFD0 with an ImageDescription (kSecretText) and a pointer to a
// GPS IFD holding latitude and longitude, as a phone writes them.
std::string exif_app1() {
    constexpr std::uint16_t kAscii = 2, kLong = 4, kRational = 5;
    const std::string description = std::string(kSecretText) + '\0';  // 20 bytes
    const std::uint32_t ifd0 = 8, ifd0_size = 2 + 2 * 12 + 4;
    const std::uint32_t text_at = ifd0 + ifd0_size;
    const std::uint32_t gps = text_at + static_cast<std::uint32_t>(description.size());
    const std::uint32_t gps_size = 2 + 4 * 12 + 4;
    const std::uint32_t lat_at = gps + gps_size, lon_at = lat_at + 24;
    std::string tiff = "II";
    put16(tiff, 42);
    put32(tiff, ifd0);
    put16(tiff, 2);
    entry(tiff, 0x010E, kAscii, static_cast<std::uint32_t>(description.size()), text_at);
    entry(tiff, 0x8825, kLong, 1, gps);
    put32(tiff, 0);
    tiff += description;
    put16(tiff, 4);
    entry(tiff, 0x0001, kAscii, 2, 'N');  // "N\0" fits in the value field
    entry(tiff, 0x0002, kRational, 3, lat_at);
    entry(tiff, 0x0003, kAscii, 2, 'E');
    entry(tiff, 0x0004, kRational, 3, lon_at);
    put32(tiff, 0);
    for (std::uint32_t v : {52u, 1u, 31u, 1u, 1234u, 100u, 13u, 1u, 24u, 1u, 5678u, 100u}) put32(tiff, v);
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const std::size_t length = payload.size() + 2;
    std::string app1 = "\xFF\xE1";
    app1.push_back(static_cast<char>(length >> 8));
    app1.push_back(static_cast<char>(length & 0xff));
    return app1 + payload;
}

// A width×height noisy RGB JPEG with EXIF (GPS included) right after its SOI marker.
std::string make_jpeg(int width, int height) {
    if (VIPS_INIT("images_test") != 0) throw std::runtime_error("libvips did not start");
    VipsImage* out = nullptr;
    vips_check(vips_gaussnoise(&out, width, height, "mean", 128.0, "sigma", 40.0, nullptr), "gaussnoise");
    Image noise(out);
    vips_check(vips_cast_uchar(noise.get(), &out, nullptr), "cast");
    Image grey(out);
    VipsImage* planes[3] = {grey.get(), grey.get(), grey.get()};
    vips_check(vips_bandjoin(planes, &out, 3, nullptr), "bandjoin");
    Image rgb(out);
    void* buffer = nullptr;
    size_t length = 0;
    vips_check(vips_jpegsave_buffer(rgb.get(), &buffer, &length, "Q", 85, nullptr), "jpegsave");
    std::string jpeg(static_cast<const char*>(buffer), length);
    g_free(buffer);
    return jpeg.substr(0, 2) + exif_app1() + jpeg.substr(2);
}

Image load(const std::string& bytes) {
    VipsImage* out = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
    if (!out) vips_check(-1, "load");
    return Image(out);
}

// Every metadata field name of an image that is EXIF, XMP, IPTC or ICC.
std::vector<std::string> metadata_fields(VipsImage* image) {
    std::vector<std::string> names;
    gchar** fields = vips_image_get_fields(image);
    for (gchar** f = fields; *f; ++f) {
        const std::string name = *f;
        if (name.rfind("exif", 0) == 0 || name == VIPS_META_XMP_NAME || name == VIPS_META_IPTC_NAME ||
            name == VIPS_META_ICC_NAME)
            names.push_back(name);
    }
    g_strfreev(fields);
    return names;
}

std::string base64_decode(const std::string& in) {
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        if (c == '=') break;
        const auto v = alphabet.find(c);
        if (v == std::string::npos) throw std::runtime_error("not base64");
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    return out;
}

Json file_share(const std::string& channel, const std::string& name, const std::string& bytes) {
    boost::json::array array;
    array.reserve(bytes.size());
    for (unsigned char b : bytes) array.emplace_back(static_cast<int>(b));
    return Json{{"action", "file"}, {"channel", channel}, {"message", name}, {"bytes", std::move(array)}};
}

struct SharedImage {
    std::string mime;
    std::string bytes;
    int width_attr = 0;
    int height_attr = 0;
};

// Takes an image message's HTML apart; fails the test when it has not the original's shape.
// Plain string scanning on purpose: libstdc++'s std::regex recurses once per character and
// overflows the (ASan-enlarged) stack on a data URL of a few hundred kilobytes.
SharedImage parse_image_html(const std::string& html) {
    const auto fail = [&]() -> SharedImage {
        throw std::runtime_error("not an image message: " + html.substr(0, 200));
    };
    std::string_view rest(html);
    const auto take = [&](std::string_view literal) {
        if (!rest.starts_with(literal)) return false;
        rest.remove_prefix(literal.size());
        return true;
    };
    const auto take_until = [&](char end, auto allowed) -> std::optional<std::string> {
        const auto stop = rest.find(end);
        if (stop == std::string_view::npos || stop == 0) return std::nullopt;
        std::string value(rest.substr(0, stop));
        for (char c : value)
            if (!allowed(static_cast<unsigned char>(c))) return std::nullopt;
        rest.remove_prefix(stop);
        return value;
    };
    const auto lower = [](unsigned char c) { return c >= 'a' && c <= 'z'; };
    const auto digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
    const auto base64 = [](unsigned char c) {
        return std::isalnum(c) || c == '+' || c == '/' || c == '=';
    };

    if (!take("<img src=\"data:image/")) return fail();
    const auto subtype = take_until(';', lower);
    if (!subtype || !take(";base64,")) return fail();
    const auto payload = take_until('"', base64);
    if (!payload || !take("\" width=")) return fail();
    const auto width = take_until(' ', digit);
    if (!width || !take(" height=")) return fail();
    const auto height = take_until(' ', digit);
    if (!height || !take(" onclick=\"setModalImage(this.src)\" style=\"cursor: pointer\">") ||
        !rest.empty())
        return fail();
    return {"image/" + *subtype, base64_decode(*payload), std::stoi(*width), std::stoi(*height)};
}

}  // namespace

TEST(Images, TheJpegItselfCarriesGpsBeforeSharing) {
    // Guards the test's own fixture: without GPS in the input, the stripping test proves nothing.
    const std::string jpeg = make_jpeg(800, 400);
    Image input = load(jpeg);
    EXPECT_NE(vips_image_get_typeof(input.get(), "exif-ifd3-GPSLatitude"), 0u);
    EXPECT_NE(vips_image_get_typeof(input.get(), VIPS_META_EXIF_NAME), 0u);
    EXPECT_TRUE(contains(jpeg, kSecretText));
}

TEST(Images, AJpegIsScaledStrippedAndDeliveredAsTheOriginalsImgTag) {
    TestServer server(images_settings());
    WsClient alice(server.port());
    alice.login("alice");
    WsClient bob(server.port());
    bob.login("bob");

    const std::string jpeg = make_jpeg(800, 400);
    alice.send(file_share("offtopic", "holiday.jpg", jpeg));
    Json m = bob.wait_for([](const Json& x) { return str(x, "action") == "message"; }, "the image",
                          std::chrono::seconds(15));
    EXPECT_EQ(str(m, "channel"), "offtopic");
    EXPECT_EQ(str(m, "username"), "alice");
    EXPECT_GT(num(m, "msgID"), 0);
    const SharedImage image = parse_image_html(str(m, "message"));
    EXPECT_EQ(image.mime, "image/jpeg");
    EXPECT_EQ(image.width_attr, kPreviewWidth);
    EXPECT_EQ(image.height_attr, kPreviewWidth / 2);

    // The picture itself: a JPEG, longest side MaxImageWidth, no metadata left.
    ASSERT_GE(image.bytes.size(), 3u);
    EXPECT_EQ(image.bytes.substr(0, 3), "\xFF\xD8\xFF");
    EXPECT_FALSE(contains(image.bytes, std::string("Exif\0\0", 6))) << "an EXIF block survived";
    EXPECT_FALSE(contains(image.bytes, kSecretText));
    EXPECT_FALSE(contains(image.bytes, "http://ns.adobe.com/xap")) << "XMP survived";
    Image out = load(image.bytes);
    EXPECT_EQ(vips_image_get_width(out.get()), kMaxWidth);
    EXPECT_EQ(vips_image_get_height(out.get()), kMaxWidth / 2);
    EXPECT_EQ(vips_image_get_typeof(out.get(), "exif-ifd3-GPSLatitude"), 0u);
    EXPECT_TRUE(metadata_fields(out.get()).empty()) << metadata_fields(out.get()).front();

    // The sender sees their own share too, with the same message ID.
    Json echo = alice.wait_for([](const Json& x) { return str(x, "action") == "message"; }, "own image",
                               std::chrono::seconds(15));
    EXPECT_EQ(num(echo, "msgID"), num(m, "msgID"));
    EXPECT_EQ(str(echo, "message"), str(m, "message"));
}

TEST(Images, ASmallImageIsNotScaledUp) {
    TestServer server(images_settings());
    WsClient alice(server.port());
    alice.login("alice");
    alice.send(file_share("offtopic", "small.jpg", make_jpeg(50, 80)));
    Json m = alice.wait_for([](const Json& x) { return str(x, "action") == "message"; }, "the image",
                            std::chrono::seconds(15));
    const SharedImage image = parse_image_html(str(m, "message"));
    Image out = load(image.bytes);
    EXPECT_EQ(vips_image_get_width(out.get()), 50);
    EXPECT_EQ(vips_image_get_height(out.get()), 80);
    EXPECT_EQ(image.width_attr, 50);
    EXPECT_EQ(image.height_attr, 80);
    EXPECT_TRUE(metadata_fields(out.get()).empty());
}

TEST(Images, WhatIsNotAnImageIsRefusedWhateverItsName) {
    TestServer server(images_settings());
    WsClient alice(server.port());
    alice.login("alice");
    WsClient bob(server.port());
    bob.login("bob");

    alice.send(file_share("offtopic", "photo.jpg", "This is a plain text file, honestly.\n"));
    EXPECT_EQ(reply(alice), "Only JPEG, PNG, GIF and WebP images can be shared, and this file is none of them.");
    alice.send(file_share("offtopic", "drawing.png", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    EXPECT_TRUE(contains(reply(alice), "Only JPEG, PNG, GIF and WebP"));
    // JPEG magic, then garbage: looks like one, is not.
    const std::string jpeg = make_jpeg(300, 300);
    alice.send(file_share("offtopic", "broken.jpg", jpeg.substr(0, jpeg.size() / 3)));
    EXPECT_TRUE(contains(reply(alice), "could not be read")) << alice.history().size();
    alice.send(file_share("offtopic", "empty.jpg", ""));
    EXPECT_EQ(reply(alice), "The image was empty.");

    // Nothing reached bob: the next thing he sees is an ordinary message.
    alice.send(Json{{"action", "message"}, {"channel", "offtopic"}, {"message", "no pictures then"}});
    EXPECT_EQ(str(bob.wait_action("message"), "message"), "<p>no pictures then</p>");
}

TEST(Images, ATooLargeFileIsRefused) {
    TestServer server(images_settings());
    WsClient alice(server.port());
    alice.login("alice");
    // The original client stops at 8 MiB; so does the server, before decoding anything.
    std::string big = make_jpeg(64, 64);
    big.resize(8 * 1024 * 1024 + 1, '\0');
    alice.send(file_share("offtopic", "huge.jpg", big));
    const std::string text = str(alice.wait_for([](const Json& m) {
        return str(m, "action") == "error" && !m.contains("channel");
    }, "the refusal", std::chrono::seconds(30)), "message");
    EXPECT_TRUE(contains(text, "too large")) << text;
    EXPECT_TRUE(server.running());
}

TEST(Images, AFrameOverWebSocketReadLimitEndsTheConnection) {
    TestServer server(default_test_settings("", "WebSocketReadLimit = 100000\n"));
    WsClient alice(server.port());
    alice.login("alice");
    try {
        alice.send(file_share("offtopic", "big.jpg", std::string(60000, '\x7f')));
    } catch (const boost::system::system_error&) {
        // The server may cut us off while the frame is still being written.
    }
    EXPECT_TRUE(alice.wait_closed());
    EXPECT_TRUE(server.wait_for_log("over the size limit")) << server.log();
    WsClient bob(server.port());
    EXPECT_EQ(bob.login("bob"), "bob");
}

TEST(Images, ChannelsWithoutPermitPhotosRefuseImages) {
    TestServer server(images_settings());
    WsClient alice(server.port());
    alice.login("alice");
    alice.send(file_share("lobby", "cat.jpg", make_jpeg(40, 40)));
    EXPECT_EQ(reply(alice), "Images are not allowed in this channel.");
    alice.send(file_share("nowhere", "cat.jpg", make_jpeg(40, 40)));
    EXPECT_TRUE(contains(reply(alice), "There is no channel named"));
    // VIP channels permit photos only for VIPs (and operators).
    alice.send(file_share("vip", "cat.jpg", make_jpeg(40, 40)));
    EXPECT_TRUE(contains(reply(alice), "VIP")) << boost::json::serialize(alice.history().back());
}

TEST(Images, DirectMessagesCarryImagesOnlyWithAnOperatorInvolved) {
    TestServer server(images_settings());
    WsClient op(server.port());
    op.login("", images_op_token("boss"));
    WsClient alice(server.port());
    alice.login("alice");
    WsClient bob(server.port());
    bob.login("bob");

    // Two guests: refused, as the original client does.
    alice.send(file_share("@bob", "cat.jpg", make_jpeg(40, 40)));
    EXPECT_EQ(reply(alice), "Images can only be shared in direct messages with a chat operator.");
    // Offline partner.
    alice.send(file_share("@nobody", "cat.jpg", make_jpeg(40, 40)));
    EXPECT_TRUE(contains(reply(alice), "appears to be offline"));

    // A guest to an operator: delivered, filed under the sender's name on the other side.
    alice.send(file_share("@boss", "cat.jpg", make_jpeg(40, 40)));
    Json got = op.wait_for([](const Json& m) { return str(m, "action") == "message"; }, "the image",
                           std::chrono::seconds(15));
    EXPECT_EQ(str(got, "channel"), "@alice");
    EXPECT_EQ(str(got, "username"), "alice");
    EXPECT_EQ(parse_image_html(str(got, "message")).mime, "image/jpeg");
    Json echo = alice.wait_for([](const Json& m) { return str(m, "action") == "message"; }, "own copy",
                               std::chrono::seconds(15));
    EXPECT_EQ(str(echo, "channel"), "@boss");

    // An operator to a guest: delivered as well.
    op.send(file_share("@bob", "cat.jpg", make_jpeg(40, 40)));
    Json to_bob = bob.wait_for([](const Json& m) { return str(m, "action") == "message"; }, "the image",
                               std::chrono::seconds(15));
    EXPECT_EQ(str(to_bob, "channel"), "@boss");
    parse_image_html(str(to_bob, "message"));
}

TEST(Images, TheNoImageRuleRefusesShares) {
    TestServer server(default_test_settings("\n[[ModerationRule]]\nUsername = \"alice\"\nNoImage = true\n"));
    WsClient alice(server.port());
    alice.login("alice");
    alice.send(file_share("offtopic", "cat.jpg", make_jpeg(40, 40)));
    EXPECT_FALSE(reply(alice).empty());
    for (const Json& m : alice.history()) EXPECT_NE(str(m, "action"), "message");
}

TEST(Images, SharesMustComeFromSomeoneInTheRoom) {
    TestServer server(images_settings());
    WsClient stranger(server.port());
    stranger.send(file_share("offtopic", "cat.jpg", make_jpeg(40, 40)));
    EXPECT_FALSE(reply(stranger).empty());
    WsClient bob(server.port());
    bob.login("bob");
    for (const Json& m : bob.history()) EXPECT_NE(str(m, "action"), "message");
}
