#include "auth/base64url.hpp"
#include "auth/jwt.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <openssl/hmac.h>

namespace json = boost::json;
using namespace barertc::auth;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::string_view kSecret = "site-secret";

// Builds a token by hand, the way a host site's library would, so that the verifier is not
// only checked against its own signer.
std::string make_token(const json::object& header, const json::object& payload, std::string_view secret) {
    std::string input = base64url_encode(json::serialize(header)) + "." + base64url_encode(json::serialize(payload));
    unsigned char mac[64];
    unsigned int len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
    return input + "." + base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

json::object hs256() { return {{"alg", "HS256"}, {"typ", "JWT"}}; }

}  // namespace

TEST(Base64Url, RoundTripsEveryLength) {
    std::string bytes;
    for (int n = 0; n < 40; ++n) {
        auto decoded = base64url_decode(base64url_encode(bytes));
        ASSERT_TRUE(decoded);
        EXPECT_EQ(*decoded, bytes);
        bytes += static_cast<char>(n * 37);
    }
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    EXPECT_FALSE(base64url_decode("ab=c"));
    EXPECT_FALSE(base64url_decode("a"));
    EXPECT_FALSE(base64url_decode("ab+/"));
}

TEST(Jwt, AcceptsASiteTokenAndReadsEveryClaim) {
    json::object payload{{"sub", "alice"}, {"op", true}, {"vip", true}, {"img", "/a.png"},
                         {"url", "/u/alice"}, {"nick", "Alice A."}, {"emoji", "🇨🇦 Canada"},
                         {"gender", "f"}, {"rules", json::array{"redcam", "novideo"}},
                         {"iss", "example.com"}, {"exp", kNow + 300}, {"iat", kNow - 5}};
    VerifyResult r = verify_jwt(make_token(hs256(), payload, kSecret), kSecret, kNow);
    ASSERT_TRUE(r.ok()) << describe(r.error);
    EXPECT_EQ(r.claims.subject, "alice");
    EXPECT_TRUE(r.claims.op);
    EXPECT_TRUE(r.claims.vip);
    EXPECT_EQ(r.claims.avatar, "/a.png");
    EXPECT_EQ(r.claims.profile_url, "/u/alice");
    EXPECT_EQ(r.claims.nickname, "Alice A.");
    EXPECT_EQ(r.claims.emoji, "🇨🇦 Canada");
    EXPECT_EQ(r.claims.gender, "f");
    EXPECT_EQ(r.claims.extra.at("iss").as_string(), "example.com");
    Rules rules = rules_from_claims(r.claims);
    EXPECT_TRUE(rules.red_cam);
    EXPECT_TRUE(rules.no_video);
    EXPECT_TRUE(rules.no_broadcast);  // novideo implies nobroadcast
    EXPECT_FALSE(rules.no_image);
}

TEST(Jwt, RefusesAlgNone) {
    json::object payload{{"sub", "mallory"}, {"op", true}};
    std::string token = base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
                        base64url_encode(json::serialize(payload)) + ".";
    EXPECT_EQ(verify_jwt(token, kSecret, kNow).error, JwtError::unsupported_alg);
    std::string upper = base64url_encode(R"({"alg":"NONE"})") + "." + base64url_encode(json::serialize(payload)) + ".";
    EXPECT_EQ(verify_jwt(upper, kSecret, kNow).error, JwtError::unsupported_alg);
}

TEST(Jwt, RefusesOtherAlgorithmsEvenWithAValidMac) {
    // HS512 header over an HS256 MAC: the pinned algorithm refuses before looking at the MAC.
    json::object payload{{"sub", "alice"}};
    EXPECT_EQ(verify_jwt(make_token({{"alg", "HS512"}}, payload, kSecret), kSecret, kNow).error,
              JwtError::unsupported_alg);
    EXPECT_EQ(verify_jwt(make_token({{"alg", "RS256"}}, payload, kSecret), kSecret, kNow).error,
              JwtError::unsupported_alg);
    EXPECT_EQ(verify_jwt(make_token({{"typ", "JWT"}}, payload, kSecret), kSecret, kNow).error,
              JwtError::malformed);
}

