#include "server/server.hpp"

#include "chat/who_window.hpp"

#include <malloc.h>

#include "store/sqlite_ban_store.hpp"
#include "store/sqlite_dm_archive.hpp"

#include <boost/json.hpp>
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

// Database files named relatively live next to settings.toml, not wherever the process
// happened to be started: two rooms on one machine never share a file by accident.
std::filesystem::path Server::data_path(const std::string& name) const {
    std::filesystem::path p(name);
    if (p.is_absolute() || name == ":memory:") return p;
    return options_.config_path.parent_path() / p;
}

std::unique_ptr<chat::BanStore> Server::open_ban_store(const config::Settings& settings) {
    if (settings.bans.database.empty()) return std::make_unique<chat::MemoryBanStore>();
    try {
        return std::make_unique<store::SqliteBanStore>(data_path(settings.bans.database).string());
    } catch (const store::SqliteError& e) {
        throw std::runtime_error(std::string("[Bans] Database: ") + e.what());
    }
}

std::unique_ptr<store::SqliteDmArchive> Server::open_dm_history(const config::Settings& settings) {
    const auto& h = settings.direct_message_history;
    if (!h.enabled) return nullptr;
    try {
        auto archive = std::make_unique<store::SqliteDmArchive>(
            data_path(h.sqlite_database).string(), [] {
                return std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
            });
        spdlog::info("direct message history in {}", data_path(h.sqlite_database).string());
        return archive;
    } catch (const std::exception& e) {
        throw std::runtime_error(std::string("[DirectMessageHistory] SQLiteDatabase: ") + e.what());
    }
}

chat::HubOptions Server::hub_options(Server& self) {
    chat::HubOptions o;
    o.bans = self.bans_.get();
    const auto& limits = self.initial_limits_;
    o.limits.messages = chat::RateSpec{limits.messages_per_minute / 60.0, double(limits.message_burst)};
    o.dm_archive = self.dm_history_.get();
    if (self.dm_history_) o.last_message_id = self.dm_history_->max_message_id();
    o.images = &self.images_;
    o.reports = &self.reports_;
    o.request_shutdown = [&self] {
        // Let the goodbye notice go out first.
        boost::asio::post(self.ioc_, [&self] { self.shutdown(1); });
    };
    o.reload_settings = [&self](config::Settings& out) -> std::optional<std::string> {
        try {
            config::LoadResult r = config::load_settings(self.options_.config_path);
            for (const auto& w : r.warnings) spdlog::warn("{}", w);
            out = std::move(r.settings);
            self.settings_reloaded(out);
            return std::nullopt;
        } catch (const config::SettingsError& e) {
            return std::string(e.what());
        }
    };
    return o;
}

Server::Server(config::Settings settings, ServerOptions options)
    : options_(std::move(options)),
      initial_limits_(settings.limits),
      bans_(open_ban_store(settings)),
      dm_history_(open_dm_history(settings)),
      webhook_client_(ioc_.get_executor()),
      webhooks_(webhook_client_, settings),
      reports_(webhooks_),
      images_([this](std::function<void()> f) { boost::asio::post(ioc_, std::move(f)); },
              media::ImageServiceOptions{media::image_limits(settings)}),
      hub_(std::move(settings), hub_options(*this)),
      api_(hub_, dm_history_.get(),
           [this](const std::string& name, auto done) { lookup_profile(name, std::move(done)); }),
      flusher_(ioc_.get_executor(), options_.io_uring),
      polls_(ioc_.get_executor(), hub_, options_.limits),
      routes_(hub_, StaticFiles(options_.web_root), IndexPage(options_.web_root / "index.html"), api_,
              polls_, transport_stats_),
      context_{hub_, routes_, options_.limits, transport_stats_, connection_cap_, flusher_},
      who_timer_(ioc_),
      ping_timer_(ioc_),
      purge_timer_(ioc_),
      shutdown_timer_(ioc_),
      trim_timer_(ioc_),
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
    who_timer_.expires_after(chat::who_window(hub_.stats().logged_in, options_.who_window));
    who_timer_.async_wait([this](boost::system::error_code ec) {
        who_timer_armed_ = false;
        if (ec) return;
        hub_.flush_who();
        release_freed_memory();
    });
}

