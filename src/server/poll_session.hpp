// One polling client (compat §1.8): to the hub a Peer like a WebSocket, but its frames wait
// in a bounded queue until the client's next POST /poll collects them.
#pragma once

#include "chat/hub.hpp"
#include "chat/peer.hpp"
#include "server/transport_limits.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace barertc::server {

class PollSession : public chat::Peer, public std::enable_shared_from_this<PollSession> {
public:
    using Clock = std::chrono::steady_clock;

    PollSession(boost::asio::any_io_executor executor, chat::Hub& hub,
                const TransportLimits& limits, std::string remote_address);
    PollSession(const PollSession&) = delete;
    PollSession& operator=(const PollSession&) = delete;

    // Joins the hub as a new connection. Call once, right after construction.
    void join_hub();
    // One protocol message from the client, as JSON text.
    void receive(std::string_view message);
    // Everything queued since the last call, oldest first.
    std::vector<protocol::Frame> take_queued();
    // Leaves the hub (if still in it); logged-in users are announced with `presence`.
    void leave_hub(const char* presence);

    chat::SendStatus send(protocol::Frame frame) override;
    void close(chat::CloseReason reason) override;

    // The name the server last gave this client in a `me` ("" until it has logged in).
    const std::string& username() const { return username_; }
    const std::string& remote_address() const { return remote_address_; }
    chat::ClientId client_id() const { return id_; }
    bool closing() const { return closing_; }
    Clock::time_point last_seen() const { return last_seen_; }
    void seen_now() { last_seen_ = Clock::now(); }

private:
    boost::asio::any_io_executor executor_;
    chat::Hub& hub_;
    const TransportLimits& limits_;
    std::string remote_address_;
    std::string username_;
    chat::ClientId id_ = 0;
    bool in_hub_ = false;
    bool closing_ = false;
    std::vector<protocol::Frame> queue_;
    std::size_t queued_bytes_ = 0;
    Clock::time_point last_seen_ = Clock::now();
};

}  // namespace barertc::server
