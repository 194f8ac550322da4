#include "store/sqlite_ban_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

using barertc::chat::Ban;
using barertc::store::SqliteBanStore;

namespace {

std::filesystem::path temp_db() {
    return std::filesystem::temp_directory_path() /
           ("bans-test-" + std::to_string(std::random_device{}()) + ".sqlite");
}

}  // namespace

TEST(SqliteBanStore, BansSurviveReopeningAndExpire) {
    const auto path = temp_db();
    {
        SqliteBanStore store(path);
        store.add(Ban{"bob", "", 2000, "mod", "spam"});
        store.add(Ban{"eve", "203.0.113.5", 1500, "mod", ""});
    }
    SqliteBanStore store(path);
    ASSERT_TRUE(store.find("bob", "", 1000).has_value());
    EXPECT_EQ(store.find("bob", "", 1000)->by, "mod");
    EXPECT_FALSE(store.find("bob", "", 2000).has_value()) << "expired at 2000";
    EXPECT_TRUE(store.find("someone-else", "203.0.113.5", 1000).has_value()) << "address ban";
    EXPECT_FALSE(store.find("someone-else", "", 1000).has_value()) << "empty address matches nothing";
    EXPECT_EQ(store.active(1000).size(), 2u);
    EXPECT_EQ(store.active(1600).size(), 1u);
    EXPECT_TRUE(store.remove("bob"));
    EXPECT_FALSE(store.remove("bob"));
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
}

TEST(SqliteBanStore, AnUnwritablePathIsAClearError) {
    EXPECT_THROW(SqliteBanStore("/nonexistent-dir/x/bans.sqlite"), barertc::store::SqliteError);
}
