#include "server/server.hpp"

#include "store/sqlite_ban_store.hpp"

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

std::unique_ptr<chat::BanStore> Server::open_ban_store(const config::Settings& settings) {
    if (settings.bans.database.empty()) return std::make_unique<chat::MemoryBanStore>();
    try {
        return std::make_unique<store::SqliteBanStore>(settings.bans.database);
    } catch (const store::SqliteError& e) {
        throw std::runtime_error(std::string("[Bans] Database: ") + e.what());
    }
}

chat::HubOptions Server::hub_options(Server& self) {
    chat::HubOptions o;
    o.bans = self.bans_.get();
    o.request_shutdown = [&self] {
        // Let the goodbye notice go out first.
        boost::asio::post(self.ioc_, [&self] { self.shutdown(1); });
    };
    o.reload_settings = [&self](config::Settings& out) -> std::optional<std::string> {
        try {
            config::LoadResult r = config::load_settings(self.options_.config_path);
            for (const auto& w : r.warnings) spdlog::warn("{}", w);
            out = std::move(r.settings);
            return std::nullopt;
        } catch (const config::SettingsError& e) {
            return std::string(e.what());
        }
    };
    return o;
}

Server::Server(config::Settings settings, ServerOptions options)
    : options_(std::move(options)),
      bans_(open_ban_store(settings)),
      hub_(std::move(settings), hub_options(*this)),
      routes_(hub_, StaticFiles(options_.web_root), IndexPage(options_.web_root / "index.html")),
      context_{hub_, routes_, options_.limits},
      who_timer_(ioc_),
      ping_timer_(ioc_),
      shutdown_timer_(ioc_),
      signals_(ioc_) {
    signals_.add(SIGINT);
    signals_.add(SIGTERM);
    signals_.add(SIGHUP);
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

void Server::shutdown(int exit_code) {
    if (stopping_) return;
    stopping_ = true;
    exit_code_ = exit_code;
    spdlog::info("shutting down: closing {} connections", hub_.stats().connections);
    listener_->stop();
    who_timer_.cancel();
    ping_timer_.cancel();
    hub_.close_all();
    // Sessions end as their close handshakes finish; whatever is left after the grace
    // period is cut off.
    shutdown_timer_.expires_after(options_.shutdown_grace);
    shutdown_timer_.async_wait([this](boost::system::error_code) {
        signals_.cancel();
        ioc_.stop();
    });
}

void Server::reload_settings() {
    config::Settings fresh;
    chat::HubOptions o = hub_options(*this);
    if (auto error = o.reload_settings(fresh)) {
        spdlog::error("SIGHUP: settings not reloaded: {}", *error);
        return;
    }
    hub_.apply_settings(std::move(fresh));
    spdlog::info("SIGHUP: settings reloaded from {}", options_.config_path.string());
}

void Server::wait_for_signals() {
    signals_.async_wait([this](boost::system::error_code ec, int signal) {
        if (ec) return;
        if (signal == SIGHUP) {
            reload_settings();
            wait_for_signals();
            return;
        }
        shutdown(0);
    });
}

int Server::run() {
    listener_->run();
    arm_ping_timer();
    wait_for_signals();
    const auto ep = listener_->local_endpoint();
    const std::string host = ep.address().is_v6() ? "[" + ep.address().to_string() + "]"
                                                  : ep.address().to_string();
    spdlog::info("listening on http://{}:{}", host, ep.port());
    spdlog::default_logger()->flush();
    ioc_.run();
    spdlog::info("stopped");
    return exit_code_;
}

}  // namespace barertc::server
