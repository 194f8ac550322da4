// The hub's only view of a connection: somewhere to put frames, and a way to end it.
// Implemented by the WebSocket and polling sessions (and by fakes in unit tests).
#pragma once

#include "protocol/codec.hpp"

#include <string>

namespace barertc::chat {

enum class SendStatus {
    queued,   // accepted into the connection's bounded queue
    dropped,  // the queue is full: the connection is being closed as too slow
    closed,   // the connection is already closing; nothing was queued
};

enum class CloseReason {
    normal,       // after a `disconnect` action: let queued frames go, then close (1000)
    too_slow,     // outbound queue overflow (1008)
    policy,       // repeated abuse (1008)
    going_away,   // server shutdown for good (1001): clients do not come back
    restarting,   // server restart (1012): clients reconnect
};

class Peer {
public:
    virtual ~Peer() = default;
    // Queues a text frame. Never blocks and never calls back into the hub.
    virtual SendStatus send(protocol::Frame frame) = 0;
    // Ends the connection once the frames already queued are written.
    virtual void close(CloseReason reason) = 0;
};

}  // namespace barertc::chat
