// Unpadded base64url (RFC 4648 §5), as JWS compact serialisation uses it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace barertc::auth {

std::string base64url_encode(std::string_view bytes);

// Accepts the unpadded form only (JWS forbids padding); nullopt on any other character
// or an impossible length.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace barertc::auth
