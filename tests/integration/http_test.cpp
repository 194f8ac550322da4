// The HTTP side: the chat page and its globals, JWT entry, static files, errors.
#include "test_server.hpp"
#include "tokens.hpp"
#include "ws_client.hpp"

#include "auth/jwt.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

using namespace barertc::testing;
namespace http = boost::beast::http;

namespace {

const std::string kJwt = "\n[JWT]\nEnabled = true\nStrict = true\nSecretKey = \"s3cret\"\n";

}  // namespace

TEST(Http, ChatPageCarriesTheGlobalsButNoSecrets) {
    TestServer server(default_test_settings());
    std::ofstream(server.dir() / "web" / "index.html")
        << "<!doctype html><html><head><title>x</title><!--BARERTC_GLOBALS--></head><body></body></html>";
    // The page template is read at start: restart-free tests use the fallback, so use a new server.
    TestServer with_page(default_test_settings(), {"--web", (server.dir() / "web").string()});
    HttpResult r = http_request(with_page.port(), http::verb::get, "/");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("<title>Test Room</title>"), std::string::npos);
    for (const char* global : {"window.PublicChannels=", "window.TURN=", "window.UserJWTValid=false",
                               "window.WebhookURLs=", "window.CachedBlocklist=", "window.CacheHash=",
                               "window.BareRTCStrings=", "window.VIP=", "window.Branding="})
        EXPECT_NE(r.body.find(global), std::string::npos) << global;
    EXPECT_EQ(r.body.find("secret-webhook.example"), std::string::npos);
    EXPECT_EQ(r.body.find("test-admin-key"), std::string::npos);
    EXPECT_EQ(r.body.find("<b>Test</b>"), std::string::npos) << "HTML inside the script must be escaped";
    EXPECT_EQ(r.headers[http::field::content_type], "text/html; charset=utf-8");
}

TEST(Http, StaticFilesHaveTypesAndCachingAndCannotEscapeTheRoot) {
    TestServer server(default_test_settings());
    std::filesystem::create_directories(server.dir() / "web" / "assets");
    std::ofstream(server.dir() / "web" / "assets" / "app-1234.js") << "console.log(1)";
    std::ofstream(server.dir() / "web" / "robots.txt") << "User-agent: *";
    HttpResult js = http_request(server.port(), http::verb::get, "/assets/app-1234.js");
    ASSERT_EQ(js.status, 200);
    EXPECT_EQ(js.body, "console.log(1)");
    EXPECT_EQ(js.headers[http::field::content_type], "text/javascript; charset=utf-8");
    EXPECT_NE(js.headers[http::field::cache_control].find("immutable"), std::string::npos);
    EXPECT_EQ(http_request(server.port(), http::verb::get, "/robots.txt").status, 200);
    for (const char* evil : {"/../settings.toml", "/assets/../../settings.toml",
                             "/%2e%2e/settings.toml", "/.hidden", "/nothing-here"}) {
        HttpResult r = http_request(server.port(), http::verb::get, evil);
        EXPECT_EQ(r.status, 404) << evil;
        EXPECT_EQ(r.body.find("AdminAPIKey"), std::string::npos) << evil;
    }
    HttpResult missing = http_request(server.port(), http::verb::get, "/nothing-here");
    EXPECT_NE(missing.body.find("Not found"), std::string::npos);
}

