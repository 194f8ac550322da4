// Reports (compat §1.6.15, §4.5) against the real server: the test runs the site's `report`
// webhook itself, a small HTTP receiver on 127.0.0.1, and checks exactly what arrives there
// and what the reporter is told.
#include "auth/jwt.hpp"
#include "room_helpers.hpp"
#include "test_server.hpp"
#include "tokens.hpp"
#include "webhook_receiver.hpp"
#include "ws_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

using namespace barertc::testing;
namespace auth = barertc::auth;
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr const char* kReportsSecret = "reports-secret";
constexpr const char* kApiKey = "test-admin-key";  // AdminAPIKey in default_test_settings
constexpr auto kWebhookPatience = std::chrono::seconds(20);  // three attempts with backoff

// A loopback address where nobody listens.
std::string dead_url() {
    net::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    const auto port = a.local_endpoint().port();
    a.close();
    return "http://127.0.0.1:" + std::to_string(port) + "/report";
}

std::string reports_op_token(const std::string& sub) { return operator_token(sub, kReportsSecret); }

// The default test settings with the `report` webhook pointed at `url` (or disabled).
std::string report_settings(const std::string& url, bool enabled = true) {
    std::string toml = default_test_settings(std::string("\n[JWT]\nEnabled = true\nStrict = false\nSecretKey = \"") +
                                             kReportsSecret + "\"\n");
    const std::string old = "Enabled = true\nURL = \"https://secret-webhook.example/report\"";
    const auto at = toml.find(old);
    if (at == std::string::npos) throw std::runtime_error("default_test_settings changed its webhook");
    toml.replace(at, old.size(), std::string("Enabled = ") + (enabled ? "true" : "false") +
                                     "\nURL = \"" + url + "\"");
    return toml;
}

Json report(const std::string& about, const std::string& channel, const std::string& message,
            const std::string& reason = "It's spam", const std::string& comment = "please look") {
    return Json{{"action", "report"},  {"channel", channel}, {"username", about},
                {"timestamp", "2024-05-01 12:00:00"}, {"reason", reason},
                {"message", message},  {"comment", comment}};
}

}  // namespace

TEST(Reports, AReportReachesTheSiteExactlyAsTheOriginalSendsIt) {
    WebhookReceiver site;
    TestServer server(report_settings(site.url()));
    WsClient alice(server.port());
    alice.login("alice");
    WsClient bob(server.port());
    bob.login("bob");

    alice.send(report("bob", "lobby", "buy my stuff <b>now</b>"));
    EXPECT_EQ(notice_with(alice, "report"),
              "Your report has been delivered to the chat moderators. Thank you.");
    auto got = site.next();
    ASSERT_TRUE(got);
    EXPECT_EQ(got->method, http::verb::post);
    EXPECT_EQ(got->target, "/hooks/report");
    EXPECT_EQ(got->content_type.substr(0, 16), "application/json");
    const boost::json::value expected = boost::json::parse(R"({
        "Action": "report",
        "APIKey": "test-admin-key",
        "Report": {
            "FromUsername": "alice",
            "AboutUsername": "bob",
            "Channel": "lobby",
            "Timestamp": "2024-05-01 12:00:00",
            "Reason": "It's spam",
            "Message": "buy my stuff <b>now</b>",
            "Comment": "please look"
        }
    })");
    EXPECT_EQ(boost::json::parse(got->body), expected) << got->body;
    EXPECT_EQ(site.count(), 1);
    // Nothing about the report reaches the reported user.
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "after"}});
    Json next = bob.wait_action("message");
    EXPECT_EQ(str(next, "message"), "<p>after</p>");
    EXPECT_TRUE(server.log().find(kApiKey) == std::string::npos) << "the API key must not be logged";
}

