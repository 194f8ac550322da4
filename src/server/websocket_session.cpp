#include "server/websocket_session.hpp"

#include "server/write_flusher.hpp"

#include <spdlog/spdlog.h>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

namespace barertc::server {
namespace asio = boost::asio;

namespace {
// How long a closing connection waits for the client's close frame before hanging up.
constexpr auto kCloseWait = std::chrono::seconds(5);
// Bytes one read takes from the kernel into the shared buffer.
constexpr std::size_t kReadChunk = 64 * 1024;

// One read buffer for every session of this thread: frames are handled straight from it,
// and only an incomplete frame's bytes are copied into the session.
std::span<char> shared_read_buffer() {
    thread_local std::vector<char> buffer(kReadChunk);
    return buffer;
}

bool valid_close_code(std::uint16_t code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
           (code >= 3000 && code <= 4999);
}
}  // namespace

WebSocketSession::WebSocketSession(asio::ip::tcp::socket&& socket, chat::Hub& hub,
                                   WriteFlusher& flusher, const TransportLimits& limits,
                                   TransportStats& stats, std::size_t read_limit,
                                   std::string remote_address, ConnectionCap::Slot slot)
    : socket_(std::move(socket)), hub_(hub), flusher_(flusher), limits_(limits), stats_(stats),
      remote_address_(std::move(remote_address)), slot_(std::move(slot)), reader_(read_limit),
      timer_(socket_.get_executor()) {}

WebSocketSession::~WebSocketSession() { leave_hub(); }

void WebSocketSession::leave_hub() {
    if (!in_hub_) return;
    in_hub_ = false;
    closing_ = true;  // the hub may still try to send to us while it removes us
    if (hub_lifetime_.expired()) return;  // destroyed at exit before us
    hub_.disconnect(id_);
}

void WebSocketSession::run(std::string handshake_response, std::string early_bytes) {
    boost::system::error_code ec;
    socket_.non_blocking(true, ec);
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    queue_framed(std::move(handshake_response));
    id_ = hub_.connect(*this, remote_address_);
    hub_lifetime_ = hub_.lifetime();
    in_hub_ = true;
    spdlog::debug("client {} connected from {}", id_, remote_address_);
    arm_timer(limits_.websocket_idle_timeout / 2);
    if (!early_bytes.empty()) {
        heard_from_ = true;
        take({early_bytes.data(), early_bytes.size()});
    }
    if (!finished_) wait_readable();
}

// ---- reading ----

void WebSocketSession::wait_readable() {
    socket_.async_wait(asio::ip::tcp::socket::wait_read,
                       [self = shared_from_this()](boost::system::error_code ec) {
                           self->on_readable(ec);
                       });
}

void WebSocketSession::on_readable(boost::system::error_code ec) {
    if (finished_) return;
    if (ec) return finish();
    const std::span<char> chunk = shared_read_buffer();
    const std::size_t n = socket_.read_some(asio::buffer(chunk.data(), chunk.size()), ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) return wait_readable();
    if (ec) {
        if (ec != asio::error::eof && ec != asio::error::connection_reset)
            spdlog::debug("client {} read ended: {}", id_, ec.message());
        return finish();
    }
    heard_from_ = true;
    stats_.bytes_in += n;
    take(chunk.first(n));
    if (!finished_) wait_readable();
}

void WebSocketSession::take(std::span<char> bytes) {
    if (partial_.empty()) {
        const std::size_t used = handle_frames(bytes);
        if (!finished_ && used < bytes.size()) partial_.assign(bytes.data() + used, bytes.size() - used);
        return;
    }
    partial_.append(bytes.data(), bytes.size());
    const std::size_t used = handle_frames({partial_.data(), partial_.size()});
    if (!finished_) {
        partial_.erase(0, used);
        // A finished large frame (an image) must not keep its buffer.
        if (partial_.empty() && partial_.capacity() > kReadChunk) std::string().swap(partial_);
    }
}

std::size_t WebSocketSession::handle_frames(std::span<char> bytes) {
    std::size_t used = 0;
    while (used < bytes.size() && !finished_ && !close_received_) {
        const auto event = reader_.next(bytes.subspan(used));
        using Kind = ws::FrameReader::Event::Kind;
        switch (event.kind) {
            case Kind::need_more:
                // Space for the whole frame up front, so a large one is not regrown per read.
                if (event.needed > partial_.capacity()) partial_.reserve(event.needed);
                return used;
            case Kind::skip:
                used += event.consumed;
                break;
            case Kind::message:
                used += event.consumed;
                ++stats_.frames_in;
                if (closing_ || !in_hub_) break;
                if (event.opcode == ws::Opcode::text)
                    hub_.receive(id_, event.payload);
                else
                    hub_.receive_binary(id_);
                break;
            case Kind::control:
                used += event.consumed;
                handle_control(event.opcode, event.payload);
                break;
            case Kind::error:
                protocol_failure(event.code, event.reason);
                return bytes.size();
        }
    }
    return used;
}

void WebSocketSession::handle_control(ws::Opcode opcode, std::string_view payload) {
    switch (opcode) {
        case ws::Opcode::ping:
            if (!close_sent_) queue_framed(ws::control_frame(ws::Opcode::pong, payload));
            break;
        case ws::Opcode::pong:
            ping_outstanding_ = false;
            break;
        case ws::Opcode::close: {
            close_received_ = true;
            closing_ = true;
            if (close_sent_) {
                // The answer to our close: the handshake is complete once our frame is out.
                if (all_sent()) finish();
                return;
            }
            std::uint16_t code = ws::close_code::normal;
            if (payload.size() >= 2) {
                code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                                  static_cast<unsigned char>(payload[1]));
                if (!valid_close_code(code)) code = ws::close_code::protocol_error;
            }
            send_close(code);
            break;
        }
        default:
            break;
    }
}

