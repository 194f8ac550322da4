// Bans by username (and optionally by address), with expiry. The hub asks this interface;
// the server plugs in a SQLite store so bans survive restarts (ours.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace barertc::chat {

struct Ban {
    std::string username;   // folded
    std::string address;    // empty: not tied to an address
    std::int64_t expires_at = 0;  // Unix seconds
    std::string by;         // operator who banned
    std::string reason;
};

class BanStore {
public:
    virtual ~BanStore() = default;
    virtual void add(const Ban& ban) = 0;
    // True if a ban for that (folded) username existed.
    virtual bool remove(const std::string& username) = 0;
    // A ban in force at `now` for this username or this address.
    virtual std::optional<Ban> find(const std::string& username, const std::string& address,
                                    std::int64_t now) = 0;
    virtual std::vector<Ban> active(std::int64_t now) = 0;
};

// Kept in memory only: for tests, and for a server started without a database.
class MemoryBanStore : public BanStore {
public:
    void add(const Ban& ban) override { bans_[ban.username] = ban; }
    bool remove(const std::string& username) override { return bans_.erase(username) > 0; }
    std::optional<Ban> find(const std::string& username, const std::string& address,
                            std::int64_t now) override {
        for (const auto& [name, ban] : bans_)
            if (ban.expires_at > now &&
                (name == username || (!ban.address.empty() && ban.address == address)))
                return ban;
        return std::nullopt;
    }
    std::vector<Ban> active(std::int64_t now) override {
        std::vector<Ban> out;
        for (const auto& [name, ban] : bans_)
            if (ban.expires_at > now) out.push_back(ban);
        return out;
    }

private:
    std::map<std::string, Ban> bans_;
};

}  // namespace barertc::chat