TEST(Reports, AReportAboutADirectMessageCarriesTheConversation) {
    WebhookReceiver site;
    TestServer server(report_settings(site.url()));
    WsClient alice(server.port());
    alice.login("alice");
    WsClient bob(server.port());
    bob.login("bob");

    bob.send(Json{{"action", "message"}, {"channel", "@alice"}, {"message", "send me your password"}});
    alice.wait_for([](const Json& m) { return str(m, "action") == "message" && str(m, "channel") == "@bob"; },
                   "bob's DM");
    alice.send(report("bob", "@bob", "send me your password", "Harassment", ""));
    notice_with(alice, "delivered");
    auto got = site.next();
    ASSERT_TRUE(got);
    const auto body = boost::json::parse(got->body).as_object();
    EXPECT_EQ(body.at("APIKey").as_string(), kApiKey);
    const auto& r = body.at("Report").as_object();
    EXPECT_EQ(r.at("Channel").as_string(), "@bob");
    EXPECT_EQ(r.at("Reason").as_string(), "Harassment");
    const std::string message(r.at("Message").as_string());
    EXPECT_EQ(message.rfind("send me your password", 0), 0u) << message;
    EXPECT_NE(message.find("[bob] send me your password"), std::string::npos) << message;
}

TEST(Reports, ASiteThatKeepsFailingGetsRetriedAndTheReporterIsTold) {
    WebhookReceiver site(http::status::internal_server_error);
    TestServer server(report_settings(site.url()));
    WsClient alice(server.port());
    alice.login("alice");

    alice.send(report("bob", "lobby", "hello"));
    const std::string text = notice_with(alice, "could not be delivered", kWebhookPatience);
    EXPECT_NE(text.find("try again later"), std::string::npos) << text;
    // The first attempt and two retries, each the same report.
    EXPECT_EQ(site.count(), 3);
    for (int i = 0; i < 3; ++i) {
        auto got = site.next(std::chrono::milliseconds(0));
        ASSERT_TRUE(got);
        EXPECT_EQ(boost::json::parse(got->body).at("Report").at("FromUsername").as_string(), "alice");
    }
    EXPECT_TRUE(server.running());
}

TEST(Reports, ASiteThatIsDownMeansAVisibleError) {
    TestServer server(report_settings(dead_url()));
    WsClient alice(server.port());
    alice.login("alice");
    alice.send(report("bob", "lobby", "hello"));
    const std::string text = notice_with(alice, "could not be delivered", kWebhookPatience);
    EXPECT_NE(text.find("try again later"), std::string::npos) << text;
    // The user is still in the room and can go on chatting.
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "still here"}});
    EXPECT_EQ(str(alice.wait_action("message"), "message"), "<p>still here</p>");
}

TEST(Reports, DisabledReportingIsAClearError) {
    WebhookReceiver site;
    TestServer server(report_settings(site.url(), false));
    WsClient alice(server.port());
    alice.login("alice");
    alice.send(report("bob", "lobby", "hello"));
    EXPECT_EQ(str(alice.wait_action("error"), "message"), "Reporting is not available on this server.");
    EXPECT_FALSE(site.next(std::chrono::milliseconds(0)));
}

TEST(Reports, GuestsMustBeInTheRoomToReport) {
    WebhookReceiver site;
    TestServer server(report_settings(site.url()));
    WsClient stranger(server.port());
    stranger.send(report("bob", "lobby", "hello"));
    const std::string text = str(stranger.wait_action("error"), "message");
    EXPECT_FALSE(text.empty());
    EXPECT_EQ(text.find("delivered"), std::string::npos) << text;
    EXPECT_EQ(site.count(), 0);
}

