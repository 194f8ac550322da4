// The server's own WebSocket framing: what browsers send must come out as the same messages,
// and what breaks RFC 6455 must end the connection with the right close code.
#include "server/ws_frame.hpp"
#include "server/ws_handshake.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace barertc::server::ws;

namespace {

// A client frame as a browser sends it: masked with `key`.
std::string client_frame(std::uint8_t first_byte, std::string_view payload,
                         std::uint32_t key = 0x37FA213D, int length_bytes = 0) {
    std::string f;
    f.push_back(static_cast<char>(first_byte));
    const std::size_t n = payload.size();
    if (length_bytes == 0) length_bytes = n < 126 ? 1 : n <= 0xFFFF ? 2 : 8;
    if (length_bytes == 1) {
        f.push_back(static_cast<char>(0x80 | n));
    } else if (length_bytes == 2) {
        f.push_back(static_cast<char>(0x80 | 126));
        f.push_back(static_cast<char>(n >> 8));
        f.push_back(static_cast<char>(n & 0xFF));
    } else {
        f.push_back(static_cast<char>(0x80 | 127));
        for (int i = 7; i >= 0; --i) f.push_back(static_cast<char>((std::uint64_t(n) >> (8 * i)) & 0xFF));
    }
    const char k[4] = {char(key >> 24), char(key >> 16), char(key >> 8), char(key)};
    f.append(k, 4);
    for (std::size_t i = 0; i < n; ++i) f.push_back(static_cast<char>(payload[i] ^ k[i % 4]));
    return f;
}

std::string text(std::string_view s) { return client_frame(0x81, s); }

using Kind = FrameReader::Event::Kind;

}  // namespace

TEST(WsFrame, ServerHeadersUseTheShortestLengthForm) {
    std::uint8_t h[kMaxHeader];
    EXPECT_EQ(write_header(Opcode::text, 5, h), 2u);
    EXPECT_EQ(h[0], 0x81);
    EXPECT_EQ(h[1], 5);
    EXPECT_EQ(write_header(Opcode::text, 126, h), 4u);
    EXPECT_EQ(h[1], 126);
    EXPECT_EQ((h[2] << 8) | h[3], 126);
    EXPECT_EQ(write_header(Opcode::text, 70000, h), 10u);
    EXPECT_EQ(h[1], 127);
    std::uint64_t n = 0;
    for (int i = 0; i < 8; ++i) n = (n << 8) | h[2 + i];
    EXPECT_EQ(n, 70000u);
    const std::string close = close_frame(1008, "slow");
    EXPECT_EQ(close, std::string("\x88\x06\x03\xF0slow", 8));
}

TEST(WsFrame, MessagesOfEverySizeComeOutUnmasked) {
    for (std::size_t size : {0u, 1u, 7u, 125u, 126u, 1000u, 65535u, 65536u, 200000u}) {
        std::string payload(size, 'x');
        for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<char>('a' + i % 26);
        std::string bytes = text(payload);
        FrameReader reader(1 << 20);
        auto e = reader.next(bytes);
        ASSERT_EQ(e.kind, Kind::message) << size;
        EXPECT_EQ(e.opcode, Opcode::text);
        EXPECT_EQ(e.payload, payload) << size;
        EXPECT_EQ(e.consumed, bytes.size());
    }
}

TEST(WsFrame, SeveralFramesInOneReadAndOneFrameOverSeveralReads) {
    std::string bytes = text("first") + text("second") + client_frame(0x89, "p");
    FrameReader reader(1000);
    std::span<char> all(bytes.data(), bytes.size());
    auto a = reader.next(all);
    ASSERT_EQ(a.kind, Kind::message);
    EXPECT_EQ(a.payload, "first");
    auto b = reader.next(all.subspan(a.consumed));
    ASSERT_EQ(b.kind, Kind::message);
    EXPECT_EQ(b.payload, "second");
    auto c = reader.next(all.subspan(a.consumed + b.consumed));
    ASSERT_EQ(c.kind, Kind::control);
    EXPECT_EQ(c.opcode, Opcode::ping);
    EXPECT_EQ(c.payload, "p");

    // Byte by byte: nothing until the last byte, and the reader says how much it needs.
    std::string one = text(std::string(300, 'z'));
    FrameReader slow(1000);
    for (std::size_t have = 0; have < one.size(); ++have) {
        std::string prefix = one.substr(0, have);
        auto e = slow.next(prefix);
        ASSERT_EQ(e.kind, Kind::need_more) << have;
        EXPECT_GT(e.needed, have);
        EXPECT_LE(e.needed, one.size());
    }
    auto whole = slow.next(one);
    ASSERT_EQ(whole.kind, Kind::message);
    EXPECT_EQ(whole.payload, std::string(300, 'z'));
}

