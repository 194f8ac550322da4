#include "server/write_flusher.hpp"

#include "server/websocket_session.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace barertc::server {
namespace {

// Below this many sessions a turn's writes go out one `sendmsg` each: the ring's set-up
// costs about as much as the system calls it would save.
constexpr std::size_t kRingThreshold = 4;

// The ring pays for many small writes (a chat message to a thousand readers: the system calls
// are most of the cost). Big writes (full who-lists during a join storm) measured slower
// through it than with `sendmsg` (bench/README.md), so a session with more than this to send
// writes alone.
constexpr std::size_t kRingMaxBytes = 16 * 1024;

std::size_t bytes_of(const msghdr& msg) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < msg.msg_iovlen; ++i) n += msg.msg_iov[i].iov_len;
    return n;
}

}  // namespace

WriteFlusher::WriteFlusher(boost::asio::any_io_executor executor, bool use_ring)
    : executor_(std::move(executor)), ring_(use_ring ? 1024 : 0) {}

void WriteFlusher::schedule(std::shared_ptr<WebSocketSession> session) {
    dirty_.push_back(std::move(session));
    if (posted_) return;
    posted_ = true;
    boost::asio::post(executor_, [this] { flush(); });
}

void WriteFlusher::flush() {
    posted_ = false;
    flushing_.swap(dirty_);
    if (ring_.available() && flushing_.size() >= kRingThreshold) {
        for (std::size_t first = 0; first < flushing_.size(); first += ring_.capacity()) {
            flush_through_ring(first, std::min<std::size_t>(flushing_.size(), first + ring_.capacity()));
        }
    } else {
        for (auto& session : flushing_) session->flush();
    }
    flushing_.clear();
    // A burst (a join storm) must not leave its high-water mark behind.
    if (flushing_.capacity() > 4096) flushing_.shrink_to_fit();
}

void WriteFlusher::flush_through_ring(std::size_t first, std::size_t last) {
    in_ring_.clear();
    alone_.clear();
    msghdr msg{};
    for (std::size_t i = first; i < last; ++i) {
        WebSocketSession* session = flushing_[i].get();
        if (!session->prepare_write(msg)) continue;
        // (Written after the ring's batch, so that nothing runs between queueing an entry
        // and submitting it.)
        if (bytes_of(msg) > kRingMaxBytes) {
            alone_.push_back(session);
            continue;
        }
        ring_.add(session->native_handle(), msg);
        in_ring_.push_back(session);
    }
    const bool submitted = ring_.submit([this](std::size_t index, long result) {
        // More may be left (a write in part, or frames queued meanwhile): the session
        // finishes alone, which also accounts for a batch written whole.
        if (in_ring_[index]->wrote(result)) in_ring_[index]->flush();
    });
    if (!submitted) {
        for (WebSocketSession* session : in_ring_) session->flush();
    }
    for (WebSocketSession* session : alone_) session->flush();
}

}  // namespace barertc::server