void WebSocketSession::protocol_failure(std::uint16_t code, const char* reason) {
    if (code == ws::close_code::too_big) {
        ++stats_.oversized_frames;
        spdlog::info("client {} ({}) sent a frame over the size limit; closing", id_, remote_address_);
    } else {
        spdlog::info("client {} ({}) broke the WebSocket protocol ({}); closing", id_,
                     remote_address_, reason);
    }
    // Nothing more is read: the rest of the stream cannot be trusted.
    close_received_ = true;
    closing_ = true;
    partial_.clear();
    if (!close_sent_) send_close(code);
}

// ---- writing ----

chat::SendStatus WebSocketSession::send(protocol::Frame frame) {
    if (closing_ || !in_hub_) return chat::SendStatus::closed;
    if (queued_bytes_ + frame->size() > limits_.max_queued_bytes) {
        spdlog::warn("client {} ({}) is too slow to keep up ({} bytes queued); disconnecting", id_,
                     remote_address_, queued_bytes_);
        ++stats_.slow_clients_dropped;
        close(chat::CloseReason::too_slow);
        return chat::SendStatus::dropped;
    }
    queued_bytes_ += frame->size();
    pending_.push_back({std::move(frame), false});
    schedule_flush();
    return chat::SendStatus::queued;
}

void WebSocketSession::close(chat::CloseReason reason) {
    if (closing_) return;
    closing_ = true;
    std::uint16_t code = ws::close_code::normal;
    switch (reason) {
        case chat::CloseReason::normal: code = ws::close_code::normal; break;
        case chat::CloseReason::going_away: code = ws::close_code::going_away; break;
        case chat::CloseReason::restarting: code = ws::close_code::service_restart; break;
        case chat::CloseReason::policy:
            // Kicked for abuse: the queue (with the final notice and `disconnect`) still goes.
            code = ws::close_code::policy_error;
            break;
        case chat::CloseReason::too_slow:
            code = ws::close_code::policy_error;
            // A reader that is behind gets nothing more than the batch already on its way.
            for (const auto& out : pending_) queued_bytes_ -= out.bytes->size();
            pending_.clear();
            break;
    }
    send_close(code);
}

void WebSocketSession::queue_framed(std::string bytes) {
    queued_bytes_ += bytes.size();
    pending_.push_back({protocol::make_frame(std::move(bytes)), true});
    schedule_flush();
}

void WebSocketSession::send_close(std::uint16_t code) {
    if (close_sent_ || finished_) return;
    queue_framed(ws::close_frame(code));
    close_sent_ = true;
}

void WebSocketSession::schedule_flush() {
    if (scheduled_ || waiting_writable_ || finished_) return;
    scheduled_ = true;
    flusher_.schedule(shared_from_this());
}

void WebSocketSession::start_batch() {
    batch_.swap(pending_);
    headers_.resize(batch_.size());
    iov_.clear();
    iov_.reserve(batch_.size() * 2);
    for (std::size_t i = 0; i < batch_.size(); ++i) {
        const std::string& bytes = *batch_[i].bytes;
        if (!batch_[i].framed) {
            const std::size_t n = ws::write_header(ws::Opcode::text, bytes.size(), headers_[i].data());
            iov_.push_back({headers_[i].data(), n});
        }
        iov_.push_back({const_cast<char*>(bytes.data()), bytes.size()});
    }
    iov_next_ = 0;
}

