// JSON Web Tokens as BareRTC sites issue them: HS256 (RFC 7515/7519) only.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace barertc::auth {

// The claims BareRTC understands. Unknown claims are kept in `extra` so that
// re-signing (every ping) hands the site's own claims back unchanged.
struct Claims {
    std::string subject;       // sub: the chat username
    bool op = false;           // operator
    bool vip = false;
    std::string avatar;        // img (absolute or site-relative, verbatim)
    std::string profile_url;   // url (absolute or site-relative, verbatim)
    std::string nickname;      // nick
    std::string emoji;
    std::string gender;
    std::vector<std::string> rules;  // redcam, nobroadcast, novideo, noimage, nodvd
    std::optional<std::int64_t> issued_at;   // iat
    std::optional<std::int64_t> not_before;  // nbf
    std::optional<std::int64_t> expires_at;  // exp
    boost::json::object extra;  // every other claim (iss, aud, jti, site-specific ...)
};

// The moderation rules a token carries, as the client's `jwtRules` dictionary names them.
struct Rules {
    bool red_cam = false;        // IsRedCamRule: camera forced explicit
    bool no_broadcast = false;   // IsNoBroadcastRule
    bool no_video = false;       // IsNoVideoRule (implies no_broadcast)
    bool no_image = false;       // IsNoImageRule
    bool no_dark_video = false;  // IsNoDarkVideoRule
};
Rules rules_from_claims(const Claims& claims);

enum class JwtError {
    none,
    too_large,          // token longer than kMaxTokenBytes
    malformed,          // not three base64url parts, bad base64, bad JSON, claim of the wrong type
    unsupported_alg,    // alg other than HS256 (including "none")
    bad_signature,
    expired,            // exp (with leeway) is in the past
    not_yet_valid,      // nbf (with leeway) is in the future
    issued_in_future,   // iat (with leeway) is in the future
    no_secret,          // server has no SecretKey configured
};
// A short human sentence for logs and the user's error notice.
std::string_view describe(JwtError error);

inline constexpr std::size_t kMaxTokenBytes = 16 * 1024;
inline constexpr std::int64_t kDefaultLeewaySeconds = 60;

struct VerifyResult {
    JwtError error = JwtError::none;
    Claims claims;  // meaningful only when error == none
    bool ok() const { return error == JwtError::none; }
};

// Checks the signature with HMAC-SHA256 in constant time, then exp/nbf/iat against `now`
// (Unix seconds) with `leeway` seconds of tolerance. Never throws.
VerifyResult verify_jwt(std::string_view token, std::string_view secret, std::int64_t now,
                        std::int64_t leeway = kDefaultLeewaySeconds);

// Signs `claims` with HS256, setting iat = nbf = now and exp = now + ttl_seconds
// (the claims' own iat/nbf/exp are replaced). Used for the 5-minute refresh on ping
// and for /api/authenticate.
std::string sign_jwt(const Claims& claims, std::string_view secret, std::int64_t now,
                     std::int64_t ttl_seconds);

// The claims as the JSON object the page exposes as `UserJWTClaims` (original claim names).
boost::json::object claims_to_json(const Claims& claims);

}  // namespace barertc::auth
