// GET /metrics: the room and the transport in Prometheus text format (version 0.0.4).
#pragma once

#include "chat/hub.hpp"
#include "server/transport_stats.hpp"

#include <string>

namespace barertc::server {

// `poll_sessions`: users on the polling transport (POST /poll) right now.
std::string render_metrics(const chat::Hub& hub, const TransportStats& transport,
                           std::size_t poll_sessions = 0);

}  // namespace barertc::server
