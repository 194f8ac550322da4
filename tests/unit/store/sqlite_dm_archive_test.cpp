#include "store/sqlite_dm_archive.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

using barertc::store::SqliteDmArchive;
using barertc::store::SqliteError;
using barertc::store::StoredDm;

namespace {

std::int64_t fake_now = 1'700'000'000;

SqliteDmArchive memory_archive() {
    return SqliteDmArchive(":memory:", [] { return fake_now; });
}

std::vector<std::int64_t> ids(const SqliteDmArchive::HistoryPage& page) {
    std::vector<std::int64_t> out;
    for (const auto& m : page.messages) out.push_back(m.id);
    return out;
}

std::vector<std::int64_t> range_down(std::int64_t from, std::int64_t to) {
    std::vector<std::int64_t> out;
    for (std::int64_t i = from; i >= to; --i) out.push_back(i);
    return out;
}

// A directory of its own under the system temp dir, removed with everything in it.
struct TempDir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("dm-archive-test-" + std::to_string(std::random_device{}()));
    TempDir() { std::filesystem::create_directories(path); }
    ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST(SqliteDmArchive, ChannelIdsAreFoldedAndSorted) {
    EXPECT_EQ(SqliteDmArchive::channel_id("bob", "alice"), "@alice:@bob");
    EXPECT_EQ(SqliteDmArchive::channel_id("Alice", "bob"), "@alice:@bob");
    EXPECT_EQ(SqliteDmArchive::channel_id("BOB", "ALICE"), "@alice:@bob");
    EXPECT_EQ(SqliteDmArchive::channel_id("zoe", "zoe"), "@zoe:@zoe");
}

TEST(SqliteDmArchive, HistoryPagesTwentyAtATimeNewestFirst) {
    auto archive = memory_archive();
    for (std::int64_t i = 1; i <= 45; ++i)
        archive.add(1000 + i, i % 2 ? "alice" : "bob", i % 2 ? "bob" : "alice",
                    "<p>" + std::to_string(i) + "</p>", 5000 + i);

    auto first = archive.history("alice", "bob", 0);
    EXPECT_EQ(ids(first), range_down(1045, 1026));
    EXPECT_EQ(first.remaining, 25);
    EXPECT_EQ(first.messages.front(), (StoredDm{1045, "alice", "<p>45</p>", 5045}));

    auto second = archive.history("alice", "bob", first.messages.back().id);
    EXPECT_EQ(ids(second), range_down(1025, 1006));
    EXPECT_EQ(second.remaining, 5);

    auto third = archive.history("bob", "alice", second.messages.back().id);
    EXPECT_EQ(ids(third), range_down(1005, 1001));
    EXPECT_EQ(third.remaining, 0);

    auto past_the_end = archive.history("alice", "bob", 1001);
    EXPECT_TRUE(past_the_end.messages.empty());
    EXPECT_EQ(past_the_end.remaining, 0);
}

TEST(SqliteDmArchive, BeforeIdIsExclusiveAndNeedNotBeAStoredId) {
    auto archive = memory_archive();
    for (std::int64_t i = 1; i <= 10; ++i) archive.add(i * 10, "alice", "bob", "x", 100 + i);

    auto page = archive.history("alice", "bob", 50);
    EXPECT_EQ(ids(page), (std::vector<std::int64_t>{40, 30, 20, 10}));
    EXPECT_EQ(page.remaining, 0);

    page = archive.history("alice", "bob", 75, 2);
    EXPECT_EQ(ids(page), (std::vector<std::int64_t>{70, 60}));
    EXPECT_EQ(page.remaining, 5);

    page = archive.history("alice", "bob", -3, 0);  // <= 0: from the newest, default size
    EXPECT_EQ(page.messages.size(), 10u);
    EXPECT_EQ(page.messages.front().id, 100);
}

TEST(SqliteDmArchive, ThreadsAreIsolated) {
    auto archive = memory_archive();
    archive.add(1, "alice", "bob", "to bob", 10);
    archive.add(2, "carol", "alice", "from carol", 11);
    archive.add(3, "bob", "alice", "from bob", 12);
    archive.add(4, "bob", "carol", "bob to carol", 13);

    EXPECT_EQ(ids(archive.history("alice", "bob", 0)), (std::vector<std::int64_t>{3, 1}));
    EXPECT_EQ(ids(archive.history("alice", "carol", 0)), (std::vector<std::int64_t>{2}));
    EXPECT_EQ(ids(archive.history("carol", "bob", 0)), (std::vector<std::int64_t>{4}));
    EXPECT_TRUE(archive.history("alice", "dave", 0).messages.empty());
}

TEST(SqliteDmArchive, CaseDoesNotSplitAThread) {
    auto archive = memory_archive();
    archive.add(1, "Alice", "bob", "one", 10);
    archive.add(2, "alice", "Bob", "two", 11);
    archive.add(3, "BOB", "ALICE", "three", 12);

    auto page = archive.history("aLiCe", "bOb", 0);
    ASSERT_EQ(ids(page), (std::vector<std::int64_t>{3, 2, 1}));
    EXPECT_EQ(page.messages[0].username, "BOB") << "the sender's name is kept as typed";
    EXPECT_EQ(page.messages[2].username, "Alice");
    EXPECT_EQ(archive.partners("ALICE", "newest", 1).usernames, (std::vector<std::string>{"BOB"}));
}

TEST(SqliteDmArchive, PartnersSortAndPage) {
    auto archive = memory_archive();
    // alice talks to 11 people; the latest message with p<k> is at 100 + k, except that
    // "Kate" (k = 3) spoke last of all.
    const std::vector<std::string> names = {"p01", "p02", "Kate", "p04", "p05", "p06",
                                            "p07", "p08", "p09",  "p10", "p11"};
    std::int64_t id = 1;
    for (std::size_t k = 0; k < names.size(); ++k)
        archive.add(id++, "alice", names[k], "hi", 100 + static_cast<std::int64_t>(k));
    archive.add(id++, "Kate", "alice", "back", 500);
    archive.add(id++, "p05", "p06", "not alice's thread", 900);

    auto newest = archive.partners("alice", "newest", 1);
    EXPECT_EQ(newest.count, 11);
    EXPECT_EQ(newest.pages, 2);
    EXPECT_EQ(newest.usernames, (std::vector<std::string>{"Kate", "p11", "p10", "p09", "p08", "p07",
                                                          "p06", "p05", "p04"}));
    EXPECT_EQ(archive.partners("alice", "newest", 2).usernames,
              (std::vector<std::string>{"p02", "p01"}));
    EXPECT_TRUE(archive.partners("alice", "newest", 3).usernames.empty());
    EXPECT_EQ(archive.partners("alice", "newest", 0).usernames, newest.usernames)
        << "page < 1 is 1";
    EXPECT_EQ(archive.partners("alice", "bogus", 1).usernames, newest.usernames);

    EXPECT_EQ(
        archive.partners("alice", "oldest", 1).usernames,
        (std::vector<std::string>{"p01", "p02", "p04", "p05", "p06", "p07", "p08", "p09", "p10"}));
    EXPECT_EQ(archive.partners("alice", "oldest", 2).usernames,
              (std::vector<std::string>{"p11", "Kate"}));

    EXPECT_EQ(
        archive.partners("alice", "a-z", 1).usernames,
        (std::vector<std::string>{"Kate", "p01", "p02", "p04", "p05", "p06", "p07", "p08", "p09"}));
    EXPECT_EQ(
        archive.partners("alice", "z-a", 1).usernames,
        (std::vector<std::string>{"p11", "p10", "p09", "p08", "p07", "p06", "p05", "p04", "p02"}));
    EXPECT_EQ(archive.partners("alice", "z-a", 2).usernames,
              (std::vector<std::string>{"p01", "Kate"}));

    auto small = archive.partners("alice", "a-z", 4, 3);
    EXPECT_EQ(small.pages, 4);
    EXPECT_EQ(small.usernames, (std::vector<std::string>{"p10", "p11"}));

    auto p05 = archive.partners("p05", "a-z", 1);
    EXPECT_EQ(p05.usernames, (std::vector<std::string>{"alice", "p06"}));
    EXPECT_EQ(p05.count, 2);
    EXPECT_EQ(p05.pages, 1);

    auto nobody = archive.partners("zed", "newest", 1);
    EXPECT_TRUE(nobody.usernames.empty());
    EXPECT_EQ(nobody.count, 0);
    EXPECT_EQ(nobody.pages, 0);
}

TEST(SqliteDmArchive, PartnerNamesAndSelfThreads) {
    auto archive = memory_archive();
    archive.add(1, "alice", "Bob", "bob never replies", 10);
    archive.add(2, "Alice", "alice", "a note to self", 11);
    archive.add(3, "ali", "alice", "a prefix of alice's name is someone else", 12);

    EXPECT_EQ(archive.partners("Alice", "a-z", 1).usernames,
              (std::vector<std::string>{"ali", "Alice", "bob"}))
        << "a partner who never wrote is known only by the folded name";
    EXPECT_EQ(archive.partners("ali", "a-z", 1).usernames, (std::vector<std::string>{"alice"}));
}

TEST(SqliteDmArchive, ClearErasesTheUsersThreadsOnly) {
    auto archive = memory_archive();
    archive.add(1, "alice", "bob", "a", 10);
    archive.add(2, "bob", "alice", "b", 11);
    archive.add(3, "carol", "Alice", "c", 12);
    archive.add(4, "bob", "carol", "d", 13);
    archive.add(5, "alicia", "bob", "e", 14);
    archive.add(6, "bob", "malice", "f", 15);

    EXPECT_EQ(archive.clear("ALICE"), 3);
    EXPECT_TRUE(archive.history("alice", "bob", 0).messages.empty());
    EXPECT_TRUE(archive.history("alice", "carol", 0).messages.empty());
    EXPECT_EQ(ids(archive.history("bob", "carol", 0)), (std::vector<std::int64_t>{4}));
    EXPECT_EQ(ids(archive.history("bob", "alicia", 0)), (std::vector<std::int64_t>{5}));
    EXPECT_EQ(ids(archive.history("bob", "malice", 0)), (std::vector<std::int64_t>{6}));
    EXPECT_EQ(archive.clear("alice"), 0);
    EXPECT_EQ(archive.partners("bob", "a-z", 1).usernames,
              (std::vector<std::string>{"alicia", "carol", "malice"}));
}

TEST(SqliteDmArchive, TakeBackOwnershipRules) {
    auto archive = memory_archive();
    archive.add(1, "Alice", "bob", "mine", 10);
    archive.add(2, "bob", "alice", "his", 11);
    archive.add(3, "bob", "alice", "his too", 12);

    EXPECT_FALSE(archive.take_back(2, "alice", false)) << "not hers";
    EXPECT_FALSE(archive.take_back(99, "alice", false)) << "no such message";
    EXPECT_TRUE(archive.take_back(1, "alice", false)) << "her own, whatever the case";
    EXPECT_FALSE(archive.take_back(1, "alice", false)) << "already gone";
    EXPECT_TRUE(archive.take_back(2, "bob", false));
    EXPECT_TRUE(archive.take_back(3, "moderator", true)) << "operators take back any message";
    EXPECT_FALSE(archive.take_back(3, "moderator", true));
    EXPECT_TRUE(archive.history("alice", "bob", 0).messages.empty());
}

TEST(SqliteDmArchive, RetentionPurgesOldRows) {
    auto archive = memory_archive();
    const std::int64_t day = 86400;
    archive.add(1, "alice", "bob", "old", fake_now - 100 * day);
    archive.add(2, "alice", "bob", "edge", fake_now - 90 * day);
    archive.add(3, "alice", "bob", "recent", fake_now - 1 * day);

    EXPECT_EQ(archive.apply_retention(0), 0) << "0 keeps everything";
    EXPECT_EQ(archive.apply_retention(90), 1);
    EXPECT_EQ(ids(archive.history("alice", "bob", 0)), (std::vector<std::int64_t>{3, 2}));
    EXPECT_EQ(archive.purge_older_than(fake_now), 2);
    EXPECT_TRUE(archive.history("alice", "bob", 0).messages.empty());
}

TEST(SqliteDmArchive, ADuplicateIdIsNotStoredTwice) {
    auto archive = memory_archive();
    archive.add(7, "alice", "bob", "first", 10);
    archive.add(7, "carol", "dave", "second", 11);  // logged, not thrown
    auto page = archive.history("alice", "bob", 0);
    ASSERT_EQ(page.messages.size(), 1u);
    EXPECT_EQ(page.messages[0].html, "first");
    EXPECT_TRUE(archive.history("carol", "dave", 0).messages.empty());
    EXPECT_EQ(archive.max_message_id(), 7);
}

TEST(SqliteDmArchive, HistorySurvivesReopening) {
    TempDir dir;
    const auto path = dir.path / "dm.sqlite";
    {
        SqliteDmArchive archive(path, [] { return fake_now; });
        EXPECT_EQ(archive.max_message_id(), 0);
        archive.add(41, "alice", "bob", "<p>hello</p>", 10);
        archive.add(42, "bob", "alice", "<p>hi</p>", 11);
    }
    SqliteDmArchive archive(path, [] { return fake_now; });
    auto page = archive.history("bob", "alice", 0);
    ASSERT_EQ(page.messages.size(), 2u);
    EXPECT_EQ(page.messages[0], (StoredDm{42, "bob", "<p>hi</p>", 11}));
    EXPECT_EQ(page.messages[1], (StoredDm{41, "alice", "<p>hello</p>", 10}));
    EXPECT_EQ(archive.max_message_id(), 42);
    EXPECT_EQ(archive.partners("alice", "newest", 1).usernames, (std::vector<std::string>{"bob"}));
}

// A file-backed archive checkpoints its WAL on a thread of its own once a second; writes
// and reads carry on meanwhile, and nothing is lost.
TEST(SqliteDmArchive, WritesCarryOnWhileTheWalIsCheckpointed) {
    TempDir dir;
    const auto path = dir.path / "dm.sqlite";
    {
        SqliteDmArchive archive(path, [] { return fake_now; });
        for (std::int64_t i = 1; i <= 150; ++i) {
            archive.add(i, "alice", "bob", std::string(500, 'x'), i);
            if (i % 10 == 0) {
                EXPECT_EQ(archive.history("bob", "alice", 0, 5).remaining, i - 5);
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
        EXPECT_TRUE(archive.take_back(150, "alice", false));
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    }
    SqliteDmArchive archive(path, [] { return fake_now; });
    auto page = archive.history("alice", "bob", 0);
    EXPECT_EQ(page.messages.front().id, 149);
    EXPECT_EQ(page.remaining, 129);
}

TEST(SqliteDmArchive, OpeningFailuresNameThePath) {
    try {
        SqliteDmArchive archive("/nonexistent-dir/x/dm.sqlite", [] { return fake_now; });
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x/dm.sqlite"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(SqliteDmArchive("/nonexistent-dir/x/dm.sqlite", [] { return fake_now; }),
                 SqliteError);
}
