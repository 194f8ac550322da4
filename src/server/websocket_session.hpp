// One WebSocket connection: reads frames into the hub, writes the hub's frames out.
//
// After the opening handshake the session owns the TCP socket and does its own RFC 6455
// framing (server/ws_frame.hpp), the way uWebSockets does: reads go into one buffer shared by
// every session (only an incomplete frame is kept per connection, so idle connections cost
// little), and writes are gathered: every frame queued during a turn of the event loop leaves
// in one non-blocking `sendmsg` (which WriteFlusher may submit through io_uring together with
// other sessions'). Only when the kernel's buffer is full does the session wait
// for the socket. The outbound queue is bounded in bytes; a reader that falls behind is cut off.
#pragma once

#include "chat/hub.hpp"
#include "chat/peer.hpp"
#include "server/connection_cap.hpp"
#include "server/transport_limits.hpp"
#include "server/transport_stats.hpp"
#include "server/ws_frame.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace barertc::server {

class WriteFlusher;

class WebSocketSession : public chat::Peer,
                         public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(boost::asio::ip::tcp::socket&& socket, chat::Hub& hub, WriteFlusher& flusher,
                     const TransportLimits& limits, TransportStats& stats, std::size_t read_limit,
                     std::string remote_address, ConnectionCap::Slot slot);
    ~WebSocketSession() override;

    // Writes the handshake answer, joins the hub and starts reading. `early_bytes` are any
    // bytes the client sent after its upgrade request, read along with it.
    void run(std::string handshake_response, std::string early_bytes);

    chat::SendStatus send(protocol::Frame frame) override;
    void close(chat::CloseReason reason) override;

    // Writes what is queued (WriteFlusher calls it once per loop turn).
    void flush();

    // The same in three steps, for WriteFlusher to write many sessions in one system call:
    // `prepare_write` says what to send next (false: nothing), the flusher sends it on
    // `native_handle()`, `wrote` takes the result (bytes, or -errno) and says whether more
    // may be left, in which case the flusher finishes with `flush()`.
    bool prepare_write(msghdr& msg);
    int native_handle();
    bool wrote(long result);

private:
    // A queued frame: a text message's JSON (framed at write time), or bytes already framed
    // (the handshake answer and control frames).
    struct Outgoing {
        protocol::Frame bytes;
        bool framed = false;
    };

    void wait_readable();
    void on_readable(boost::system::error_code ec);
    // Handles bytes that arrived: whole frames at once, an incomplete one kept in `partial_`.
    void take(std::span<char> bytes);
    // Handles the whole frames at the start of `bytes`; returns how many bytes it used.
    std::size_t handle_frames(std::span<char> bytes);
    void handle_control(ws::Opcode opcode, std::string_view payload);
    void protocol_failure(std::uint16_t code, const char* reason);

    void queue_framed(std::string bytes);
    void send_close(std::uint16_t code);
    void schedule_flush();
    void start_batch();
    bool next_write(msghdr& msg);
    void on_writable(boost::system::error_code ec);
    void all_written();
    // Nothing queued, nothing being written.
    bool all_sent() const { return iov_.empty() && pending_.empty(); }

    void arm_timer(std::chrono::steady_clock::duration after);
    void on_timer(boost::system::error_code ec);

    // Closes the socket and leaves the hub: the end of the connection, whatever the cause.
    void finish();
    void leave_hub();

    boost::asio::ip::tcp::socket socket_;
    chat::Hub& hub_;
    WriteFlusher& flusher_;
    const TransportLimits& limits_;
    TransportStats& stats_;
    std::string remote_address_;
    ConnectionCap::Slot slot_;  // this connection's place under the per-address cap
    chat::ClientId id_ = 0;
    std::weak_ptr<const void> hub_lifetime_;

    ws::FrameReader reader_;
    std::string partial_;  // the start of a frame whose end has not arrived yet

    std::vector<Outgoing> pending_;  // queued, not yet being written
    std::vector<Outgoing> batch_;    // being written
    std::vector<std::array<std::uint8_t, ws::kMaxHeader>> headers_;  // batch_'s frame headers
    std::vector<iovec> iov_;         // batch_ as header/payload pieces
    std::size_t iov_next_ = 0;       // the first piece not yet fully written
    std::size_t queued_bytes_ = 0;   // pending_ and batch_, payload bytes

    boost::asio::steady_timer timer_;  // keep-alive pings; then the wait for the close reply

    bool in_hub_ = false;
    bool scheduled_ = false;       // in the WriteFlusher's list
    bool waiting_writable_ = false;
    bool closing_ = false;         // no more messages accepted
    bool close_sent_ = false;      // our close frame is queued
    bool close_received_ = false;
    bool finished_ = false;
    bool heard_from_ = false;      // bytes arrived since the last keep-alive tick
    bool ping_outstanding_ = false;
};

}  // namespace barertc::server
