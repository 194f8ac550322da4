// Message filters, DM link-spam protection and text logs against the real server
// (compat §2.7, §7.4, §7.7).
#include "room_helpers.hpp"
#include "test_server.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace barertc::testing;
namespace fs = std::filesystem;

namespace {

auto message_with(const std::string& text) {
    return [text](const Json& m) {
        return str(m, "action") == "message" && str(m, "message").find(text) != std::string::npos;
    };
}

auto is_notice_with(const std::string& text) {
    return [text](const Json& m) {
        return str(m, "action") == "error" && str(m, "message").find(text) != std::string::npos;
    };
}

const std::string kFilters = R"(
[[MessageFilters]]
Enabled = true
PublicChannels = true
PrivateChannels = true
KeywordPhrases = ["\\bdarn\\b", "(invalid"]
CensorMessage = true
ForwardMessage = true
ChatServerResponse = "Please keep it friendly."

[[MessageFilters]]
Enabled = true
PublicChannels = true
PrivateChannels = true
KeywordPhrases = ["buy followers"]
ForwardMessage = false
ChatServerResponse = "That message was held back."
)";

}  // namespace

TEST(Filters, ACensoredWordArrivesCensoredAndTheSenderIsTold) {
    TestServer server(default_test_settings(kFilters));
    EXPECT_TRUE(server.wait_for_log("skipping the phrase '(invalid'"));
    WsClient alice(server.port());
    alice.login("alice");
    WsClient bob(server.port());
    bob.login("bob");
    say(alice, "well DARN it", "lobby");
    Json got = bob.wait_for(message_with("it"), "alice's message");
    EXPECT_EQ(str(got, "message"), "<p>well **** it</p>");
    alice.wait_for(is_notice_with("Please keep it friendly."), "the filter's response");
}

TEST(Filters, AHeldBackMessageReachesNobodyButItsSender) {
    TestServer server(default_test_settings(kFilters));
    WsClient alice(server.port());
    alice.login("alice");
    WsClient bob(server.port());
    bob.login("bob");
    say(alice, "buy followers cheap", "lobby");
    alice.wait_for(message_with("buy followers cheap"), "her own copy");
    alice.wait_for(is_notice_with("That message was held back."), "the filter's response");
    say(alice, "marker", "lobby");
    bob.wait_for([](const Json& m) {
        EXPECT_EQ(str(m, "message").find("followers"), std::string::npos) << "bob got it";
        return message_with("marker")(m);
    }, "the marker after it");
}

TEST(LinkSpam, OneLinkToTooManyPeopleKicksThenBansAndTheBanHolds) {
    TestServer server(default_test_settings("\n[DMLinkSpamProtection]\nEnabled = true\n"
                                            "MaxThreads = 2\nTimeLimit = 3600\nBanHours = 2\n"));
    const std::string spam = "come to https://spam-room.net/join now";
    {
        WsClient spammer(server.port());
        spammer.login("spammer");
        say(spammer, spam, "@u1");
        spammer.wait_for(is_notice_with("appears to be offline"), "offline notice 1");
        say(spammer, spam, "@u2");
        spammer.wait_for(is_notice_with("appears to be offline"), "offline notice 2");
        say(spammer, spam, "@u3");
        spammer.wait_for(is_notice_with("kicked for sending the same link"), "the kick");
        spammer.wait_action("disconnect");
        EXPECT_TRUE(spammer.wait_closed());
    }
    EXPECT_TRUE(server.wait_for_log("'spammer' kicked for sending one link"));
    {
        WsClient again(server.port());
        EXPECT_EQ(again.login("spammer"), "spammer") << "a kick is not a ban";
        say(again, spam, "@u4");
        again.wait_for(is_notice_with("banned for 2 hours"), "the ban");
        again.wait_action("disconnect");
        EXPECT_TRUE(again.wait_closed());
    }
    WsClient refused(server.port());
    refused.send(Json{{"action", "login"}, {"username", "spammer"}});
    refused.wait_for([](const Json& m) {
        EXPECT_NE(str(m, "action"), "me") << "a banned user got in";
        return str(m, "action") == "disconnect";
    }, "the ban at login");
}

TEST(ChatLogs, ALoggedChannelsMessageIsInItsFile) {
    const fs::path dir = fs::temp_directory_path() /
                         ("barertc-it-logs-" + std::to_string(std::random_device{}()));
    {
        TestServer server(default_test_settings("\n[Logging]\nEnabled = true\nDirectory = \"" +
                                                dir.string() +
                                                "\"\nChannels = [\"lobby\"]\nUsernames = [\"bob\"]\n"));
        WsClient alice(server.port());
        alice.login("alice");
        WsClient bob(server.port());
        bob.login("bob");
        say(alice, "hello *log*", "lobby");
        alice.wait_for(message_with("hello"), "her own copy");  // written before it is sent
        say(alice, "a private word", "@bob");
        bob.wait_for(message_with("a private word"), "the DM");
        std::ifstream lobby(dir / "lobby.txt");
        std::string line;
        ASSERT_TRUE(std::getline(lobby, line));
        EXPECT_NE(line.find(" [alice] hello *log*"), std::string::npos) << line;
        EXPECT_EQ(line.size(), std::string("2024-01-01T00:00:00Z [alice] hello *log*").size());
        std::ifstream dm(dir / "@bob" / "alice.txt");
        ASSERT_TRUE(std::getline(dm, line));
        EXPECT_NE(line.find(" [alice] a private word"), std::string::npos) << line;
        EXPECT_FALSE(fs::exists(dir / "@alice"));
    }
    fs::remove_all(dir);
}
