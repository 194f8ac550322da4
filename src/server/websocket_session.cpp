#include "server/websocket_session.hpp"

#include <spdlog/spdlog.h>

namespace barertc::server {
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;

WebSocketSession::WebSocketSession(beast::tcp_stream&& stream, chat::Hub& hub,
                                   const TransportLimits& limits, TransportStats& stats,
                                   std::size_t read_limit, std::string remote_address,
                                   ConnectionCap::Slot slot)
    : ws_(std::move(stream)), hub_(hub), limits_(limits), stats_(stats),
      remote_address_(std::move(remote_address)), slot_(std::move(slot)) {
    ws_.read_message_max(read_limit);
    ws_.auto_fragment(false);
}

WebSocketSession::~WebSocketSession() { leave_hub(); }

void WebSocketSession::leave_hub() {
    if (!in_hub_) return;
    in_hub_ = false;
    closing_ = true;  // the hub may still try to send to us while it removes us
    hub_.disconnect(id_);
}

void WebSocketSession::run(http::request<http::string_body> request) {
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(30);
    timeouts.idle_timeout = limits_.websocket_idle_timeout;
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(http::field::server, "barertc-cpp");
    }));
    ws_.async_accept(request,
                     beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::on_accept(beast::error_code ec) {
    if (ec) {
        spdlog::debug("websocket handshake with {} failed: {}", remote_address_, ec.message());
        return;
    }
    id_ = hub_.connect(*this, remote_address_);
    in_hub_ = true;
    spdlog::debug("client {} connected from {}", id_, remote_address_);
    do_read();
}

void WebSocketSession::do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
}

void WebSocketSession::on_read(beast::error_code ec, std::size_t) {
    if (ec) {
        if (ec == websocket::error::message_too_big) ++stats_.oversized_frames;
        if (ec == websocket::error::message_too_big)
            spdlog::info("client {} ({}) sent a frame over the size limit; closing", id_,
                         remote_address_);
        else if (ec != websocket::error::closed && ec != boost::asio::error::eof &&
                 ec != boost::asio::error::operation_aborted)
            spdlog::debug("client {} read ended: {}", id_, ec.message());
        leave_hub();
        return;
    }
    ++stats_.frames_in;
    stats_.bytes_in += buffer_.size();
    if (!closing_) {
        if (!ws_.got_text()) {
            hub_.receive_binary(id_);
        } else {
            auto data = buffer_.cdata();
            std::string_view text(static_cast<const char*>(data.data()), data.size());
            hub_.receive(id_, text);
        }
    }
    buffer_.consume(buffer_.size());
    do_read();
}

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
    queue_.push_back(std::move(frame));
    if (!writing_) do_write();
    return chat::SendStatus::queued;
}

void WebSocketSession::close(chat::CloseReason reason) {
    if (closing_) return;
    closing_ = true;
    switch (reason) {
        case chat::CloseReason::normal: close_code_ = websocket::close_code::normal; break;
        case chat::CloseReason::going_away: close_code_ = websocket::close_code::going_away; break;
        case chat::CloseReason::restarting:
            close_code_ = websocket::close_code::service_restart;
            break;
        case chat::CloseReason::policy:
            // Kicked for abuse: the queue (with the final notice and `disconnect`) still goes.
            close_code_ = websocket::close_code::policy_error;
            break;
        case chat::CloseReason::too_slow:
            close_code_ = websocket::close_code::policy_error;
            // A reader that is behind gets nothing more; the rest of its queue is dropped.
            if (writing_ && !queue_.empty()) {
                queue_.erase(queue_.begin() + 1, queue_.end());
                queued_bytes_ = queue_.front()->size();
            } else {
                queue_.clear();
                queued_bytes_ = 0;
            }
            break;
    }
    if (!writing_) do_close();
}

void WebSocketSession::do_write() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(boost::asio::buffer(*queue_.front()),
                    beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
}

void WebSocketSession::on_write(beast::error_code ec, std::size_t bytes) {
    writing_ = false;
    if (!ec) {
        ++stats_.frames_out;
        stats_.bytes_out += bytes;
    }
    if (!queue_.empty()) {
        queued_bytes_ -= queue_.front()->size();
        queue_.pop_front();
    }
    if (ec) {
        queue_.clear();
        queued_bytes_ = 0;
        beast::get_lowest_layer(ws_).socket().close(ec);
        return;  // the pending read fails next and leaves the hub
    }
    if (!queue_.empty()) {
        do_write();
        return;
    }
    if (closing_) do_close();
}

void WebSocketSession::do_close() {
    if (close_sent_) return;
    close_sent_ = true;
    ws_.async_close(websocket::close_reason(close_code_),
                    [self = shared_from_this()](beast::error_code) {});
}

}  // namespace barertc::server
