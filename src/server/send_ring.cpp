#include "server/send_ring.hpp"

#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace barertc::server {
namespace {

int ring_setup(unsigned entries, io_uring_params& params) {
    return static_cast<int>(::syscall(__NR_io_uring_setup, entries, &params));
}

int ring_enter(int fd, unsigned to_submit, unsigned min_complete, unsigned flags) {
    return static_cast<int>(::syscall(__NR_io_uring_enter, fd, to_submit, min_complete, flags, nullptr, 0));
}

// Asks the kernel whether it knows IORING_OP_SENDMSG (a kernel too old to answer the probe,
// before 5.6, is not used either: a write it did not understand would end a connection).
bool supports_sendmsg(int fd) {
    constexpr unsigned kOps = 64;
    std::vector<unsigned char> memory(sizeof(io_uring_probe) + kOps * sizeof(io_uring_probe_op));
    auto* probe = reinterpret_cast<io_uring_probe*>(memory.data());
    if (::syscall(__NR_io_uring_register, fd, IORING_REGISTER_PROBE, probe, kOps) < 0) return false;
    return probe->last_op >= IORING_OP_SENDMSG &&
           (probe->ops[IORING_OP_SENDMSG].flags & IO_URING_OP_SUPPORTED) != 0;
}

void* map(int fd, std::size_t size, off_t offset) {
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
    return p == MAP_FAILED ? nullptr : p;
}

template <typename T>
T* at(void* base, std::uint32_t offset) {
    return reinterpret_cast<T*>(static_cast<char*>(base) + offset);
}

}  // namespace

SendRing::SendRing(unsigned entries) {
    if (entries == 0) return;
    io_uring_params params{};
    // SUBMIT_ALL: one failing write must not keep the others from being submitted.
    params.flags = IORING_SETUP_SUBMIT_ALL;
    int fd = ring_setup(entries, params);
    if (fd < 0 && errno == EINVAL) {  // a kernel before 5.18
        params = {};
        fd = ring_setup(entries, params);
    }
    if (fd < 0) return;
    fd_ = fd;
    if (!supports_sendmsg(fd)) {
        release();
        return;
    }
    sq_ring_.size = params.sq_off.array + params.sq_entries * sizeof(unsigned);
    cq_ring_.size = params.cq_off.cqes + params.cq_entries * sizeof(io_uring_cqe);
    sqes_map_.size = params.sq_entries * sizeof(io_uring_sqe);
    sq_ring_.address = map(fd, sq_ring_.size, IORING_OFF_SQ_RING);
    cq_ring_.address = map(fd, cq_ring_.size, IORING_OFF_CQ_RING);
    sqes_map_.address = map(fd, sqes_map_.size, IORING_OFF_SQES);
    if (!sq_ring_.address || !cq_ring_.address || !sqes_map_.address) {
        release();
        return;
    }
    entries_ = params.sq_entries;
    sq_head_ = at<unsigned>(sq_ring_.address, params.sq_off.head);
    sq_tail_ = at<unsigned>(sq_ring_.address, params.sq_off.tail);
    sq_mask_ = at<unsigned>(sq_ring_.address, params.sq_off.ring_mask);
    sq_array_ = at<unsigned>(sq_ring_.address, params.sq_off.array);
    cq_head_ = at<unsigned>(cq_ring_.address, params.cq_off.head);
    cq_tail_ = at<unsigned>(cq_ring_.address, params.cq_off.tail);
    cq_mask_ = at<unsigned>(cq_ring_.address, params.cq_off.ring_mask);
    cqes_ = at<io_uring_cqe>(cq_ring_.address, params.cq_off.cqes);
    sqes_ = static_cast<io_uring_sqe*>(sqes_map_.address);
    messages_.resize(entries_);
    results_.reserve(entries_);
}

SendRing::~SendRing() { release(); }

void SendRing::release() {
    for (Mapping* m : {&sq_ring_, &cq_ring_, &sqes_map_}) {
        if (m->address) ::munmap(m->address, m->size);
        m->address = nullptr;
    }
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void SendRing::add(int fd, const msghdr& msg) {
    const unsigned slot = (*sq_tail_ + static_cast<unsigned>(queued_)) & *sq_mask_;
    messages_[slot] = msg;
    io_uring_sqe& sqe = sqes_[slot];
    std::memset(&sqe, 0, sizeof sqe);
    sqe.opcode = IORING_OP_SENDMSG;
    sqe.fd = fd;
    sqe.addr = reinterpret_cast<std::uint64_t>(&messages_[slot]);
    sqe.len = 1;
    // MSG_DONTWAIT: a full socket answers -EAGAIN now instead of the ring waiting for it.
    sqe.msg_flags = MSG_NOSIGNAL | MSG_DONTWAIT;
    sqe.user_data = queued_;
    sq_array_[slot] = slot;
    ++queued_;
}

bool SendRing::submit(const std::function<void(std::size_t index, long result)>& done) {
    if (queued_ == 0) return true;
    const unsigned first = *sq_tail_;
    const unsigned count = static_cast<unsigned>(queued_);
    queued_ = 0;
    __atomic_store_n(sq_tail_, first + count, __ATOMIC_RELEASE);
    results_.assign(count, kNoResult);
    unsigned answered = 0;
    while (answered < count) {
        const unsigned taken = __atomic_load_n(sq_head_, __ATOMIC_ACQUIRE) - first;
        const int n = ring_enter(fd_, count - taken, count - answered, IORING_ENTER_GETEVENTS);
        if (n < 0 && errno != EINTR && errno != EAGAIN && errno != EBUSY) {
            // The kernel fails a call only when it took nothing in that call.
            if (taken == 0) {
                __atomic_store_n(sq_tail_, first, __ATOMIC_RELEASE);
                return false;
            }
            // Not seen in practice: the writes it took are done (non-blocking writes finish
            // while being submitted); collect those, the rest are withdrawn and answered
            // "would block", so that their sessions wait for the socket and retry alone.
            reap(answered);
            const unsigned took = __atomic_load_n(sq_head_, __ATOMIC_ACQUIRE) - first;
            __atomic_store_n(sq_tail_, first + took, __ATOMIC_RELEASE);
            for (long& r : results_) {
                if (r == kNoResult) r = -EAGAIN;
            }
            // A ring in this state is not trusted again (a late completion would carry an
            // index of this batch): from now on the callers write alone.
            for (std::size_t i = 0; i < count; ++i) done(i, results_[i]);
            release();
            return true;
        }
        reap(answered);
    }
    for (std::size_t i = 0; i < count; ++i) done(i, results_[i]);
    return true;
}

void SendRing::reap(unsigned& answered) {
    unsigned head = *cq_head_;
    const unsigned tail = __atomic_load_n(cq_tail_, __ATOMIC_ACQUIRE);
    for (; head != tail; ++head) {
        const io_uring_cqe& cqe = cqes_[head & *cq_mask_];
        if (cqe.user_data < results_.size() && results_[cqe.user_data] == kNoResult) {
            results_[cqe.user_data] = cqe.res;
            ++answered;
        }
    }
    __atomic_store_n(cq_head_, head, __ATOMIC_RELEASE);
}

}  // namespace barertc::server
