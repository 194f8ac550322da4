// Many sockets' writes in one system call, through io_uring.
//
// A fan-out writes one small frame to each of a thousand sockets. Each `sendmsg` costs a trip
// into the kernel (with page-table isolation, a costly one); a ring takes the whole list of
// writes in one `io_uring_enter`. Every write is non-blocking (MSG_DONTWAIT): it completes
// during that call, with the bytes written or -EAGAIN, so the caller keeps the semantics of its
// `sendmsg` loop and its buffers need to live only for the duration of `submit`.
//
// Raw system calls, no liburing: the kernel's header is enough for the few operations used.
// Where the kernel refuses io_uring (too old, disabled by sysctl or a seccomp profile) the ring
// is not `available()` and callers use plain `sendmsg`.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

// From <linux/io_uring.h>, which only send_ring.cpp needs.
struct io_uring_sqe;
struct io_uring_cqe;

namespace barertc::server {

class SendRing {
public:
    // `entries`: how many writes one `submit` takes at most; 0 for no ring at all.
    explicit SendRing(unsigned entries = 1024);
    ~SendRing();
    SendRing(const SendRing&) = delete;
    SendRing& operator=(const SendRing&) = delete;

    bool available() const { return fd_ >= 0; }
    unsigned capacity() const { return entries_; }
    std::size_t queued() const { return queued_; }

    // Queues a non-blocking `sendmsg(fd, msg, MSG_NOSIGNAL | MSG_DONTWAIT)`. What `msg` points
    // to must stay valid until `submit` returns. At most `capacity()` before a submit.
    void add(int fd, const msghdr& msg);

    // Performs every queued write, then calls `done(i, result)` for the i-th `add` since the
    // last submit: bytes written, or -errno. Results come after all writes are finished, so
    // `done` may change any buffer. Returns false (and calls nothing; nothing was written) if
    // the kernel refused the submission as a whole.
    bool submit(const std::function<void(std::size_t index, long result)>& done);

private:
    struct Mapping {
        void* address = nullptr;
        std::size_t size = 0;
    };

    int fd_ = -1;
    unsigned entries_ = 0;
    std::size_t queued_ = 0;
    Mapping sq_ring_, cq_ring_, sqes_map_;
    unsigned* sq_head_ = nullptr;
    unsigned* sq_tail_ = nullptr;
    unsigned* sq_mask_ = nullptr;
    unsigned* sq_array_ = nullptr;
    unsigned* cq_head_ = nullptr;
    unsigned* cq_tail_ = nullptr;
    unsigned* cq_mask_ = nullptr;
    ::io_uring_sqe* sqes_ = nullptr;
    ::io_uring_cqe* cqes_ = nullptr;
    std::vector<msghdr> messages_;  // the kernel reads each SQE's msghdr from here
    static constexpr long kNoResult = 1L << 62;
    std::vector<long> results_;  // by index of `add`

    void reap(unsigned& answered);
    void release();
};

}  // namespace barertc::server
