// [DMLinkSpamProtection]: one link pasted into many DM conversations (compat §7.4).
// Per sender and per link, the guard remembers who received it. When more than MaxThreads
// different people got the same link, the first time the sender is kicked with a warning;
// if the same record fills up again before it expires, the sender is banned for BanHours
// (0 = kicked again). A record expires TimeLimit seconds after the link was last sent.
#pragma once

#include "config/settings.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace barertc::chat {

class LinkSpamGuard {
public:
    enum class Verdict { ok, kick, ban };

    // Keeps what it has seen unless the feature is turned off.
    void configure(const config::DmLinkSpamSettings& settings);
    const config::DmLinkSpamSettings& settings() const { return settings_; }

    // A text DM from `sender` to `recipient` (folded names) at Unix time `now`.
    Verdict check(const std::string& sender, const std::string& recipient, std::string_view text,
                  std::int64_t now);

    // The URL-like substrings of `text`, normalised (lower case, no scheme, no "www.",
    // no trailing punctuation), at most kMaxLinksPerMessage of them.
    static std::vector<std::string> links(std::string_view text);

    std::size_t tracked() const { return records_.size(); }

    static constexpr std::size_t kMaxLinksPerMessage = 20;
    static constexpr std::size_t kMaxLinkBytes = 300;
    static constexpr std::size_t kMaxRecords = 100000;
    static constexpr std::int64_t kSweepSeconds = 300;

private:
    struct Record {
        std::set<std::string> recipients;
        std::int64_t last_sent = 0;
        bool warned = false;  // the sender was kicked for this link already
    };
    void sweep(std::int64_t now);
    bool expired(const Record& r, std::int64_t now) const {
        return now - r.last_sent > settings_.time_limit_seconds;
    }

    config::DmLinkSpamSettings settings_;
    std::map<std::pair<std::string, std::string>, Record> records_;  // (sender, link)
    std::int64_t last_sweep_ = 0;
    bool warned_full_ = false;
};

}  // namespace barertc::chat