void WebSocketSession::flush() {
    scheduled_ = false;
    const int fd = socket_.native_handle();
    msghdr msg{};
    while (next_write(msg)) {
        const ssize_t written = ::sendmsg(fd, &msg, MSG_NOSIGNAL);
        if (!wrote(written < 0 ? -errno : written)) return;
    }
}

bool WebSocketSession::prepare_write(msghdr& msg) {
    scheduled_ = false;
    return next_write(msg);
}

int WebSocketSession::native_handle() { return socket_.native_handle(); }

bool WebSocketSession::next_write(msghdr& msg) {
    if (finished_ || waiting_writable_) return false;
    if (iov_next_ == iov_.size()) {
        if (!iov_.empty()) all_written();
        if (finished_ || pending_.empty()) return false;
        start_batch();
    }
    msg = {};
    msg.msg_iov = iov_.data() + iov_next_;
    msg.msg_iovlen = std::min<std::size_t>(iov_.size() - iov_next_, IOV_MAX);
    return true;
}

bool WebSocketSession::wrote(long result) {
    // A session closed while its write was in flight (by another session's completion)
    // has nothing left to account for.
    if (finished_) return false;
    if (result < 0) {
        if (result == -EINTR) return true;
        if (result == -EAGAIN || result == -EWOULDBLOCK) {
            // The kernel's buffer is full: wait until the client reads.
            waiting_writable_ = true;
            socket_.async_wait(asio::ip::tcp::socket::wait_write,
                               [self = shared_from_this()](boost::system::error_code ec) {
                                   self->on_writable(ec);
                               });
            return false;
        }
        spdlog::debug("client {} write failed: {}", id_, std::strerror(static_cast<int>(-result)));
        finish();
        return false;
    }
    stats_.bytes_out += static_cast<std::size_t>(result);
    // Step over the pieces written whole; trim the one written in part.
    std::size_t left = static_cast<std::size_t>(result);
    while (left > 0 && left >= iov_[iov_next_].iov_len) left -= iov_[iov_next_++].iov_len;
    if (left > 0) {
        iov_[iov_next_].iov_base = static_cast<char*>(iov_[iov_next_].iov_base) + left;
        iov_[iov_next_].iov_len -= left;
    }
    while (iov_next_ < iov_.size() && iov_[iov_next_].iov_len == 0) ++iov_next_;
    return true;
}

void WebSocketSession::on_writable(boost::system::error_code ec) {
    waiting_writable_ = false;
    if (finished_) return;
    if (ec) return finish();
    flush();
}

void WebSocketSession::all_written() {
    for (const auto& out : batch_) {
        queued_bytes_ -= out.bytes->size();
        if (!out.framed) ++stats_.frames_out;
    }
    batch_.clear();
    iov_.clear();
    iov_next_ = 0;
    // A burst must not leave its high-water mark in every connection: 10,000 idle
    // connections are meant to cost a few KiB each (bench/README.md).
    if (batch_.capacity() > 8) {
        std::vector<Outgoing>().swap(batch_);
        std::vector<std::array<std::uint8_t, ws::kMaxHeader>>().swap(headers_);
        std::vector<iovec>().swap(iov_);
    }
    if (pending_.empty() && pending_.capacity() > 8) std::vector<Outgoing>().swap(pending_);
    if (close_sent_ && pending_.empty()) {
        // Our close frame is out. If the client already closed, we are done; otherwise
        // give it a moment to answer, then hang up anyway.
        if (close_received_) return finish();
        arm_timer(kCloseWait);
    }
}

// ---- timers ----

void WebSocketSession::arm_timer(std::chrono::steady_clock::duration after) {
    timer_.expires_after(after);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) { self->on_timer(ec); });
}

void WebSocketSession::on_timer(boost::system::error_code ec) {
    if (ec || finished_) return;
    if (close_sent_) {
        if (all_sent()) {
            spdlog::debug("client {} did not answer our close; hanging up", id_);
            return finish();
        }
        // Still writing toward the close frame: the keep-alive rules below still apply.
    }
    if (heard_from_) {
        heard_from_ = false;
        ping_outstanding_ = false;
    } else if (!ping_outstanding_ && !close_sent_) {
        queue_framed(ws::control_frame(ws::Opcode::ping, {}));
        ping_outstanding_ = true;
    } else {
        spdlog::debug("client {} ({}) went silent; closing", id_, remote_address_);
        return finish();
    }
    arm_timer(limits_.websocket_idle_timeout / 2);
}

void WebSocketSession::finish() {
    if (finished_) return;
    finished_ = true;
    closing_ = true;
    timer_.cancel();
    boost::system::error_code ec;
    socket_.close(ec);
    pending_.clear();
    batch_.clear();
    iov_.clear();
    queued_bytes_ = 0;
    leave_hub();
}

}  // namespace barertc::server
