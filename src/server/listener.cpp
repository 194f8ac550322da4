#include "server/listener.hpp"

#include <spdlog/spdlog.h>

namespace barertc::server {
namespace asio = boost::asio;

Listener::Listener(asio::io_context& ioc, const asio::ip::tcp::endpoint& endpoint,
                   SessionContext& context)
    : ioc_(ioc), acceptor_(ioc), retry_timer_(ioc), context_(context) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

void Listener::run() { do_accept(); }

void Listener::stop() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    retry_timer_.cancel();
}

void Listener::do_accept() {
    acceptor_.async_accept(ioc_,
                           boost::beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(boost::beast::error_code ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
        // Out of file descriptors (or similar): wait a moment instead of spinning; the
        // connections already open keep working.
        spdlog::warn("accept failed: {}; retrying in 100 ms", ec.message());
        retry_timer_.expires_after(std::chrono::milliseconds(100));
        retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code e) {
            if (!e) self->do_accept();
        });
        return;
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    std::make_shared<HttpSession>(std::move(socket), context_)->run();
    do_accept();
}

}  // namespace barertc::server
