// Operator commands (compat §5, ours.md "Moderation and persistence") against the real server:
// a JWT `op` user may run each of them, anybody else is refused with a clear error and the
// command is never posted; bans keep people out, also after a restart.
#include "auth/jwt.hpp"
#include "room_helpers.hpp"
#include "test_server.hpp"
#include "tokens.hpp"
#include "ws_client.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>

using namespace barertc::testing;
namespace auth = barertc::auth;

namespace {

constexpr const char* kModerationSecret = "moderation-secret";

std::string moderation_op_token(const std::string& sub) { return operator_token(sub, kModerationSecret); }

// Mixed mode: operators sign in with a token, everybody else comes in as a guest. The flood
// limit is raised so that a test can run many commands in a row.
std::string moderation_settings(const std::string& extra = "") {
    return default_test_settings(std::string("\n[JWT]\nEnabled = true\nStrict = false\nSecretKey = \"") +
                                 kModerationSecret +
                                 "\"\nLandingPageURL = \"https://site.example/login\"\n"
                                 "\n[Limits]\nMessageBurst = 500\nMessagesPerMinute = 6000\n" +
                                 extra);
}

// The next public message (skipping everything else) must be `text`.
void expect_next_message(WsClient& c, const std::string& text) {
    Json m = c.wait_action("message");
    EXPECT_EQ(str(m, "message"), "<p>" + text + "</p>") << "instead of " << boost::json::serialize(m);
}

std::optional<Json> find_row(const Json& who, const std::string& name) {
    for (const auto& row : who.at("whoList").as_array())
        if (str(row.as_object(), "username") == name) return row.as_object();
    return std::nullopt;
}

// Waits for a Who List in which `name`'s row satisfies `match` (nullopt: `name` is absent).
Json wait_who(WsClient& c, const std::string& name,
              const std::function<bool(const std::optional<Json>&)>& match, const std::string& what) {
    Json who = c.wait_for([&](const Json& m) {
        return str(m, "action") == "who" && match(find_row(m, name));
    }, "a who list where " + what);
    return find_row(who, name).value_or(Json{});
}

bool is_op(const std::optional<Json>& row) {
    return row && row->contains("op") && row->at("op").as_bool();
}

std::int64_t video_of(const std::optional<Json>& row) { return row ? num(*row, "video") : -1; }

// A user who was just removed: the reason, then `disconnect`, then the server closes.
void expect_removed(WsClient& c, const std::string& reason) {
    notice_with(c, reason);
    c.wait_action("disconnect");
    EXPECT_TRUE(c.wait_closed());
}

// Logging in as a banned user: the ban notice, `disconnect`, closed.
void expect_login_refused_as_banned(unsigned short port, const std::string& name) {
    WsClient c(port);
    c.send(Json{{"action", "login"}, {"username", name}});
    const std::string why = reply(c);
    EXPECT_TRUE(contains(why, "You are banned")) << why;
    c.wait_action("disconnect");
    EXPECT_TRUE(c.wait_closed());
    for (const Json& m : c.history()) EXPECT_NE(str(m, "action"), "me") << "a banned user got in";
}

}  // namespace

TEST(Moderation, NonOperatorsAreRefusedEveryCommandAndNothingIsPosted) {
    TestServer server(moderation_settings());
    WsClient alice(server.port());
    alice.login("", moderation_op_token("alice"));
    WsClient bob(server.port());
    bob.login("bob");
    WsClient carol(server.port());
    carol.login("carol");

    const std::vector<std::pair<std::string, std::string>> commands{
        {"/kick carol", "/kick"},       {"/ban carol 2", "/ban"},      {"/unban carol", "/unban"},
        {"/bans", "/bans"},             {"/op bob", "/op"},            {"/deop alice", "/deop"},
        {"/nsfw carol", "/nsfw"},       {"/cut carol", "/cut"},        {"/unmute-all", "/unmute-all"},
        {"/help", "/help"},             {"/help-advanced", "/help-advanced"},
        {"/kickall", "/kickall"},       {"/reconfigure", "/reconfigure"},
        {"/shutdown", "/shutdown"},     {"/KICK carol", "/kick"},
    };
    for (const auto& [text, name] : commands) {
        say(bob, text);
        EXPECT_EQ(reply(bob), "Only chat operators can use " + name + ".") << text;
    }
    // None of them did anything: carol is still here, bob is no operator, the server runs,
    // and the next thing carol sees is bob's ordinary message, not a command.
    say(bob, "just chatting");
    expect_next_message(carol, "just chatting");
    for (const Json& m : carol.history()) {
        EXPECT_NE(str(m, "action"), "disconnect");
        EXPECT_NE(str(m, "action"), "cut");
    }
    EXPECT_TRUE(server.running());
    say(alice, "/bans");
    EXPECT_EQ(reply(alice), "Nobody is banned.");

    // Other slash words are ordinary messages.
    say(bob, "/shrug");
    expect_next_message(carol, "/shrug");
}

