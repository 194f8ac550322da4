// Mute, block and the sync set that the web client sends before it logs in.
#include "room_helpers.hpp"
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

using namespace barertc::testing;

namespace {

// Reads `c` until its next chat message and returns its text.
std::string next_message_text(WsClient& c) { return str(c.wait_action("message"), "message"); }

}  // namespace

TEST(Relations, MutedUsersMessagesStopReachingMe) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port()), carol(server.port());
    alice.login("alice");
    bob.login("bob");
    carol.login("carol");
    alice.send(Json{{"action", "mute"}, {"username", "Bob"}});  // any case
    say(bob, "from bob");
    say(carol, "from carol");
    EXPECT_NE(next_message_text(alice).find("from carol"), std::string::npos);
    alice.send(Json{{"action", "unmute"}, {"username", "bob"}});
    say(bob, "bob again");
    EXPECT_NE(next_message_text(alice).find("bob again"), std::string::npos);
}

TEST(Relations, BlockHidesBothSidesFromEachOther) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port());
    alice.login("alice");
    bob.login("bob");
    alice.send(Json{{"action", "block"}, {"username", "bob"}});
    bob.wait_for([](const Json& m) { return str(m, "action") == "who" && !has_user(m, "alice"); },
                 "a who list without alice");
    alice.wait_for([](const Json& m) { return str(m, "action") == "who" && !has_user(m, "bob"); },
                   "a who list without bob");
    // DMs across the block are dropped silently; public messages too.
    bob.send(Json{{"action", "message"}, {"channel", "@alice"}, {"message", "let me in"}});
    say(bob, "public from bob");
    WsClient carol(server.port());
    carol.login("carol");
    say(carol, "from carol");
    EXPECT_NE(next_message_text(alice).find("from carol"), std::string::npos);
}

TEST(Relations, TheSyncSetIsAcceptedBeforeLoginAndApplies) {
    TestServer server(default_test_settings());
    WsClient bob(server.port());
    bob.login("bob");
    WsClient alice(server.port());
    alice.send(Json{{"action", "blocklist"}, {"usernames", boost::json::array{"bob"}}});
    alice.send(Json{{"action", "mute"}, {"username", "carol"}});
    alice.login("alice");
    Json who = alice.wait_action("who");
    EXPECT_FALSE(has_user(who, "bob"));
    EXPECT_TRUE(has_user(who, "alice"));
}

TEST(Relations, ActionsOtherThanTheSyncSetNeedALogin) {
    TestServer server(default_test_settings());
    WsClient anon(server.port());
    anon.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "hi"}});
    EXPECT_NE(str(anon.wait_action("error"), "message").find("log in first"), std::string::npos);
    anon.send(Json{{"action", "open"}, {"username", "x"}});
    EXPECT_NE(str(anon.wait_action("error"), "message").find("log in first"), std::string::npos);
}