void Server::release_freed_memory() {
    // Logins, exits and who-list bursts free memory in the middle of the heap, which glibc
    // keeps; handing it back once the room has been quiet for a second keeps RSS near what
    // the room needs now (bench/README.md, idle). A trim walks the heap, so not while busy.
    trim_timer_.expires_after(std::chrono::seconds(1));
    trim_timer_.async_wait([](boost::system::error_code ec) {
        if (!ec) ::malloc_trim(0);
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

void Server::settings_reloaded(const config::Settings& fresh) {
    webhooks_.apply_settings(fresh);
    images_.set_limits(media::image_limits(fresh));
}

// The profile card (compat §4.5): the site answers {"StatusCode":200,"Data":{OK,Error,Headline,ProfileFields}}.
void Server::lookup_profile(const std::string& username,
                            std::function<void(bool, boost::json::object, std::string)> done) {
    const bool sent = webhooks_.post_event("profile", boost::json::object{{"Username", username}},
                                           [done](webhook::WebhookReply reply) {
        if (!reply.ok) {
            done(false, {}, "The profile could not be loaded: " + reply.error + ".");
            return;
        }
        boost::json::error_code ec;
        boost::json::value v = boost::json::parse(reply.body, ec);
        const boost::json::value* data = (!ec && v.is_object()) ? v.as_object().if_contains("Data") : nullptr;
        if (!data || !data->is_object()) {
            done(false, {}, "The site's profile answer could not be read.");
            return;
        }
        const boost::json::value* ok = data->as_object().if_contains("OK");
        if (!ok || !ok->is_bool() || !ok->get_bool()) {
            const boost::json::value* err = data->as_object().if_contains("Error");
            done(false, {}, err && err->is_string() ? std::string(err->get_string()) : "The site has no profile for this user.");
            return;
        }
        done(true, data->as_object(), {});
    });
    if (!sent) done(false, {}, "The profile webhook is not enabled.");
}

void Server::arm_purge_timer() {
    if (!dm_history_) return;
    // Retention is in days; an hourly sweep keeps the file within an hour of it.
    const int days = hub_.settings().direct_message_history.retention_days;
    if (days > 0) {
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch()).count();
        const std::int64_t purged = dm_history_->purge_older_than(now - std::int64_t(days) * 86400);
        if (purged > 0) spdlog::info("purged {} direct messages older than {} days", purged, days);
    }
    purge_timer_.expires_after(std::chrono::hours(1));
    purge_timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) arm_purge_timer();
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
    purge_timer_.cancel();
    trim_timer_.cancel();
    polls_.stop();
    hub_.close_all();
    // Sessions end as their close handshakes finish; we stop as soon as the last has gone,
    // or cut off whatever is left when the grace period is over.
    shutdown_deadline_ = std::chrono::steady_clock::now() + options_.shutdown_grace;
    await_sessions_closed();
}

void Server::await_sessions_closed() {
    if (hub_.stats().connections == 0 || std::chrono::steady_clock::now() >= shutdown_deadline_) {
        signals_.cancel();
        ioc_.stop();
        return;
    }
    shutdown_timer_.expires_after(std::chrono::milliseconds(20));
    shutdown_timer_.async_wait([this](boost::system::error_code) { await_sessions_closed(); });
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
    arm_purge_timer();
    polls_.start();
    wait_for_signals();
    const auto ep = listener_->local_endpoint();
    const std::string host = ep.address().is_v6() ? "[" + ep.address().to_string() + "]"
                                                  : ep.address().to_string();
    spdlog::info("writes: {}", flusher_.using_ring() ? "batched through io_uring"
                                                     : "one sendmsg per connection (no io_uring)");
    spdlog::info("listening on http://{}:{}", host, ep.port());
    spdlog::default_logger()->flush();
    ioc_.run();
    spdlog::info("stopped");
    return exit_code_;
}

}  // namespace barertc::server
