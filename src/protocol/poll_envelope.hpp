// The polling transport's envelope (compat §1.8): one POST /poll carries at most one protocol
// message in, and every message queued since the last poll out.
//   request:  {"username": "...", "session_id": "...", "msg": {<protocol message>}}
//   response: {"username": "...", "session_id": "...", "messages": [<protocol messages>]}
#pragma once

#include "protocol/codec.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace barertc::protocol {

struct PollRequest {
    std::string username;
    std::string session_id;
    std::string action;   // msg.action, "" without a message
    std::string message;  // msg as a JSON text for the hub, "" without a message
};

struct PollDecodeResult {
    bool ok = false;
    std::string error;  // for the client and the log, when !ok
    PollRequest request;
};

// Checks the envelope only; the hub checks `msg` like any WebSocket frame.
PollDecodeResult decode_poll_request(std::string_view body);

// Empty username/session_id are left out; `messages` is always present, possibly empty.
std::string encode_poll_response(std::string_view username, std::string_view session_id,
                                 const std::vector<Frame>& messages);

// The username in a server `me` frame (the name the server gave the client), if it is one.
std::optional<std::string> username_in_me_frame(std::string_view frame);

}  // namespace barertc::protocol
