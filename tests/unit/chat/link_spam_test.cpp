// [DMLinkSpamProtection]: one link to too many DM threads gets a kick, then a ban (compat §7.4).
#include "fake_room.hpp"

#include "chat/link_spam.hpp"

#include <gtest/gtest.h>

using namespace barertc::chat;
using namespace barertc::chat::test;
using boost::json::object;

namespace {

struct LinkSpamReports : ReportService {
    std::vector<Report> sent;
    bool enabled() const override { return true; }
    void send(Report r, std::function<void(bool, std::string)> done) override {
        sent.push_back(std::move(r));
        done(true, "");
    }
};

barertc::config::DmLinkSpamSettings limits(int threads, std::int64_t seconds = 3600) {
    barertc::config::DmLinkSpamSettings s;
    s.max_threads = threads;
    s.time_limit_seconds = seconds;
    return s;
}

// A room with a report service, a settable clock and a shared ban store.
struct SpamRoom {
    explicit SpamRoom(int threads) {
        auto s = room_settings();
        s.dm_link_spam_protection = limits(threads);
        HubOptions o = FakeRoom::options();
        o.reports = &reports;
        o.bans = &bans;
        o.unix_now = [this] { return now; };
        hub = std::make_unique<Hub>(std::move(s), o);
    }
    FakePeer& join(const std::string& key, const std::string& name) {
        auto& peer = *(peers[key] = std::make_unique<FakePeer>());
        ids[key] = hub->connect(peer, "127.0.0.1");
        hub->receive(ids[key], boost::json::serialize(object{{"action", "login"}, {"username", name}}));
        return peer;
    }
    void dm(const std::string& from, const std::string& to, const std::string& text) {
        hub->receive(ids.at(from), boost::json::serialize(object{
                                       {"action", "message"}, {"channel", "@" + to}, {"message", text}}));
    }

    std::int64_t now = 1'700'000'000;
    LinkSpamReports reports;
    MemoryBanStore bans;
    std::unique_ptr<Hub> hub;
    std::map<std::string, std::unique_ptr<FakePeer>> peers;
    std::map<std::string, ClientId> ids;
};

}  // namespace

TEST(LinkSpam, FindsLooseLinksAndNormalisesThem) {
    auto links = LinkSpamGuard::links(
        "see https://www.Example.com/Join?x=1. or example.com/join?x=1, and chat.site.org!");
    EXPECT_EQ(links, (std::vector<std::string>{"example.com/join?x=1", "chat.site.org"}));
    EXPECT_TRUE(LinkSpamGuard::links("no links here, e.g. none").empty());
}

TEST(LinkSpam, TheThreadAfterMaxThreadsKicksThenTheNextOneBans) {
    LinkSpamGuard guard;
    guard.configure(limits(2));
    const std::int64_t t = 1000;
    EXPECT_EQ(guard.check("a", "b", "x.com", t), LinkSpamGuard::Verdict::ok);
    EXPECT_EQ(guard.check("a", "c", "https://x.com", t), LinkSpamGuard::Verdict::ok);
    EXPECT_EQ(guard.check("a", "b", "x.com again", t), LinkSpamGuard::Verdict::ok) << "same thread";
    EXPECT_EQ(guard.check("a", "c", "no link", t), LinkSpamGuard::Verdict::ok);
    EXPECT_EQ(guard.check("a", "d", "www.x.com", t), LinkSpamGuard::Verdict::kick);
    EXPECT_EQ(guard.check("a", "e", "x.com", t + 10), LinkSpamGuard::Verdict::ban);
    EXPECT_EQ(guard.check("z", "d", "x.com", t), LinkSpamGuard::Verdict::ok) << "per sender";
}

TEST(LinkSpam, RecordsExpireAfterTheTimeLimitWithoutAResend) {
    LinkSpamGuard guard;
    guard.configure(limits(1, 60));
    EXPECT_EQ(guard.check("a", "b", "x.com", 1000), LinkSpamGuard::Verdict::ok);
    EXPECT_EQ(guard.check("a", "c", "x.com", 1061), LinkSpamGuard::Verdict::ok);
    EXPECT_EQ(guard.check("a", "d", "x.com", 1100), LinkSpamGuard::Verdict::kick);
    guard.configure(barertc::config::DmLinkSpamSettings{false, 1, 60, 24});
    EXPECT_EQ(guard.check("a", "e", "x.com", 1100), LinkSpamGuard::Verdict::ok);
    EXPECT_EQ(guard.tracked(), 0u);
}

TEST(LinkSpam, TheHubKicksReportsThenBansAndKeepsTheSpammerOut) {
    SpamRoom room(2);
    room.join("spammer", "spammer");
    for (const char* n : {"u1", "u2", "u3", "u4"}) room.join(n, n);
    room.dm("spammer", "u1", "join https://spam-room.net/join");
    room.dm("spammer", "u2", "join https://spam-room.net/join");
    EXPECT_FALSE(room.peers["spammer"]->closed);
    room.dm("spammer", "u3", "join https://spam-room.net/join");
    EXPECT_TRUE(room.peers["spammer"]->closed);
    EXPECT_TRUE(room.peers["u3"]->messages("message").empty()) << "the spam is not delivered";
    room.hub->flush_who();
    EXPECT_EQ(room.peers["u1"]->messages("presence").back()["message"], "has been kicked from the room!");
    ASSERT_EQ(room.reports.sent.size(), 1u);
    EXPECT_EQ(room.reports.sent[0].reason, "Spam Detected");
    EXPECT_EQ(room.reports.sent[0].channel, "@u3");
    EXPECT_EQ(room.reports.sent[0].about_username, "spammer");
    EXPECT_TRUE(room.bans.active(room.now).empty()) << "the first time is a kick";

    room.join("again", "spammer");
    EXPECT_EQ(room.peers["again"]->messages("me").size(), 1u);
    room.dm("again", "u4", "https://spam-room.net/join");
    EXPECT_TRUE(room.peers["again"]->closed);
    room.hub->flush_who();
    EXPECT_EQ(room.peers["u1"]->messages("presence").back()["message"], "has been banned!");
    ASSERT_EQ(room.reports.sent.size(), 2u);
    auto bans = room.bans.active(room.now);
    ASSERT_EQ(bans.size(), 1u);
    EXPECT_EQ(bans[0].username, "spammer");
    EXPECT_EQ(bans[0].expires_at, room.now + 24 * 3600);

    auto& third = room.join("third", "spammer");
    EXPECT_TRUE(third.messages("me").empty());
    EXPECT_EQ(third.messages("disconnect").size(), 1u);
}

TEST(LinkSpam, MessagesToOneselfDoNotCount) {
    SpamRoom room(1);
    room.join("alice", "alice");
    room.join("b", "b");
    for (int i = 0; i < 3; ++i) room.dm("alice", "alice", "x.com");
    room.dm("alice", "b", "x.com");
    EXPECT_FALSE(room.peers["alice"]->closed) << "DMs to oneself do not count";
}
