#include "store/sqlite_ban_store.hpp"

namespace barertc::store {

namespace {

chat::Ban row_to_ban(const Statement& s) {
    return chat::Ban{s.text(0), s.text(1), s.integer(2), s.text(3), s.text(4)};
}

}  // namespace

SqliteBanStore::SqliteBanStore(const std::filesystem::path& path) : db_(path) {
    db_.exec(
        "CREATE TABLE IF NOT EXISTS bans ("
        " username TEXT PRIMARY KEY,"
        " address TEXT NOT NULL DEFAULT '',"
        " expires_at INTEGER NOT NULL,"
        " banned_by TEXT NOT NULL DEFAULT '',"
        " reason TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX IF NOT EXISTS bans_address ON bans(address);");
}

void SqliteBanStore::add(const chat::Ban& ban) {
    db_.prepare("INSERT OR REPLACE INTO bans(username, address, expires_at, banned_by, reason)"
                " VALUES(?, ?, ?, ?, ?)")
        .bind(1, ban.username)
        .bind(2, ban.address)
        .bind(3, ban.expires_at)
        .bind(4, ban.by)
        .bind(5, ban.reason)
        .run();
}

bool SqliteBanStore::remove(const std::string& username) {
    db_.prepare("DELETE FROM bans WHERE username = ?").bind(1, username).run();
    return db_.changes() > 0;
}

std::optional<chat::Ban> SqliteBanStore::find(const std::string& username,
                                              const std::string& address, std::int64_t now) {
    auto s = db_.prepare(
        "SELECT username, address, expires_at, banned_by, reason FROM bans"
        " WHERE expires_at > ? AND (username = ? OR (address <> '' AND address = ?)) LIMIT 1");
    s.bind(1, now).bind(2, username).bind(3, address);
    if (s.step()) return row_to_ban(s);
    return std::nullopt;
}

std::vector<chat::Ban> SqliteBanStore::active(std::int64_t now) {
    auto s = db_.prepare("SELECT username, address, expires_at, banned_by, reason FROM bans"
                         " WHERE expires_at > ? ORDER BY username");
    s.bind(1, now);
    std::vector<chat::Ban> out;
    while (s.step()) out.push_back(row_to_ban(s));
    return out;
}

}  // namespace barertc::store
