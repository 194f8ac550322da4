// Coalesces writes per turn of the event loop. A session that gets frames marks itself here
// instead of writing at once; one posted task then flushes every marked session after the
// handlers already due have run. A fan-out of N messages to a connection within one turn
// thus leaves in one system call, not N.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <vector>

namespace barertc::server {

class WebSocketSession;

class WriteFlusher {
public:
    explicit WriteFlusher(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

    // `session->flush()` will be called once, later in this turn of the loop.
    void schedule(std::shared_ptr<WebSocketSession> session);

private:
    void flush();

    boost::asio::any_io_executor executor_;
    std::vector<std::shared_ptr<WebSocketSession>> dirty_;
    std::vector<std::shared_ptr<WebSocketSession>> flushing_;
    bool posted_ = false;
};

}  // namespace barertc::server
