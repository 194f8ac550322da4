// A room as users live it: join, see each other, talk in channels and by DM.
#include "room_helpers.hpp"
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

using namespace barertc::testing;

namespace {

auto is_action(const std::string& a) {
    return [a](const Json& m) { return str(m, "action") == a; };
}

}  // namespace

TEST(ChatFlow, LoginSequenceIsMeWhoEchoPresenceWelcome) {
    TestServer server(default_test_settings());
    WsClient alice(server.port());
    alice.send(Json{{"action", "login"}, {"username", "alice"}});
    std::vector<std::string> order;
    Json welcome;
    while (order.size() < 5) {
        auto m = alice.next();
        ASSERT_TRUE(m) << "connection ended early";
        const std::string a = str(*m, "action");
        if (a == "ping") continue;
        order.push_back(a);
        if (a == "error") welcome = *m;
    }
    EXPECT_EQ(order, (std::vector<std::string>{"me", "who", "echo", "presence", "error"}));
    EXPECT_EQ(str(welcome, "channel"), "lobby");
    EXPECT_EQ(str(welcome, "username"), "ChatServer");
    EXPECT_NE(str(welcome, "message").find("<strong>the lobby</strong>"), std::string::npos);
    // A guest who is not VIP gets no VIP channel welcome: nothing else arrives before a
    // message she sends afterwards.
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "marker"}});
    alice.wait_for([](const Json& m) {
        EXPECT_NE(str(m, "channel"), "vip");
        return str(m, "action") == "message";
    }, "her own message");
}

TEST(ChatFlow, EveryoneSeesANewcomerInTheWhoList) {
    TestServer server(default_test_settings());
    WsClient alice(server.port());
    alice.login("alice");
    alice.wait_action("who");
    WsClient bob(server.port());
    bob.login("bob");
    Json bobs_list = bob.wait_action("who");
    EXPECT_TRUE(has_user(bobs_list, "alice"));
    EXPECT_TRUE(has_user(bobs_list, "bob"));
    // The presence notice goes out at once; the who-list follows within the coalescing window.
    Json presence = alice.wait_for([](const Json& m) {
        return str(m, "action") == "presence" && str(m, "username") == "bob";
    }, "bob's presence");
    EXPECT_EQ(str(presence, "message"), "has joined the room!");
    alice.wait_for([](const Json& m) { return str(m, "action") == "who" && has_user(m, "bob"); },
                   "a who list with bob");
}

TEST(ChatFlow, LeavingIsAnnouncedAndRemovesTheUser) {
    TestServer server(default_test_settings());
    WsClient alice(server.port());
    alice.login("alice");
    {
        WsClient bob(server.port());
        bob.login("bob");
        alice.wait_for([](const Json& m) { return is_action("who")(m) && has_user(m, "bob"); },
                       "who with bob");
    }
    Json exit = alice.wait_for([](const Json& m) {
        return is_action("presence")(m) && str(m, "message") == "has exited the room!";
    }, "bob's exit");
    EXPECT_EQ(str(exit, "username"), "bob");
    alice.wait_for([](const Json& m) { return is_action("who")(m) && !has_user(m, "bob"); },
                   "who without bob");
}

TEST(ChatFlow, PublicMessageReachesEveryoneIncludingTheSenderAsSafeHtml) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port());
    alice.login("alice");
    bob.login("bob");
    alice.send(Json{{"action", "message"}, {"channel", "lobby"},
                    {"message", "hello **world** <script>alert(1)</script>"}});
    for (WsClient* c : {&alice, &bob}) {
        Json m = c->wait_action("message");
        EXPECT_EQ(str(m, "channel"), "lobby");
        EXPECT_EQ(str(m, "username"), "alice");
        EXPECT_GT(num(m, "msgID"), 0);
        const std::string html = str(m, "message");
        EXPECT_NE(html.find("<strong>world</strong>"), std::string::npos) << html;
        EXPECT_EQ(html.find("<script"), std::string::npos) << html;
    }
}

TEST(ChatFlow, DirectMessagesAreFiledUnderTheOtherPersonOnEachSide) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port()), carol(server.port());
    alice.login("alice");
    bob.login("bob");
    carol.login("carol");
    alice.send(Json{{"action", "message"}, {"channel", "@bob"}, {"message", "psst"}});
    Json mine = alice.wait_action("message");
    EXPECT_EQ(str(mine, "channel"), "@bob");
    Json theirs = bob.wait_action("message");
    EXPECT_EQ(str(theirs, "channel"), "@alice");
    EXPECT_EQ(str(theirs, "username"), "alice");
    EXPECT_NE(str(theirs, "message").find("psst"), std::string::npos);
    // Carol must not see it: the next message she gets is a public one sent afterwards.
    bob.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "marker"}});
    Json next = carol.wait_action("message");
    EXPECT_EQ(str(next, "channel"), "lobby");
}

