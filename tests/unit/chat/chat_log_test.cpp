// [Logging]: channel and DM text logs on disk (compat §7.7).
#include "fake_room.hpp"

#include "chat/chat_log.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace barertc::chat;
using namespace barertc::chat::test;
using boost::json::object;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    TempDir() {
        path = fs::temp_directory_path() / ("barertc-chatlog-" + std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    fs::path path;
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

barertc::config::LoggingSettings logging(const fs::path& dir) {
    barertc::config::LoggingSettings s;
    s.enabled = true;
    s.directory = (dir / "logs").string();
    s.channels = {"lobby"};
    s.usernames = {"Alice"};
    return s;
}

}  // namespace

TEST(ChatLog, PathComponentsCannotLeaveTheDirectory) {
    EXPECT_EQ(ChatLog::path_component("lobby"), "lobby");
    EXPECT_EQ(ChatLog::path_component("bob.smith"), "bob.smith");
    EXPECT_EQ(ChatLog::path_component(".."), "%2E%2E");
    EXPECT_EQ(ChatLog::path_component("../../etc/passwd"), "%2E.%2F..%2Fetc%2Fpasswd");
    EXPECT_EQ(ChatLog::path_component(".hidden"), "%2Ehidden");
    EXPECT_EQ(ChatLog::path_component("a b%"), "a%20b%25");
    EXPECT_EQ(ChatLog::path_component(""), "%00");
    EXPECT_LE(ChatLog::path_component(std::string(500, '/')).size(), 200u);
}

TEST(ChatLog, LinesCarryTimeSenderAndTextAndCannotBeForged) {
    EXPECT_EQ(ChatLog::line(1'700'000'000, "alice", "hi"), "2023-11-14T22:13:20Z [alice] hi\n");
    EXPECT_EQ(ChatLog::line(1'700'000'000, "alice", "a\r\n2023-01-01T00:00:00Z [bob] b"),
              "2023-11-14T22:13:20Z [alice] a\n    2023-01-01T00:00:00Z [bob] b\n");
}

TEST(ChatLog, WritesListedChannelsAndListedUsersDms) {
    TempDir tmp;
    ChatLog log;
    log.configure(logging(tmp.path));
    log.public_message("lobby", "bob", "hello", 1'700'000'000);
    log.public_message("lobby", "carol", "hi bob", 1'700'000'001);
    log.public_message("offtopic", "bob", "not logged", 1'700'000'002);
    log.direct_message("alice", "bob", "psst", 1'700'000'003);
    log.direct_message("bob", "ALICE", "yes?", 1'700'000'004);
    log.direct_message("bob", "carol", "not logged", 1'700'000'005);
    const fs::path dir = tmp.path / "logs";
    EXPECT_EQ(slurp(dir / "lobby.txt"),
              "2023-11-14T22:13:20Z [bob] hello\n2023-11-14T22:13:21Z [carol] hi bob\n");
    EXPECT_FALSE(fs::exists(dir / "offtopic.txt"));
    EXPECT_EQ(slurp(dir / "@alice" / "bob.txt"), "2023-11-14T22:13:23Z [alice] psst\n");
    EXPECT_EQ(slurp(dir / "@ALICE" / "bob.txt"), "2023-11-14T22:13:24Z [bob] yes?\n");
    EXPECT_FALSE(fs::exists(dir / "@bob"));
    EXPECT_EQ((fs::status(dir / "lobby.txt").permissions() & fs::perms::others_read), fs::perms::none);
}

TEST(ChatLog, HostileNamesStayInsideTheDirectory) {
    TempDir tmp;
    ChatLog log;
    auto s = logging(tmp.path);
    s.channels = {"../escape"};
    s.usernames = {"../../x"};
    log.configure(s);
    log.public_message("../escape", "bob", "a", 1'700'000'000);
    log.direct_message("../../x", "../../../y", "b", 1'700'000'000);
    EXPECT_FALSE(fs::exists(tmp.path / "escape.txt"));
    EXPECT_TRUE(fs::exists(tmp.path / "logs" / "%2E.%2Fescape.txt"));
    EXPECT_TRUE(fs::exists(tmp.path / "logs" / "@%2E.%2F..%2Fx" / "%2E.%2F..%2F..%2Fy.txt"));
    std::size_t files = 0;
    for (auto& e : fs::recursive_directory_iterator(tmp.path))
        if (e.is_regular_file()) {
            ++files;
            EXPECT_EQ(e.path().string().rfind((tmp.path / "logs").string(), 0), 0u) << e.path();
        }
    EXPECT_EQ(files, 2u);
}

TEST(ChatLog, AnUnwritableDirectoryIsWarnedAboutNotFatal) {
    TempDir tmp;
    std::ofstream(tmp.path / "logs") << "a file where the directory should be";
    ChatLog log;
    log.configure(logging(tmp.path));
    log.public_message("lobby", "bob", "hello", 1'700'000'000);
    log.public_message("lobby", "bob", "again", 1'700'000'000);
    SUCCEED();
}

TEST(ChatLog, TheHubLogsDeliveredMessagesButNotHeldBackOnes) {
    TempDir tmp;
    auto s = room_settings();
    s.logging = logging(tmp.path);
    barertc::config::MessageFilter f;
    f.enabled = f.public_channels = f.private_channels = true;
    f.keyword_phrases = {"secret"};
    f.forward_message = false;
    s.message_filters = {f};
    FakeRoom room(s);
    room.join("alice");
    room.join("bob");
    room.send("bob", object{{"action", "message"}, {"channel", "lobby"}, {"message", "**hi** all"}});
    room.send("bob", object{{"action", "message"}, {"channel", "lobby"}, {"message", "a secret"}});
    room.send("bob", object{{"action", "message"}, {"channel", "@alice"}, {"message", "hey alice"}});
    EXPECT_EQ(slurp(tmp.path / "logs" / "lobby.txt"), "2023-11-14T22:13:20Z [bob] **hi** all\n");
    EXPECT_EQ(slurp(tmp.path / "logs" / "@alice" / "bob.txt"), "2023-11-14T22:13:20Z [bob] hey alice\n");
}
