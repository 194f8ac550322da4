// The server's own WebSocket framing, seen from a raw socket: what browsers and proxies do at
// the byte level (pipelined and fragmented frames, pings, bad UTF-8, unmasked frames, broken
// handshakes) gets the RFC 6455 answer, and the rest of the room does not notice.
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/time.h>

#include <cstdint>
#include <string>

using namespace barertc::testing;
namespace asio = boost::asio;

namespace {

// One client frame, masked as a browser's.
std::string masked_frame(std::uint8_t first_byte, const std::string& payload) {
    std::string f;
    f.push_back(static_cast<char>(first_byte));
    const std::size_t n = payload.size();
    if (n < 126) {
        f.push_back(static_cast<char>(0x80 | n));
    } else {
        f.push_back(static_cast<char>(0x80 | 126));
        f.push_back(static_cast<char>(n >> 8));
        f.push_back(static_cast<char>(n & 0xFF));
    }
    const char key[4] = {'\x12', '\x34', '\x56', '\x78'};
    f.append(key, 4);
    for (std::size_t i = 0; i < n; ++i) f.push_back(static_cast<char>(payload[i] ^ key[i % 4]));
    return f;
}

struct ServerFrame {
    int opcode = -1;  // -1: the connection ended (or nothing came within the timeout)
    std::string payload;
};

// A WebSocket client that writes and reads bytes itself.
class RawWs {
public:
    explicit RawWs(unsigned short port, const std::string& extra_headers = "",
                   const std::string& version = "13") {
        socket_.connect({asio::ip::make_address("127.0.0.1"), port});
        timeval tv{5, 0};  // no test waits forever for a byte
        setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: " +
              version + "\r\n" + extra_headers + "\r\n");
        while (buffer_.find("\r\n\r\n") == std::string::npos)
            if (!fill()) break;
        const std::size_t end = buffer_.find("\r\n\r\n");
        response_ = buffer_.substr(0, end == std::string::npos ? buffer_.size() : end + 4);
        buffer_.erase(0, response_.size());
    }

    const std::string& response() const { return response_; }
    void write(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }

    ServerFrame next() {
        while (true) {
            if (buffer_.size() >= 2) {
                const auto* b = reinterpret_cast<const unsigned char*>(buffer_.data());
                std::size_t header = 2, len = b[1] & 0x7F;
                if (len == 126) {
                    header = 4;
                    if (buffer_.size() >= 4) len = (std::size_t(b[2]) << 8) | b[3];
                } else if (len == 127) {
                    header = 10;
                    if (buffer_.size() >= 10) {
                        len = 0;
                        for (int i = 0; i < 8; ++i) len = (len << 8) | b[2 + i];
                    }
                }
                EXPECT_EQ(b[1] & 0x80, 0) << "server frames are never masked";
                if (buffer_.size() >= header && buffer_.size() >= header + len) {
                    ServerFrame f{b[0] & 0x0F, buffer_.substr(header, len)};
                    EXPECT_TRUE(b[0] & 0x80) << "server frames are final";
                    buffer_.erase(0, header + len);
                    return f;
                }
            }
            if (!fill()) return {};
        }
    }

    // The next text message whose JSON has "action": `action`.
    std::string next_action(const std::string& action) {
        while (true) {
            ServerFrame f = next();
            if (f.opcode != 1) return "";
            if (f.payload.find("\"action\":\"" + action + "\"") != std::string::npos) return f.payload;
        }
    }

    // The close code the server sent, reading past anything before it; 0 if none came.
    int close_code() {
        while (true) {
            ServerFrame f = next();
            if (f.opcode == -1) return 0;
            if (f.opcode == 8)
                return f.payload.size() >= 2 ? (static_cast<unsigned char>(f.payload[0]) << 8) |
                                                   static_cast<unsigned char>(f.payload[1])
                                             : 1005;
        }
    }

    // True once the server has closed the TCP connection.
    bool wait_eof() {
        while (fill()) buffer_.clear();
        return eof_;
    }

private:
    bool fill() {
        char chunk[4096];
        boost::system::error_code ec;
        const std::size_t n = socket_.read_some(asio::buffer(chunk), ec);
        if (ec) {
            eof_ = ec == asio::error::eof || ec == asio::error::connection_reset;
            return false;
        }
        buffer_.append(chunk, n);
        return true;
    }

    asio::io_context ioc_;
    asio::ip::tcp::socket socket_{ioc_};
    std::string buffer_;
    std::string response_;
    bool eof_ = false;
};

