// The host site's admin API and the page's user APIs (compat §4.3–§4.6), against the real
// server: right and wrong keys, and what each call does to people in the room.
#include "auth/jwt.hpp"
#include "test_server.hpp"
#include "tokens.hpp"
#include "ws_client.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

using namespace barertc::testing;
using namespace barertc;
namespace http = boost::beast::http;

namespace {

constexpr const char* kKey = "test-admin-key";  // AdminAPIKey in default_test_settings
constexpr const char* kApiSecret = "api-secret";

std::string token_with_nick(const std::string& sub, const std::string& nick = "") {
    auth::Claims c;
    c.subject = sub;
    c.nickname = nick;
    return auth::sign_jwt(c, kApiSecret, unix_now(), 300);
}

std::string api_settings(const std::string& extra = "") {
    return default_test_settings(std::string("\n[JWT]\nEnabled = true\nStrict = false\nSecretKey = \"") +
                                 kApiSecret + "\"\n" + extra);
}

struct ApiResult {
    int status;
    Json body;
};

ApiResult post(const TestServer& server, const std::string& path, const Json& body) {
    HttpResult r = http_request(server.port(), http::verb::post, path, boost::json::serialize(body),
                                "application/json");
    return {r.status, boost::json::parse(r.body).as_object()};
}

boost::json::array names(std::initializer_list<const char*> list) {
    boost::json::array a;
    for (const char* n : list) a.emplace_back(n);
    return a;
}

}  // namespace

TEST(AdminApi, WrongKeysMethodsAndBodiesGetJsonErrors) {
    TestServer server(api_settings());
    for (const char* path : {"/api/blocklist", "/api/block/now", "/api/disconnect/now",
                             "/api/authenticate", "/api/amend-jwt", "/api/shutdown"}) {
        ApiResult wrong = post(server, path, Json{{"APIKey", "guess"}});
        EXPECT_EQ(wrong.status, 401) << path;
        EXPECT_EQ(wrong.body.at("OK").as_bool(), false) << path;
        ApiResult none = post(server, path, Json{});
        EXPECT_EQ(none.status, 401) << path;
    }
    HttpResult get = http_request(server.port(), http::verb::get, "/api/shutdown");
    EXPECT_EQ(get.status, 400);
    EXPECT_NE(get.body.find("POST"), std::string::npos);
    HttpResult form = http_request(server.port(), http::verb::post, "/api/shutdown", "APIKey=test-admin-key",
                                   "application/x-www-form-urlencoded");
    EXPECT_EQ(form.status, 400);
    HttpResult garbage = http_request(server.port(), http::verb::post, "/api/shutdown", "{nope",
                                      "application/json");
    EXPECT_EQ(garbage.status, 400);
    EXPECT_NE(garbage.body.find("\"OK\":false"), std::string::npos);
    EXPECT_TRUE(server.running());
    EXPECT_TRUE(server.wait_for_log("with a wrong APIKey"));
}

TEST(AdminApi, AuthenticateSignsATokenThatLogsIn) {
    TestServer server(api_settings());
    ApiResult r = post(server, "/api/authenticate",
                       Json{{"APIKey", kKey}, {"Claims", Json{{"sub", "botty"}, {"nick", "Bot"}, {"op", true}}}});
    ASSERT_EQ(r.status, 200);
    const std::string token(r.body.at("JWT").as_string());
    auto verified = auth::verify_jwt(token, kApiSecret, unix_now());
    ASSERT_TRUE(verified.ok());
    EXPECT_EQ(verified.claims.subject, "botty");
    EXPECT_TRUE(verified.claims.op);
    WsClient bot(server.port());
    EXPECT_EQ(bot.login("whatever", token), "botty");
    EXPECT_EQ(post(server, "/api/authenticate", Json{{"APIKey", kKey}, {"Claims", Json{{"nick", "x"}}}}).status, 400);
}

TEST(AdminApi, CachedBlocklistReachesTheUsersPage) {
    TestServer server(api_settings());
    std::ofstream(server.dir() / "web" / "index.html") << "<html><head><!--BARERTC_GLOBALS--></head></html>";
    TestServer room(api_settings(), {"--web", (server.dir() / "web").string()});
    ApiResult r = post(room, "/api/blocklist",
                       Json{{"APIKey", kKey}, {"Username", "alice"}, {"Blocklist", names({"troll1", "troll2"})}});
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(r.body.at("OK").as_bool());
    HttpResult page = http_request(room.port(), http::verb::get, "/?jwt=" + token_with_nick("alice"));
    EXPECT_NE(page.body.find(R"(window.CachedBlocklist=["troll1","troll2"])"), std::string::npos) << page.body;
    HttpResult other = http_request(room.port(), http::verb::get, "/?jwt=" + token_with_nick("bob"));
    EXPECT_NE(other.body.find("window.CachedBlocklist=[]"), std::string::npos);
}

