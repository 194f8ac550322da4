// Bounds on the transport, one place, each with its reason.
#pragma once

#include <chrono>
#include <cstddef>

namespace barertc::server {

struct TransportLimits {
    // Bytes a connection may have queued but unwritten. A reader this far behind is cut off
    // (close 1008) so that nobody else waits for it. Large enough for a few full who-lists.
    std::size_t max_queued_bytes = 8 * 1024 * 1024;
    // Text frames other than image shares (ours.md): chat never needs more.
    std::size_t max_text_frame = 64 * 1024;
    // HTTP requests: headers and bodies (the form POST of a long JWT, API calls).
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 1024 * 1024;
    // A request must arrive whole within this time (slowloris).
    std::chrono::seconds request_timeout{30};
    // An idle keep-alive HTTP connection is closed after this.
    std::chrono::seconds keepalive_timeout{60};
    // WebSocket: a peer that answers no ping for this long is gone.
    std::chrono::seconds websocket_idle_timeout{75};
};

}  // namespace barertc::server
