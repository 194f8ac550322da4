// A test user on the polling transport (POST /poll, compat §1.8), polling the way the
// original client does, only faster.
#pragma once

#include "ws_client.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <string>

namespace barertc::testing {

// One POST /poll with `body` as it is.
HttpResult post_poll(unsigned short port, const std::string& body,
                     const std::string& content_type = "application/json");

class PollClient {
public:
    explicit PollClient(unsigned short port) : port_(port) {}

    // Starts a session with a login; returns the name the server gave us (throws when the
    // server gave no session).
    std::string login(const std::string& username);
    // One poll carrying `message`; returns the HTTP status. What it collects joins the inbox.
    int send(const Json& message);
    // A poll that only collects (the original client's 5-second ping).
    int poll() { return send(Json{{"action", "ping"}}); }
    // Polls every `interval` until a collected message satisfies `match`; throws on timeout.
    Json wait_for(const std::function<bool(const Json&)>& match, const std::string& what,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Messages collected and not yet consumed by wait_for, oldest first.
    std::deque<Json>& inbox() { return inbox_; }

    const std::string& username() const { return username_; }
    const std::string& session_id() const { return session_id_; }
    // The last response as a whole.
    const Json& last_response() const { return last_; }

    static constexpr std::chrono::milliseconds interval{50};

private:
    int exchange(const Json& envelope);

    unsigned short port_;
    std::string username_;
    std::string session_id_;
    std::deque<Json> inbox_;
    std::vector<Json> history_;
    Json last_;
};

}  // namespace barertc::testing
