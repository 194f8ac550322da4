// The process lifecycle a supervisor (systemd) drives: SIGTERM ends the server cleanly and
// quickly after telling everyone, SIGHUP reloads settings.toml without dropping anybody.
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

using namespace barertc::testing;
namespace http = boost::beast::http;

TEST(Lifecycle, SigtermTellsEveryoneClosesWith1012AndExitsZero) {
    TestServer server(default_test_settings());
    WsClient alice(server.port()), bob(server.port());
    alice.login("alice");
    bob.login("bob");
    server.signal(SIGTERM);
    for (WsClient* c : {&alice, &bob}) {
        Json notice = c->wait_for([](const Json& m) {
            return str(m, "action") == "error" && str(m, "message").find("restarting") != std::string::npos;
        }, "the restart notice");
        EXPECT_EQ(str(notice, "username"), "ChatServer");
        EXPECT_TRUE(c->wait_closed());
        EXPECT_EQ(c->close_reason().code, 1012) << "service restart: clients reconnect";
    }
    // Both clients answered the close handshake, so the server need not wait out its grace.
    EXPECT_EQ(server.wait_exit(5000), 0) << server.log();
    EXPECT_NE(server.log().find("shutting down: closing 2 connections"), std::string::npos);
}

TEST(Lifecycle, SighupReloadsChannelsAndWelcomesWithoutDroppingAnyone) {
    const std::string toml = default_test_settings();
    TestServer server(toml);
    WsClient alice(server.port());
    alice.login("alice");

    // A new channel appears in the file; the page of the next visitor lists it.
    std::string changed = toml;
    const std::string marker = "[[PublicChannels]]";
    changed.insert(changed.find(marker),
                   "[[PublicChannels]]\nID = \"reloaded\"\nName = \"Reloaded Room\"\n"
                   "WelcomeMessages = [\"Fresh from **SIGHUP**\"]\n\n");
    std::ofstream(server.dir() / "settings.toml", std::ios::trunc) << changed;
    server.signal(SIGHUP);
    ASSERT_TRUE(server.wait_for_log("SIGHUP: settings reloaded")) << server.log();
    EXPECT_NE(http_request(server.port(), http::verb::get, "/").body.find("Reloaded Room"),
              std::string::npos);

    WsClient bob(server.port());
    bob.login("bob");
    Json welcome = bob.wait_for([](const Json& m) {
        return str(m, "action") == "error" && str(m, "channel") == "reloaded";
    }, "the new channel's welcome");
    EXPECT_NE(str(welcome, "message").find("SIGHUP"), std::string::npos);

    // Alice never noticed: still connected, still chatting.
    alice.send(Json{{"action", "message"}, {"channel", "reloaded"}, {"message", "first here"}});
    bob.wait_for([](const Json& m) {
        return str(m, "action") == "message" && str(m, "username") == "alice" &&
               str(m, "channel") == "reloaded";
    }, "alice's message in the new channel");
    EXPECT_FALSE(alice.closed());

    // A broken file is refused and logged; the room carries on as it was.
    std::ofstream(server.dir() / "settings.toml", std::ios::trunc) << "Title = [unclosed";
    server.signal(SIGHUP);
    EXPECT_TRUE(server.wait_for_log("SIGHUP: settings not reloaded")) << server.log();
    EXPECT_TRUE(server.running());
    EXPECT_NE(http_request(server.port(), http::verb::get, "/").body.find("Reloaded Room"),
              std::string::npos);
}
