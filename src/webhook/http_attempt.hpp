// One POST over one connection, plain or TLS, bounded by a single deadline that covers DNS,
// connect, handshake, write and read. Internal to WebhookClient.
#pragma once

#include "webhook/webhook_client.hpp"
#include "webhook/webhook_target.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <type_traits>

namespace barertc::webhook::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// `finished(reply, retryable)` is called exactly once.
using AttemptDone = std::function<void(WebhookReply, bool retryable)>;

template <class Stream>
class HttpAttempt : public std::enable_shared_from_this<HttpAttempt<Stream>> {
public:
    template <class... StreamArgs>
    HttpAttempt(asio::any_io_executor strand, const WebhookTarget& target, const std::string& body,
                std::size_t max_reply_bytes, AttemptDone done, StreamArgs&&... stream_args)
        : target_(target),
          resolver_(strand),
          stream_(strand, std::forward<StreamArgs>(stream_args)...),
          timer_(strand),
          done_(std::move(done)) {
        request_ = {http::verb::post, target_.target, 11};
        request_.set(http::field::host, target_.host_header);
        request_.set(http::field::user_agent, "barertc/" BARERTC_VERSION);
        request_.set(http::field::content_type, "application/json");
        request_.set(http::field::connection, "close");
        request_.body() = body;
        request_.prepare_payload();
        parser_.body_limit(max_reply_bytes);
    }

    void run(std::chrono::milliseconds timeout) {
        timeout_ = timeout;
        timer_.expires_after(timeout);
        timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
            if (!ec) self->time_out();
        });
        resolver_.async_resolve(target_.host, target_.port,
            [self = this->shared_from_this()](beast::error_code ec, asio::ip::tcp::resolver::results_type r) {
                self->on_resolve(ec, std::move(r));
            });
    }

private:
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

    void time_out() {
        timed_out_ = true;
        resolver_.cancel();
        beast::get_lowest_layer(stream_).close();
    }

    void on_resolve(beast::error_code ec, asio::ip::tcp::resolver::results_type results) {
        if (ec) return fail(ec, "could not find the site's address");
        beast::get_lowest_layer(stream_).async_connect(results,
            [self = this->shared_from_this()](beast::error_code ec, const asio::ip::tcp::endpoint&) {
                self->on_connect(ec);
            });
    }

    void on_connect(beast::error_code ec) {
        if (ec) return fail(ec, "could not connect to the site");
        if constexpr (kTls) {
            beast::error_code not_ip;
            asio::ip::make_address(target_.host, not_ip);
            // SNI names hosts only; an IP literal is checked against the certificate alone.
            if (not_ip && !SSL_set_tlsext_host_name(stream_.native_handle(), target_.host.c_str()))
                return fail(ec, "could not start a secure connection to the site");
            stream_.set_verify_callback(asio::ssl::host_name_verification(target_.host));
            stream_.async_handshake(asio::ssl::stream_base::client,
                [self = this->shared_from_this()](beast::error_code ec) {
                    if (ec) return self->fail(ec, "could not make a secure connection to the site");
                    self->write();
                });
        } else {
            write();
        }
    }

    void write() {
        http::async_write(stream_, request_,
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                if (ec) return self->fail(ec, "the connection to the site failed");
                http::async_read(self->stream_, self->buffer_, self->parser_,
                    [self](beast::error_code ec, std::size_t) { self->on_read(ec); });
            });
    }

    void on_read(beast::error_code ec) {
        if (ec == http::error::body_limit) return fail(ec, "the site's answer was too large", false);
        if (ec) return fail(ec, "the connection to the site failed");
        http::response<http::string_body> response = parser_.release();
        WebhookReply reply;
        reply.status = response.result_int();
        reply.body = std::move(response.body());
        reply.ok = reply.status >= 200 && reply.status < 300;
        if (!reply.ok) reply.error = "the site answered with HTTP status " + std::to_string(reply.status);
        const bool retryable =
            !reply.ok && (reply.status >= 500 || reply.status == 408 || reply.status == 429);
        finish(std::move(reply), retryable);
    }

    void fail(beast::error_code ec, std::string what, bool retryable = true) {
        WebhookReply reply;
        reply.error = timed_out_ ? "the site did not answer in time" : std::move(what);
        spdlog::warn("webhook {}: {}: {} (deadline {} ms)", target_.host_header, reply.error,
                     ec.message(), timeout_.count());
        finish(std::move(reply), retryable);
    }

    void finish(WebhookReply reply, bool retryable) {
        if (finished_) return;
        finished_ = true;
        timer_.cancel();
        beast::error_code ignored;
        beast::get_lowest_layer(stream_).socket().close(ignored);
        done_(std::move(reply), retryable);
    }

    WebhookTarget target_;
    asio::ip::tcp::resolver resolver_;
    Stream stream_;
    asio::steady_timer timer_;
    http::request<http::string_body> request_;
    http::response_parser<http::string_body> parser_;
    beast::flat_buffer buffer_;
    AttemptDone done_;
    std::chrono::milliseconds timeout_{0};
    bool timed_out_ = false;
    bool finished_ = false;
};

}  // namespace barertc::webhook::detail