TEST(Moderation, HelpListsTheCommands) {
    TestServer server(moderation_settings());
    WsClient alice(server.port());
    alice.login("", moderation_op_token("alice"));
    say(alice, "/help");
    const std::string help = reply(alice);
    for (const char* c : {"/kick", "/ban", "/unban", "/bans", "/nsfw", "/cut", "/unmute-all",
                          "/help-advanced"})
        EXPECT_TRUE(contains(help, c)) << c << " missing from: " << help;
    say(alice, "/help-advanced");
    const std::string advanced = reply(alice);
    for (const char* c : {"/op", "/deop", "/kickall", "/reconfigure", "/shutdown"})
        EXPECT_TRUE(contains(advanced, c)) << c << " missing from: " << advanced;
}

TEST(Moderation, KickRemovesAUserWhoMayComeBack) {
    TestServer server(moderation_settings());
    WsClient alice(server.port());
    alice.login("", moderation_op_token("alice"));
    WsClient carol(server.port());
    carol.login("carol");
    WsClient bob(server.port());
    bob.login("bob");

    say(alice, "/kick");
    EXPECT_TRUE(contains(reply(alice), "Usage: <code>/kick &lt;username&gt;</code>"));
    say(alice, "/kick nobody");
    EXPECT_EQ(reply(alice), "@nobody is not online.");
    say(alice, "/kick alice");
    EXPECT_EQ(reply(alice), "You cannot kick yourself.");

    say(alice, "/kick @bob");  // a leading @ is allowed, as in the original
    EXPECT_EQ(reply(alice), "@bob has been kicked from the room.");
    expect_removed(bob, "kicked");
    carol.wait_for([](const Json& m) {
        return str(m, "action") == "presence" && str(m, "username") == "bob" &&
               contains(str(m, "message"), "kicked");
    }, "bob's kick presence");
    wait_who(carol, "bob", [](const std::optional<Json>& row) { return !row; }, "bob is gone");

    // A kick is no ban.
    WsClient again(server.port());
    EXPECT_EQ(again.login("bob"), "bob");
}

TEST(Moderation, BanKeepsAUserOutAlsoAfterARestartUntilUnbanned) {
    auto first = std::make_unique<TestServer>(moderation_settings());
    const std::filesystem::path dir = first->dir();
    {
        WsClient alice(first->port());
        alice.login("", moderation_op_token("alice"));
        WsClient carol(first->port());
        carol.login("carol");
        WsClient bob(first->port());
        bob.login("bob");

        say(alice, "/ban bob soon");
        EXPECT_EQ(reply(alice), "The ban length must be a whole number of hours from 1 to 8760.");
        say(alice, "/ban bob 0");
        EXPECT_EQ(reply(alice), "The ban length must be a whole number of hours from 1 to 8760.");
        say(alice, "/ban");
        EXPECT_TRUE(contains(reply(alice), "Usage: <code>/ban"));

        say(alice, "/ban ALICE");
        EXPECT_EQ(reply(alice), "You cannot ban yourself.");

        const std::int64_t before = unix_now();
        say(alice, "/ban bob 2");
        EXPECT_EQ(reply(alice), "@bob is banned for 2 hours.");
        expect_removed(bob, "banned from the chat room for 2 hours");
        carol.wait_for([](const Json& m) {
            return str(m, "action") == "presence" && str(m, "username") == "bob" &&
                   contains(str(m, "message"), "banned");
        }, "bob's ban presence");

        // Names are banned case-insensitively, like our name uniqueness; offline names too.
        expect_login_refused_as_banned(first->port(), "bob");
        expect_login_refused_as_banned(first->port(), "BOB");
        say(alice, "/ban mallory");
        EXPECT_EQ(reply(alice), "@mallory is banned for 24 hours.");
        expect_login_refused_as_banned(first->port(), "mallory");

        say(alice, "/bans");
        const std::string list = reply(alice);
        EXPECT_TRUE(contains(list, "bob until ")) << list;
        EXPECT_TRUE(contains(list, "mallory until ")) << list;
        // RFC 3339 expiry, two hours from now.
        std::smatch m;
        const std::regex re(R"(bob until (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ))");
        ASSERT_TRUE(std::regex_search(list, m, re)) << list;
        std::tm tm{};
        std::istringstream(m[1].str()) >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
        const std::int64_t until = timegm(&tm);
        EXPECT_GE(until, before + 2 * 3600);
        EXPECT_LE(until, unix_now() + 2 * 3600);
    }
    first->stop();

    // Same directory, same settings.toml, same bans.sqlite: the bans are still there.
    {
        TestServer second(dir);
        expect_login_refused_as_banned(second.port(), "bob");
        expect_login_refused_as_banned(second.port(), "mallory");
        WsClient alice(second.port());
        alice.login("", moderation_op_token("alice"));
        say(alice, "/bans");
        const std::string list = reply(alice);
        EXPECT_TRUE(contains(list, "bob until ")) << list;
        EXPECT_TRUE(contains(list, "mallory until ")) << list;

        say(alice, "/unban bob");
        EXPECT_EQ(reply(alice), "@bob is no longer banned.");
        say(alice, "/unban bob");
        EXPECT_EQ(reply(alice), "@bob was not banned.");
        say(alice, "/bans");
        const std::string after = reply(alice);
        EXPECT_FALSE(contains(after, "bob until ")) << after;
        EXPECT_TRUE(contains(after, "mallory until ")) << after;

        WsClient bob(second.port());
        EXPECT_EQ(bob.login("bob"), "bob");
        second.stop();
    }
    // The unban lasts too.
    {
        TestServer third(dir);
        WsClient bob(third.port());
        EXPECT_EQ(bob.login("bob"), "bob");
        expect_login_refused_as_banned(third.port(), "mallory");
    }
}

