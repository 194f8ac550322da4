// WebSocket text frames as any client could send them, into the message decoder and back
// out through the encoder: neither may crash, and what decodes must encode.
#include "protocol/codec.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view frame(reinterpret_cast<const char*>(data), size);
    barertc::protocol::DecodeLimits limits;
    limits.max_file_bytes = 1 << 20;
    auto result = barertc::protocol::decode(frame, limits);
    if (result.ok) (void)barertc::protocol::encode(result.message);
    return 0;
}