TEST(Jwt, RefusesAWrongSecretAndATamperedPayload) {
    json::object payload{{"sub", "alice"}};
    EXPECT_EQ(verify_jwt(make_token(hs256(), payload, "other"), kSecret, kNow).error, JwtError::bad_signature);

    std::string token = make_token(hs256(), payload, kSecret);
    const auto dot1 = token.find('.');
    const auto dot2 = token.rfind('.');
    std::string forged = token.substr(0, dot1) + "." +
                         base64url_encode(R"({"sub":"alice","op":true})") + token.substr(dot2);
    EXPECT_EQ(verify_jwt(forged, kSecret, kNow).error, JwtError::bad_signature);

    std::string truncated = token.substr(0, token.size() - 2);
    EXPECT_NE(verify_jwt(truncated, kSecret, kNow).error, JwtError::none);
}

TEST(Jwt, ChecksTimesWithLeeway) {
    auto at = [&](json::object extra) {
        extra["sub"] = "alice";
        return verify_jwt(make_token(hs256(), extra, kSecret), kSecret, kNow).error;
    };
    EXPECT_EQ(at({{"exp", kNow - 61}}), JwtError::expired);
    EXPECT_EQ(at({{"exp", kNow - 30}}), JwtError::none);
    EXPECT_EQ(at({{"nbf", kNow + 61}}), JwtError::not_yet_valid);
    EXPECT_EQ(at({{"nbf", kNow + 30}}), JwtError::none);
    EXPECT_EQ(at({{"iat", kNow + 3600}}), JwtError::issued_in_future);
    EXPECT_EQ(at({{"exp", double(kNow + 10.5)}}), JwtError::none);
}

TEST(Jwt, RefusesMalformedAndHugeTokens) {
    EXPECT_EQ(verify_jwt("", kSecret, kNow).error, JwtError::malformed);
    EXPECT_EQ(verify_jwt("a.b", kSecret, kNow).error, JwtError::malformed);
    EXPECT_EQ(verify_jwt("a.b.c.d", kSecret, kNow).error, JwtError::malformed);
    EXPECT_EQ(verify_jwt("!!!.b.c", kSecret, kNow).error, JwtError::malformed);
    EXPECT_EQ(verify_jwt(std::string(kMaxTokenBytes + 1, 'a'), kSecret, kNow).error, JwtError::too_large);
    // A claim of the wrong type is malformed, not silently ignored.
    EXPECT_EQ(verify_jwt(make_token(hs256(), {{"sub", "a"}, {"op", "yes"}}, kSecret), kSecret, kNow).error,
              JwtError::malformed);
    EXPECT_EQ(verify_jwt(make_token(hs256(), {{"sub", 5}}, kSecret), kSecret, kNow).error, JwtError::malformed);
    // No secret configured: nothing verifies.
    EXPECT_EQ(verify_jwt(make_token(hs256(), {{"sub", "a"}}, ""), "", kNow).error, JwtError::no_secret);
}

TEST(Jwt, SignedTokensVerifyAndKeepCustomClaims) {
    Claims c;
    c.subject = "bob";
    c.op = true;
    c.nickname = "Bobby";
    c.rules = {"nodvd"};
    c.expires_at = 1;  // replaced by signing
    c.extra["site_id"] = 42;
    std::string token = sign_jwt(c, kSecret, kNow, 300);
    VerifyResult r = verify_jwt(token, kSecret, kNow + 100);
    ASSERT_TRUE(r.ok()) << describe(r.error);
    EXPECT_EQ(r.claims.subject, "bob");
    EXPECT_TRUE(r.claims.op);
    EXPECT_EQ(r.claims.nickname, "Bobby");
    EXPECT_EQ(*r.claims.expires_at, kNow + 300);
    EXPECT_EQ(*r.claims.issued_at, kNow);
    EXPECT_EQ(r.claims.extra.at("site_id").as_int64(), 42);
    EXPECT_TRUE(rules_from_claims(r.claims).no_dark_video);
    EXPECT_EQ(verify_jwt(token, kSecret, kNow + 400).error, JwtError::expired);
}

TEST(Jwt, ClaimsJsonUsesTheOriginalNames) {
    Claims c;
    c.subject = "carol";
    c.avatar = "/img/c.png";
    c.profile_url = "https://example.com/u/carol";
    json::object o = claims_to_json(c);
    EXPECT_EQ(o.at("sub").as_string(), "carol");
    EXPECT_EQ(o.at("img").as_string(), "/img/c.png");
    EXPECT_EQ(o.at("url").as_string(), "https://example.com/u/carol");
    EXPECT_FALSE(o.contains("op"));
}
