// Time-limited TURN credentials in the form coturn checks with `use-auth-secret` (its
// "TURN REST API" scheme, ours.md "Operations"): the user name carries its own expiry time,
// and the password is an HMAC of that user name under a secret shared with the TURN server.
// So the TURN server needs no user database, and a leaked credential stops working by itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace barertc::auth {

struct TurnCredential {
    std::string username;    // "<expiry unix time>:<chat user>"
    std::string credential;  // base64(HMAC-SHA1(secret, username))
    std::int64_t expires = 0;

    bool operator==(const TurnCredential&) const = default;
};

// Credentials for `user`, valid until now + lifetime_seconds.
TurnCredential make_turn_credential(std::string_view secret, std::string_view user,
                                    std::int64_t now, std::int64_t lifetime_seconds);

}  // namespace barertc::auth
