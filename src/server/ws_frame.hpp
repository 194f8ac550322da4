// RFC 6455 framing, both directions, without sockets: the server writes its own frames so that
// several queued messages leave in one system call (Beast's stream writes one per operation),
// and reads client frames in place from whatever bytes arrived.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace barertc::server::ws {

enum class Opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

// Close codes the server sends (RFC 6455 §7.4.1).
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t invalid_payload = 1007;
inline constexpr std::uint16_t policy_error = 1008;
inline constexpr std::uint16_t too_big = 1009;
inline constexpr std::uint16_t service_restart = 1012;
}  // namespace close_code

// The most bytes a server frame header takes (2 + 8-byte length; server frames are unmasked).
inline constexpr std::size_t kMaxHeader = 10;

// Writes the header of one final, unmasked frame carrying `length` payload bytes into `out`
// and returns how many bytes it used.
std::size_t write_header(Opcode opcode, std::uint64_t length, std::uint8_t* out);

// A whole control frame (payload at most 125 bytes): for ping, pong and close.
std::string control_frame(Opcode opcode, std::string_view payload);
// A close frame with `code` and a short reason.
std::string close_frame(std::uint16_t code, std::string_view reason = {});

// True if `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF):
// text messages must be (RFC 6455 §8.1).
bool valid_utf8(std::string_view text);

// Turns the client's bytes into messages. Client frames must be masked; fragmented messages
// are reassembled; a message over `max_message` bytes is refused as soon as its header says so.
class FrameReader {
public:
    explicit FrameReader(std::size_t max_message) : max_message_(max_message) {}

    struct Event {
        enum class Kind {
            need_more,  // no whole frame in the bytes: read more (`needed` says how many at least)
            message,    // a whole text or binary message
            control,    // a ping, pong or close frame
            skip,       // a frame was used up (a non-final fragment): call again
            error,      // the client broke the protocol: close with `code`, stop reading
        };
        Kind kind = Kind::need_more;
        Opcode opcode = Opcode::text;
        // The message or control payload, unmasked. Points into the caller's bytes or into
        // the reader's reassembly buffer; valid until the next call.
        std::string_view payload;
        std::size_t consumed = 0;  // bytes of the input this event used up
        std::size_t needed = 0;    // with need_more: the whole frame's size, when known
        std::uint16_t code = 0;    // with error
        const char* reason = "";   // with error
    };

    // Looks at the start of `bytes` (unmasking in place) and reports the first event.
    Event next(std::span<char> bytes);

private:
    Event fail(std::uint16_t code, const char* reason);
    // A whole message (the frame that ended it was `consumed` bytes), once its text is known
    // to be UTF-8.
    Event message(Opcode opcode, std::string_view payload, std::size_t consumed);

    std::size_t max_message_;
    bool assembling_ = false;
    Opcode assembling_opcode_ = Opcode::text;
    std::string assembled_;
    bool failed_ = false;
};

}  // namespace barertc::server::ws
