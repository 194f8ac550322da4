#include "server/uring.hpp"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace barertc::server {
namespace {

void* map(int fd, std::size_t size, off_t offset) {
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
    return p == MAP_FAILED ? nullptr : p;
}

template <typename T>
T* at(void* base, std::uint32_t offset) {
    return reinterpret_cast<T*>(static_cast<char*>(base) + offset);
}

}  // namespace

Uring::Uring(unsigned entries, unsigned cq_entries) {
    if (entries == 0) return;
    io_uring_params params{};
    // SUBMIT_ALL: one failing entry must not keep the others from being submitted.
    params.flags = IORING_SETUP_SUBMIT_ALL;
    if (cq_entries > 0) {
        params.flags |= IORING_SETUP_CQSIZE;
        params.cq_entries = cq_entries;
    }
    int fd = static_cast<int>(::syscall(__NR_io_uring_setup, entries, &params));
    if (fd < 0 && errno == EINVAL) {  // a kernel before 5.18
        const unsigned cq = params.cq_entries;
        params = {};
        if (cq_entries > 0) {
            params.flags = IORING_SETUP_CQSIZE;
            params.cq_entries = cq;
        }
        fd = static_cast<int>(::syscall(__NR_io_uring_setup, entries, &params));
    }
    if (fd < 0) return;
    fd_ = fd;
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
    sq_mask_ = *at<unsigned>(sq_ring_.address, params.sq_off.ring_mask);
    sq_array_ = at<unsigned>(sq_ring_.address, params.sq_off.array);
    cq_head_ = at<unsigned>(cq_ring_.address, params.cq_off.head);
    cq_tail_ = at<unsigned>(cq_ring_.address, params.cq_off.tail);
    cq_mask_ = *at<unsigned>(cq_ring_.address, params.cq_off.ring_mask);
    cqes_ = at<io_uring_cqe>(cq_ring_.address, params.cq_off.cqes);
    sqes_ = static_cast<io_uring_sqe*>(sqes_map_.address);
    handed_ = *sq_tail_;
}

Uring::~Uring() { release(); }

void Uring::release() {
    for (Mapping* m : {&sq_ring_, &cq_ring_, &sqes_map_}) {
        if (m->address) ::munmap(m->address, m->size);
        m->address = nullptr;
    }
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    queued_ = 0;
}

bool Uring::supports(unsigned op) const {
    // A kernel too old to answer the probe (before 5.6) counts as knowing nothing.
    constexpr unsigned kOps = 64;
    std::vector<unsigned char> memory(sizeof(io_uring_probe) + kOps * sizeof(io_uring_probe_op));
    auto* probe = reinterpret_cast<io_uring_probe*>(memory.data());
    if (register_resource(IORING_REGISTER_PROBE, probe, kOps) < 0) return false;
    return op < kOps && probe->last_op >= op && (probe->ops[op].flags & IO_URING_OP_SUPPORTED) != 0;
}

int Uring::register_resource(unsigned opcode, void* arg, unsigned count) const {
    return static_cast<int>(::syscall(__NR_io_uring_register, fd_, opcode, arg, count));
}

io_uring_sqe* Uring::next_sqe() {
    // Slots still owned by the kernel: handed over but not taken yet.
    if (queued_ + untaken() >= entries_) return nullptr;
    const unsigned slot = (handed_ + queued_) & sq_mask_;
    io_uring_sqe* sqe = &sqes_[slot];
    std::memset(sqe, 0, sizeof *sqe);
    sq_array_[slot] = slot;
    ++queued_;
    return sqe;
}

unsigned Uring::untaken() const { return handed_ - __atomic_load_n(sq_head_, __ATOMIC_ACQUIRE); }

int Uring::enter(unsigned wait_for) {
    handed_ += queued_;
    queued_ = 0;
    __atomic_store_n(sq_tail_, handed_, __ATOMIC_RELEASE);
    const int n = static_cast<int>(::syscall(__NR_io_uring_enter, fd_, untaken(), wait_for,
                                             wait_for > 0 ? IORING_ENTER_GETEVENTS : 0u, nullptr, 0));
    return n < 0 ? -errno : n;
}

void Uring::withdraw_untaken() {
    handed_ = __atomic_load_n(sq_head_, __ATOMIC_ACQUIRE);
    __atomic_store_n(sq_tail_, handed_, __ATOMIC_RELEASE);
}

}  // namespace barertc::server
