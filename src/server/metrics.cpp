#include "server/metrics.hpp"

#include "protocol/message.hpp"

#include <fmt/format.h>

namespace barertc::server {

namespace {

// Label values are quoted; backslash, quote and newline must be escaped.
std::string label(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') { out += "\\n"; continue; }
        out += c;
    }
    return out;
}

void metric(std::string& out, std::string_view name, std::string_view type, std::string_view help,
            std::uint64_t value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
}

}  // namespace

std::string render_metrics(const chat::Hub& hub, const TransportStats& t, std::size_t poll_sessions) {
    const chat::HubStats s = hub.stats();
    std::string out;
    out += "# HELP barertc_build_info Build information.\n# TYPE barertc_build_info gauge\n";
    out += fmt::format("barertc_build_info{{version=\"{}\",implementation=\"barertc-cpp\"}} 1\n", BARERTC_VERSION);

    metric(out, "barertc_connections", "gauge", "Open WebSocket connections.", s.connections);
    metric(out, "barertc_users", "gauge", "Logged-in users.", s.logged_in);
    metric(out, "barertc_poll_sessions", "gauge", "Users on the polling transport (POST /poll).", poll_sessions);

    // Everyone logged in reads every public channel, except VIP channels (VIPs and operators).
    const auto users = hub.visible_users();
    out += "# HELP barertc_channel_users Logged-in, visible users who can read each public channel.\n"
           "# TYPE barertc_channel_users gauge\n";
    for (const auto& channel : hub.settings().public_channels) {
        std::uint64_t n = 0;
        for (const chat::User* u : users)
            if (!channel.vip || u->vip || u->op) ++n;
        out += fmt::format("barertc_channel_users{{channel=\"{}\"}} {}\n", label(channel.id), n);
    }
    std::uint64_t cameras = 0;
    for (const chat::User* u : users)
        if (u->video & protocol::video_flag::kActive) ++cameras;
    metric(out, "barertc_cameras", "gauge", "Users broadcasting a webcam.", cameras);

    metric(out, "barertc_logins_total", "counter", "Successful logins.", s.logins);
    out += "# HELP barertc_login_failures_total Logins refused (or downgraded to guest) by reason.\n"
           "# TYPE barertc_login_failures_total counter\n";
    for (const char* reason : {"no_token", "bad_token", "unverified_guest", "bad_name", "banned"}) {
        auto it = s.login_failures.find(reason);
        out += fmt::format("barertc_login_failures_total{{reason=\"{}\"}} {}\n", reason,
                           it == s.login_failures.end() ? 0 : it->second);
    }
    metric(out, "barertc_messages_in_total", "counter", "WebSocket messages handled by the hub.", s.messages_in);
    metric(out, "barertc_deliveries_total", "counter", "Frames queued to connections (fan-out deliveries).", s.deliveries);
    metric(out, "barertc_refusals_total", "counter", "Requests refused with an error notice.", s.refused);
    metric(out, "barertc_rate_limited_total", "counter", "Actions refused by a rate limit.", s.rate_limited);

    metric(out, "barertc_http_requests_total", "counter", "HTTP requests (not counting WebSocket upgrades).", t.http_requests);
    metric(out, "barertc_websocket_upgrades_total", "counter", "WebSocket connections accepted.", t.websocket_upgrades);
    metric(out, "barertc_websocket_refused_total", "counter", "WebSocket handshakes refused (origin, path, address cap).", t.websocket_refused);
    metric(out, "barertc_frames_in_total", "counter", "WebSocket frames received.", t.frames_in);
    metric(out, "barertc_bytes_in_total", "counter", "WebSocket bytes received (frames with their headers).", t.bytes_in);
    metric(out, "barertc_frames_out_total", "counter", "WebSocket frames sent.", t.frames_out);
    metric(out, "barertc_bytes_out_total", "counter", "WebSocket bytes sent (frames with their headers, the handshake answer).", t.bytes_out);
    metric(out, "barertc_slow_clients_dropped_total", "counter", "Connections closed because their send queue overflowed.", t.slow_clients_dropped);
    metric(out, "barertc_oversized_frames_total", "counter", "Connections closed for a frame over WebSocketReadLimit.", t.oversized_frames);
    metric(out, "barertc_connections_over_address_cap_total", "counter", "Connections refused because their address had ConnectionsPerAddress open.", t.over_address_cap);
    return out;
}

}  // namespace barertc::server