std::string login_frame(const std::string& name) {
    return R"({"action":"login","username":")" + name + R"("})";
}
std::string message_frame(const std::string& text) {
    return R"({"action":"message","channel":"lobby","message":")" + text + R"("})";
}

}  // namespace

TEST(WebSocketProtocol, TheHandshakeAnswerIsRfc6455sAndBadOnesAreRefused) {
    TestServer server(default_test_settings());
    RawWs good(server.port());
    EXPECT_EQ(good.response().rfind("HTTP/1.1 101", 0), 0u) << good.response();
    // The RFC's own example key and answer.
    EXPECT_NE(good.response().find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"),
              std::string::npos)
        << good.response();

    RawWs old_version(server.port(), "", "8");
    EXPECT_EQ(old_version.response().rfind("HTTP/1.1 426", 0), 0u) << old_version.response();
    EXPECT_NE(old_version.response().find("Sec-WebSocket-Version: 13"), std::string::npos);
}

TEST(WebSocketProtocol, PipelinedAndFragmentedFramesArriveInOrder) {
    TestServer server(default_test_settings());
    WsClient alice(server.port());
    alice.login("alice");
    RawWs raw(server.port());
    // Login and two messages in one TCP write, the second split into three fragments with a
    // ping in the middle (allowed: control frames may come between fragments).
    raw.write(masked_frame(0x81, login_frame("rawuser")) + masked_frame(0x81, message_frame("first")) +
              masked_frame(0x01, message_frame("sec").substr(0, 40)) + masked_frame(0x89, "are you there") +
              masked_frame(0x00, message_frame("sec").substr(40, 5)) +
              masked_frame(0x80, message_frame("sec").substr(45) ));
    EXPECT_NE(raw.next_action("me"), "");
    auto first = alice.wait_for([](const Json& m) {
        return str(m, "action") == "message" && str(m, "username") == "rawuser";
    }, "rawuser's first message");
    EXPECT_NE(str(first, "message").find("first"), std::string::npos);
    auto second = alice.wait_for([](const Json& m) {
        return str(m, "action") == "message" && str(m, "username") == "rawuser";
    }, "rawuser's reassembled message");
    EXPECT_NE(str(second, "message").find("sec"), std::string::npos);
    // The ping was answered with a pong carrying its payload.
    ServerFrame f;
    do f = raw.next();
    while (f.opcode == 1);
    EXPECT_EQ(f.opcode, 0xA);
    EXPECT_EQ(f.payload, "are you there");
}

TEST(WebSocketProtocol, BrokenFramesCloseOnlyThatConnectionWithTheRightCode) {
    TestServer server(default_test_settings());
    WsClient alice(server.port());
    alice.login("alice");
    struct Case {
        std::string bytes;
        int code;
    };
    const std::vector<Case> cases{
        {std::string("\x81\x05hello", 7), 1002},                // not masked
        {masked_frame(0x81, "caf\xC3"), 1007},                   // text that is not UTF-8
        {masked_frame(0x80, "orphan continuation"), 1002},
        {masked_frame(0xC1, "compressed?"), 1002},              // RSV1 without permessage-deflate
    };
    for (const auto& c : cases) {
        RawWs raw(server.port());
        raw.write(masked_frame(0x81, login_frame("breaker")));
        ASSERT_NE(raw.next_action("me"), "");
        raw.write(c.bytes);
        EXPECT_EQ(raw.close_code(), c.code);
        EXPECT_TRUE(raw.wait_eof()) << "the server hangs up after its close frame";
        alice.wait_for([](const Json& m) {
            return str(m, "action") == "presence" && str(m, "username") == "breaker" &&
                   str(m, "message").find("exited") != std::string::npos;
        }, "breaker leaving");
    }
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "unbothered"}});
    EXPECT_NE(str(alice.wait_action("message"), "message").find("unbothered"), std::string::npos);
    EXPECT_TRUE(server.running());
}

TEST(WebSocketProtocol, AClientCloseIsAnsweredWithItsCodeAndTheUserLeaves) {
    TestServer server(default_test_settings());
    WsClient alice(server.port());
    alice.login("alice");
    RawWs raw(server.port());
    raw.write(masked_frame(0x81, login_frame("leaver")));
    ASSERT_NE(raw.next_action("me"), "");
    raw.write(masked_frame(0x88, std::string("\x03\xE9going", 7)));  // 1001
    EXPECT_EQ(raw.close_code(), 1001);
    EXPECT_TRUE(raw.wait_eof());
    alice.wait_for([](const Json& m) {
        return str(m, "action") == "presence" && str(m, "username") == "leaver";
    }, "leaver's exit");
}
