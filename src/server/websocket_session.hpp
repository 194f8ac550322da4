// One WebSocket connection: reads frames into the hub, writes the hub's frames out.
// Its outbound queue is bounded in bytes; a reader that falls behind is disconnected.
#pragma once

#include "chat/hub.hpp"
#include "chat/peer.hpp"
#include "server/connection_cap.hpp"
#include "server/transport_limits.hpp"
#include "server/transport_stats.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>
#include <memory>
#include <string>

namespace barertc::server {

class WebSocketSession : public chat::Peer,
                         public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(boost::beast::tcp_stream&& stream, chat::Hub& hub,
                     const TransportLimits& limits, TransportStats& stats, std::size_t read_limit,
                     std::string remote_address, ConnectionCap::Slot slot);
    ~WebSocketSession() override;

    void run(boost::beast::http::request<boost::beast::http::string_body> request);

    chat::SendStatus send(protocol::Frame frame) override;
    void close(chat::CloseReason reason) override;

private:
    void on_accept(boost::beast::error_code ec);
    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void do_write();
    void on_write(boost::beast::error_code ec, std::size_t bytes);
    void do_close();
    void leave_hub();

    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    chat::Hub& hub_;
    const TransportLimits& limits_;
    TransportStats& stats_;
    std::string remote_address_;
    ConnectionCap::Slot slot_;  // this connection's place under the per-address cap
    chat::ClientId id_ = 0;
    bool in_hub_ = false;

    std::deque<protocol::Frame> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool closing_ = false;
    bool close_sent_ = false;
    boost::beast::websocket::close_code close_code_ = boost::beast::websocket::close_code::normal;
};

}  // namespace barertc::server