TEST(ChatFlow, DirectMessageToSomeoneOfflineSaysSo) {
    TestServer server(default_test_settings());
    WsClient alice(server.port());
    alice.login("alice");
    alice.send(Json{{"action", "message"}, {"channel", "@nobody"}, {"message", "hi"}});
    alice.wait_action("message");
    Json err = alice.wait_action("error");
    EXPECT_NE(str(err, "message").find("offline"), std::string::npos);
}

TEST(ChatFlow, EchoReplaysRecentPublicMessagesToNewcomers) {
    TestServer server(default_test_settings());
    WsClient alice(server.port());
    alice.login("alice");
    for (int i = 1; i <= 3; ++i)
        alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "line " + std::to_string(i)}});
    for (int i = 0; i < 3; ++i) alice.wait_action("message");
    WsClient bob(server.port());
    bob.login("bob");
    Json echo = bob.wait_action("echo");
    auto& items = echo.at("messages").as_array();
    ASSERT_EQ(items.size(), 3u);
    EXPECT_NE(str(items[0].as_object(), "message").find("line 1"), std::string::npos);
    EXPECT_NE(str(items[2].as_object(), "message").find("line 3"), std::string::npos);
    EXPECT_FALSE(str(items[0].as_object(), "timestamp").empty());
}

TEST(ChatFlow, DuplicateGuestNamesAreRenamedCaseInsensitively) {
    TestServer server(default_test_settings());
    WsClient a(server.port()), b(server.port()), c(server.port());
    EXPECT_EQ(a.login("alice"), "alice");
    EXPECT_EQ(b.login("Alice"), "Alice 2");
    EXPECT_EQ(c.login("alice"), "alice 3");
}

TEST(ChatFlow, TakebackRemovesOwnMessagesOnlyAndReactionsReachEveryone) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port());
    alice.login("alice");
    bob.login("bob");
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "oops"}});
    const std::int64_t id = num(bob.wait_action("message"), "msgID");
    bob.send(Json{{"action", "takeback"}, {"msgID", id}});
    EXPECT_NE(str(bob.wait_action("error"), "message").find("your own"), std::string::npos);
    bob.send(Json{{"action", "react"}, {"msgID", id}, {"message", "❤️"}});
    Json react = alice.wait_action("react");
    EXPECT_EQ(str(react, "username"), "bob");
    EXPECT_EQ(num(react, "msgID"), id);
    alice.send(Json{{"action", "takeback"}, {"msgID", id}});
    EXPECT_EQ(num(bob.wait_action("takeback"), "msgID"), id);
    // And a newcomer's echo no longer carries it.
    WsClient carol(server.port());
    carol.login("carol");
    EXPECT_EQ(carol.wait_action("echo").count("messages"), 0u);
}

TEST(ChatFlow, WhoDeltaClientsGetDeltasAfterTheirFirstFullList) {
    TestServer server(default_test_settings());
    WsClient alice(server.port());
    alice.login("alice", "", {"whoDelta"});
    Json first = alice.wait_action("who");
    EXPECT_TRUE(has_user(first, "alice"));
    WsClient bob(server.port());
    bob.login("bob");
    Json delta = alice.wait_for([](const Json& m) { return str(m, "action") == "who-delta"; },
                                "a who-delta");
    auto& joined = delta.at("joined").as_array();
    ASSERT_EQ(joined.size(), 1u);
    EXPECT_EQ(str(joined[0].as_object(), "username"), "bob");
    bob.send(Json{{"action", "me"}, {"video", 1}, {"status", "online"}});
    Json changed = alice.wait_for([](const Json& m) {
        return str(m, "action") == "who-delta" && m.count("changed");
    }, "a changed row");
    EXPECT_EQ(num(changed.at("changed").as_array()[0].as_object(), "video"), 1);
}

TEST(ChatFlow, PingsCarryARefreshedTokenOnlyForJwtUsers) {
    TestServer server(default_test_settings(), {"--ping-interval", "1"});
    WsClient guest(server.port());
    guest.login("guest");
    Json ping = guest.wait_action("ping");
    EXPECT_EQ(ping.count("jwt"), 0u);
}
