// The load generator's receive path through io_uring: one multishot `recv` armed per client
// socket, filling buffers the kernel picks from a shared pool (a provided-buffer ring). Data
// arriving on a thousand sockets then costs no `read` system call and no epoll event per
// socket: the completions pile up in the ring, whose descriptor wakes the io_context once, and
// all of them are handled in one go. Without it the loadgen's reads cost more CPU than the
// server's writes (bench/README.md), and the figures would measure the loadgen.
//
// Where io_uring, buffer rings or multishot receives are missing, `available()` is false and
// clients read with the io_context as before.
#pragma once

#include "server/uring.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace loadgen {

class RecvRing {
public:
    // What a client does with what the ring receives for it.
    class Reader {
    public:
        virtual ~Reader() = default;
        virtual void on_bytes(const char* data, std::size_t size) = 0;
        // The socket ended: 0 for the peer's end of stream, -errno for an error.
        virtual void on_read_end(int result) = 0;
    };

    RecvRing(boost::asio::io_context& ioc, bool enabled)
        : ring_(enabled ? 4096 : 0, 65536), descriptor_(ioc), tick_(ioc) {
        if (!ring_.available() || !ring_.supports(IORING_OP_RECV)) {
            ring_.release();
            return;
        }
        const std::size_t ring_bytes = kBuffers * sizeof(io_uring_buf);
        void* mem = ::mmap(nullptr, ring_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mem == MAP_FAILED) {
            ring_.release();
            return;
        }
        buffer_ring_ = static_cast<io_uring_buf_ring*>(mem);
        io_uring_buf_reg reg{};
        reg.ring_addr = reinterpret_cast<std::uint64_t>(mem);
        reg.ring_entries = kBuffers;
        reg.bgid = kGroup;
        if (ring_.register_resource(IORING_REGISTER_PBUF_RING, &reg, 1) < 0) {
            ::munmap(mem, ring_bytes);
            buffer_ring_ = nullptr;
            ring_.release();
            return;
        }
        memory_.resize(std::size_t{kBuffers} * kBufferSize);
        for (unsigned id = 0; id < kBuffers; ++id) give_back(static_cast<std::uint16_t>(id));
        publish_buffers();
        descriptor_.assign(::dup(ring_.fd()));
        wait();
        tick();
    }
    ~RecvRing() {
        boost::system::error_code ignored;
        descriptor_.close(ignored);
        ring_.release();  // cancels what is armed before the buffers go
        if (buffer_ring_) ::munmap(buffer_ring_, kBuffers * sizeof(io_uring_buf));
    }
    RecvRing(const RecvRing&) = delete;
    RecvRing& operator=(const RecvRing&) = delete;

    bool available() const { return ring_.available(); }

    // From now on everything `fd` receives goes to `reader`, until the socket ends.
    void arm(int fd, Reader* reader) {
        armed_.push_back(std::make_unique<Armed>(Armed{fd, reader}));
        queue_recv(armed_.back().get());
        ring_.enter(0);
    }

private:
    static constexpr unsigned kBuffers = 4096;      // a power of two, as the kernel requires
    static constexpr unsigned kBufferSize = 16384;
    static constexpr std::uint16_t kGroup = 0;

    struct Armed {
        int fd;
        Reader* reader;
    };

    void queue_recv(Armed* armed) {
        io_uring_sqe* sqe = ring_.next_sqe();
        if (!sqe) {  // full: hand what is queued to the kernel first
            ring_.enter(0);
            sqe = ring_.next_sqe();
        }
        sqe->opcode = IORING_OP_RECV;
        sqe->fd = armed->fd;
        sqe->ioprio = IORING_RECV_MULTISHOT;
        sqe->flags = IOSQE_BUFFER_SELECT;
        sqe->buf_group = kGroup;
        sqe->user_data = reinterpret_cast<std::uint64_t>(armed);
    }

    void give_back(std::uint16_t id) {
        // Not `buffer_ring_->bufs`: the header's flexible array (__DECLARE_FLEX_ARRAY) sits 8
        // bytes further in C++ than in C, where the kernel has it, at the start of the ring.
        auto* bufs = reinterpret_cast<io_uring_buf*>(buffer_ring_);
        io_uring_buf& b = bufs[(buffer_tail_ + returned_) & (kBuffers - 1)];
        b.addr = reinterpret_cast<std::uint64_t>(memory_.data() + std::size_t{id} * kBufferSize);
        b.len = kBufferSize;
        b.bid = id;
        ++returned_;
    }
    void publish_buffers() {
        buffer_tail_ = static_cast<std::uint16_t>(buffer_tail_ + returned_);
        returned_ = 0;
        __atomic_store_n(&buffer_ring_->tail, buffer_tail_, __ATOMIC_RELEASE);
    }

    void wait() {
        descriptor_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                               [this](boost::system::error_code ec) {
                                   if (ec) return;
                                   drain();
                                   wait();
                               });
    }
    // A safety net: should a wake-up of the ring's descriptor ever be missed, nothing waits
    // longer than this for its completions.
    void tick() {
        tick_.expires_after(std::chrono::milliseconds(20));
        tick_.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            drain();
            tick();
        });
    }

    void drain() {
        while (ring_.reap([this](const io_uring_cqe& cqe) { complete(cqe); }) > 0) {
            publish_buffers();
        }
        publish_buffers();
        if (ring_.queued() > 0) ring_.enter(0);
    }

    void complete(const io_uring_cqe& cqe) {
        auto* armed = reinterpret_cast<Armed*>(cqe.user_data);
        if (cqe.res > 0 && (cqe.flags & IORING_CQE_F_BUFFER)) {
            const auto id = static_cast<std::uint16_t>(cqe.flags >> IORING_CQE_BUFFER_SHIFT);
            armed->reader->on_bytes(memory_.data() + std::size_t{id} * kBufferSize,
                                    static_cast<std::size_t>(cqe.res));
            give_back(id);
        }
        if (cqe.flags & IORING_CQE_F_MORE) return;
        // The multishot receive ended: out of buffers or completion slots (arm it again), or
        // the socket itself ended.
        if (cqe.res > 0 || cqe.res == -ENOBUFS) {
            queue_recv(armed);
        } else {
            armed->reader->on_read_end(cqe.res);
        }
    }

    barertc::server::Uring ring_;
    io_uring_buf_ring* buffer_ring_ = nullptr;
    std::vector<char> memory_;
    std::uint16_t buffer_tail_ = 0;
    unsigned returned_ = 0;
    std::vector<std::unique_ptr<Armed>> armed_;
    boost::asio::posix::stream_descriptor descriptor_;
    boost::asio::steady_timer tick_;
};

}  // namespace loadgen