TEST(Http, HealthAboutLogoutAndStatistics) {
    TestServer server(default_test_settings());
    EXPECT_EQ(http_request(server.port(), http::verb::get, "/healthz").body, "ok\n");
    EXPECT_NE(http_request(server.port(), http::verb::get, "/about").body.find("About Test Room"),
              std::string::npos);
    EXPECT_EQ(http_request(server.port(), http::verb::get, "/logout").status, 200);
    WsClient alice(server.port());
    alice.login("alice");
    alice.send(Json{{"action", "me"}, {"video", 3}, {"status", "online"}});
    alice.wait_for([](const Json& m) { return str(m, "action") == "who"; }, "who");
    HttpResult stats = http_request(server.port(), http::verb::get, "/api/statistics", "", "",
                                    {{"Origin", "https://evil.example"}});
    auto body = boost::json::parse(stats.body).as_object();
    EXPECT_EQ(body.at("UserCount").as_int64(), 1);
    EXPECT_EQ(body.at("Usernames").as_array()[0].as_string(), "alice");
    EXPECT_TRUE(stats.headers[http::field::access_control_allow_origin].empty())
        << "evil.example is not in this room's CORSHosts";
    // The default CORSHosts entry may read the statistics from its own pages.
    HttpResult allowed = http_request(server.port(), http::verb::get, "/api/statistics", "", "",
                                      {{"Origin", "https://www.example.com"}});
    EXPECT_EQ(allowed.headers[http::field::access_control_allow_origin], "https://www.example.com");
}

TEST(Http, StrictModeSendsVisitorsWithoutATokenAwayAndBadTokensGet403) {
    TestServer server(default_test_settings(kJwt + "LandingPageURL = \"https://site.example/login\"\n"));
    HttpResult none = http_request(server.port(), http::verb::get, "/");
    EXPECT_EQ(none.status, 302);
    EXPECT_EQ(none.headers[http::field::location], "https://site.example/login");
    HttpResult bad = http_request(server.port(), http::verb::get, "/?jwt=abc.def.ghi");
    EXPECT_EQ(bad.status, 403);
    EXPECT_NE(bad.body.find("Error parsing your JWT token"), std::string::npos);
}

TEST(Http, ATokenMayArriveByQueryOrByForm) {
    TestServer server(default_test_settings(kJwt));
    barertc::auth::Claims c;
    c.subject = "alice";
    const std::string token = barertc::auth::sign_jwt(c, "s3cret", unix_now(), 300);
    HttpResult get = http_request(server.port(), http::verb::get, "/?jwt=" + token);
    EXPECT_EQ(get.status, 200);
    EXPECT_NE(get.body.find("window.UserJWTValid=true"), std::string::npos);
    HttpResult post = http_request(server.port(), http::verb::post, "/", "jwt=" + token,
                                   "application/x-www-form-urlencoded");
    EXPECT_EQ(post.status, 200);
    EXPECT_NE(post.body.find("\"sub\":\"alice\""), std::string::npos);
}

TEST(Http, CrossOriginWebSocketsAreRefused) {
    TestServer server(default_test_settings());
    EXPECT_THROW(WsClient(server.port(), "https://evil.example"), std::exception);
    WsClient same(server.port(), "http://127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(same.login("alice"), "alice");
    WsClient listed(server.port(), "https://www.example.com");  // in default CORSHosts
    EXPECT_EQ(listed.login("bob"), "bob");
}

TEST(Http, LogLinesUseTheProxysClientAddressWhenTrusted) {
    TestServer server(default_test_settings("", "UseXForwardedFor = true\n"));
    WsClient viaProxy(server.port(), "", {{"X-Forwarded-For", "203.0.113.7, 10.0.0.1"}});
    viaProxy.login("proxied");
    EXPECT_TRUE(server.wait_for_log("(203.0.113.7) logged in as 'proxied'"));
    WsClient realIp(server.port(), "", {{"X-Real-IP", "198.51.100.9"}});
    realIp.login("real");
    EXPECT_TRUE(server.wait_for_log("(198.51.100.9) logged in as 'real'"));
}

TEST(Http, ForwardedHeadersAreIgnoredUnlessTrusted) {
    TestServer server(default_test_settings());  // UseXForwardedFor defaults to false
    WsClient c(server.port(), "", {{"X-Forwarded-For", "203.0.113.7"}});
    c.login("direct");
    EXPECT_TRUE(server.wait_for_log("(127.0.0.1) logged in as 'direct'"));
}
