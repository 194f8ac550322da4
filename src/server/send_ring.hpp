// Many sockets' writes in one system call, through io_uring.
//
// A fan-out writes one small frame to each of a thousand sockets. Each `sendmsg` costs a trip
// into the kernel (with page-table isolation, a costly one); a ring takes the whole list of
// writes in one `io_uring_enter`. Every write is non-blocking (MSG_DONTWAIT): it completes
// during that call, with the bytes written or -EAGAIN, so the caller keeps the semantics of its
// `sendmsg` loop and its buffers need to live only for the duration of `submit`.
//
// Not `available()` where the kernel refuses io_uring or does not know IORING_OP_SENDMSG;
// callers then use plain `sendmsg`.
#pragma once

#include "server/uring.hpp"

#include <sys/socket.h>

#include <cstddef>
#include <functional>
#include <vector>

namespace barertc::server {

class SendRing {
public:
    // `entries`: how many writes one `submit` takes at most; 0 for no ring at all.
    explicit SendRing(unsigned entries = 1024);

    bool available() const { return ring_.available(); }
    unsigned capacity() const { return ring_.capacity(); }
    std::size_t queued() const { return ring_.queued(); }

    // Queues a non-blocking `sendmsg(fd, msg, MSG_NOSIGNAL | MSG_DONTWAIT)`. What `msg` points
    // to must stay valid until `submit` returns. At most `capacity()` before a submit.
    void add(int fd, const msghdr& msg);

    // Performs every queued write, then calls `done(i, result)` for the i-th `add` since the
    // last submit: bytes written, or -errno. Results come after all writes are finished, so
    // `done` may change any buffer. Returns false (and calls nothing; nothing was written) if
    // the kernel refused the submission as a whole.
    bool submit(const std::function<void(std::size_t index, long result)>& done);

private:
    static constexpr long kNoResult = 1L << 62;

    Uring ring_;
    std::vector<msghdr> messages_;  // the kernel reads each entry's msghdr from here
    std::vector<long> results_;     // by index of `add`
};

}  // namespace barertc::server
