#include "store/sqlite_dm_archive.hpp"

#include "chat/names.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <optional>
#include <tuple>
#include <utility>

namespace barertc::store {

namespace {

// Rows of a thread that involves the (folded) user: channel_id starts with "@u:@" or ends
// with ":@u". Parameters: ?1 = "@u:@", ?2 = ":@u". SQLite's substr and length both count
// characters, so non-ASCII names match too.
constexpr std::string_view kInvolves =
    "(substr(channel_id, 1, length(?1)) = ?1 OR substr(channel_id, -length(?2)) = ?2)";

// The other name of a channel "@a:@b" that involves `user` (folded), if it does.
std::optional<std::string> other_name(std::string_view channel, std::string_view user) {
    const std::string prefix = "@" + std::string(user) + ":@";
    const std::string suffix = ":@" + std::string(user);
    if (channel.starts_with(prefix)) return std::string(channel.substr(prefix.size()));
    if (channel.size() > suffix.size() && channel.front() == '@' && channel.ends_with(suffix))
        return std::string(channel.substr(1, channel.size() - suffix.size() - 1));
    return std::nullopt;
}

struct Partner {
    std::string folded;
    std::string display;
    std::int64_t last_timestamp = 0;
    std::int64_t last_id = 0;
};

}  // namespace

std::string SqliteDmArchive::channel_id(std::string_view a, std::string_view b) {
    std::string x = chat::fold_name(a);
    std::string y = chat::fold_name(b);
    if (y < x) std::swap(x, y);
    return "@" + x + ":@" + y;
}

SqliteDmArchive::SqliteDmArchive(const std::filesystem::path& path,
                                 std::function<std::int64_t()> unix_now) try
    : db_(path), unix_now_(std::move(unix_now)) {
    // WAL (set by SqliteDatabase) with synchronous=NORMAL: a commit appends to the WAL without
    // an fsync; a power cut may lose the last few DMs, never the file's integrity. The only
    // fsyncs left are at checkpoints, which the checkpointer thread does instead of add().
    db_.exec("PRAGMA synchronous=NORMAL");
    db_.exec(
        "CREATE TABLE IF NOT EXISTS direct_messages ("
        " message_id INTEGER PRIMARY KEY,"
        " channel_id TEXT,"
        " username TEXT,"
        " message TEXT,"
        " timestamp INTEGER);"
        "CREATE INDEX IF NOT EXISTS idx_direct_messages_channel_id ON direct_messages(channel_id);"
        "CREATE INDEX IF NOT EXISTS idx_direct_messages_username ON direct_messages(username);"
        "CREATE INDEX IF NOT EXISTS idx_direct_messages_timestamp ON direct_messages(timestamp);");
    const std::string name = path.string();
    if (!name.empty() && name != ":memory:" && !name.starts_with("file:")) {
        checkpoint_db_ = std::make_unique<SqliteDatabase>(path);
        checkpoint_db_->exec("PRAGMA synchronous=NORMAL");
        // A backstop only: under a steady stream of writes a passive checkpoint never catches
        // up with the end of the WAL, so the file could not start over; past ~16 MB the
        // writer checkpoints itself, as SQLite would by default at 4 MB.
        db_.exec("PRAGMA wal_autocheckpoint=4000");
        checkpointer_ = std::jthread([this](std::stop_token stop) { checkpoint_loop(stop); });
    }
} catch (const std::exception& e) {
    throw SqliteError("DM history database " + path.string() + ": " + e.what());
}

void SqliteDmArchive::checkpoint_loop(std::stop_token stop) {
    std::mutex sleep_mutex;
    std::condition_variable_any sleep;
    for (;;) {
        {
            std::unique_lock lock(sleep_mutex);
            sleep.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
        }
        // Stopping: the last connection to close checkpoints the rest itself.
        if (stop.stop_requested()) return;
        if (!dirty_.exchange(false, std::memory_order_relaxed)) continue;
        try {
            // PASSIVE copies what it can without blocking the writer; once all is copied,
            // the next write starts the WAL file over, so it stays small.
            auto s = checkpoint_db_->prepare("PRAGMA wal_checkpoint(PASSIVE)");
            if (s.step() && s.integer(2) < s.integer(1))
                spdlog::debug("DM history: checkpoint copied {} of {} WAL frames", s.integer(2),
                              s.integer(1));
        } catch (const std::exception& e) {
            spdlog::warn("DM history: checkpoint failed: {}", e.what());
            wrote();  // try again next time
        }
    }
}

void SqliteDmArchive::add(std::int64_t id, const std::string& from, const std::string& to,
                          const std::string& html, std::int64_t timestamp) {
    std::lock_guard lock(mutex_);
    try {
        db_.prepare(
               "INSERT INTO direct_messages(message_id, channel_id, username, message, timestamp)"
               " VALUES(?, ?, ?, ?, ?)")
            .bind(1, id)
            .bind(2, channel_id(from, to))
            .bind(3, from)
            .bind(4, html)
            .bind(5, timestamp)
            .run();
        wrote();
    } catch (const std::exception& e) {
        spdlog::warn("DM history: could not store message {} from '{}': {}", id, from, e.what());
    }
}

bool SqliteDmArchive::take_back(std::int64_t id, const std::string& requester, bool as_operator) {
    std::lock_guard lock(mutex_);
    try {
        if (as_operator) {
            db_.prepare("DELETE FROM direct_messages WHERE message_id = ?").bind(1, id).run();
        } else {
            db_.prepare("DELETE FROM direct_messages WHERE message_id = ? AND lower(username) = ?")
                .bind(1, id)
                .bind(2, chat::fold_name(requester))
                .run();
        }
        if (db_.changes() == 0) return false;
        wrote();
        return true;
    } catch (const std::exception& e) {
        spdlog::warn("DM history: could not take back message {}: {}", id, e.what());
        return false;
    }
}

SqliteDmArchive::HistoryPage SqliteDmArchive::history(std::string_view user,
                                                      std::string_view partner,
                                                      std::int64_t before_id, int page_size) {
    if (page_size < 1) page_size = kHistoryPageSize;
    if (before_id <= 0) before_id = std::numeric_limits<std::int64_t>::max();
    const std::string channel = channel_id(user, partner);

    std::lock_guard lock(mutex_);
    HistoryPage page;
    auto s = db_.prepare(
        "SELECT message_id, username, message, timestamp FROM direct_messages"
        " WHERE channel_id = ? AND message_id < ? ORDER BY message_id DESC LIMIT ?");
    s.bind(1, channel).bind(2, before_id).bind(3, static_cast<std::int64_t>(page_size));
    while (s.step())
        page.messages.push_back(StoredDm{s.integer(0), s.text(1), s.text(2), s.integer(3)});
    if (page.messages.empty()) return page;

    auto count =
        db_.prepare("SELECT COUNT(*) FROM direct_messages WHERE channel_id = ? AND message_id < ?");
    count.bind(1, channel).bind(2, page.messages.back().id);
    if (count.step()) page.remaining = count.integer(0);
    return page;
}

SqliteDmArchive::PartnerPage SqliteDmArchive::partners(std::string_view user, std::string_view sort,
                                                       int page, int per_page) {
    if (per_page < 1) per_page = kPartnersPerPage;
    if (page < 1) page = 1;
    const std::string me = chat::fold_name(user);

    std::vector<Partner> all;
    {
        std::lock_guard lock(mutex_);
        // Per thread: when it last moved, and the partner's own spelling of their name from
        // the latest message they sent in it (NULL when they never replied).
        auto s = db_.prepare(
            "SELECT channel_id, MAX(timestamp), MAX(message_id),"
            " (SELECT d2.username FROM direct_messages d2"
            "   WHERE d2.channel_id = d.channel_id AND lower(d2.username) <> ?3"
            "   ORDER BY d2.message_id DESC LIMIT 1)"
            " FROM direct_messages d WHERE " +
            std::string(kInvolves) + " GROUP BY channel_id");
        s.bind(1, "@" + me + ":@").bind(2, ":@" + me).bind(3, me);
        while (s.step()) {
            auto other = other_name(s.text(0), me);
            if (!other) continue;
            Partner p{*other, s.text(3), s.integer(1), s.integer(2)};
            if (*other == me)
                p.display = std::string(user);  // a thread with oneself
            else if (chat::fold_name(p.display) != p.folded)
                p.display = p.folded;  // they never replied: all we know is the folded name
            all.push_back(std::move(p));
        }
    }

    auto by_name = [](const Partner& a, const Partner& b) {
        return std::tie(a.folded, a.display) < std::tie(b.folded, b.display);
    };
    auto by_time = [](const Partner& a, const Partner& b) {
        return std::tie(a.last_timestamp, a.last_id) < std::tie(b.last_timestamp, b.last_id);
    };
    if (sort == "a-z")
        std::sort(all.begin(), all.end(), by_name);
    else if (sort == "z-a")
        std::sort(all.begin(), all.end(),
                  [&](const Partner& a, const Partner& b) { return by_name(b, a); });
    else if (sort == "oldest")
        std::sort(all.begin(), all.end(), by_time);
    else
        std::sort(all.begin(), all.end(),
                  [&](const Partner& a, const Partner& b) { return by_time(b, a); });

    PartnerPage out;
    out.count = static_cast<std::int64_t>(all.size());
    out.pages = (out.count + per_page - 1) / per_page;
    const std::size_t first =
        static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(per_page);
    for (std::size_t i = first; i < all.size() && i < first + static_cast<std::size_t>(per_page);
         ++i)
        out.usernames.push_back(std::move(all[i].display));
    return out;
}

std::int64_t SqliteDmArchive::clear(std::string_view user) {
    const std::string me = chat::fold_name(user);
    std::lock_guard lock(mutex_);
    db_.prepare("DELETE FROM direct_messages WHERE " + std::string(kInvolves) +
                " OR lower(username) = ?3")
        .bind(1, "@" + me + ":@")
        .bind(2, ":@" + me)
        .bind(3, me)
        .run();
    wrote();
    return db_.changes();
}

std::int64_t SqliteDmArchive::purge_older_than(std::int64_t cutoff_unix) {
    std::lock_guard lock(mutex_);
    db_.prepare("DELETE FROM direct_messages WHERE timestamp < ?").bind(1, cutoff_unix).run();
    wrote();
    return db_.changes();
}

std::int64_t SqliteDmArchive::apply_retention(int days) {
    if (days <= 0) return 0;
    return purge_older_than(unix_now_() - static_cast<std::int64_t>(days) * 86400);
}

std::int64_t SqliteDmArchive::max_message_id() {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT COALESCE(MAX(message_id), 0) FROM direct_messages");
    return s.step() ? s.integer(0) : 0;
}

}  // namespace barertc::store
