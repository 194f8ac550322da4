// The server side of the WebSocket opening handshake (RFC 6455 §4.2): which upgrade requests
// are acceptable, and the 101 answer. The session writes the answer itself, ahead of its frames.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace barertc::server::ws {

// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key, or nothing if the key is not the
// base64 of 16 bytes.
std::optional<std::string> accept_key(std::string_view client_key);

// The complete "101 Switching Protocols" response for `accept`.
std::string switching_protocols_response(std::string_view accept);

}  // namespace barertc::server::ws
