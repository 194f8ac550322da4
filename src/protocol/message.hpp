// The BareRTC wire message: one flat JSON object per WebSocket text frame (compat §1.2).
// This module is the only place that knows JSON field names.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace barertc::protocol {

// Video flag bits (compat §1.3.1).
namespace video_flag {
inline constexpr int kActive = 1;
inline constexpr int kNsfw = 2;
inline constexpr int kMuted = 4;
inline constexpr int kNonExplicit = 8;
inline constexpr int kMutualRequired = 16;
inline constexpr int kMutualOpen = 32;
inline constexpr int kOnlyVip = 64;
inline constexpr int kInvited = 128;
inline constexpr int kNoWatermark = 256;
}  // namespace video_flag

// One row of the Who List as a given recipient sees it (compat §1.3.2).
struct WhoEntry {
    std::string username;
    std::string nickname;
    std::string status;
    int video = 0;
    bool dnd = false;
    std::int64_t login_at = 0;
    bool op = false;
    bool vip = false;
    std::string avatar;
    std::string profile_url;
    std::string emoji;
    std::string gender;
};

// The client's moderation-rule dictionary sent with pings (compat §3.4).
struct JwtRulesDict {
    bool red_cam = false;
    bool no_broadcast = false;
    bool no_video = false;
    bool no_image = false;
    bool no_dark_video = false;
};

// Our extension: time-limited TURN credentials sent with `ping` (feature "turnCredentials").
struct TurnCredentials {
    std::string username;
    std::string credential;
    std::int64_t expires = 0;  // unix time
};

// Every field any action uses; absent on the wire == zero value here (Go's omitempty).
struct Message {
    std::string action;
    std::string channel;
    std::string username;
    std::string message;
    std::string jwt;
    std::vector<WhoEntry> who_list;
    bool has_who_list = false;  // `who` must be sent even when the list is empty
    int video = 0;
    std::string status;
    bool dnd = false;
    std::int64_t msg_id = 0;
    std::string open_secret;
    std::string bytes;  // decoded file bytes (`file` action)
    std::vector<std::string> usernames;
    std::string timestamp;
    std::string reason;
    std::string comment;
    std::vector<Message> messages;  // echo
    std::optional<JwtRulesDict> jwt_rules;
    std::string candidate;    // opaque JSON text, relayed byte for byte
    std::string description;  // opaque JSON text, relayed byte for byte
    // Our extensions (ours.md): login features and who-delta updates.
    std::vector<std::string> features;
    std::vector<WhoEntry> joined;
    std::vector<std::string> left;
    std::vector<WhoEntry> changed;
    std::optional<TurnCredentials> turn;  // ping
};

// Action names (compat §1.4) and our extension.
namespace action {
inline constexpr const char* kLogin = "login";
inline constexpr const char* kMe = "me";
inline constexpr const char* kWho = "who";
inline constexpr const char* kWhoDelta = "who-delta";
inline constexpr const char* kPresence = "presence";
inline constexpr const char* kMessage = "message";
inline constexpr const char* kEcho = "echo";
inline constexpr const char* kFile = "file";
inline constexpr const char* kTakeback = "takeback";
inline constexpr const char* kReact = "react";
inline constexpr const char* kOpen = "open";
inline constexpr const char* kRing = "ring";
inline constexpr const char* kCandidate = "candidate";
inline constexpr const char* kSdp = "sdp";
inline constexpr const char* kWatch = "watch";
inline constexpr const char* kUnwatch = "unwatch";
inline constexpr const char* kMute = "mute";
inline constexpr const char* kUnmute = "unmute";
inline constexpr const char* kBoot = "boot";
inline constexpr const char* kUnboot = "unboot";
inline constexpr const char* kBlock = "block";
inline constexpr const char* kBlocklist = "blocklist";
inline constexpr const char* kVideoInvite = "video-invite";
inline constexpr const char* kReport = "report";
inline constexpr const char* kCut = "cut";
inline constexpr const char* kPing = "ping";
inline constexpr const char* kError = "error";
inline constexpr const char* kDisconnect = "disconnect";
inline constexpr const char* kTyping = "typing";
}  // namespace action

// Presence texts are matched by substring in clients: protocol-significant (compat §1.6.3).
namespace presence {
inline constexpr const char* kJoined = "has joined the room!";
inline constexpr const char* kExited = "has exited the room!";
inline constexpr const char* kKicked = "has been kicked from the room!";
inline constexpr const char* kBanned = "has been banned!";
inline constexpr const char* kTimedOut = "has timed out!";
}  // namespace presence

inline constexpr const char* kChatServerName = "ChatServer";

}  // namespace barertc::protocol
