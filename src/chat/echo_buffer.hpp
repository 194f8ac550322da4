// The last few public messages of one channel, replayed to people who join (compat §1.6.12).
#pragma once

#include "protocol/message.hpp"

#include <cstddef>
#include <deque>

namespace barertc::chat {

class EchoBuffer {
public:
    explicit EchoBuffer(std::size_t capacity = 0) : capacity_(capacity) {}

    void push(protocol::Message message) {
        if (capacity_ == 0) return;
        messages_.push_back(std::move(message));
        while (messages_.size() > capacity_) messages_.pop_front();
    }
    void erase(std::int64_t msg_id) {
        std::erase_if(messages_, [&](const auto& m) { return m.msg_id == msg_id; });
    }
    const std::deque<protocol::Message>& messages() const { return messages_; }

private:
    std::size_t capacity_;
    std::deque<protocol::Message> messages_;
};

}  // namespace barertc::chat
