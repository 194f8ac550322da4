// The cap on connections open at once from one client address ([Limits] ConnectionsPerAddress).
// A connection holds a ConnectionSlot for as long as it is open; dropping the slot frees it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace barertc::server {

class ConnectionCap {
    struct Entry {
        int open = 0;
        std::chrono::steady_clock::time_point last_logged{};
        std::uint64_t unlogged_refusals = 0;
    };
    using Table = std::unordered_map<std::string, Entry>;

public:
    // Frees its place on destruction. Empty (holds nothing) when default-constructed, when the
    // cap is off, or after being moved from. Shares the table, so a slot that outlives the
    // cap (a session torn down late at shutdown) stays harmless.
    class Slot {
    public:
        Slot() = default;
        Slot(Slot&& other) noexcept;
        Slot& operator=(Slot&& other) noexcept;
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        ~Slot();

    private:
        friend class ConnectionCap;
        Slot(std::shared_ptr<Table> table, std::string address);
        void release();

        std::shared_ptr<Table> table_;
        std::string address_;
    };

    // A slot for `address`, or nullopt when `max_per_address` connections from it are open
    // already (then a rate-limited log line names the address). `max_per_address` <= 0: no cap.
    std::optional<Slot> acquire(const std::string& address, int max_per_address);

    // Connections currently counted for `address` (for tests and diagnostics).
    int open_from(const std::string& address) const;
    std::uint64_t refused() const { return refused_; }

private:
    void log_refusal(const std::string& address, Entry& entry, int max_per_address);

    std::shared_ptr<Table> table_ = std::make_shared<Table>();
    std::uint64_t refused_ = 0;
};

}  // namespace barertc::server
