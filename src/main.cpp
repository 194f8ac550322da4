// barertc: command line, settings, logging; everything else lives in src/server and src/chat.
#include "config/settings.hpp"
#include "media/image_transcoder.hpp"
#include "server/log_format.hpp"
#include "server/server.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace {

// The original takes Go-style single-dash flags (-address, -debug); existing systemd and
// supervisor lines keep working if we accept them too.
std::vector<std::string> normalise_legacy_flags(int argc, char** argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        for (const char* legacy : {"-address", "-debug", "-config", "-web"}) {
            const std::size_t n = std::strlen(legacy);
            if (a == legacy || (a.rfind(legacy, 0) == 0 && a.size() > n && a[n] == '='))
                a = "-" + a;
        }
        args.push_back(a);
    }
    return args;
}

std::filesystem::path default_web_root() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (const auto& candidate : {exe.parent_path().parent_path() / "web" / "dist",
                                      exe.parent_path() / "web"})
            if (std::filesystem::exists(candidate / "index.html", ec)) return candidate;
    }
    return std::filesystem::current_path(ec) / "web" / "dist";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"BareRTC in C++: a self-hosted webcam chat room compatible with BareRTC."};
    std::string address = ":9000";
    std::string config_path = "./settings.toml";
    std::string web_root;
    int ping_interval = 30;
    int poll_timeout = 60;
    std::string log_format = "text";
    bool debug = false;
    bool version = false;
    bool no_io_uring = false;
    app.add_option("--address", address, "HOST:PORT to listen on (default :9000)");
    app.add_option("--config", config_path, "settings file (written with defaults if missing)");
    app.add_option("--web", web_root, "directory of the built web client (default: web/dist)");
    app.add_option("--ping-interval", ping_interval, "seconds between keepalive pings (default 30)")
        ->check(CLI::Range(1, 3600));
    app.add_option("--poll-timeout", poll_timeout,
                   "seconds after which a polling client that stopped polling leaves (default 60)")
        ->check(CLI::Range(1, 3600));
    app.add_flag("--debug", debug, "log every request and protocol event");
    app.add_option("--log-format", log_format, "text (default) or json: one JSON object per line")
        ->check(CLI::IsMember({"text", "json"}));
    app.add_flag("--no-io-uring", no_io_uring,
                 "write with one sendmsg per connection instead of batching through io_uring");
    app.add_flag("--version", version, "print the version and exit");

    std::vector<std::string> args = normalise_legacy_flags(argc, argv);
    std::reverse(args.begin(), args.end());  // CLI11 takes a reversed vector
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (version) {
        std::cout << "barertc " << BARERTC_VERSION << "\n";
        return 0;
    }
    spdlog::set_level(debug ? spdlog::level::debug : spdlog::level::info);
    barertc::server::use_log_format(*barertc::server::parse_log_format(log_format));

    try {
        barertc::config::LoadResult loaded = barertc::config::load_or_create_settings(config_path);
        for (const auto& warning : loaded.warnings) spdlog::warn("{}", warning);
        barertc::server::ServerOptions options;
        options.address = address;
        options.config_path = config_path;
        options.ping_interval = std::chrono::seconds(ping_interval);
        options.io_uring = !no_io_uring;
        // The original checks every 10 s for a 60 s timeout; shorter timeouts check sooner.
        options.limits.poll_session_timeout = std::chrono::seconds(poll_timeout);
        options.limits.poll_sweep_interval =
            std::clamp(std::chrono::seconds(poll_timeout / 6), std::chrono::seconds(1),
                       std::chrono::seconds(10));
        options.web_root = web_root.empty() ? default_web_root() : std::filesystem::path(web_root);
        int exit_code = 0;
        {
            barertc::server::Server server(std::move(loaded.settings), options);
            spdlog::info("settings from {}, web client from {}", config_path, options.web_root.string());
            exit_code = server.run();
        }
        barertc::media::stop_vips();
        return exit_code;
    } catch (const barertc::config::SettingsError& e) {
        spdlog::error("{}", e.what());
        return 2;
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return 1;
    }
}
