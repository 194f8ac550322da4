// [Limits] ConnectionsPerAddress: one address cannot hold more than its share of connections;
// the refused one gets a 429 that says why, and a closed connection frees its place.
#include "room_helpers.hpp"
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <memory>

using namespace barertc::testing;
namespace http = boost::beast::http;

namespace {

// A WebSocket handshake sent as a plain request, so the refusal's status and text are visible.
HttpResult websocket_handshake(unsigned short port,
                               std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<std::pair<std::string, std::string>> headers{
        {"Upgrade", "websocket"},
        {"Connection", "Upgrade"},
        {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
        {"Sec-WebSocket-Version", "13"}};
    headers.insert(headers.end(), extra.begin(), extra.end());
    return http_request(port, http::verb::get, "/ws", "", "", headers);
}

}  // namespace

TEST(ConnectionCap, TheConnectionOverTheCapIsRefusedWith429AndAClosedOneFreesItsPlace) {
    TestServer server(default_test_settings("\n[Limits]\nConnectionsPerAddress = 3\n"));
    WsClient alice(server.port());
    alice.login("alice");
    auto bob = std::make_unique<WsClient>(server.port());
    bob->login("bob");
    WsClient carol(server.port());
    carol.login("carol");
    alice.wait_for([](const Json& m) { return str(m, "action") == "who" && has_user(m, "bob"); },
                   "a who list with bob");

    // Both a fourth WebSocket and a plain page request are refused, each with the reason.
    HttpResult ws = websocket_handshake(server.port());
    EXPECT_EQ(ws.status, 429);
    EXPECT_NE(ws.body.find("Too many connections from your address"), std::string::npos) << ws.body;
    HttpResult page = http_request(server.port(), http::verb::get, "/healthz");
    EXPECT_EQ(page.status, 429);
    EXPECT_THROW(WsClient(server.port()), boost::system::system_error);
    EXPECT_TRUE(server.wait_for_log("127.0.0.1: refused 1 connection(s): 3 already open"))
        << server.log();
    bob.reset();
    alice.wait_for([](const Json& m) { return str(m, "action") == "who" && !has_user(m, "bob"); },
                   "a who list without bob");

    // Nothing already open suffered, and bob's closed connection made room for dave.
    WsClient dave(server.port());
    dave.login("dave");
    carol.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "still here"}});
    alice.wait_for([](const Json& m) {
        return str(m, "action") == "message" && str(m, "message").find("still here") != std::string::npos;
    }, "carol's message");
    EXPECT_EQ(http_request(server.port(), http::verb::get, "/healthz").status, 429)
        << "the cap is full again with alice, carol and dave";
}

TEST(ConnectionCap, RefusalsAreCountedInMetrics) {
    TestServer server(default_test_settings("\n[Limits]\nConnectionsPerAddress = 2\n"));
    WsClient alice(server.port());
    alice.login("alice");
    auto bob = std::make_unique<WsClient>(server.port());
    bob->login("bob");
    // (Alice's own login list, without bob, must not pass for the list after he left.)
    alice.wait_for([](const Json& m) { return str(m, "action") == "who" && has_user(m, "bob"); },
                   "a who list with bob");
    EXPECT_EQ(websocket_handshake(server.port()).status, 429);
    EXPECT_EQ(http_request(server.port(), http::verb::get, "/metrics").status, 429);
    bob.reset();
    alice.wait_for([](const Json& m) { return str(m, "action") == "who" && !has_user(m, "bob"); },
                   "a who list without bob");
    HttpResult metrics = http_request(server.port(), http::verb::get, "/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("barertc_connections_over_address_cap_total 2"), std::string::npos)
        << metrics.body;
}

TEST(ConnectionCap, BehindAProxyTheForwardedAddressIsCountedNotTheProxy) {
    TestServer server(default_test_settings(
        "\n[Limits]\nConnectionsPerAddress = 2\n", "UseXForwardedFor = true\n"));
    const std::vector<std::pair<std::string, std::string>> visitor{{"X-Real-IP", "203.0.113.5"}};
    WsClient a1(server.port(), "", visitor), a2(server.port(), "", visitor);
    a1.login("a1");
    a2.login("a2");
    HttpResult third = websocket_handshake(server.port(), visitor);
    EXPECT_EQ(third.status, 429);
    EXPECT_TRUE(server.wait_for_log("203.0.113.5: refused 1 connection(s): 2 already open"))
        << server.log();
    // Another visitor through the same proxy (the same socket address) still gets in, and the
    // proxy's plain requests are not counted at all.
    WsClient b1(server.port(), "", {{"X-Real-IP", "203.0.113.6"}});
    EXPECT_EQ(b1.login("b1"), "b1");
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(http_request(server.port(), http::verb::get, "/healthz").status, 200);
}

TEST(ConnectionCap, ZeroTurnsTheCapOff) {
    TestServer server(default_test_settings("\n[Limits]\nConnectionsPerAddress = 0\n"));
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < 60; ++i) clients.push_back(std::make_unique<WsClient>(server.port()));
    clients.back()->login("last");
    EXPECT_EQ(http_request(server.port(), http::verb::get, "/healthz").status, 200);
}
