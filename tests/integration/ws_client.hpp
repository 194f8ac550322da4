// A test user: a real WebSocket client speaking the BareRTC protocol to the test server.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace barertc::testing {

using Json = boost::json::object;

class WsClient {
public:
    // Connects to ws://127.0.0.1:port/ws (throws on failure). `origin` empty = no header.
    // `local_address` (e.g. "127.0.0.3") is the source address; empty = the kernel's choice.
    explicit WsClient(unsigned short port, std::string origin = "",
                      std::vector<std::pair<std::string, std::string>> headers = {},
                      const std::string& local_address = "");
    ~WsClient();

    void send(const Json& message);
    void send_text(const std::string& text);
    void send_binary(const std::string& bytes);

    // The next message, or nullopt when the connection closed or `timeout` passed.
    std::optional<Json> next(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Reads until a message satisfies `match`; fails the test (throws) on close/timeout.
    Json wait_for(const std::function<bool(const Json&)>& match, const std::string& what,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5));
    Json wait_action(const std::string& action);
    // Waits until the server closes the connection; true if it did within the timeout.
    bool wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds(5));

    // Sends login and waits for the `me` reply; returns the name the server gave us.
    std::string login(const std::string& username, const std::string& jwt = "",
                      std::vector<std::string> features = {});

    bool closed() const { return closed_; }
    boost::beast::websocket::close_reason close_reason() const { return ws_.reason(); }
    // Everything received so far, in order (for diagnostics).
    const std::vector<Json>& history() const { return history_; }

private:
    boost::asio::io_context ioc_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    bool closed_ = false;
    std::vector<Json> history_;
};

std::string str(const Json& o, const char* key);  // "" if absent
std::int64_t num(const Json& o, const char* key);  // 0 if absent

// A plain HTTP request to the test server.
struct HttpResult {
    int status = 0;
    std::string body;
    boost::beast::http::fields headers;
};
HttpResult http_request(unsigned short port, boost::beast::http::verb method,
                        const std::string& target, const std::string& body = "",
                        const std::string& content_type = "",
                        const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace barertc::testing
