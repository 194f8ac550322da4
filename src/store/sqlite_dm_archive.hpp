// Direct-message history kept in SQLite (compat §7.6, §2.10 [DirectMessageHistory]) and the
// queries behind /api/message/history, /usernames and /clear (compat §4.6).
//
// A thread is keyed by channel_id "@a:@b": both names folded to lower case (ASCII, as
// chat::fold_name) and sorted, so "Alice" and "alice" share one thread. `username` keeps the
// sender's name as they typed it. See docs/dm-history.md.
#pragma once

#include "chat/services.hpp"
#include "store/sqlite_database.hpp"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace barertc::store {

struct StoredDm {
    std::int64_t id = 0;
    std::string username;        // the sender, as stored
    std::string html;            // the rendered message
    std::int64_t timestamp = 0;  // Unix seconds

    bool operator==(const StoredDm&) const = default;
};

class SqliteDmArchive : public chat::DmArchive {
public:
    struct HistoryPage {
        std::vector<StoredDm> messages;  // newest first
        std::int64_t remaining = 0;      // rows of the thread older than the last returned
    };

    struct PartnerPage {
        std::vector<std::string> usernames;
        std::int64_t count = 0;  // partners in all
        std::int64_t pages = 0;  // ceil(count / per_page)
    };

    static constexpr int kHistoryPageSize = 20;
    static constexpr int kPartnersPerPage = 9;

    // Opens (creating if needed) the database; ":memory:" for a private in-memory one.
    // `unix_now` is the clock for apply_retention(). Throws SqliteError (a
    // std::runtime_error) naming the path and SQLite's message.
    SqliteDmArchive(const std::filesystem::path& path, std::function<std::int64_t()> unix_now);

    // chat::DmArchive. Both run on the hub's thread and never throw: a database failure is
    // logged and the DM is simply not stored (add) or not found (take_back).
    void add(std::int64_t id, const std::string& from, const std::string& to,
             const std::string& html, std::int64_t timestamp) override;
    bool take_back(std::int64_t id, const std::string& requester, bool as_operator) override;

    // The thread between `user` and `partner`, newest first, only IDs < before_id
    // (before_id <= 0: from the newest). page_size < 1 means kHistoryPageSize.
    HistoryPage history(std::string_view user, std::string_view partner, std::int64_t before_id,
                        int page_size = kHistoryPageSize);

    // Everyone `user` has a stored thread with. sort: "newest"/"oldest" (by the latest
    // message of each thread), "a-z"/"z-a" (by name, case-insensitively); anything else is
    // "newest". page counts from 1 (below 1 means 1); past the end gives no names.
    PartnerPage partners(std::string_view user, std::string_view sort, int page,
                         int per_page = kPartnersPerPage);

    // Deletes every row whose thread involves `user` or that `user` sent; returns how many.
    std::int64_t clear(std::string_view user);

    // Deletes rows with timestamp < cutoff_unix; returns how many.
    std::int64_t purge_older_than(std::int64_t cutoff_unix);
    // RetentionDays: purge rows older than `days` days by the clock; days <= 0 keeps all.
    std::int64_t apply_retention(int days);

    // Largest stored message_id (0 when empty). The hub's msgID counter restarts from the
    // start time; seeding it above this avoids reusing an ID stored by an earlier run.
    std::int64_t max_message_id();

    // "@a:@b" for two usernames (folded, sorted).
    static std::string channel_id(std::string_view a, std::string_view b);

private:
    void wrote() { dirty_.store(true, std::memory_order_relaxed); }
    void checkpoint_loop(std::stop_token stop);

    std::mutex mutex_;  // the hub and HTTP handlers may one day run on different threads
    SqliteDatabase db_;
    std::function<std::int64_t()> unix_now_;
    // WAL checkpoints (the only fsyncs) run on a thread of their own with a second
    // connection, so the hub never waits for the disk. None for ":memory:".
    std::unique_ptr<SqliteDatabase> checkpoint_db_;
    std::atomic<bool> dirty_{false};
    std::jthread checkpointer_;  // last: stopped and joined before the rest goes
};

}  // namespace barertc::store
