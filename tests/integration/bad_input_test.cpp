// Misbehaving clients get a clear error; the server and everyone else carry on.
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

using namespace barertc::testing;

TEST(BadInput, EachKindOfGarbageGetsAnErrorAndOthersAreUnaffected) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), mallory(server.port());
    alice.login("alice");
    mallory.login("mallory");
    const std::vector<std::pair<std::string, std::string>> cases{
        {"{not json", "could not be read"},
        {"[1,2,3]", "JSON object"},
        {R"({"username":"x"})", "no action"},
        {R"({"action":"message","channel":"lobby","message":42})", "must be a string"},
        {R"({"action":"dance"})", "Unsupported message type: dance"},
        {R"({"action":"<img src=x onerror=alert(1)>"})", "&lt;img"},
        {R"({"action":"typing"})", "Unsupported message type"},
        {R"({"action":"message","channel":"nowhere","message":"hi"})", "no channel"},
        {R"({"action":"message","channel":"vip","message":"hi"})", "Only VIP"},
        {R"({"action":"me","video":1,"status":"<b>x</b>"})", "status name"},
        {R"({"action":"login","username":"again"})", "already logged in"},
    };
    for (const auto& [frame, expected] : cases) {
        mallory.send_text(frame);
        Json err = mallory.wait_action("error");
        EXPECT_NE(str(err, "message").find(expected), std::string::npos)
            << frame << " -> " << str(err, "message");
    }
    mallory.send_binary(std::string("\x00\x01\x02", 3));
    EXPECT_NE(str(mallory.wait_action("error"), "message").find("Binary"), std::string::npos);
    mallory.send_text(R"({"action":"message","channel":"lobby","message":")" +
                      std::string(5000, 'a') + "\"}");
    EXPECT_NE(str(mallory.wait_action("error"), "message").find("too long"), std::string::npos);

    // Alice noticed none of it and the room still works.
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "still here"}});
    Json m = mallory.wait_action("message");
    EXPECT_NE(str(m, "message").find("still here"), std::string::npos);
    alice.wait_for([](const Json& x) {
        if (!x.contains("channel")) { EXPECT_NE(str(x, "action"), "error") << "alice was told off"; }
        return str(x, "action") == "message";
    }, "her own message");
}

TEST(BadInput, HtmlInAGuestNameIsRefused) {
    TestServer server(default_test_settings());
    WsClient c(server.port());
    c.send(Json{{"action", "login"}, {"username", "<script>x</script>"}});
    EXPECT_NE(str(c.wait_action("error"), "message").find("cannot use that username"),
              std::string::npos);
    c.send(Json{{"action", "login"}, {"username", std::string(40, 'x')}});
    EXPECT_NE(str(c.wait_action("error"), "message").find("longer than 32"), std::string::npos);
    EXPECT_EQ(c.login("fine name"), "fine name");
}

TEST(BadInput, FloodingMessagesIsRateLimitedThenKicked) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), spammer(server.port());
    alice.login("alice");
    spammer.login("spammer");
    for (int i = 0; i < 60; ++i)
        spammer.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "spam"}});
    Json slow = spammer.wait_for([](const Json& m) {
        return str(m, "action") == "error" && str(m, "message").find("Slow down") != std::string::npos;
    }, "a rate-limit error");
    spammer.wait_action("disconnect");
    EXPECT_TRUE(spammer.wait_closed());
    Json kicked = alice.wait_for([](const Json& m) {
        return str(m, "action") == "presence" && str(m, "username") == "spammer" &&
               str(m, "message") == "has been kicked from the room!";
    }, "the spammer's kick");
    EXPECT_TRUE(server.running());
}

TEST(BadInput, FramesOverTheReadLimitCloseOnlyThatConnection) {
    TestServer server(default_test_settings("", "WebSocketReadLimit = 100000\n"));
    WsClient alice(server.port()), big(server.port());
    alice.login("alice");
    big.login("big");
    try {
        big.send_text(R"({"action":"message","channel":"lobby","message":")" +
                      std::string(200000, 'a') + "\"}");
    } catch (const std::exception&) {
        // The server may close before the whole frame is written.
    }
    EXPECT_TRUE(big.wait_closed());
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "fine"}});
    EXPECT_NE(str(alice.wait_action("message"), "message").find("fine"), std::string::npos);
}
