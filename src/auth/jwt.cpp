#include "auth/jwt.hpp"

#include "auth/base64url.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cmath>
#include <limits>

namespace barertc::auth {

namespace json = boost::json;

namespace {

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    // HMAC() with an empty key needs a non-null pointer on some OpenSSL builds.
    static const unsigned char kEmpty = 0;
    const void* key_ptr = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
    if (!HMAC(EVP_sha256(), key_ptr, static_cast<int>(key.size()),
              reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len)) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(out), len);
}

std::optional<json::object> parse_object(std::string_view encoded) {
    std::optional<std::string> raw = base64url_decode(encoded);
    if (!raw) return std::nullopt;
    json::error_code ec;
    json::value v = json::parse(*raw, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.as_object());
}

// NumericDate: JSON number of seconds (fractions allowed, as RFC 7519 says).
bool read_time(const json::value& v, std::optional<std::int64_t>& out) {
    if (v.is_int64()) { out = v.get_int64(); return true; }
    if (v.is_uint64()) {
        if (v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
        out = static_cast<std::int64_t>(v.get_uint64());
        return true;
    }
    if (v.is_double()) {
        double d = v.get_double();
        if (!std::isfinite(d) || d > 9.0e18 || d < -9.0e18) return false;
        out = static_cast<std::int64_t>(d);
        return true;
    }
    return false;
}

bool read_string(const json::value& v, std::string& out) {
    if (v.is_null()) return true;  // treated as absent
    if (!v.is_string()) return false;
    out = std::string(v.get_string());
    return true;
}

bool read_bool(const json::value& v, bool& out) {
    if (v.is_null()) return true;
    if (!v.is_bool()) return false;
    out = v.get_bool();
    return true;
}

// Splits the payload into the claims BareRTC knows and the rest. False on a type mismatch.
bool read_claims(json::object payload, Claims& c) {
    for (auto& [key, value] : payload) {
        bool ok = true;
        if (key == "sub") ok = read_string(value, c.subject);
        else if (key == "op") ok = read_bool(value, c.op);
        else if (key == "vip") ok = read_bool(value, c.vip);
        else if (key == "img") ok = read_string(value, c.avatar);
        else if (key == "url") ok = read_string(value, c.profile_url);
        else if (key == "nick") ok = read_string(value, c.nickname);
        else if (key == "emoji") ok = read_string(value, c.emoji);
        else if (key == "gender") ok = read_string(value, c.gender);
        else if (key == "rules") {
            if (value.is_null()) continue;
            if (!value.is_array()) return false;
            for (const json::value& r : value.get_array()) {
                if (!r.is_string()) return false;
                c.rules.emplace_back(r.get_string());
            }
        }
        else if (key == "exp") ok = read_time(value, c.expires_at);
        else if (key == "nbf") ok = read_time(value, c.not_before);
        else if (key == "iat") ok = read_time(value, c.issued_at);
        else c.extra[key] = std::move(value);
        if (!ok) return false;
    }
    return true;
}

}  // namespace

Rules rules_from_claims(const Claims& claims) {
    Rules r;
    for (const std::string& rule : claims.rules) {
        if (rule == "redcam") r.red_cam = true;
        else if (rule == "nobroadcast") r.no_broadcast = true;
        else if (rule == "novideo") { r.no_video = true; r.no_broadcast = true; }
        else if (rule == "noimage") r.no_image = true;
        else if (rule == "nodvd") r.no_dark_video = true;
    }
    return r;
}

std::string_view describe(JwtError error) {
    switch (error) {
        case JwtError::none: return "the token is valid";
        case JwtError::too_large: return "the token is too large";
        case JwtError::malformed: return "the token is malformed";
        case JwtError::unsupported_alg: return "the token is not signed with HS256";
        case JwtError::bad_signature: return "the token signature is invalid";
        case JwtError::expired: return "the token has expired";
        case JwtError::not_yet_valid: return "the token is not valid yet";
        case JwtError::issued_in_future: return "the token was issued in the future";
        case JwtError::no_secret: return "the server has no JWT secret key configured";
    }
    return "the token is invalid";
}

VerifyResult verify_jwt(std::string_view token, std::string_view secret, std::int64_t now,
                        std::int64_t leeway) {
    VerifyResult result;
    auto fail = [&](JwtError e) { result.error = e; result.claims = {}; return result; };
    if (token.size() > kMaxTokenBytes) return fail(JwtError::too_large);
    if (secret.empty()) return fail(JwtError::no_secret);

    const std::size_t dot1 = token.find('.');
    if (dot1 == std::string_view::npos) return fail(JwtError::malformed);
    const std::size_t dot2 = token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
        return fail(JwtError::malformed);
    }
    const std::string_view header_part = token.substr(0, dot1);
    const std::string_view payload_part = token.substr(dot1 + 1, dot2 - dot1 - 1);
    const std::string_view signature_part = token.substr(dot2 + 1);

    std::optional<json::object> header = parse_object(header_part);
    if (!header) return fail(JwtError::malformed);
    const json::value* alg = header->if_contains("alg");
    if (!alg || !alg->is_string()) return fail(JwtError::malformed);
    // Pin the algorithm: "none", HS384/512 and every asymmetric alg are refused outright.
    if (alg->get_string() != "HS256") return fail(JwtError::unsupported_alg);

    std::optional<std::string> signature = base64url_decode(signature_part);
    if (!signature) return fail(JwtError::malformed);
    const std::string expected = hmac_sha256(secret, token.substr(0, dot2));
    if (expected.empty() || signature->size() != expected.size() ||
        CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
        return fail(JwtError::bad_signature);
    }

    std::optional<json::object> payload = parse_object(payload_part);
    if (!payload) return fail(JwtError::malformed);
    if (!read_claims(std::move(*payload), result.claims)) return fail(JwtError::malformed);

    const Claims& c = result.claims;
    if (c.expires_at && now - leeway >= *c.expires_at) return fail(JwtError::expired);
    if (c.not_before && now + leeway < *c.not_before) return fail(JwtError::not_yet_valid);
    if (c.issued_at && now + leeway < *c.issued_at) return fail(JwtError::issued_in_future);
    return result;
}

json::object claims_to_json(const Claims& c) {
    json::object o = c.extra;
    o["sub"] = c.subject;
    if (c.op) o["op"] = true;
    if (c.vip) o["vip"] = true;
    if (!c.avatar.empty()) o["img"] = c.avatar;
    if (!c.profile_url.empty()) o["url"] = c.profile_url;
    if (!c.nickname.empty()) o["nick"] = c.nickname;
    if (!c.emoji.empty()) o["emoji"] = c.emoji;
    if (!c.gender.empty()) o["gender"] = c.gender;
    if (!c.rules.empty()) {
        json::array rules;
        for (const std::string& r : c.rules) rules.emplace_back(r);
        o["rules"] = std::move(rules);
    }
    if (c.issued_at) o["iat"] = *c.issued_at;
    if (c.not_before) o["nbf"] = *c.not_before;
    if (c.expires_at) o["exp"] = *c.expires_at;
    return o;
}

std::string sign_jwt(const Claims& claims, std::string_view secret, std::int64_t now,
                     std::int64_t ttl_seconds) {
    Claims c = claims;
    c.issued_at = now;
    c.not_before = now;
    c.expires_at = now + ttl_seconds;
    const std::string header = base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
    const std::string payload = base64url_encode(json::serialize(claims_to_json(c)));
    std::string signing_input = header + "." + payload;
    const std::string mac = hmac_sha256(secret, signing_input);
    return signing_input + "." + base64url_encode(mac);
}

}  // namespace barertc::auth
