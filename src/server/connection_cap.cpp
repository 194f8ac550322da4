#include "server/connection_cap.hpp"

#include <spdlog/spdlog.h>

namespace barertc::server {

namespace {
// A flood of refused connections must not become a flood of log lines: one line per address
// per interval, saying how many refusals it stands for.
constexpr std::chrono::seconds kLogInterval{10};
}  // namespace

ConnectionCap::Slot::Slot(std::shared_ptr<Table> table, std::string address)
    : table_(std::move(table)), address_(std::move(address)) {}

ConnectionCap::Slot::Slot(Slot&& other) noexcept
    : table_(std::move(other.table_)), address_(std::move(other.address_)) {}

ConnectionCap::Slot& ConnectionCap::Slot::operator=(Slot&& other) noexcept {
    if (this != &other) {
        release();
        table_ = std::move(other.table_);
        address_ = std::move(other.address_);
    }
    return *this;
}

ConnectionCap::Slot::~Slot() { release(); }

void ConnectionCap::Slot::release() {
    if (!table_) return;
    auto it = table_->find(address_);
    // Entries of addresses with nothing open are dropped, so the table holds only live ones.
    if (it != table_->end() && --it->second.open <= 0) table_->erase(it);
    table_.reset();
}

std::optional<ConnectionCap::Slot> ConnectionCap::acquire(const std::string& address,
                                                          int max_per_address) {
    if (max_per_address <= 0) return Slot{};
    Entry& entry = (*table_)[address];
    if (entry.open >= max_per_address) {
        ++refused_;
        log_refusal(address, entry, max_per_address);
        return std::nullopt;
    }
    ++entry.open;
    return Slot{table_, address};
}

int ConnectionCap::open_from(const std::string& address) const {
    auto it = table_->find(address);
    return it == table_->end() ? 0 : it->second.open;
}

void ConnectionCap::log_refusal(const std::string& address, Entry& entry, int max_per_address) {
    const auto now = std::chrono::steady_clock::now();
    ++entry.unlogged_refusals;
    if (entry.last_logged != std::chrono::steady_clock::time_point{} &&
        now - entry.last_logged < kLogInterval)
        return;
    spdlog::warn("{}: refused {} connection(s): {} already open from this address "
                 "([Limits] ConnectionsPerAddress = {})",
                 address, entry.unlogged_refusals, entry.open, max_per_address);
    entry.last_logged = now;
    entry.unlogged_refusals = 0;
}

}  // namespace barertc::server
