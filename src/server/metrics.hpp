// GET /metrics: the room and the transport in Prometheus text format (version 0.0.4).
#pragma once

#include "chat/hub.hpp"
#include "server/transport_stats.hpp"

#include <string>

namespace barertc::server {

std::string render_metrics(const chat::Hub& hub, const TransportStats& transport);

}  // namespace barertc::server
