// A tiny HTTP site on 127.0.0.1:0 that records what it is sent and answers as told.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace barertc::webhook::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

class TestSite {
public:
    // `answer(n)` for the n-th request (from 1): a status to reply with, or nothing to never answer.
    using Answer = std::function<std::optional<unsigned>(std::size_t n)>;

    TestSite(asio::io_context& ioc, Answer answer, std::string reply_body = "{}")
        : acceptor_(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
          answer_(std::move(answer)),
          reply_body_(std::move(reply_body)) {
        accept();
    }

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + path;
    }

    std::vector<http::request<http::string_body>> requests;

private:
    struct Connection {
        explicit Connection(tcp::socket s) : socket(std::move(s)) {}
        tcp::socket socket;
        beast::flat_buffer buffer;
        http::request<http::string_body> request;
        http::response<http::string_body> response;
    };

    void accept() {
        acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
            if (ec) return;
            auto c = std::make_shared<Connection>(std::move(socket));
            held_.push_back(c);
            read(c);
            accept();
        });
    }

    void read(std::shared_ptr<Connection> c) {
        http::async_read(c->socket, c->buffer, c->request, [this, c](beast::error_code ec, std::size_t) {
            if (ec) return;
            requests.push_back(c->request);
            const std::optional<unsigned> status = answer_(requests.size());
            if (!status) return;  // held open, never answered
            c->response = {static_cast<http::status>(*status), 11};
            c->response.set(http::field::content_type, "application/json");
            if (*status != 204) c->response.body() = reply_body_;
            c->response.prepare_payload();
            http::async_write(c->socket, c->response, [c](beast::error_code, std::size_t) {
                beast::error_code ignored;
                c->socket.shutdown(tcp::socket::shutdown_both, ignored);
            });
        });
    }

    tcp::acceptor acceptor_;
    Answer answer_;
    std::string reply_body_;
    std::vector<std::shared_ptr<Connection>> held_;
};

// A port on which nothing listens (bound, then released).
inline unsigned short closed_port(asio::io_context& ioc) {
    tcp::acceptor probe(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return probe.local_endpoint().port();
}

}  // namespace barertc::webhook::testing