TEST(Moderation, OpMakesAnOperatorWhoCanKickAndDeopTakesItBack) {
    TestServer server(moderation_settings());
    WsClient alice(server.port());
    alice.login("", moderation_op_token("alice"));
    WsClient bob(server.port());
    bob.login("bob");
    WsClient carol(server.port());
    carol.login("carol");
    WsClient dave(server.port());  // only watches the Who List
    dave.login("dave");

    say(alice, "/op bob");
    EXPECT_EQ(reply(alice), "@bob is now an operator.");
    EXPECT_EQ(notice_with(bob, "operator"), "You have been made a chat operator.");
    wait_who(dave, "bob", is_op, "bob is an operator");

    say(bob, "/kick carol");
    EXPECT_EQ(reply(bob), "@carol has been kicked from the room.");
    expect_removed(carol, "kicked");

    say(alice, "/deop bob");
    EXPECT_EQ(reply(alice), "@bob is no longer an operator.");
    EXPECT_EQ(notice_with(bob, "operator"), "You are no longer a chat operator.");
    wait_who(dave, "bob", [](const std::optional<Json>& row) { return row && !is_op(row); },
             "bob is no operator");
    say(bob, "/kick alice");
    EXPECT_EQ(reply(bob), "Only chat operators can use /kick.");

    say(alice, "/op ghost");
    EXPECT_EQ(reply(alice), "@ghost is not online.");
}

TEST(Moderation, NsfwMarksABroadcastingCameraExplicitInWhoLists) {
    TestServer server(moderation_settings());
    WsClient alice(server.port());
    alice.login("", moderation_op_token("alice"));
    WsClient bob(server.port());
    bob.login("bob");
    WsClient carol(server.port());
    carol.login("carol");

    say(alice, "/nsfw bob");
    EXPECT_EQ(reply(alice), "@bob is not broadcasting a camera that could be marked.");
    say(alice, "/nsfw");
    EXPECT_TRUE(contains(reply(alice), "Usage: <code>/nsfw"));

    bob.send(Json{{"action", "me"}, {"video", 1}, {"status", "online"}});
    wait_who(carol, "bob", [](const auto& row) { return video_of(row) > 0 && (video_of(row) & 1); },
             "bob broadcasts");
    say(alice, "/nsfw bob");
    EXPECT_EQ(reply(alice), "@bob's camera is now marked Explicit.");
    EXPECT_TRUE(contains(notice_with(bob, "Explicit"), "marked your camera as Explicit"));
    bob.wait_for([](const Json& m) { return str(m, "action") == "me" && (num(m, "video") & 3) == 3; },
                 "a `me` with the Explicit bit");
    wait_who(carol, "bob", [](const auto& row) { return video_of(row) > 0 && (video_of(row) & 3) == 3; },
             "bob's camera is Explicit");
    // Already marked: nothing to do.
    say(alice, "/nsfw bob");
    EXPECT_EQ(reply(alice), "@bob is not broadcasting a camera that could be marked.");
}

