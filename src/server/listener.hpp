// Accepts TCP connections and starts an HttpSession for each.
#pragma once

#include "server/http_session.hpp"

#include <boost/asio.hpp>

#include <memory>

namespace barertc::server {

class Listener : public std::enable_shared_from_this<Listener> {
public:
    // Throws boost::system::system_error if the address cannot be bound.
    Listener(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint,
             SessionContext& context);
    void run();
    void stop();
    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_timer_;
    SessionContext& context_;
};

}  // namespace barertc::server
