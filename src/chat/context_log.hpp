// The last few raw lines of each channel and DM pair, attached to reports so the site's
// moderators see what led up to them (compat §7.5).
#pragma once

#include <deque>
#include <map>
#include <string>

namespace barertc::chat {

class ContextLog {
public:
    explicit ContextLog(std::size_t lines_per_channel = 30) : capacity_(lines_per_channel) {}

    void add(const std::string& key, std::string line) {
        auto& lines = lines_[key];
        lines.push_back(std::move(line));
        while (lines.size() > capacity_) lines.pop_front();
    }
    std::string text(const std::string& key) const {
        auto it = lines_.find(key);
        if (it == lines_.end()) return {};
        std::string out;
        for (const auto& l : it->second) out += l + "\n";
        return out;
    }
    // "@a:b" with the two names sorted, as the original keys DM pairs.
    static std::string dm_key(const std::string& a, const std::string& b) {
        return a < b ? "@" + a + ":" + b : "@" + b + ":" + a;
    }

private:
    std::size_t capacity_;
    std::map<std::string, std::deque<std::string>> lines_;
};

}  // namespace barertc::chat
