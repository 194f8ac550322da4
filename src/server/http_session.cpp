#include "server/http_session.hpp"

#include "server/client_address.hpp"
#include "server/websocket_session.hpp"
#include "server/ws_handshake.hpp"

#include <boost/beast/websocket.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/url.hpp>
#include <spdlog/spdlog.h>

namespace barertc::server {
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {
constexpr const char* kTooManyConnections =
    "Too many connections from your address are open already. Close some chat tabs and try "
    "again.\n";
}  // namespace

HttpSession::HttpSession(boost::asio::ip::tcp::socket&& socket, SessionContext& context)
    : stream_(std::move(socket)), context_(context) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    peer_ = ec ? "unknown" : ep.address().to_string();
    // Behind a trusted proxy every connection comes from the proxy; the visitor's address is
    // known only from the request's headers, so the count waits for the WebSocket upgrade.
    const auto& settings = context_.hub.settings();
    if (!settings.use_x_forwarded_for) {
        auto slot = context_.connection_cap.acquire(peer_, settings.limits.connections_per_address);
        if (slot) slot_ = std::move(*slot);
        else {
            over_cap_ = true;
            ++context_.stats.over_address_cap;
        }
    }
}

void HttpSession::run() {
    boost::asio::dispatch(stream_.get_executor(),
                          beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(context_.limits.max_header_bytes));
    parser_->body_limit(context_.limits.max_body_bytes);
    // The first request must arrive promptly; later ones may idle up to the keep-alive limit.
    stream_.expires_after(first_request_ ? context_.limits.request_timeout
                                         : context_.limits.keepalive_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) return do_close();
    if (ec) {
        if (ec == http::error::body_limit || ec == http::error::header_limit)
            spdlog::info("{}: request over the size limit ({})", peer_, ec.message());
        else if (ec != beast::error::timeout && ec != boost::asio::error::operation_aborted)
            spdlog::debug("{}: HTTP read failed: {}", peer_, ec.message());
        return;  // dropping the stream closes the socket
    }
    first_request_ = false;
    // The request is read first so that the refusal reaches the client as an answer.
    if (over_cap_) {
        if (websocket::is_upgrade(parser_->get())) ++context_.stats.websocket_refused;
        return refuse(http::status::too_many_requests, kTooManyConnections);
    }
    if (websocket::is_upgrade(parser_->get())) return upgrade();

    ++context_.stats.http_requests;
    const bool use_xff = context_.hub.settings().use_x_forwarded_for;
    const std::string address = client_address(parser_->get(), peer_, use_xff);
    // No read is pending while the answer is prepared, so a slow API answer holds only
    // this connection, and the session lives in the responder until it is called.
    context_.routes.handle(parser_->release(), address,
                           [self = shared_from_this()](http::message_generator msg) {
                               self->write(std::move(msg));
                           });
}

void HttpSession::write(http::message_generator msg) {
    const bool keep_alive = msg.keep_alive();
    stream_.expires_after(context_.limits.request_timeout);
    beast::async_write(stream_, std::move(msg),
                       beast::bind_front_handler(&HttpSession::on_write, shared_from_this(),
                                                 keep_alive));
}

void HttpSession::upgrade() {
    auto& req = parser_->get();
    const auto target = boost::urls::parse_origin_form(req.target());
    const bool use_xff = context_.hub.settings().use_x_forwarded_for;
    const std::string address = client_address(req, peer_, use_xff);
    if (!target || target->path() != "/ws") {
        ++context_.stats.websocket_refused;
        return refuse(http::status::not_found, "WebSocket connections go to /ws.\n");
    }
    if (!context_.routes.origin_allowed(req)) {
        spdlog::info("{}: refused a WebSocket from foreign origin '{}'", address,
                     std::string(req[http::field::origin]).substr(0, 200));
        ++context_.stats.websocket_refused;
        return refuse(http::status::forbidden, "This origin may not connect to the chat.\n");
    }
    if (use_xff) {
        auto slot = context_.connection_cap.acquire(
            address, context_.hub.settings().limits.connections_per_address);
        if (!slot) {
            ++context_.stats.websocket_refused;
            ++context_.stats.over_address_cap;
            return refuse(http::status::too_many_requests, kTooManyConnections);
        }
        slot_ = std::move(*slot);
    }
    if (req[http::field::sec_websocket_version] != "13") {
        ++context_.stats.websocket_refused;
        return refuse(http::status::upgrade_required, "Only WebSocket version 13 is spoken here.\n",
                      {{"Sec-WebSocket-Version", "13"}});
    }
    const auto accept = ws::accept_key(req[http::field::sec_websocket_key]);
    if (!accept) {
        ++context_.stats.websocket_refused;
        return refuse(http::status::bad_request, "The Sec-WebSocket-Key is not valid.\n");
    }
    const auto read_limit = static_cast<std::size_t>(context_.hub.settings().websocket_read_limit);
    ++context_.stats.websocket_upgrades;
    // Whatever the client sent after its request (it may not wait for our answer) is its first
    // frames; the session reads them before the socket.
    std::string early = beast::buffers_to_string(buffer_.data());
    stream_.expires_never();
    std::make_shared<WebSocketSession>(stream_.release_socket(), context_.hub, context_.flusher,
                                       context_.limits, context_.stats, read_limit, address,
                                       std::move(slot_))
        ->run(ws::switching_protocols_response(*accept), std::move(early));
}

void HttpSession::refuse(http::status status, std::string body,
                         std::initializer_list<std::pair<const char*, const char*>> headers) {
    const auto& req = parser_->get();
    http::response<http::string_body> res{status, req.version()};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    for (const auto& [name, value] : headers) res.set(name, value);
    res.keep_alive(false);
    res.body() = std::move(body);
    res.prepare_payload();
    write(http::message_generator(std::move(res)));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    if (ec) return;
    if (!keep_alive) return do_close();
    do_read();
}

void HttpSession::do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace barertc::server
