#include "poll_client.hpp"

#include <stdexcept>
#include <thread>

namespace barertc::testing {
namespace http = boost::beast::http;

HttpResult post_poll(unsigned short port, const std::string& body, const std::string& content_type) {
    return http_request(port, http::verb::post, "/poll", body, content_type);
}

int PollClient::exchange(const Json& envelope) {
    HttpResult r = post_poll(port_, boost::json::serialize(envelope));
    last_ = boost::json::parse(r.body).as_object();
    if (auto* messages = last_.if_contains("messages"); messages && messages->is_array())
        for (const auto& m : messages->as_array()) {
            inbox_.push_back(m.as_object());
            history_.push_back(m.as_object());
        }
    return r.status;
}

std::string PollClient::login(const std::string& username) {
    exchange(Json{{"username", ""}, {"session_id", ""},
                  {"msg", Json{{"action", "login"}, {"username", username}}}});
    session_id_ = str(last_, "session_id");
    username_ = str(last_, "username");
    if (session_id_.empty())
        throw std::runtime_error("no polling session: " + boost::json::serialize(last_));
    return username_;
}

int PollClient::send(const Json& message) {
    return exchange(Json{{"username", username_}, {"session_id", session_id_}, {"msg", message}});
}

Json PollClient::wait_for(const std::function<bool(const Json&)>& match, const std::string& what,
                          std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (bool first = true;; first = false) {
        while (!inbox_.empty()) {
            Json m = std::move(inbox_.front());
            inbox_.pop_front();
            if (match(m)) return m;
        }
        if (std::chrono::steady_clock::now() >= deadline) break;
        // Polling is this transport's only way to hear from the server.
        if (!first) std::this_thread::sleep_for(interval);
        poll();
    }
    std::string seen;
    for (const auto& h : history_) seen += "\n  " + boost::json::serialize(h).substr(0, 300);
    throw std::runtime_error("never collected " + what + "; collected:" + seen);
}

}  // namespace barertc::testing
