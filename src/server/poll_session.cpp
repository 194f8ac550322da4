#include "server/poll_session.hpp"

#include "protocol/poll_envelope.hpp"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace barertc::server {

PollSession::PollSession(boost::asio::any_io_executor executor, chat::Hub& hub,
                         const TransportLimits& limits, std::string remote_address)
    : executor_(std::move(executor)), hub_(hub), limits_(limits),
      remote_address_(std::move(remote_address)) {}

void PollSession::join_hub() {
    id_ = hub_.connect(*this, remote_address_);
    in_hub_ = true;
}

void PollSession::receive(std::string_view message) {
    if (closing_ || !in_hub_) return;
    hub_.receive(id_, message);
}

std::vector<protocol::Frame> PollSession::take_queued() {
    std::vector<protocol::Frame> out;
    out.swap(queue_);
    queued_bytes_ = 0;
    return out;
}

void PollSession::leave_hub(const char* presence) {
    if (!in_hub_) return;
    in_hub_ = false;
    closing_ = true;  // the hub may still try to send to us while it removes us
    hub_.disconnect(id_, presence);
}

chat::SendStatus PollSession::send(protocol::Frame frame) {
    if (closing_ || !in_hub_) return chat::SendStatus::closed;
    if (queued_bytes_ + frame->size() > limits_.max_poll_queued_bytes) {
        spdlog::warn("polling client {} ({}, '{}') let {} bytes pile up unread; disconnecting",
                     id_, remote_address_, username_, queued_bytes_);
        close(chat::CloseReason::too_slow);
        return chat::SendStatus::dropped;
    }
    if (auto name = protocol::username_in_me_frame(*frame)) username_ = std::move(*name);
    queued_bytes_ += frame->size();
    queue_.push_back(std::move(frame));
    return chat::SendStatus::queued;
}

void PollSession::close(chat::CloseReason reason) {
    if (closing_) return;
    closing_ = true;
    if (reason == chat::CloseReason::too_slow) {
        // Unlike a WebSocket, a poller can still be told why: the next poll collects this.
        queue_.clear();
        protocol::Message notice;
        notice.action = protocol::action::kError;
        notice.username = protocol::kChatServerName;
        notice.message = "You were disconnected: too many messages waited for your next poll.";
        protocol::Message bye;
        bye.action = protocol::action::kDisconnect;
        queue_ = {protocol::make_frame(protocol::encode(notice)),
                  protocol::make_frame(protocol::encode(bye))};
        queued_bytes_ = queue_[0]->size() + queue_[1]->size();
    }
    // The hub may be calling us from inside its own loop: leave it afterwards. Frames already
    // queued (a kick's notice and `disconnect`) stay for the client's next poll.
    boost::asio::post(executor_, [self = shared_from_this()] {
        self->leave_hub(protocol::presence::kExited);
    });
}

}  // namespace barertc::server
