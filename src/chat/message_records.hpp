// Where recent messages went, so reactions and takebacks reach the same audience.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

namespace barertc::chat {

struct MessageRecord {
    std::string channel;         // public channel ID, or empty for a DM
    std::string sender_folded;
    std::string recipient_folded;  // DMs only
};

class MessageRecords {
public:
    explicit MessageRecords(std::size_t capacity) : capacity_(capacity) {}

    void add(std::int64_t id, MessageRecord record) {
        order_.push_back(id);
        records_[id] = std::move(record);
        while (order_.size() > capacity_) {
            records_.erase(order_.front());
            order_.pop_front();
        }
    }
    const MessageRecord* find(std::int64_t id) const {
        auto it = records_.find(id);
        return it == records_.end() ? nullptr : &it->second;
    }

private:
    std::size_t capacity_;
    std::deque<std::int64_t> order_;
    std::unordered_map<std::int64_t, MessageRecord> records_;
};

}  // namespace barertc::chat
