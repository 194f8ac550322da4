// --log-format json: every line the server prints is one JSON object with time, level and
// message, even when the logged text came from a client and holds quotes or stray bytes.
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace barertc::testing;

TEST(LogFormat, JsonLinesParseAndKeepTheLoggedText) {
    TestServer server(default_test_settings(), {"--log-format", "json"});

    // An Origin header is logged verbatim when a handshake is refused: a quote, a backslash,
    // a tab and a byte that is not UTF-8.
    const std::string origin = "https://evil\"\\\t.example\xFF";
    EXPECT_THROW(WsClient(server.port(), origin), std::exception);
    {
        WsClient alice(server.port());
        alice.login("alice");
        alice.send_text("{\"action\": \"message\", \"message\": \"unterminated");
        alice.wait_action("error");
        ASSERT_TRUE(server.wait_for_log("foreign origin")) << server.log();
        ASSERT_TRUE(server.wait_for_log("unreadable message")) << server.log();
    }  // alice hangs up, so the server need not wait out its shutdown grace for her
    server.stop();

    std::istringstream lines(server.log());
    int parsed = 0;
    bool saw_origin = false, saw_listening = false;
    for (std::string line; std::getline(lines, line);) {
        boost::json::error_code ec;
        boost::json::value v = boost::json::parse(line, ec);
        ASSERT_FALSE(ec) << "not a JSON line: " << line;
        ASSERT_TRUE(v.is_object()) << line;
        const auto& o = v.as_object();
        ASSERT_TRUE(o.contains("time") && o.at("time").is_string()) << line;
        ASSERT_TRUE(o.contains("level") && o.at("level").is_string()) << line;
        ASSERT_TRUE(o.contains("message") && o.at("message").is_string()) << line;
        EXPECT_EQ(o.size(), 3u) << line;
        const std::string message(o.at("message").as_string());
        if (message.find("listening on http://127.0.0.1:") == 0) saw_listening = true;
        if (message.find("foreign origin") != std::string::npos) {
            saw_origin = true;
            EXPECT_EQ(o.at("level").as_string(), "info");
            // The text as received, the invalid byte as U+FFFD.
            EXPECT_NE(message.find("'https://evil\"\\\t.example\xEF\xBF\xBD'"), std::string::npos)
                << message;
        }
        ++parsed;
    }
    EXPECT_TRUE(saw_listening);
    EXPECT_TRUE(saw_origin);
    EXPECT_GE(parsed, 5);
}

TEST(LogFormat, UnknownFormatIsRefusedAtStartup) {
    try {
        TestServer server(default_test_settings(), {"--log-format", "xml"});
        FAIL() << "the server started with --log-format xml";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("--log-format"), std::string::npos) << e.what();
    }
}