TEST(Reports, NsfwCommandReportsWhichOperatorMarkedWhichCamera) {
    WebhookReceiver site;
    TestServer server(report_settings(site.url()));
    WsClient alice(server.port());
    alice.login("", reports_op_token("alice"));
    WsClient bob(server.port());
    bob.login("bob");
    bob.send(Json{{"action", "me"}, {"video", 1}, {"status", "online"}});
    alice.wait_for([](const Json& m) {
        if (str(m, "action") != "who") return false;
        for (const auto& row : m.at("whoList").as_array())
            if (str(row.as_object(), "username") == "bob" && (num(row.as_object(), "video") & 1)) return true;
        return false;
    }, "bob broadcasting");
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "/nsfw bob"}});
    EXPECT_EQ(str(alice.wait_action("error"), "message"), "@bob's camera is now marked Explicit.");
    auto got = site.next();
    ASSERT_TRUE(got);
    const auto body = boost::json::parse(got->body).as_object();
    EXPECT_EQ(body.at("Action").as_string(), "report");
    EXPECT_EQ(body.at("APIKey").as_string(), kApiKey);
    const auto& r = body.at("Report").as_object();
    EXPECT_EQ(r.at("FromUsername").as_string(), "alice");
    EXPECT_EQ(r.at("AboutUsername").as_string(), "bob");
    EXPECT_EQ(r.at("Channel").as_string(), "n/a");
    const std::string message(r.at("Message").as_string());
    EXPECT_NE(message.find("alice"), std::string::npos) << message;
    EXPECT_NE(message.find("bob"), std::string::npos) << message;
    // The operator is not bothered with a delivery notice for a report they did not write.
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "/bans"}});
    EXPECT_EQ(str(alice.wait_action("error"), "message"), "Nobody is banned.");
}

// The profile card (compat §4.5, §4.6): the page asks us with its token, we ask the site.
TEST(Reports, ProfileCardsComeFromTheSitesProfileWebhook) {
    WebhookReceiver site(http::status::ok,
                         R"({"StatusCode":200,"Data":{"OK":true,"Error":"","Headline":"Hi there",)"
                         R"("ProfileFields":[{"Name":"Age","Value":"30yo"}]}})");
    TestServer server(report_settings(dead_url(), false) + "\n[[WebhookURLs]]\nName = \"profile\"\nEnabled = true\nURL = \"" +
                      site.url() + "\"\n");
    WsClient alice(server.port());
    const std::string token = reports_op_token("alice");
    alice.login("alice", token);
    HttpResult r = http_request(server.port(), http::verb::post, "/api/profile",
                                boost::json::serialize(Json{{"JWTToken", token}, {"Username", "bob"}}),
                                "application/json");
    ASSERT_EQ(r.status, 200) << r.body;
    auto card = boost::json::parse(r.body).as_object();
    EXPECT_EQ(card.at("Headline").as_string(), "Hi there");
    EXPECT_EQ(card.at("ProfileFields").as_array()[0].as_object().at("Value").as_string(), "30yo");
    auto asked = site.next();
    ASSERT_TRUE(asked);
    EXPECT_EQ(boost::json::parse(asked->body),
              boost::json::parse(R"({"Action":"profile","APIKey":"test-admin-key","Username":"bob"})"));
    // Without a valid token the site is never asked.
    HttpResult forged = http_request(server.port(), http::verb::post, "/api/profile",
                                     boost::json::serialize(Json{{"JWTToken", "a.b.c"}, {"Username", "bob"}}),
                                     "application/json");
    EXPECT_EQ(forged.status, 400);
    EXPECT_EQ(site.count(), 1);
}

TEST(Reports, AProfileTheSiteRefusesIsAJsonError) {
    WebhookReceiver site(http::status::ok, R"({"StatusCode":200,"Data":{"OK":false,"Error":"No such member"}})");
    TestServer server(report_settings(dead_url(), false) + "\n[[WebhookURLs]]\nName = \"profile\"\nEnabled = true\nURL = \"" +
                      site.url() + "\"\n");
    const std::string token = reports_op_token("alice");
    HttpResult r = http_request(server.port(), http::verb::post, "/api/profile",
                                boost::json::serialize(Json{{"JWTToken", token}, {"Username", "ghost"}}),
                                "application/json");
    EXPECT_EQ(r.status, 500);
    auto body = boost::json::parse(r.body).as_object();
    EXPECT_FALSE(body.at("OK").as_bool());
    EXPECT_EQ(body.at("Error").as_string(), "No such member");
}
