// Bans kept in SQLite, so they survive restarts (ours.md "Moderation and persistence").
#pragma once

#include "chat/ban_store.hpp"
#include "store/sqlite_database.hpp"

#include <filesystem>

namespace barertc::store {

class SqliteBanStore : public chat::BanStore {
public:
    explicit SqliteBanStore(const std::filesystem::path& path);

    void add(const chat::Ban& ban) override;
    bool remove(const std::string& username) override;
    std::optional<chat::Ban> find(const std::string& username, const std::string& address,
                                  std::int64_t now) override;
    std::vector<chat::Ban> active(std::int64_t now) override;

private:
    SqliteDatabase db_;
};

}  // namespace barertc::store
