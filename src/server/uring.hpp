// A bare io_uring: the submission and completion rings mapped into our memory, driven by raw
// system calls on the kernel's own header (no liburing). SendRing (the server's batched writes)
// builds on it.
//
// Where the kernel refuses io_uring (too old, `kernel.io_uring_disabled`, a seccomp profile)
// the ring is not `available()` and the caller uses plain system calls instead.
#pragma once

#include <linux/io_uring.h>

#include <cstddef>
#include <cstdint>

namespace barertc::server {

class Uring {
public:
    // `entries`: submission slots (0: no ring at all). `cq_entries`: completion slots, 0 for
    // the kernel's default (twice `entries`).
    explicit Uring(unsigned entries, unsigned cq_entries = 0);
    ~Uring();
    Uring(const Uring&) = delete;
    Uring& operator=(const Uring&) = delete;

    bool available() const { return fd_ >= 0; }
    int fd() const { return fd_; }
    unsigned capacity() const { return entries_; }
    // Whether the kernel knows operation `op` (IORING_OP_...).
    bool supports(unsigned op) const;

    // A cleared submission entry to fill in, or nullptr when `capacity()` are queued already.
    // It goes to the kernel with the next `enter`.
    io_uring_sqe* next_sqe();
    unsigned queued() const { return queued_; }
    // Takes back every entry queued since the last `enter`.
    void drop_queued() { queued_ = 0; }

    // Hands the queued entries to the kernel and waits until at least `wait_for` completions
    // are ready. Returns how many entries the kernel took, or -errno.
    int enter(unsigned wait_for);
    // How many of the entries handed over the kernel has not taken yet.
    unsigned untaken() const;
    // Takes back the entries the kernel has not taken (after `enter` failed).
    void withdraw_untaken();

    // Calls `f(cqe)` for every completion ready now and frees their slots; returns the count.
    template <typename F>
    unsigned reap(F&& f) {
        unsigned head = *cq_head_;
        const unsigned tail = __atomic_load_n(cq_tail_, __ATOMIC_ACQUIRE);
        const unsigned n = tail - head;
        for (; head != tail; ++head) f(cqes_[head & cq_mask_]);
        __atomic_store_n(cq_head_, head, __ATOMIC_RELEASE);
        return n;
    }

    // io_uring_register(2): probes, registered resources.
    int register_resource(unsigned opcode, void* arg, unsigned count) const;

    // Gives the ring up (a caller that no longer trusts it).
    void release();

private:
    struct Mapping {
        void* address = nullptr;
        std::size_t size = 0;
    };

    int fd_ = -1;
    unsigned entries_ = 0;
    unsigned queued_ = 0;   // filled by next_sqe, not yet handed over
    unsigned handed_ = 0;   // sq tail as we last published it
    Mapping sq_ring_, cq_ring_, sqes_map_;
    unsigned* sq_head_ = nullptr;
    unsigned* sq_tail_ = nullptr;
    unsigned sq_mask_ = 0;
    unsigned* sq_array_ = nullptr;
    unsigned* cq_head_ = nullptr;
    unsigned* cq_tail_ = nullptr;
    unsigned cq_mask_ = 0;
    io_uring_sqe* sqes_ = nullptr;
    io_uring_cqe* cqes_ = nullptr;
};

}  // namespace barertc::server
