// GET /metrics in Prometheus text format: parsed the way a scraper would, checked against
// what the test did to the room.
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

using namespace barertc::testing;
namespace http = boost::beast::http;

namespace {

// "name{labels} value" lines into a map keyed by "name{labels}"; checks every sample has a TYPE.
std::map<std::string, double> scrape(unsigned short port) {
    HttpResult r = http_request(port, http::verb::get, "/metrics");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.headers[http::field::content_type].substr(0, 10), "text/plain");
    std::map<std::string, double> samples;
    std::map<std::string, std::string> types;
    std::istringstream lines(r.body);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        if (line.rfind("# TYPE ", 0) == 0) {
            std::istringstream t(line.substr(7));
            std::string name, type;
            t >> name >> type;
            types[name] = type;
            continue;
        }
        if (line[0] == '#') continue;
        const auto space = line.rfind(' ');
        const std::string key = line.substr(0, space);
        const std::string name = key.substr(0, key.find('{'));
        EXPECT_TRUE(types.count(name)) << "no TYPE for " << name;
        samples[key] = std::stod(line.substr(space + 1));
    }
    return samples;
}

}  // namespace

TEST(Metrics, CountUsersMessagesBytesAndLoginFailures) {
    TestServer server(default_test_settings());
    auto before = scrape(server.port());
    EXPECT_EQ(before.at("barertc_users"), 0);
    EXPECT_EQ(before.count("barertc_build_info{version=\"" BARERTC_VERSION "\",implementation=\"barertc-cpp\"}"), 1u);

    WsClient alice(server.port()), bob(server.port()), bad(server.port());
    alice.login("alice");
    bob.login("bob");
    bad.send(Json{{"action", "login"}, {"username", "<b>x</b>"}});
    bad.wait_action("error");
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "hello"}});
    bob.wait_for([](const Json& m) { return str(m, "action") == "message"; }, "alice's message");

    auto after = scrape(server.port());
    EXPECT_EQ(after.at("barertc_users"), 2);
    EXPECT_EQ(after.at("barertc_connections"), 3);
    EXPECT_EQ(after.at("barertc_channel_users{channel=\"lobby\"}"), 2);
    EXPECT_EQ(after.at("barertc_logins_total"), 2);
    EXPECT_EQ(after.at("barertc_login_failures_total{reason=\"bad_name\"}"), 1);
    EXPECT_GE(after.at("barertc_messages_in_total"), 4);  // three logins and a message
    EXPECT_GT(after.at("barertc_bytes_in_total"), before.at("barertc_bytes_in_total"));
    EXPECT_GT(after.at("barertc_bytes_out_total"), 0);
    EXPECT_GE(after.at("barertc_deliveries_total"), 2);  // the message reached both
    EXPECT_EQ(after.at("barertc_slow_clients_dropped_total"), 0);
    EXPECT_GE(after.at("barertc_websocket_upgrades_total"), 3);
}

TEST(Metrics, RateLimitHitsAndRefusedHandshakesAreCounted) {
    TestServer server(default_test_settings("\n[Limits]\nMessageBurst = 2\n"));
    WsClient alice(server.port());
    alice.login("alice");
    for (int i = 0; i < 4; ++i)
        alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "x"}});
    alice.wait_for([](const Json& m) {
        return str(m, "action") == "error" && str(m, "message").find("Slow down") != std::string::npos;
    }, "a rate-limit error");
    EXPECT_THROW(WsClient(server.port(), "https://evil.example"), std::exception);
    auto m = scrape(server.port());
    EXPECT_GE(m.at("barertc_rate_limited_total"), 1);
    EXPECT_EQ(m.at("barertc_websocket_refused_total"), 1);
}
