// The polling transport (POST /poll, compat §1.8) against the real server: polling users chat
// with WebSocket users, silent sessions time out of the room, and bad polls get clear errors.
#include "poll_client.hpp"
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

using namespace barertc::testing;
namespace http = boost::beast::http;

namespace {

auto action_is(const std::string& action) {
    return [action](const Json& m) { return str(m, "action") == action; };
}

auto message_with(const std::string& channel, const std::string& text) {
    return [channel, text](const Json& m) {
        return str(m, "action") == "message" && str(m, "channel") == channel &&
               str(m, "message").find(text) != std::string::npos;
    };
}

auto presence_of(const std::string& username, const std::string& text) {
    return [username, text](const Json& m) {
        return str(m, "action") == "presence" && str(m, "username") == username &&
               str(m, "message").find(text) != std::string::npos;
    };
}

bool who_lists(const Json& who, const std::string& username) {
    auto* list = who.if_contains("whoList");
    if (!list || !list->is_array()) return false;
    for (const auto& entry : list->as_array())
        if (str(entry.as_object(), "username") == username) return true;
    return false;
}

// The first message of a refused poll: the ChatServer error.
Json refusal_of(const HttpResult& r) {
    Json body = boost::json::parse(r.body).as_object();
    EXPECT_FALSE(body.contains("session_id")) << r.body;
    const auto& messages = body.at("messages").as_array();
    EXPECT_FALSE(messages.empty()) << r.body;
    Json first = messages.empty() ? Json{} : messages[0].as_object();
    EXPECT_EQ(str(first, "action"), "error") << r.body;
    EXPECT_EQ(str(first, "username"), "ChatServer") << r.body;
    return first;
}

}  // namespace

TEST(Polling, PollingAndWebSocketUsersChatWithEachOther) {
    TestServer server(default_test_settings());
    WsClient alice(server.port());
    alice.login("alice");

    PollClient bob(server.port());
    EXPECT_EQ(bob.login("bob"), "bob");
    static const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    EXPECT_TRUE(std::regex_match(bob.session_id(), uuid)) << bob.session_id();
    // The login's own answers come back with the session: me, the who list, the backlog.
    Json me = bob.wait_for(action_is("me"), "me");
    EXPECT_EQ(str(me, "username"), "bob");
    EXPECT_TRUE(who_lists(bob.wait_for(action_is("who"), "who"), "alice"));
    alice.wait_for(presence_of("bob", "has joined the room!"), "bob's arrival");
    // The operator sees the polling user in /metrics.
    HttpResult metrics = http_request(server.port(), http::verb::get, "/metrics");
    EXPECT_NE(metrics.body.find("\nbarertc_poll_sessions 1\n"), std::string::npos) << metrics.body;

    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "hello poller"}});
    bob.wait_for(message_with("lobby", "hello poller"), "alice's public message");

    EXPECT_EQ(bob.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "hi from HTTP"}}), 200);
    alice.wait_for(message_with("lobby", "hi from HTTP"), "bob's public message");
    bob.wait_for(message_with("lobby", "hi from HTTP"), "bob's own message back");

    bob.send(Json{{"action", "message"}, {"channel", "@alice"}, {"message", "a private word"}});
    alice.wait_for(message_with("@bob", "a private word"), "bob's DM");
    alice.send(Json{{"action", "message"}, {"channel", "@bob"}, {"message", "and back"}});
    bob.wait_for(message_with("@alice", "and back"), "alice's DM");
    EXPECT_TRUE(server.wait_for_log("logged in as 'bob'")) << server.log();
}

