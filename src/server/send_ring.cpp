#include "server/send_ring.hpp"

#include <cerrno>

namespace barertc::server {

SendRing::SendRing(unsigned entries) : ring_(entries) {
    // A write the kernel did not understand would end a connection: no ring rather than that.
    if (ring_.available() && !ring_.supports(IORING_OP_SENDMSG)) ring_.release();
    messages_.resize(ring_.capacity());
    results_.reserve(ring_.capacity());
}

void SendRing::add(int fd, const msghdr& msg) {
    const std::size_t index = ring_.queued();
    io_uring_sqe* sqe = ring_.next_sqe();
    messages_[index] = msg;
    sqe->opcode = IORING_OP_SENDMSG;
    sqe->fd = fd;
    sqe->addr = reinterpret_cast<std::uint64_t>(&messages_[index]);
    sqe->len = 1;
    // MSG_DONTWAIT: a full socket answers -EAGAIN now instead of the ring waiting for it.
    sqe->msg_flags = MSG_NOSIGNAL | MSG_DONTWAIT;
    sqe->user_data = index;
}

bool SendRing::submit(const std::function<void(std::size_t index, long result)>& done) {
    const unsigned count = ring_.queued();
    if (count == 0) return true;
    results_.assign(count, kNoResult);
    unsigned answered = 0;
    auto collect = [&](const io_uring_cqe& cqe) {
        if (cqe.user_data < count && results_[cqe.user_data] == kNoResult) {
            results_[cqe.user_data] = cqe.res;
            ++answered;
        }
    };
    bool first = true;
    while (answered < count) {
        const int n = ring_.enter(count - answered);
        if (n < 0 && n != -EINTR && n != -EAGAIN && n != -EBUSY) {
            // The kernel fails a call only when it took nothing in that call.
            if (first) {
                ring_.withdraw_untaken();
                return false;
            }
            // Not seen in practice: what it took is done (non-blocking writes finish while
            // being submitted); the rest is withdrawn and answered "would block", so that
            // those sessions wait for their sockets and write alone. A ring in this state is
            // not trusted again (a late completion would carry an index of this batch).
            ring_.reap(collect);
            ring_.withdraw_untaken();
            for (long& r : results_) {
                if (r == kNoResult) r = -EAGAIN;
            }
            for (std::size_t i = 0; i < count; ++i) done(i, results_[i]);
            ring_.release();
            return true;
        }
        first = false;
        ring_.reap(collect);
    }
    for (std::size_t i = 0; i < count; ++i) done(i, results_[i]);
    return true;
}

}  // namespace barertc::server