TEST(AdminApi, BlockNowBlocksOnlineUsersFromEachOther) {
    TestServer server(api_settings());
    WsClient alice(server.port()), bob(server.port());
    alice.login("alice");
    bob.login("bob");
    bob.send(Json{{"action", "me"}, {"video", 1}, {"status", "online"}});
    alice.wait_for([](const Json& m) {
        if (str(m, "action") != "who" || !m.contains("whoList")) return false;
        for (auto& row : m.at("whoList").as_array())
            if (str(row.as_object(), "username") == "bob") return true;
        return false;
    }, "bob in the list");
    ApiResult r = post(server, "/api/block/now", Json{{"APIKey", kKey}, {"Usernames", names({"alice", "bob", "carol"})}});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(str(alice.wait_action("block"), "username"), "bob");
    EXPECT_EQ(str(bob.wait_action("block"), "username"), "alice");
    // Alice's next list no longer shows bob.
    alice.wait_for([](const Json& m) {
        if (str(m, "action") != "who") return false;
        if (!m.contains("whoList")) return true;
        for (auto& row : m.at("whoList").as_array())
            if (str(row.as_object(), "username") == "bob") return false;
        return true;
    }, "a list without bob");
    // And a DM between them goes nowhere, while others still reach bob.
    alice.send(Json{{"action", "message"}, {"channel", "@bob"}, {"message", "psst"}});
    alice.wait_action("message");  // her own copy: the server has handled it
    WsClient dave(server.port());  // not on the list (carol, offline, is blocked too)
    dave.login("dave");
    dave.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "marker"}});
    Json next = bob.wait_for([](const Json& m) { return str(m, "action") == "message"; }, "a message");
    EXPECT_EQ(str(next, "message"), "<p>marker</p>") << "the blocked DM must not arrive";
}

TEST(AdminApi, DisconnectNowRemovesAndOptionallyKicks) {
    TestServer server(api_settings());
    WsClient alice(server.port()), bob(server.port());
    alice.login("alice");
    bob.login("bob");
    ApiResult r = post(server, "/api/disconnect/now",
                       Json{{"APIKey", kKey}, {"Usernames", names({"bob", "nobody"})},
                            {"Message", "Your account was <b>suspended</b>."}, {"Kick", true}});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.at("Removed").as_int64(), 1);
    Json notice = bob.wait_for([](const Json& m) {
        return str(m, "action") == "error" && str(m, "message").find("suspended") != std::string::npos;
    }, "the site's message");
    EXPECT_NE(str(notice, "message").find("&lt;b&gt;"), std::string::npos) << "site text is escaped";
    bob.wait_action("disconnect");
    alice.wait_for([](const Json& m) {
        return str(m, "action") == "presence" && str(m, "username") == "bob" &&
               str(m, "message") == "has been kicked from the room!";
    }, "bob's kick");
}

TEST(AdminApi, AmendJwtUpdatesAnOnlineJwtUser) {
    TestServer server(api_settings());
    WsClient alice(server.port()), watcher(server.port());
    alice.login("alice", token_with_nick("alice", "Old Nick"));
    watcher.login("watcher");
    EXPECT_EQ(post(server, "/api/amend-jwt", Json{{"APIKey", kKey}, {"Username", "alice"}, {"JWTToken", "bad"}}).status, 401);
    EXPECT_EQ(post(server, "/api/amend-jwt",
                   Json{{"APIKey", kKey}, {"Username", "ghost"}, {"JWTToken", token_with_nick("ghost")}}).status, 404);
    ApiResult r = post(server, "/api/amend-jwt",
                       Json{{"APIKey", kKey}, {"Username", "alice"}, {"JWTToken", token_with_nick("alice", "New Nick")}});
    ASSERT_EQ(r.status, 200);
    Json ping = alice.wait_for([](const Json& m) { return str(m, "action") == "ping" && m.contains("jwt"); },
                               "a ping with the new token");
    auto claims = auth::verify_jwt(str(ping, "jwt"), kApiSecret, unix_now());
    ASSERT_TRUE(claims.ok());
    EXPECT_EQ(claims.claims.nickname, "New Nick");
    watcher.wait_for([](const Json& m) {
        if (str(m, "action") != "who" || !m.contains("whoList")) return false;
        for (auto& row : m.at("whoList").as_array())
            if (str(row.as_object(), "nickname") == "New Nick") return true;
        return false;
    }, "the new nickname in the who list");
}

