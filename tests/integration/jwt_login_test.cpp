// Single sign-on: strict and mixed modes, eviction of older sessions, token attacks.
#include "test_server.hpp"
#include "tokens.hpp"
#include "ws_client.hpp"

#include "auth/jwt.hpp"

#include <gtest/gtest.h>

#include <chrono>

using namespace barertc::testing;
namespace auth = barertc::auth;

namespace {

constexpr const char* kLoginSecret = "integration-secret";

std::string token_for(const std::string& sub, bool op = false, const std::string& secret = kLoginSecret,
                      std::int64_t ttl = 300) {
    auth::Claims c;
    c.subject = sub;
    c.op = op;
    c.nickname = "Nick " + sub;
    c.avatar = "/avatars/" + sub + ".png";
    c.profile_url = "javascript:alert(1)";
    return auth::sign_jwt(c, secret, unix_now(), ttl);
}

std::string jwt_settings(bool strict) {
    return default_test_settings(std::string("\n[JWT]\nEnabled = true\nStrict = ") +
                                 (strict ? "true" : "false") + "\nSecretKey = \"" + kLoginSecret +
                                 "\"\nLandingPageURL = \"https://site.example/login\"\n");
}

Json row_of(const Json& who, const std::string& name) {
    for (const auto& row : who.at("whoList").as_array())
        if (str(row.as_object(), "username") == name) return row.as_object();
    return {};
}

}  // namespace

TEST(JwtLogin, StrictModeRefusesGuestsWithAnErrorThenDisconnect) {
    TestServer server(jwt_settings(true));
    WsClient guest(server.port());
    guest.send(Json{{"action", "login"}, {"username", "guest"}});
    EXPECT_NE(str(guest.wait_action("error"), "message").find("requires you to sign in"),
              std::string::npos);
    guest.wait_action("disconnect");
    EXPECT_TRUE(guest.wait_closed());
}

TEST(JwtLogin, ValidTokenSetsTheNameAndProfileWithSafeUrls) {
    TestServer server(jwt_settings(true));
    WsClient alice(server.port());
    EXPECT_EQ(alice.login("whatever-typed", token_for("alice", true)), "alice");
    Json row = row_of(alice.wait_action("who"), "alice");
    EXPECT_EQ(str(row, "nickname"), "Nick alice");
    EXPECT_TRUE(row.at("op").as_bool());
    EXPECT_EQ(str(row, "avatar"), "https://site.example/avatars/alice.png");
    EXPECT_EQ(row.count("profileURL"), 0u) << "a javascript: URL must never reach browsers";
}

TEST(JwtLogin, ForgedExpiredAndAlgNoneTokensAreRefusedInStrictMode) {
    TestServer server(jwt_settings(true));
    const std::string good = token_for("alice");
    const std::string payload = good.substr(good.find('.') + 1, good.rfind('.') - good.find('.') - 1);
    const std::vector<std::string> bad{
        token_for("alice", false, "wrong-secret"),
        token_for("alice", false, kLoginSecret, -3600),
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + ".",
        good.substr(0, good.size() - 2) + (good.back() == 'A' ? "BB" : "AA"),
        "not a token",
        std::string(20000, 'a'),
    };
    for (const std::string& token : bad) {
        WsClient c(server.port());
        c.send(Json{{"action", "login"}, {"username", "alice"}, {"jwt", token}});
        EXPECT_NE(str(c.wait_action("error"), "message").find("could not be verified"),
                  std::string::npos);
        c.wait_action("disconnect");
    }
    EXPECT_TRUE(server.running());
    WsClient ok(server.port());
    EXPECT_EQ(ok.login("", good), "alice");
}

TEST(JwtLogin, MixedModeLetsAnInvalidTokenInAsAGuestWithANotice) {
    TestServer server(jwt_settings(false));
    WsClient c(server.port());
    c.send(Json{{"action", "login"}, {"username", "visitor"},
                {"jwt", token_for("alice", true, "wrong-secret")}});
    EXPECT_NE(str(c.wait_action("error"), "message").find("joining as a guest"), std::string::npos);
    Json me = c.wait_action("me");
    EXPECT_EQ(str(me, "username"), "visitor");
    Json row = row_of(c.wait_action("who"), "visitor");
    EXPECT_FALSE(row.at("op").as_bool());
}

TEST(JwtLogin, SigningInAgainEvictsTheOlderSession) {
    TestServer server(jwt_settings(true));
    WsClient first(server.port());
    first.login("", token_for("alice"));
    WsClient second(server.port());
    EXPECT_EQ(second.login("", token_for("alice")), "alice");
    EXPECT_NE(str(first.wait_action("error"), "message").find("signed out"), std::string::npos);
    first.wait_action("disconnect");
}

TEST(JwtLogin, GuestsCannotTakeTheNameOfASignedInUser) {
    TestServer server(jwt_settings(false));
    WsClient alice(server.port());
    alice.login("", token_for("alice"));
    WsClient guest(server.port());
    EXPECT_EQ(guest.login("ALICE"), "ALICE 2");
}

TEST(JwtLogin, PingsRefreshTheTokenAndCarryTheRules) {
    TestServer server(jwt_settings(true), {"--ping-interval", "1"});
    WsClient alice(server.port());
    alice.login("", token_for("alice"));
    Json ping = alice.wait_action("ping");
    const std::string fresh = str(ping, "jwt");
    auth::VerifyResult r = auth::verify_jwt(fresh, kLoginSecret, unix_now());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.claims.subject, "alice");
    ASSERT_TRUE(r.claims.expires_at.has_value());
    EXPECT_GE(*r.claims.expires_at, unix_now() + 240);
    auto& rules = ping.at("jwtRules").as_object();
    EXPECT_EQ(rules.size(), 5u);
    EXPECT_FALSE(rules.at("IsNoVideoRule").as_bool());
}

TEST(JwtLogin, NoBroadcastRuleCutsTheCamera) {
    TestServer server(jwt_settings(true));
    auth::Claims c;
    c.subject = "eve";
    c.rules = {"nobroadcast"};
    WsClient eve(server.port());
    eve.login("", auth::sign_jwt(c, kLoginSecret, unix_now(), 300));
    eve.send(Json{{"action", "me"}, {"video", 1}, {"status", "online"}});
    eve.wait_action("cut");
}
