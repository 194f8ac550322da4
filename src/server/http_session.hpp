// One HTTP connection: reads requests (bounded in size and time), answers them through
// HttpRoutes, and hands WebSocket upgrades on /ws to a WebSocketSession.
#pragma once

#include "chat/hub.hpp"
#include "server/connection_cap.hpp"
#include "server/http_routes.hpp"
#include "server/transport_stats.hpp"
#include "server/transport_limits.hpp"
#include "server/write_flusher.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>

namespace barertc::server {

// What every HTTP session shares; owned by the Server.
struct SessionContext {
    chat::Hub& hub;
    HttpRoutes& routes;
    const TransportLimits& limits;
    TransportStats& stats;
    ConnectionCap& connection_cap;
    WriteFlusher& flusher;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(boost::asio::ip::tcp::socket&& socket, SessionContext& context);
    void run();

private:
    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
    void upgrade();
    // Answers `status` with a plain-text `body` and closes the connection.
    void refuse(boost::beast::http::status status, std::string body,
                std::initializer_list<std::pair<const char*, const char*>> headers = {});
    void write(boost::beast::http::message_generator msg);
    void do_close();

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    SessionContext& context_;
    std::string peer_;
    // Held while the connection is open. Counted at accept by the socket's peer, or (behind a
    // trusted proxy, UseXForwardedFor) at the WebSocket upgrade by the forwarded address.
    ConnectionCap::Slot slot_;
    bool over_cap_ = false;
    bool first_request_ = true;
};

}  // namespace barertc::server
