#include "server/ws_handshake.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace barertc::server::ws {

namespace {
constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

bool is_base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}
}  // namespace

std::optional<std::string> accept_key(std::string_view client_key) {
    // 16 bytes in base64: 22 characters and "==".
    if (client_key.size() != 24 || client_key.substr(22) != "==") return std::nullopt;
    for (char c : client_key.substr(0, 22))
        if (!is_base64_char(c)) return std::nullopt;
    std::string input(client_key);
    input.append(kGuid);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
    unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
    return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n));
}

std::string switching_protocols_response(std::string_view accept) {
    std::string response =
        "HTTP/1.1 101 Switching Protocols\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        "Server: barertc-cpp\r\n"
        "Sec-WebSocket-Accept: ";
    response.append(accept);
    response.append("\r\n\r\n");
    return response;
}

}  // namespace barertc::server::ws
