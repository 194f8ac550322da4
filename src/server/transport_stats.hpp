// Counters the transport keeps for /metrics. One io_context thread updates them, so plain
// integers suffice; if the transport ever runs on several threads these become atomics.
#pragma once

#include <cstdint>

namespace barertc::server {

struct TransportStats {
    std::uint64_t http_requests = 0;
    std::uint64_t websocket_upgrades = 0;
    std::uint64_t websocket_refused = 0;      // bad origin, bad path, address cap
    std::uint64_t frames_in = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t frames_out = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t slow_clients_dropped = 0;   // queue over its byte bound
    std::uint64_t oversized_frames = 0;       // over WebSocketReadLimit
    std::uint64_t over_address_cap = 0;       // refused by [Limits] ConnectionsPerAddress
};

}  // namespace barertc::server
