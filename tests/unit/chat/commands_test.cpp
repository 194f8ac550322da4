#include "fake_room.hpp"

#include "chat/command_line.hpp"

#include <gtest/gtest.h>

using namespace barertc::chat;
using namespace barertc::chat::test;
using boost::json::object;

namespace {

barertc::config::Settings jwt_room() {
    auto s = room_settings();
    s.jwt.enabled = true;
    s.jwt.strict = false;
    s.jwt.secret_key = "k";
    return s;
}

FakePeer& join_op(FakeRoom& room, const std::string& name) {
    barertc::auth::Claims c;
    c.subject = name;
    c.op = true;
    room.connect(name);
    room.send(name, object{{"action", "login"},
                           {"jwt", barertc::auth::sign_jwt(c, "k", 1'700'000'000, 300)}});
    return room.peer(name);
}

std::string last_notice(FakePeer& p) {
    auto errors = p.messages("error");
    return errors.empty() ? "" : std::string(errors.back()["message"].as_string());
}

void say(FakeRoom& room, const std::string& who, const std::string& text) {
    room.send(who, object{{"action", "message"}, {"channel", "lobby"}, {"message", text}});
}

}  // namespace

TEST(CommandLine, SplitsLikeAShell) {
    EXPECT_EQ(split_command(R"(/kick "user 2")"), (std::vector<std::string>{"/kick", "user 2"}));
    EXPECT_EQ(split_command("/ban  bob   48"), (std::vector<std::string>{"/ban", "bob", "48"}));
    EXPECT_EQ(split_command(R"(/x 'a b' c\ d)"), (std::vector<std::string>{"/x", "a b", "c d"}));
    EXPECT_TRUE(split_command("   ").empty());
}

TEST(Commands, NonOperatorsGetAnErrorAndNothingHappens) {
    FakeRoom room(jwt_room());
    room.join("alice");
    room.join("bob");
    say(room, "alice", "/kick bob");
    EXPECT_NE(last_notice(room.peer("alice")).find("Only chat operators"), std::string::npos);
    EXPECT_FALSE(room.peer("bob").closed);
    say(room, "alice", "/shrug");  // not a command: an ordinary message
    EXPECT_EQ(room.peer("bob").messages("message").size(), 1u);
}

TEST(Commands, KickRemovesTheUserAndTellsEveryone) {
    FakeRoom room(jwt_room());
    join_op(room, "mod");
    room.join("bob");
    room.join("carol");
    say(room, "mod", "/kick @bob");
    EXPECT_TRUE(room.peer("bob").closed);
    EXPECT_EQ(room.peer("bob").messages("disconnect").size(), 1u);
    // Others hear of it with the next who-list update.
    EXPECT_TRUE(room.hub.who_pending());
    room.hub.flush_who();
    auto presences = room.peer("carol").messages("presence");
    EXPECT_EQ(presences.back()["message"], "has been kicked from the room!");
    EXPECT_EQ(video_in(room.peer("carol").messages("who").back(), "bob"), -1);
    EXPECT_EQ(room.peer("carol").messages("message").size(), 0u) << "the command is not posted";
}

TEST(Commands, BanKeepsTheUserOutUntilUnbanned) {
    FakeRoom room(jwt_room());
    join_op(room, "mod");
    room.join("bob");
    say(room, "mod", "/ban bob 2");
    EXPECT_TRUE(room.peer("bob").closed);
    room.hub.flush_who();
    EXPECT_EQ(room.peer("mod").messages("presence").back()["message"], "has been banned!");
    room.connect("bob-again");
    room.send("bob-again", object{{"action", "login"}, {"username", "Bob"}});
    EXPECT_NE(last_notice(room.peer("bob-again")).find("banned from this chat room for 2 more hours"),
              std::string::npos);
    EXPECT_EQ(room.peer("bob-again").messages("disconnect").size(), 1u);
    say(room, "mod", "/bans");
    EXPECT_NE(last_notice(room.peer("mod")).find("bob until"), std::string::npos);
    say(room, "mod", "/unban bob");
    room.connect("bob-3");
    room.send("bob-3", object{{"action", "login"}, {"username", "bob"}});
    EXPECT_EQ(room.peer("bob-3").messages("me").size(), 1u);
}

TEST(Commands, NsfwAndCutActOnBroadcastersOnly) {
    FakeRoom room(jwt_room());
    join_op(room, "mod");
    room.join("bob");
    say(room, "mod", "/nsfw bob");
    EXPECT_NE(last_notice(room.peer("mod")).find("not broadcasting"), std::string::npos);
    room.send("bob", object{{"action", "me"}, {"video", 1}});
    say(room, "mod", "/nsfw bob");
    EXPECT_EQ(room.peer("bob").messages("me").back()["video"].as_int64(), 3);
    say(room, "mod", "/cut bob");
    EXPECT_EQ(room.peer("bob").messages("cut").size(), 1u);
}

TEST(Commands, OpGrantsOperatorRightsForTheSession) {
    FakeRoom room(jwt_room());
    join_op(room, "mod");
    room.join("bob");
    room.join("carol");
    say(room, "mod", "/op bob");
    say(room, "bob", "/kick carol");
    EXPECT_TRUE(room.peer("carol").closed);
    say(room, "mod", "/deop bob");
    say(room, "bob", "/kick mod");
    EXPECT_FALSE(room.peer("mod").closed);
}

TEST(Commands, UsageIsShownWhenTheArgumentIsMissing) {
    FakeRoom room(jwt_room());
    join_op(room, "mod");
    for (const char* c : {"/kick", "/ban", "/nsfw", "/cut", "/op", "/unban"}) {
        say(room, "mod", c);
        EXPECT_NE(last_notice(room.peer("mod")).find("Usage"), std::string::npos) << c;
    }
    say(room, "mod", "/ban bob soon");
    EXPECT_NE(last_notice(room.peer("mod")).find("whole number"), std::string::npos);
}
