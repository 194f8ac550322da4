#include "server/server.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace barertc::server {
namespace asio = boost::asio;
using asio::ip::tcp;

tcp::endpoint parse_address(const std::string& address) {
    std::string host, port;
    if (!address.empty() && address.front() == '[') {
        auto close = address.find(']');
        if (close == std::string::npos || close + 1 >= address.size() || address[close + 1] != ':')
            throw std::runtime_error("cannot read address '" + address + "' (want [IPv6]:PORT)");
        host = address.substr(1, close - 1);
        port = address.substr(close + 2);
    } else {
        auto colon = address.rfind(':');
        if (colon == std::string::npos)
            throw std::runtime_error("cannot read address '" + address + "' (want HOST:PORT)");
        host = address.substr(0, colon);
        port = address.substr(colon + 1);
    }
    unsigned long port_number = 0;
    try {
        std::size_t used = 0;
        port_number = std::stoul(port, &used);
        if (used != port.size() || port_number > 65535) throw std::out_of_range("port");
    } catch (const std::exception&) {
        throw std::runtime_error("cannot read the port in '" + address + "'");
    }
    if (host.empty()) host = "0.0.0.0";
    if (host == "localhost") host = "127.0.0.1";
    boost::system::error_code ec;
    auto ip = asio::ip::make_address(host, ec);
    if (ec) throw std::runtime_error("cannot read the host in '" + address + "': use an IP address");
    return tcp::endpoint(ip, static_cast<unsigned short>(port_number));
}

Server::Server(config::Settings settings, ServerOptions options)
    : options_(std::move(options)),
      hub_(std::move(settings)),
      routes_(hub_, StaticFiles(options_.web_root), IndexPage(options_.web_root / "index.html")),
      context_{hub_, routes_, options_.limits},
      who_timer_(ioc_),
      ping_timer_(ioc_),
      signals_(ioc_, SIGINT, SIGTERM) {
    const tcp::endpoint endpoint = parse_address(options_.address);
    try {
        listener_ = std::make_shared<Listener>(ioc_, endpoint, context_);
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on " + options_.address + ": " + e.code().message());
    }
    hub_.on_who_pending([this] { arm_who_timer(); });
}

Server::~Server() = default;

void Server::arm_who_timer() {
    if (who_timer_armed_) return;
    who_timer_armed_ = true;
    who_timer_.expires_after(options_.who_window);
    who_timer_.async_wait([this](boost::system::error_code ec) {
        who_timer_armed_ = false;
        if (!ec) hub_.flush_who();
    });
}

void Server::arm_ping_timer() {
    ping_timer_.expires_after(options_.ping_interval);
    ping_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        hub_.send_pings();
        arm_ping_timer();
    });
}

void Server::shutdown() {
    spdlog::info("shutting down");
    listener_->stop();
    who_timer_.cancel();
    ping_timer_.cancel();
    ioc_.stop();
}

int Server::run() {
    listener_->run();
    arm_ping_timer();
    signals_.async_wait([this](boost::system::error_code ec, int) {
        if (!ec) shutdown();
    });
    const auto ep = listener_->local_endpoint();
    const std::string host = ep.address().is_v6() ? "[" + ep.address().to_string() + "]"
                                                  : ep.address().to_string();
    spdlog::info("listening on http://{}:{}", host, ep.port());
    spdlog::default_logger()->flush();
    ioc_.run();
    return 0;
}

}  // namespace barertc::server
