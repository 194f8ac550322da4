// deploy/nginx.conf in front of the real server: chat works through it, and with
// UseXForwardedFor the server logs the visitor's address that nginx passed on, not nginx's.
//
// Addresses: the users connect from 127.0.0.3 and 127.0.0.4; nginx connects to the server
// from 127.0.0.2 (proxy_bind). So a log line naming .3 or .4 can only come from the headers.
#include "nginx_proxy.hpp"
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace barertc::testing;
namespace http = boost::beast::http;

namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to,
                        int* count) {
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
        text.replace(pos, from.size(), to);
        ++*count;
    }
    return text;
}

// The example as shipped, with plain HTTP on a loopback port instead of TLS on 443, the
// test server instead of :9000, and nginx's upstream connections from 127.0.0.2.
std::string site_from_deploy_example(unsigned short listen_port, unsigned short server_port) {
    std::ifstream in(std::filesystem::path(BARERTC_SOURCE_DIR) / "deploy" / "nginx.conf");
    std::string site, line;
    while (std::getline(in, line)) {
        if (line.find("ssl_certificate") != std::string::npos) continue;
        site += line + "\n";
    }
    int listens = 0, upstreams = 0;
    site = replace_all(site, "listen 443 ssl;",
                       "listen 127.0.0.1:" + std::to_string(listen_port) + ";\n"
                       "    proxy_bind 127.0.0.2;", &listens);
    site = replace_all(site, "http://127.0.0.1:9000", "http://127.0.0.1:" + std::to_string(server_port),
                       &upstreams);
    // If the example changes shape, say so rather than test something else.
    if (listens != 1 || upstreams < 2)
        throw std::runtime_error("deploy/nginx.conf no longer has 'listen 443 ssl;' and "
                                 "'proxy_pass http://127.0.0.1:9000': update this test");
    return site;
}

void expect_message(WsClient& user, const std::string& channel, const std::string& text) {
    user.wait_for([&](const Json& m) {
        return str(m, "action") == "message" && str(m, "channel") == channel &&
               str(m, "message").find(text) != std::string::npos;
    }, "the message '" + text + "'");
}

}  // namespace

TEST(Nginx, ChatWorksThroughTheDeployExampleAndTheLogShowsVisitorAddresses) {
    if (!NginxProxy::installed())
        GTEST_SKIP() << kNginxBinary << " is not installed (apt-get install nginx-light); "
                     << "skipping the reverse-proxy test";
    TestServer server(default_test_settings("", "UseXForwardedFor = true"));
    NginxProxy nginx([&](unsigned short port) {
        return site_from_deploy_example(port, server.port());
    });

    HttpResult health = http_request(nginx.port(), http::verb::get, "/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.body, "ok\n");

    // Like a browser: the Origin names the address the page came from, port included.
    const std::string origin = "http://127.0.0.1:" + std::to_string(nginx.port());
    // Alice also claims another address; nginx's X-Real-IP (her real one) wins.
    WsClient alice(nginx.port(), origin, {{"X-Forwarded-For", "203.0.113.9"}}, "127.0.0.3");
    WsClient bob(nginx.port(), origin, {}, "127.0.0.4");
    alice.login("alice");
    bob.login("bob");
    alice.send(Json{{"action", "message"}, {"channel", "lobby"}, {"message", "through the proxy"}});
    expect_message(bob, "lobby", "through the proxy");
    bob.send(Json{{"action", "message"}, {"channel", "@alice"}, {"message", "a DM back"}});
    expect_message(alice, "@bob", "a DM back");

    EXPECT_TRUE(server.wait_for_log("(127.0.0.3) logged in as 'alice'")) << server.log();
    EXPECT_TRUE(server.wait_for_log("(127.0.0.4) logged in as 'bob'")) << server.log();
    const std::string log = server.log();
    EXPECT_EQ(log.find("203.0.113.9"), std::string::npos) << log;
    EXPECT_EQ(log.find("(127.0.0.2)"), std::string::npos) << log;
}
