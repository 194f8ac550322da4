// The site's side of a webhook for integration tests: a small HTTP receiver on 127.0.0.1 that
// answers every POST with a fixed status and reply, and hands each request to the test.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace barertc::testing {

namespace webhook_receiver_detail {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct ReceivedRequest {
    http::verb method{};
    std::string target;
    std::string content_type;
    std::string body;
};

// The site: answers every POST with `status` and remembers what it got.
class WebhookReceiver {
public:
    explicit WebhookReceiver(http::status status = http::status::ok, std::string reply = R"({"OK":true})")
        : status_(status), reply_(std::move(reply)), acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
        accept();
        thread_ = std::thread([this] { ioc_.run(); });
    }
    ~WebhookReceiver() {
        ioc_.stop();
        thread_.join();
    }

    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/hooks/report";
    }

    // The next request not yet taken, or nullopt after `timeout`.
    std::optional<ReceivedRequest> next(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        if (!arrived_.wait_for(lock, timeout, [&] { return !requests_.empty(); })) return std::nullopt;
        ReceivedRequest r = std::move(requests_.front());
        requests_.pop_front();
        return r;
    }
    int count() const { return total_.load(); }

private:
    struct Connection {
        explicit Connection(tcp::socket s) : stream(std::move(s)) {}
        beast::tcp_stream stream;
        beast::flat_buffer buffer;
        http::request<http::string_body> request;
        http::response<http::string_body> response;
    };

    void accept() {
        acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
            if (ec) return;
            serve(std::make_shared<Connection>(std::move(socket)));
            accept();
        });
    }

    void serve(std::shared_ptr<Connection> c) {
        c->stream.expires_after(std::chrono::seconds(10));
        http::async_read(c->stream, c->buffer, c->request, [this, c](beast::error_code ec, std::size_t) {
            if (ec) return;
            {
                std::lock_guard lock(mutex_);
                requests_.push_back({c->request.method(), std::string(c->request.target()),
                                     std::string(c->request[http::field::content_type]),
                                     c->request.body()});
                ++total_;
            }
            arrived_.notify_all();
            c->response.version(11);
            c->response.result(status_);
            c->response.set(http::field::content_type, "application/json");
            c->response.body() = reply_;
            c->response.keep_alive(false);
            c->response.prepare_payload();
            http::async_write(c->stream, c->response, [c](beast::error_code, std::size_t) {
                beast::error_code ignored;
                c->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
            });
        });
    }

    http::status status_;
    std::string reply_;
    net::io_context ioc_;
    tcp::acceptor acceptor_;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<ReceivedRequest> requests_;
    std::atomic<int> total_{0};
};

}  // namespace webhook_receiver_detail

using webhook_receiver_detail::ReceivedRequest;
using webhook_receiver_detail::WebhookReceiver;

}  // namespace barertc::testing
