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

    // Polling transport (POST /poll, compat §1.8). A session not polled for this long leaves
    // the room ("has timed out!"); clients poll every 5 s. Checked every sweep interval.
    std::chrono::seconds poll_session_timeout{60};
    std::chrono::seconds poll_sweep_interval{10};
    // Bytes waiting for a poller's next collection: several seconds of a busy room. More than
    // that and the session is dropped (the original: 32 messages, which a busy room's who-lists
    // and presences exceed between two polls).
    std::size_t max_poll_queued_bytes = 2 * 1024 * 1024;
    // Every session is a user in the room; this bounds what one flood of logins can create.
    std::size_t max_poll_sessions = 1000;
};

}  // namespace barertc::server