TEST(AdminApi, ShutdownWarnsEveryoneAndExitsWithStatusOne) {
    TestServer server(api_settings());
    WsClient alice(server.port());
    alice.login("alice");
    ApiResult r = post(server, "/api/shutdown", Json{{"APIKey", kKey}});
    ASSERT_EQ(r.status, 200);
    Json warning = alice.wait_for([](const Json& m) {
        return str(m, "action") == "error" && str(m, "message").find("going down") != std::string::npos;
    }, "the shutdown warning");
    EXPECT_EQ(str(warning, "username"), "ChatServer");
    EXPECT_EQ(server.wait_exit(), 1);
}

TEST(UserApi, DirectMessageHistoryPagesAndClears) {
    TestServer server(api_settings("\n[DirectMessageHistory]\nEnabled = true\nSQLiteDatabase = \"dm.sqlite\"\n"
                                   "\n[Limits]\nMessageBurst = 100\n"));
    WsClient alice(server.port()), bob(server.port()), carol(server.port());
    const std::string alice_token = token_with_nick("alice");
    alice.login("alice", alice_token);
    bob.login("bob", token_with_nick("bob"));
    carol.login("carol", token_with_nick("carol"));
    for (int i = 0; i < 25; ++i)
        alice.send(Json{{"action", "message"}, {"channel", "@bob"}, {"message", "note " + std::to_string(i)}});
    carol.send(Json{{"action", "message"}, {"channel", "@alice"}, {"message", "hi alice"}});
    // Alice's client sees her own DMs echoed back; when the 25th is back, all are stored.
    bool last_note = false, from_carol = false;
    alice.wait_for([&](const Json& m) {
        last_note |= str(m, "message").find("note 24") != std::string::npos;
        from_carol |= str(m, "message").find("hi alice") != std::string::npos;
        return last_note && from_carol;
    }, "the last DM and carol's");

    ApiResult first = post(server, "/api/message/history", Json{{"JWTToken", alice_token}, {"Username", "bob"}});
    ASSERT_EQ(first.status, 200) << boost::json::serialize(first.body);
    auto& page1 = first.body.at("Messages").as_array();
    ASSERT_EQ(page1.size(), 20u);
    EXPECT_NE(str(page1[0].as_object(), "message").find("note 24"), std::string::npos) << "newest first";
    EXPECT_EQ(str(page1[0].as_object(), "username"), "alice");
    EXPECT_EQ(first.body.at("Remaining").as_int64(), 5);
    const std::int64_t oldest = page1.back().as_object().at("msgID").as_int64();
    ApiResult second = post(server, "/api/message/history",
                            Json{{"JWTToken", alice_token}, {"Username", "bob"}, {"BeforeID", oldest}});
    EXPECT_EQ(second.body.at("Messages").as_array().size(), 5u);
    EXPECT_EQ(second.body.at("Remaining").as_int64(), 0);

    ApiResult partners = post(server, "/api/message/usernames", Json{{"JWTToken", alice_token}, {"Sort", "a-z"}});
    ASSERT_EQ(partners.status, 200);
    EXPECT_EQ(boost::json::serialize(partners.body.at("Usernames")), R"(["bob","carol"])");

    // A forged token reads nothing.
    EXPECT_EQ(post(server, "/api/message/history", Json{{"JWTToken", "x.y.z"}, {"Username", "bob"}}).status, 400);
    // The site clears alice's history with its key; bob and carol's threads with her go too.
    ApiResult cleared = post(server, "/api/message/clear", Json{{"APIKey", kKey}, {"Username", "alice"}});
    EXPECT_EQ(cleared.body.at("MessagesErased").as_int64(), 26);
    EXPECT_EQ(post(server, "/api/message/clear", Json{{"APIKey", "wrong"}, {"Username", "alice"}}).status, 401);
    ApiResult after = post(server, "/api/message/history", Json{{"JWTToken", alice_token}, {"Username", "bob"}});
    EXPECT_EQ(after.body.at("Messages").as_array().size(), 0u);
}

TEST(UserApi, HistoryWithoutTheDatabaseSaysSo) {
    TestServer server(api_settings());
    WsClient alice(server.port());
    const std::string token = token_with_nick("alice");
    alice.login("alice", token);
    ApiResult r = post(server, "/api/message/history", Json{{"JWTToken", token}, {"Username", "bob"}});
    EXPECT_EQ(r.status, 500);
    EXPECT_NE(str(r.body, "Error").find("not enabled"), std::string::npos);
}
