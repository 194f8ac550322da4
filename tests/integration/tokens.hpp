// Tokens as a host site would sign them, for tests that sign users in.
#pragma once

#include "auth/jwt.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace barertc::testing {

inline std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

// A 10-minute HS256 token for an operator named `sub`.
inline std::string operator_token(const std::string& sub, const std::string& secret) {
    auth::Claims c;
    c.subject = sub;
    c.op = true;
    return auth::sign_jwt(c, secret, unix_now(), 600);
}

}  // namespace barertc::testing
