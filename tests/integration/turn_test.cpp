// TURN settings on the chat page and time-limited TURN credentials on the ping (ours.md
// "Operations"): static ICE servers as in the original, and coturn's shared-secret scheme.
#include "test_server.hpp"
#include "tokens.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <cstdio>

using namespace barertc::testing;
namespace http = boost::beast::http;

namespace {

constexpr const char* kJwtSecret = "integration-secret";
constexpr const char* kTurnSecret = "coturn-static-auth-secret";

std::string turn_settings(const std::string& turn_keys) {
    return default_test_settings("\n[JWT]\nEnabled = true\nStrict = false\nSecretKey = \"" +
                                 std::string(kJwtSecret) + "\"\n\n[TURN]\n" + turn_keys);
}

std::string shared_secret_settings(const std::string& more = "") {
    return turn_settings("URLs = [\"turn:127.0.0.1:3478\"]\nUsername = \"static-user\"\n"
                         "Credential = \"static-password\"\nSharedSecret = \"" +
                         std::string(kTurnSecret) + "\"\nCredentialLifetime = 3600\n" + more);
}

// The page's window.TURN global, parsed.
Json turn_global(const std::string& page) {
    const std::string marker = "window.TURN=";
    const std::size_t at = page.find(marker);
    if (at == std::string::npos) return {};
    const std::size_t end = page.find(";window.", at);
    return boost::json::parse(page.substr(at + marker.size(), end - at - marker.size())).as_object();
}

// What coturn computes for a REST-API user name, worked out by the OpenSSL command line tool
// rather than by our code. (User names here hold only digits, letters and ':'.)
std::string openssl_credential(const std::string& username, const std::string& secret) {
    const std::string command = "printf '%s' '" + username + "' | openssl dgst -sha1 -hmac '" +
                                secret + "' -binary | base64";
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buf[256];
        while (std::fgets(buf, sizeof buf, pipe)) out += buf;
        ::pclose(pipe);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

// "<expiry>:<user>" -> expiry, checking the user part.
std::int64_t expiry_for(const std::string& username, const std::string& user) {
    const std::size_t colon = username.find(':');
    if (colon == std::string::npos || username.substr(colon + 1) != user) return 0;
    return std::stoll(username.substr(0, colon));
}

}  // namespace

TEST(Turn, StaticServersAndCredentialsReachThePageAsInTheOriginal) {
    TestServer server(turn_settings("URLs = [\"stun:127.0.0.1:3478\", \"turn:127.0.0.1:3478\"]\n"
                                    "Username = \"static-user\"\nCredential = \"static-password\"\n"));
    const Json turn = turn_global(http_request(server.port(), http::verb::get, "/").body);
    ASSERT_EQ(turn.at("URLs").as_array().size(), 2u);
    EXPECT_EQ(turn.at("URLs").as_array()[1].as_string(), "turn:127.0.0.1:3478");
    EXPECT_EQ(str(turn, "Username"), "static-user");
    EXPECT_EQ(str(turn, "Credential"), "static-password");
    EXPECT_FALSE(turn.at("RelayOnly").as_bool());
}

TEST(Turn, SignedInVisitorsPageCarriesTheirOwnTimeLimitedCredentialsNeverTheSecret) {
    TestServer server(shared_secret_settings("RelayOnly = true\n"));
    const std::int64_t before = unix_now();
    const std::string page =
        http_request(server.port(), http::verb::get, "/?jwt=" + operator_token("alice", kJwtSecret)).body;
    const std::int64_t after = unix_now();
    const Json turn = turn_global(page);

    const std::string username = str(turn, "Username");
    const std::int64_t expires = expiry_for(username, "alice");
    EXPECT_GE(expires, before + 3600) << username;
    EXPECT_LE(expires, after + 3600) << username;
    EXPECT_EQ(str(turn, "Credential"), openssl_credential(username, kTurnSecret));
    EXPECT_TRUE(turn.at("RelayOnly").as_bool());
    EXPECT_EQ(page.find(kTurnSecret), std::string::npos);
    EXPECT_EQ(page.find("static-password"), std::string::npos);
}

TEST(Turn, GuestsPageHasNoCredentialsTheyComeWithThePingAfterLogin) {
    TestServer server(shared_secret_settings());
    const Json turn = turn_global(http_request(server.port(), http::verb::get, "/").body);
    EXPECT_EQ(str(turn, "Username"), "");
    EXPECT_EQ(str(turn, "Credential"), "");

    WsClient guest(server.port());
    const std::int64_t before = unix_now();
    EXPECT_EQ(guest.login("Bob", "", {"turnCredentials"}), "Bob");
    const Json ping = guest.wait_for([](const Json& m) { return str(m, "action") == "ping"; },
                                     "a ping with TURN credentials");
    const Json& creds = ping.at("turn").as_object();
    const std::string username = str(creds, "username");
    EXPECT_GE(expiry_for(username, "Bob"), before + 3600) << username;
    EXPECT_EQ(num(creds, "expires"), expiry_for(username, "Bob"));
    EXPECT_EQ(str(creds, "credential"), openssl_credential(username, kTurnSecret));
}

TEST(Turn, EveryKeepalivePingRenewsTheCredentials) {
    TestServer server(shared_secret_settings(), {"--ping-interval", "1"});
    WsClient bob(server.port());
    bob.login("Bob", "", {"turnCredentials"});
    const auto with_turn = [](const Json& m) {
        return str(m, "action") == "ping" && m.contains("turn");
    };
    const Json first = bob.wait_for(with_turn, "the login ping");
    // The expiry has a one-second resolution: wait for a ping that names a later one.
    const std::int64_t first_expiry = num(first.at("turn").as_object(), "expires");
    const Json later = bob.wait_for(
        [&](const Json& m) { return with_turn(m) && num(m.at("turn").as_object(), "expires") > first_expiry; },
        "a keepalive ping with renewed credentials");
    const Json& creds = later.at("turn").as_object();
    EXPECT_EQ(str(creds, "credential"), openssl_credential(str(creds, "username"), kTurnSecret));
}

TEST(Turn, ClientsThatDoNotAskAndServersWithoutASecretSendNoCredentials) {
    TestServer with_secret(shared_secret_settings(), {"--ping-interval", "1"});
    WsClient original(with_secret.port());
    original.login("Carol");  // the original client asks for no features
    const Json ping = original.wait_action("ping");
    EXPECT_FALSE(ping.contains("turn"));

    TestServer without(turn_settings("URLs = [\"turn:127.0.0.1:3478\"]\n"), {"--ping-interval", "1"});
    WsClient asking(without.port());
    asking.login("Dave", "", {"turnCredentials"});
    EXPECT_FALSE(asking.wait_action("ping").contains("turn"));
}