TEST(Polling, ASilentSessionTimesOutAndLeavesTheWhoList) {
    TestServer server(default_test_settings(), {"--poll-timeout", "1"});
    PollClient alice(server.port()), bob(server.port()), carol(server.port());
    alice.login("alice");
    bob.login("bob");
    carol.login("carol");
    alice.wait_for([](const Json& m) { return str(m, "action") == "who" && who_lists(m, "carol"); },
                   "a who list with carol");

    // Bob stops polling; alice and carol keep on (alice's wait_for polls, carol's below).
    Json timed_out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        carol.poll();
        auto& inbox = alice.inbox();
        auto it = std::find_if(inbox.begin(), inbox.end(), presence_of("bob", "has timed out!"));
        if (it != inbox.end()) {
            timed_out = *it;
            break;
        }
        std::this_thread::sleep_for(PollClient::interval);
        alice.poll();
    }
    ASSERT_FALSE(timed_out.empty()) << "bob never timed out";
    Json who = alice.wait_for([](const Json& m) {
        return str(m, "action") == "who" && !who_lists(m, "bob");
    }, "a who list without bob");
    EXPECT_TRUE(who_lists(who, "carol")) << "carol kept polling and stays";
    EXPECT_TRUE(who_lists(who, "alice"));
    EXPECT_TRUE(server.wait_for_log("stopped polling; timed out")) << server.log();

    // Bob's session is gone: his next poll is told so, with a disconnect.
    HttpResult late = post_poll(server.port(), boost::json::serialize(Json{
        {"username", "bob"}, {"session_id", bob.session_id()}, {"msg", Json{{"action", "ping"}}}}));
    EXPECT_EQ(late.status, 400);
    refusal_of(late);
    EXPECT_NE(late.body.find("\"disconnect\""), std::string::npos) << late.body;
    EXPECT_EQ(carol.poll(), 200);
}

TEST(Polling, BadPollsGetClearErrorsAndTheServerStaysUp) {
    TestServer server(default_test_settings());
    const unsigned short port = server.port();

    HttpResult get = http_request(port, http::verb::get, "/poll");
    EXPECT_EQ(get.status, 400);
    EXPECT_EQ(get.headers[http::field::content_type], "application/json");
    EXPECT_NE(str(refusal_of(get), "message").find("POST"), std::string::npos) << get.body;

    HttpResult form = post_poll(port, "username=x", "application/x-www-form-urlencoded");
    EXPECT_EQ(form.status, 400);
    EXPECT_NE(str(refusal_of(form), "message").find("application/json"), std::string::npos) << form.body;

    HttpResult broken = post_poll(port, "{\"username\": \"x\", ");
    EXPECT_EQ(broken.status, 400);
    EXPECT_NE(str(refusal_of(broken), "message").find("not valid JSON"), std::string::npos) << broken.body;

    HttpResult wrong_type = post_poll(port, R"({"username": 5, "session_id": "", "msg": {}})");
    EXPECT_EQ(wrong_type.status, 400);
    EXPECT_NE(str(refusal_of(wrong_type), "message").find("'username' must be a string"),
              std::string::npos) << wrong_type.body;

    HttpResult not_login = post_poll(port, R"({"msg": {"action": "message", "channel": "lobby", "message": "hi"}})");
    EXPECT_EQ(not_login.status, 400);
    EXPECT_NE(str(refusal_of(not_login), "message").find("Log in first"), std::string::npos) << not_login.body;

    HttpResult unknown = post_poll(port, R"({"username": "mallory", "session_id": "00000000-0000-4000-8000-000000000000", "msg": {"action": "ping"}})");
    EXPECT_EQ(unknown.status, 400);
    EXPECT_NE(str(refusal_of(unknown), "message").find("session"), std::string::npos) << unknown.body;
    EXPECT_NE(unknown.body.find("\"disconnect\""), std::string::npos) << unknown.body;

    // A real session id with someone else's name is no better than a made-up one.
    PollClient alice(port);
    alice.login("alice");
    HttpResult stolen = post_poll(port, boost::json::serialize(Json{
        {"username", "mallory"}, {"session_id", alice.session_id()}, {"msg", Json{{"action", "ping"}}}}));
    EXPECT_EQ(stolen.status, 400);
    EXPECT_NE(stolen.body.find("\"disconnect\""), std::string::npos) << stolen.body;

    // Inside a session, the message itself is checked by the room, as over a WebSocket.
    EXPECT_EQ(alice.send(Json{{"action", "frobnicate"}}), 200);
    alice.wait_for([](const Json& m) { return str(m, "action") == "error" && !m.contains("channel"); },
                   "an error about the unknown action");

    // A refused login leaves no session behind, only the room's reason.
    HttpResult bad_name = post_poll(port, R"({"msg": {"action": "login", "username": "<b>x</b>"}})");
    EXPECT_EQ(bad_name.status, 200);
    refusal_of(bad_name);

    EXPECT_TRUE(server.wait_for_log("unreadable /poll request")) << server.log();
    EXPECT_TRUE(server.wait_for_log("/poll for an unknown or expired session")) << server.log();
    EXPECT_EQ(http_request(port, http::verb::get, "/healthz").status, 200);
    EXPECT_EQ(alice.poll(), 200);
}
