// Coalesces writes per turn of the event loop. A session that gets frames marks itself here
// instead of writing at once; one posted task then flushes every marked session after the
// handlers already due have run. A fan-out of N messages to a connection within one turn
// thus leaves in one system call, not N; and where io_uring is available, the writes of all
// the sessions marked in a turn leave together in one `io_uring_enter` (server/send_ring.hpp).
#pragma once

#include "server/send_ring.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <vector>

namespace barertc::server {

class WebSocketSession;

class WriteFlusher {
public:
    // `use_ring`: write through io_uring when the kernel allows it (else one `sendmsg` each).
    explicit WriteFlusher(boost::asio::any_io_executor executor, bool use_ring = true);

    // `session->flush()` will be called once, later in this turn of the loop.
    void schedule(std::shared_ptr<WebSocketSession> session);

    // Whether writes go through io_uring (for the log and /metrics).
    bool using_ring() const { return ring_.available(); }

private:
    void flush();
    // Writes flushing_[first, last) through the ring.
    void flush_through_ring(std::size_t first, std::size_t last);

    boost::asio::any_io_executor executor_;
    SendRing ring_;
    std::vector<std::shared_ptr<WebSocketSession>> dirty_;
    std::vector<std::shared_ptr<WebSocketSession>> flushing_;
    std::vector<WebSocketSession*> in_ring_;  // the sessions of the ring's entries, in order
    std::vector<WebSocketSession*> alone_;    // too much to send for the ring: plain sendmsg
    bool posted_ = false;
};

}  // namespace barertc::server
