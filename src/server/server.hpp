// The whole server wired together: one io_context on one thread runs the listener, every
// session, the hub and its timers, so the hub needs no locks (docs/architecture.md).
#pragma once

#include "chat/hub.hpp"
#include "config/settings.hpp"
#include "server/http_routes.hpp"
#include "server/http_session.hpp"
#include "server/listener.hpp"
#include "server/poll_transport.hpp"
#include "server/transport_limits.hpp"
#include "server/write_flusher.hpp"
#include "store/sqlite_dm_archive.hpp"
#include "media/vips_image_service.hpp"
#include "webhook/webhook_report_service.hpp"
#include "webhook/webhooks.hpp"

#include <boost/asio.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace barertc::server {

struct ServerOptions {
    std::string address = ":9000";        // HOST:PORT; empty host = all interfaces
    std::filesystem::path config_path;    // re-read on SIGHUP and /reconfigure
    std::filesystem::path web_root;       // built client (index.html, assets/)
    TransportLimits limits;
    // How long who-list changes are gathered before one update goes out (ours.md: <= 100 ms).
    std::chrono::milliseconds who_window{100};
    std::chrono::seconds ping_interval{30};
    // SIGTERM: connections get this long to say goodbye before the process exits.
    std::chrono::milliseconds shutdown_grace{2000};
    // Batch each loop turn's writes through io_uring where the kernel allows it.
    bool io_uring = true;
};

class Server {
public:
    // Binds the address; throws std::runtime_error with a readable message on failure.
    Server(config::Settings settings, ServerOptions options);
    ~Server();

    boost::asio::ip::tcp::endpoint local_endpoint() const { return listener_->local_endpoint(); }
    // Runs until SIGINT/SIGTERM (exit 0) or /shutdown (exit 1, for the supervisor to
    // restart us, as the original does); returns the process exit code.
    int run();

private:
    void arm_who_timer();
    void arm_ping_timer();
    void release_freed_memory();
    void shutdown(int exit_code);
    void await_sessions_closed();
    void wait_for_signals();
    void reload_settings();
    static chat::HubOptions hub_options(Server& self);
    void arm_purge_timer();
    void lookup_profile(const std::string& username,
                        std::function<void(bool, boost::json::object, std::string)> done);
    void settings_reloaded(const config::Settings& fresh);
    std::filesystem::path data_path(const std::string& name) const;
    std::unique_ptr<chat::BanStore> open_ban_store(const config::Settings& settings);
    std::unique_ptr<store::SqliteDmArchive> open_dm_history(const config::Settings& settings);

    ServerOptions options_;
    boost::asio::io_context ioc_{1};
    config::LimitSettings initial_limits_;  // read by hub_options() before the hub exists
    std::unique_ptr<chat::BanStore> bans_;
    std::unique_ptr<store::SqliteDmArchive> dm_history_;
    // Slow work off the hub: webhooks on this io_context, images on their own threads.
    webhook::WebhookClient webhook_client_;
    webhook::Webhooks webhooks_;
    webhook::WebhookReportService reports_;
    media::VipsImageService images_;
    chat::Hub hub_;
    ApiRoutes api_;
    TransportStats transport_stats_;
    WriteFlusher flusher_;  // after hub_: sessions it still holds leave the hub first
    PollTransport polls_;  // after hub_: its sessions leave the hub when it is destroyed
    ConnectionCap connection_cap_;
    HttpRoutes routes_;
    SessionContext context_;
    std::shared_ptr<Listener> listener_;
    boost::asio::steady_timer who_timer_;
    boost::asio::steady_timer ping_timer_;
    boost::asio::steady_timer purge_timer_;
    boost::asio::steady_timer shutdown_timer_;
    boost::asio::steady_timer trim_timer_;
    boost::asio::signal_set signals_;
    bool who_timer_armed_ = false;
    bool stopping_ = false;
    std::chrono::steady_clock::time_point shutdown_deadline_;
    int exit_code_ = 0;
};

// Parses ":9000", "0.0.0.0:9000", "127.0.0.1:0", "[::1]:9000", "localhost:9000".
boost::asio::ip::tcp::endpoint parse_address(const std::string& address);

}  // namespace barertc::server
