#include "ws_client.hpp"

#include <stdexcept>

namespace barertc::testing {
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using boost::asio::ip::tcp;

WsClient::WsClient(unsigned short port, std::string origin,
                   std::vector<std::pair<std::string, std::string>> headers,
                   const std::string& local_address)
    : ws_(ioc_) {
    if (!local_address.empty()) {
        auto& socket = beast::get_lowest_layer(ws_).socket();
        socket.open(tcp::v4());
        socket.bind(tcp::endpoint(boost::asio::ip::make_address(local_address), 0));
    }
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    ws_.set_option(websocket::stream_base::decorator([origin, headers](websocket::request_type& req) {
        if (!origin.empty()) req.set(http::field::origin, origin);
        for (const auto& [k, v] : headers) req.set(k, v);
    }));
    ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws");
    ws_.read_message_max(64 * 1024 * 1024);
}

WsClient::~WsClient() {
    if (closed_) return;
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
}

void WsClient::send(const Json& message) { send_text(boost::json::serialize(message)); }

void WsClient::send_text(const std::string& text) {
    ws_.text(true);
    ws_.write(boost::asio::buffer(text));
}

void WsClient::send_binary(const std::string& bytes) {
    ws_.binary(true);
    ws_.write(boost::asio::buffer(bytes));
}

std::optional<Json> WsClient::next(std::chrono::milliseconds timeout) {
    if (closed_) return std::nullopt;
    bool done = false;
    beast::error_code result;
    ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
        done = true;
        result = ec;
    });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!done) {
        // Timed out: the stream cannot be reused after cancelling a read.
        beast::get_lowest_layer(ws_).socket().close();
        ioc_.restart();
        ioc_.run_for(std::chrono::milliseconds(100));
        closed_ = true;
        return std::nullopt;
    }
    if (result) {
        closed_ = true;
        return std::nullopt;
    }
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    boost::json::value v = boost::json::parse(text);
    history_.push_back(v.as_object());
    return v.as_object();
}

Json WsClient::wait_for(const std::function<bool(const Json&)>& match, const std::string& what,
                        std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        auto m = next(left);
        if (!m) break;
        if (match(*m)) return *m;
    }
    std::string seen;
    for (const auto& h : history_) seen += "\n  " + boost::json::serialize(h).substr(0, 300);
    throw std::runtime_error("never received " + what + (closed_ ? " (connection closed)" : "") +
                             "; received:" + seen);
}

Json WsClient::wait_action(const std::string& action) {
    // Welcome notices are `error` frames too, but addressed to a channel; an error the
    // test waits for is a reply to what it sent, which never names a channel.
    const bool reply_error = action == "error";
    return wait_for([&](const Json& m) {
        return str(m, "action") == action && !(reply_error && m.contains("channel"));
    }, "action '" + action + "'");
}

bool WsClient::wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        if (!next(left) && !closed_) return false;
    }
    return true;
}

std::string WsClient::login(const std::string& username, const std::string& jwt,
                            std::vector<std::string> features) {
    Json login{{"action", "login"}, {"username", username}};
    if (!jwt.empty()) login["jwt"] = jwt;
    if (!features.empty()) {
        boost::json::array f;
        for (auto& x : features) f.emplace_back(x);
        login["features"] = f;
    }
    send(login);
    return str(wait_action("me"), "username");
}

std::string str(const Json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : "";
}

std::int64_t num(const Json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->value().is_int64() ? it->value().get_int64() : 0;
}

HttpResult http_request(unsigned short port, http::verb method, const std::string& target,
                        const std::string& body, const std::string& content_type,
                        const std::vector<std::pair<std::string, std::string>>& headers) {
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    if (!content_type.empty()) req.set(http::field::content_type, content_type);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (method == http::verb::head) parser.skip(true);
    http::read(stream, buffer, parser);
    HttpResult result;
    auto& res = parser.get();
    result.status = static_cast<int>(res.result_int());
    result.body = res.body();
    for (const auto& f : res) result.headers.set(f.name_string(), f.value());
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return result;
}

}  // namespace barertc::testing
