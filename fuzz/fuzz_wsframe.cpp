// Bytes off the wire into the server's WebSocket frame reader, cut into reads at places the
// input chooses: it may not crash, read out of bounds or loop, and what it reports as used
// up must stay within what it was given.
#include "server/ws_frame.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t chunk = 1 + data[0] % 64;  // how many new bytes each "read" brings
    std::string wire(reinterpret_cast<const char*>(data + 1), size - 1);
    barertc::server::ws::FrameReader reader(4096);
    std::string buffered;
    std::size_t offset = 0;
    using Kind = barertc::server::ws::FrameReader::Event::Kind;
    while (offset < wire.size()) {
        buffered.append(wire, offset, chunk);
        offset += chunk;
        while (!buffered.empty()) {
            auto e = reader.next({buffered.data(), buffered.size()});
            if (e.kind == Kind::error) return 0;
            if (e.kind == Kind::need_more) break;
            if (e.consumed == 0 || e.consumed > buffered.size()) std::abort();
            if (e.kind == Kind::message && e.opcode == barertc::server::ws::Opcode::text &&
                !barertc::server::ws::valid_utf8(e.payload))
                std::abort();
            buffered.erase(0, e.consumed);
        }
    }
    return 0;
}