TEST(Moderation, CutTurnsACameraOff) {
    TestServer server(moderation_settings());
    WsClient alice(server.port());
    alice.login("", moderation_op_token("alice"));
    WsClient bob(server.port());
    bob.login("bob");
    WsClient carol(server.port());
    carol.login("carol");

    say(alice, "/cut bob");
    EXPECT_EQ(reply(alice), "@bob is not broadcasting.");
    say(alice, "/cut");
    EXPECT_TRUE(contains(reply(alice), "Usage: <code>/cut"));

    bob.send(Json{{"action", "me"}, {"video", 1}, {"status", "online"}});
    wait_who(carol, "bob", [](const auto& row) { return video_of(row) > 0 && (video_of(row) & 1); },
             "bob broadcasts");
    say(alice, "/cut bob");
    EXPECT_EQ(reply(alice), "@bob's camera has been turned off.");
    bob.wait_action("cut");
    // The client obeys by switching its camera off, which everyone sees.
    bob.send(Json{{"action", "me"}, {"video", 0}, {"status", "online"}});
    wait_who(carol, "bob", [](const auto& row) { return row && (video_of(row) & 1) == 0; },
             "bob's camera is off");
}

TEST(Moderation, UnmuteAllClearsTheOperatorsMutes) {
    TestServer server(moderation_settings());
    WsClient alice(server.port());
    alice.login("", moderation_op_token("alice"));
    WsClient bob(server.port());
    bob.login("bob");
    WsClient carol(server.port());
    carol.login("carol");

    alice.send(Json{{"action", "mute"}, {"username", "bob"}});
    say(bob, "muted words");
    say(carol, "marker one");
    expect_next_message(alice, "marker one");  // bob's message never came

    say(alice, "/unmute-all");
    EXPECT_EQ(reply(alice), "You have unmuted everyone, and nobody can block you now.");
    say(bob, "heard again");
    expect_next_message(alice, "heard again");
}

TEST(Moderation, KickallDisconnectsEveryoneWithALinkBack) {
    TestServer server(moderation_settings());
    WsClient alice(server.port());
    alice.login("", moderation_op_token("alice"));
    WsClient bob(server.port());
    bob.login("bob");

    say(alice, "/kickall");
    const std::string text = notice_with(bob, "reconnect");
    EXPECT_TRUE(contains(text, "https://site.example/login")) << text;
    bob.wait_action("disconnect");
    EXPECT_TRUE(bob.wait_closed());
    alice.wait_action("disconnect");
    EXPECT_TRUE(alice.wait_closed());
    // They may come back.
    WsClient back(server.port());
    EXPECT_EQ(back.login("bob"), "bob");
}

TEST(Moderation, ReconfigureReloadsSettingsToml) {
    TestServer server(moderation_settings());
    WsClient alice(server.port());
    alice.login("", moderation_op_token("alice"));

    std::string toml = moderation_settings();
    const std::string old_welcome = "Welcome to **the lobby**!";
    toml.replace(toml.find(old_welcome), old_welcome.size(), "Reloaded **welcome**");
    std::ofstream(server.dir() / "settings.toml", std::ios::trunc) << toml;

    say(alice, "/reconfigure");
    EXPECT_EQ(reply(alice), "Settings reloaded.");
    WsClient newcomer(server.port());
    newcomer.login("newcomer");
    Json welcome = newcomer.wait_for([](const Json& m) {
        return str(m, "action") == "error" && str(m, "channel") == "lobby";
    }, "the lobby's welcome message");
    EXPECT_TRUE(contains(str(welcome, "message"), "Reloaded")) << str(welcome, "message");

    // A broken file is reported and the old settings stay.
    std::ofstream(server.dir() / "settings.toml", std::ios::trunc) << "Title = [unclosed";
    say(alice, "/reconfigure");
    EXPECT_TRUE(contains(reply(alice), "The settings were not reloaded")) << boost::json::serialize(alice.history().back());
    EXPECT_TRUE(server.running());
}

TEST(Moderation, ShutdownStopsTheServerAfterTellingEveryone) {
    TestServer server(moderation_settings());
    WsClient alice(server.port());
    alice.login("", moderation_op_token("alice"));
    WsClient bob(server.port());
    bob.login("bob");

    say(alice, "/shutdown");
    EXPECT_TRUE(contains(notice_with(bob, "going down"), "reboot"));
    EXPECT_TRUE(bob.wait_closed());
    EXPECT_EQ(server.wait_exit(), 1) << server.log();  // as the original: exit(1)
}
