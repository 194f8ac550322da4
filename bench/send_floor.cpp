// The kernel's floor for a fan-out on this machine: what one small write to each of N loopback
// TCP connections costs the writing process when it does nothing else. No WebSocket, no hub,
// no JSON: just the writes a server must make at the least, each frame its own TCP segment.
// Compares one `sendmsg` per connection with the server's io_uring batching (server/send_ring).
//
//   barertc_sendfloor [--connections 1000] [--rate 100] [--seconds 5] [--bytes 110] [--mode both]
//
// Prints one JSON line per mode: writes, the writer's CPU seconds (user + system, from
// getrusage) per million writes, and the reader's CPU for the same bytes. A forked reader
// process drains every connection through epoll, as a load generator would.
#include "server/send_ring.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
    int connections = 1000;
    double rate = 100;  // rounds per second: one write to every connection each round
    double seconds = 5;
    std::size_t bytes = 110;  // a short chat message as the server frames it
    std::string mode = "both";
};

double cpu_seconds() {
    rusage r{};
    ::getrusage(RUSAGE_SELF, &r);
    return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
           static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

[[noreturn]] void fail(const char* what) {
    std::perror(what);
    std::exit(1);
}

// Drains every socket until all are closed; writes its CPU seconds to `report`.
[[noreturn]] void read_all(const std::vector<int>& sockets, int report) {
    const int ep = ::epoll_create1(0);
    for (int fd : sockets) {
        epoll_event e{};
        e.events = EPOLLIN;
        e.data.fd = fd;
        ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    }
    const double start = cpu_seconds();
    std::vector<char> buffer(65536);
    epoll_event events[256];
    std::size_t open = sockets.size();
    while (open > 0) {
        const int n = ::epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < n; ++i) {
            if (::read(events[i].data.fd, buffer.data(), buffer.size()) <= 0) {
                ::epoll_ctl(ep, EPOLL_CTL_DEL, events[i].data.fd, nullptr);
                --open;
            }
        }
    }
    const double used = cpu_seconds() - start;
    if (::write(report, &used, sizeof used) != sizeof used) _exit(1);
    _exit(0);
}

void run(const Options& o, bool ring_mode) {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener, 4096) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        fail("listen");
    std::vector<int> clients, servers;
    for (int i = 0; i < o.connections; ++i) {
        const int c = ::socket(AF_INET, SOCK_STREAM, 0);
        if (c < 0 || ::connect(c, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail("connect");
        const int s = ::accept(listener, nullptr, nullptr);
        if (s < 0) fail("accept");
        const int one = 1;
        ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // as the server does
        clients.push_back(c);
        servers.push_back(s);
    }
    ::close(listener);
    int report[2];
    if (::pipe(report) != 0) fail("pipe");
    const pid_t reader = ::fork();
    if (reader < 0) fail("fork");
    if (reader == 0) {
        for (int s : servers) ::close(s);
        read_all(clients, report[1]);
    }
    for (int c : clients) ::close(c);

    barertc::server::SendRing ring(ring_mode ? 1024 : 0);
    if (ring_mode && !ring.available()) {
        std::printf("{\"mode\": \"io_uring\", \"error\": \"io_uring is not available here\"}\n");
    }
    const std::string frame(o.bytes, 'x');
    iovec piece{const_cast<char*>(frame.data()), frame.size()};
    msghdr msg{};
    msg.msg_iov = &piece;
    msg.msg_iovlen = 1;
    long writes = 0, short_writes = 0;
    const auto period = std::chrono::duration<double>(1.0 / o.rate);
    const auto start = std::chrono::steady_clock::now();
    auto next = start;
    const double cpu_start = cpu_seconds();
    while (std::chrono::steady_clock::now() - start < std::chrono::duration<double>(o.seconds)) {
        if (ring.available()) {
            for (std::size_t first = 0; first < servers.size(); first += ring.capacity()) {
                const std::size_t last = std::min(servers.size(), first + ring.capacity());
                for (std::size_t i = first; i < last; ++i) ring.add(servers[i], msg);
                ring.submit([&](std::size_t, long r) { short_writes += r != static_cast<long>(frame.size()); });
            }
        } else {
            for (int s : servers) short_writes += ::sendmsg(s, &msg, MSG_NOSIGNAL | MSG_DONTWAIT) != static_cast<ssize_t>(frame.size());
        }
        writes += static_cast<long>(servers.size());
        next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
        std::this_thread::sleep_until(next);
    }
    const double writer_cpu = cpu_seconds() - cpu_start;
    for (int s : servers) ::close(s);
    double reader_cpu = 0;
    if (::read(report[0], &reader_cpu, sizeof reader_cpu) != sizeof reader_cpu) reader_cpu = -1;
    ::waitpid(reader, nullptr, 0);
    ::close(report[0]);
    ::close(report[1]);
    std::printf("{\"mode\": \"%s\", \"connections\": %d, \"rate\": %.0f, \"bytes\": %zu, \"writes\": %ld, "
                "\"short_writes\": %ld, \"writer_cpu_s\": %.3f, \"writer_cpu_s_per_million\": %.2f, "
                "\"reader_cpu_s\": %.3f}\n",
                ring.available() ? "io_uring" : "sendmsg", o.connections, o.rate, o.bytes, writes,
                short_writes, writer_cpu, writer_cpu / static_cast<double>(writes) * 1e6, reader_cpu);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* value = argv[i + 1];
        if (flag == "--connections") o.connections = std::atoi(value);
        else if (flag == "--rate") o.rate = std::atof(value);
        else if (flag == "--seconds") o.seconds = std::atof(value);
        else if (flag == "--bytes") o.bytes = static_cast<std::size_t>(std::atol(value));
        else if (flag == "--mode") o.mode = value;
        else {
            std::fprintf(stderr, "unknown option %s (see the comment at the top of bench/send_floor.cpp)\n", argv[i]);
            return 2;
        }
    }
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    if (o.mode == "sendmsg" || o.mode == "both") run(o, false);
    if (o.mode == "io_uring" || o.mode == "both") run(o, true);
    return 0;
}