TEST(WsFrame, FragmentedMessagesAreReassembledAroundControlFrames) {
    std::string bytes = client_frame(0x01, "Hel") + client_frame(0x89, "ping") +
                        client_frame(0x00, "lo, ") + client_frame(0x80, "world");
    FrameReader reader(1000);
    std::span<char> rest(bytes.data(), bytes.size());
    std::vector<std::string> seen;
    while (!rest.empty()) {
        auto e = reader.next(rest);
        ASSERT_NE(e.kind, Kind::error) << e.reason;
        ASSERT_NE(e.kind, Kind::need_more);
        if (e.kind == Kind::message || e.kind == Kind::control) seen.emplace_back(e.payload);
        rest = rest.subspan(e.consumed);
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"ping", "Hello, world"}));
}

TEST(WsFrame, ProtocolViolationsEndTheConnectionWithTheirCode) {
    struct Case {
        std::string bytes;
        std::uint16_t code;
    };
    std::string unmasked = "\x81\x02hi";
    const std::vector<Case> cases{
        {unmasked, close_code::protocol_error},
        {client_frame(0xC1, "x"), close_code::protocol_error},          // RSV1 without an extension
        {client_frame(0x83, "x"), close_code::protocol_error},          // unknown opcode
        {client_frame(0x80, "x"), close_code::protocol_error},          // continuation of nothing
        {client_frame(0x09, "x"), close_code::protocol_error},          // fragmented ping
        {client_frame(0x89, std::string(126, 'p')), close_code::protocol_error},
        {client_frame(0x01, "a") + text("b"), close_code::protocol_error},  // new message mid-way
        {client_frame(0x81, "x", 1, 2), close_code::protocol_error},   // overlong length
        {text("\xC0\xAF"), close_code::invalid_payload},               // overlong UTF-8
        {text("\xED\xA0\x80"), close_code::invalid_payload},           // a surrogate
        {client_frame(0x88, "\x03"), close_code::protocol_error},      // one-byte close
        {text(std::string(101, 'x')), close_code::too_big},
    };
    for (const auto& c : cases) {
        FrameReader reader(100);
        std::string bytes = c.bytes;
        std::span<char> rest(bytes.data(), bytes.size());
        FrameReader::Event e;
        do {
            e = reader.next(rest);
            rest = rest.subspan(e.consumed);
        } while (e.kind == Kind::skip || (e.kind == Kind::message && !rest.empty()));
        ASSERT_EQ(e.kind, Kind::error) << testing::PrintToString(c.bytes);
        EXPECT_EQ(e.code, c.code) << e.reason;
        EXPECT_EQ(reader.next(rest).kind, Kind::error) << "a failed reader stays failed";
    }
}

TEST(WsFrame, AnOversizedMessageIsRefusedFromItsHeaderAlone) {
    // 8 MB announced, 14 bytes sent: no need to wait for (or buffer) the rest.
    std::string header = client_frame(0x82, std::string(8 << 20, 'b')).substr(0, 14);
    FrameReader reader(1 << 20);
    auto e = reader.next(header);
    ASSERT_EQ(e.kind, Kind::error);
    EXPECT_EQ(e.code, close_code::too_big);
    // The same across fragments: each alone fits, together they do not.
    FrameReader pieces(100);
    std::string bytes = client_frame(0x01, std::string(60, 'a')) + client_frame(0x80, std::string(60, 'a'));
    auto first = pieces.next(bytes);
    ASSERT_EQ(first.kind, Kind::skip);
    auto second = pieces.next(std::span<char>(bytes).subspan(first.consumed));
    ASSERT_EQ(second.kind, Kind::error);
    EXPECT_EQ(second.code, close_code::too_big);
}

TEST(WsFrame, Utf8Validation) {
    EXPECT_TRUE(valid_utf8(""));
    EXPECT_TRUE(valid_utf8("plain ascii, long enough to take the eight-byte path"));
    EXPECT_TRUE(valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
    EXPECT_FALSE(valid_utf8("\x80"));
    EXPECT_FALSE(valid_utf8("abc\xC3"));           // cut short
    EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));   // past U+10FFFF
    EXPECT_FALSE(valid_utf8("\xE0\x80\xAF"));       // overlong
    EXPECT_FALSE(valid_utf8("\xFF"));
}

TEST(WsHandshake, AcceptKeyIsTheRfcExampleAndBadKeysAreRefused) {
    EXPECT_EQ(accept_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    EXPECT_FALSE(accept_key(""));
    EXPECT_FALSE(accept_key("short=="));
    EXPECT_FALSE(accept_key("dGhlIHNhbXBsZSBub25jZQ!="));
    const std::string response = switching_protocols_response("abc=");
    EXPECT_EQ(response.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0), 0u);
    EXPECT_NE(response.find("\r\nSec-WebSocket-Accept: abc=\r\n\r\n"), std::string::npos);
}
