// Small things several integration tests do in a chat room: say something, read the
// ChatServer's answer, look a user up in a Who List. Shared so that the unity build
// (one translation unit per batch of test files) sees each of them once.
#pragma once

#include "ws_client.hpp"

#include <chrono>
#include <string>

namespace barertc::testing {

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Posts `text` to `channel` ("@name" for a direct message).
inline void say(WsClient& c, const std::string& text, const std::string& channel = "lobby") {
    c.send(Json{{"action", "message"}, {"channel", channel}, {"message", text}});
}

// The next ChatServer notice that answers a command (not a channel's welcome message).
inline std::string reply(WsClient& c) { return str(c.wait_action("error"), "message"); }

// The next ChatServer notice (not tied to a channel) containing `needle`.
inline std::string notice_with(WsClient& c, const std::string& needle,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return str(c.wait_for([&](const Json& m) {
        return str(m, "action") == "error" && !m.contains("channel") && contains(str(m, "message"), needle);
    }, "a notice containing '" + needle + "'", timeout), "message");
}

// Whether a `who` message's Who List has a row for `name`.
inline bool has_user(const Json& who, const std::string& name) {
    auto it = who.find("whoList");
    if (it == who.end()) return false;
    for (const auto& row : it->value().as_array())
        if (str(row.as_object(), "username") == name) return true;
    return false;
}

}  // namespace barertc::testing
