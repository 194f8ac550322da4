#include "server/write_flusher.hpp"

#include "server/websocket_session.hpp"

#include <boost/asio/post.hpp>

namespace barertc::server {

void WriteFlusher::schedule(std::shared_ptr<WebSocketSession> session) {
    dirty_.push_back(std::move(session));
    if (posted_) return;
    posted_ = true;
    boost::asio::post(executor_, [this] { flush(); });
}

void WriteFlusher::flush() {
    posted_ = false;
    flushing_.swap(dirty_);
    for (auto& session : flushing_) session->flush();
    flushing_.clear();
    // A burst (a join storm) must not leave its high-water mark behind.
    if (flushing_.capacity() > 4096) flushing_.shrink_to_fit();
}

}  // namespace barertc::server
