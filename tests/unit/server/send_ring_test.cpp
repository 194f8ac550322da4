// SendRing: many sockets' writes in one system call must behave like one `sendmsg` each —
// every byte to the right socket, a full socket answering "would block" at once (never
// stalling the loop), a dead peer answering an error.
#include "server/send_ring.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

using barertc::server::SendRing;

namespace {

struct Pair {
    int ours = -1;
    int theirs = -1;
    Pair() {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) throw std::runtime_error("socketpair");
        ours = fds[0];
        theirs = fds[1];
        ::fcntl(ours, F_SETFL, ::fcntl(ours, F_GETFL) | O_NONBLOCK);
        ::fcntl(theirs, F_SETFL, ::fcntl(theirs, F_GETFL) | O_NONBLOCK);
    }
    ~Pair() {
        if (ours >= 0) ::close(ours);
        if (theirs >= 0) ::close(theirs);
    }
    std::string drain() const {
        std::string got;
        char buf[65536];
        ssize_t n;
        while ((n = ::read(theirs, buf, sizeof buf)) > 0) got.append(buf, static_cast<std::size_t>(n));
        return got;
    }
};

msghdr message(std::vector<iovec>& pieces) {
    msghdr msg{};
    msg.msg_iov = pieces.data();
    msg.msg_iovlen = pieces.size();
    return msg;
}

iovec piece(const std::string& s) { return {const_cast<char*>(s.data()), s.size()}; }

}  // namespace

TEST(SendRing, ZeroEntriesMeansNoRing) {
    SendRing ring(0);
    EXPECT_FALSE(ring.available());
}

TEST(SendRing, EverySocketGetsItsOwnBytesInOneSubmit) {
    SendRing ring(64);
    if (!ring.available()) GTEST_SKIP() << "io_uring is not allowed here";
    std::vector<Pair> pairs(10);
    std::vector<std::string> heads, bodies;
    std::vector<std::vector<iovec>> pieces(pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        heads.push_back("head" + std::to_string(i) + ":");
        bodies.push_back(std::string(100 + i, static_cast<char>('a' + i)));
    }
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        pieces[i] = {piece(heads[i]), piece(bodies[i])};
        ring.add(pairs[i].ours, message(pieces[i]));
    }
    EXPECT_EQ(ring.queued(), pairs.size());
    std::vector<long> results(pairs.size(), -1);
    ASSERT_TRUE(ring.submit([&](std::size_t i, long r) { results[i] = r; }));
    EXPECT_EQ(ring.queued(), 0u);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        EXPECT_EQ(results[i], static_cast<long>(heads[i].size() + bodies[i].size()));
        EXPECT_EQ(pairs[i].drain(), heads[i] + bodies[i]);
    }
}

TEST(SendRing, AFullSocketAnswersWouldBlockAndTheOthersStillGetTheirs) {
    SendRing ring(8);
    if (!ring.available()) GTEST_SKIP() << "io_uring is not allowed here";
    Pair full, fine;
    const std::string chunk(65536, 'x');
    while (::send(full.ours, chunk.data(), chunk.size(), MSG_DONTWAIT) > 0) {
    }
    ASSERT_TRUE(errno == EAGAIN || errno == EWOULDBLOCK);

    const std::string text = "still delivered";
    std::vector<iovec> p1{piece(chunk)}, p2{piece(text)};
    ring.add(full.ours, message(p1));
    ring.add(fine.ours, message(p2));
    std::vector<long> results(2, 0);
    ASSERT_TRUE(ring.submit([&](std::size_t i, long r) { results[i] = r; }));
    EXPECT_EQ(results[0], -EAGAIN);
    EXPECT_EQ(results[1], static_cast<long>(text.size()));
    EXPECT_EQ(fine.drain(), text);
}

TEST(SendRing, AGoneClientAnswersAnErrorWithoutASignal) {
    SendRing ring(8);
    if (!ring.available()) GTEST_SKIP() << "io_uring is not allowed here";
    Pair gone;
    ::close(gone.theirs);
    gone.theirs = -1;
    const std::string text = "nobody listens";
    std::vector<iovec> p{piece(text)};
    ring.add(gone.ours, message(p));
    long result = 0;
    ASSERT_TRUE(ring.submit([&](std::size_t, long r) { result = r; }));
    EXPECT_EQ(result, -EPIPE);  // MSG_NOSIGNAL: an error, not a SIGPIPE that ends the process
}

TEST(SendRing, MoreRoundsThanTheRingHoldsReuseItsSlots) {
    SendRing ring(4);
    if (!ring.available()) GTEST_SKIP() << "io_uring is not allowed here";
    Pair pair;
    std::string expected;
    for (int round = 0; round < 50; ++round) {
        std::vector<std::string> texts;
        for (unsigned i = 0; i < ring.capacity(); ++i) texts.push_back("r" + std::to_string(round) + "." + std::to_string(i) + ";");
        std::vector<std::vector<iovec>> pieces(texts.size());
        for (std::size_t i = 0; i < texts.size(); ++i) {
            pieces[i] = {piece(texts[i])};
            ring.add(pair.ours, message(pieces[i]));
            expected += texts[i];
        }
        std::size_t answered = 0;
        ASSERT_TRUE(ring.submit([&](std::size_t i, long r) {
            EXPECT_EQ(r, static_cast<long>(texts[i].size()));
            ++answered;
        }));
        EXPECT_EQ(answered, texts.size());
    }
    EXPECT_EQ(pair.drain(), expected);
}
