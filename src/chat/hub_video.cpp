// Camera state and WebRTC signaling relay (compat §1.6.4, §1.6.7; ours.md pairing rule).
#include "chat/hub.hpp"

#include "chat/names.hpp"
#include "markup/markdown.hpp"

#include <spdlog/spdlog.h>

namespace barertc::chat {
namespace act = protocol::action;
namespace vf = protocol::video_flag;
using markup::escape_html;
using protocol::Message;

namespace {

constexpr int kKnownVideoBits = 0x1FF;

bool plain_status_name(std::string_view s) {
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}

std::string or_default(const std::string& configured, const char* fallback) {
    return configured.empty() ? std::string(fallback) : configured;
}

}  // namespace

void Hub::handle_me(User& user, const Message& m) {
    if (!rate_ok(user, user.me_bucket, "status updates")) return;
    int video = m.video & kKnownVideoBits & ~vf::kInvited;  // Invited is ours to set
    if (!user.vip) video &= ~vf::kOnlyVip;
    bool tell_client_flags = false;
    if (video & vf::kActive) {
        if (user.rules.no_broadcast || user.rules.no_video) {
            Message cut;
            cut.action = act::kCut;
            send(user, cut);
            notice(user, or_default(settings_.strings.mod_rule_error_no_broadcast,
                                    "You are not allowed to share your webcam."));
            video = 0;
        } else if (user.rules.red_cam && !(video & vf::kNsfw)) {
            video |= vf::kNsfw;
            notice(user, or_default(settings_.strings.mod_rule_error_camera_always_nsfw,
                                    "Your webcam must be marked as Explicit."));
            tell_client_flags = true;
        }
    }

    std::string status(trim(m.status));
    if (status.empty()) status = "online";
    if (status.size() > options_.limits.max_status_chars || !plain_status_name(status)) {
        refuse(user, "That status name is not allowed.");
        status = user.status;
    }
    if (status == "hidden" && !user.op) status = "away";

    const bool was_hidden = user.hidden();
    user.video = video;
    user.status = status;
    user.dnd = m.dnd;
    // Operators going hidden look like they left, and like they came back when they return.
    if (!was_hidden && user.hidden()) broadcast_presence(user, protocol::presence::kExited);
    if (was_hidden && !user.hidden()) broadcast_presence(user, protocol::presence::kJoined);
    if (tell_client_flags) {
        Message me;
        me.action = act::kMe;
        me.username = user.username;
        me.video = user.video;
        send(user, me);
    }
    who_.changed(user);
    mark_who_pending();
}

void Hub::handle_open(User& user, const Message& m) {
    if (!rate_ok(user, user.open_bucket, "camera requests")) return;
    if (user.rules.no_video) {
        refuse(user, or_default(settings_.strings.mod_rule_error_no_video,
                                "You are not allowed to watch webcams."));
        return;
    }
    User* broadcaster = find_user(m.username);
    if (!broadcaster) {
        notice(user, "Could not open the camera: @" + escape_html(m.username.substr(0, 64)) +
                         " is not online.");
        return;
    }
    if (broadcaster == &user) {
        refuse(user, "You cannot open your own camera.");
        return;
    }
    if (auto why = open_refusal(user, *broadcaster, relation_policy_)) {
        notice(user, "Could not open the camera: @" + escape_html(broadcaster->username) + " " +
                         *why + ".");
        return;
    }
    if (user.op && (broadcaster->booted.count(user.folded) || broadcaster->muted.count(user.folded)))
        notice(user, "Note: @" + escape_html(broadcaster->username) +
                         " has booted or muted you; you can watch because you are an operator.");

    user.pairings.insert(broadcaster->folded);
    broadcaster->pairings.insert(user.folded);
    const std::string secret = random_letters(16);

    Message ring;
    ring.action = act::kRing;
    ring.username = user.username;
    ring.open_secret = secret;
    send(*broadcaster, ring);

    Message open;
    open.action = act::kOpen;
    open.username = broadcaster->username;
    open.open_secret = secret;
    send(user, open);
}

void Hub::handle_signal(User& user, const Message& m) {
    if (!rate_ok(user, user.signaling_bucket, "signaling messages")) return;
    if (m.candidate.size() > options_.limits.max_signaling_bytes ||
        m.description.size() > options_.limits.max_signaling_bytes) {
        refuse(user, "That signaling message is too large.");
        return;
    }
    User* target = find_user(m.username);
    if (!target) return;  // they left; late candidates and unwatches are normal races
    const bool paired = user.pairings.count(target->folded) > 0 &&
                        !blocked_between(user, *target, relation_policy_);
    if (!paired) {
        if (m.action == act::kUnwatch) return;  // nothing left to undo
        spdlog::info("client {} ('{}') sent {} to '{}' without an open camera", user.id,
                     user.username, m.action, target->username);
        refuse(user, "You have no video connection with @" + escape_html(target->username) +
                         ": open their camera first.");
        return;
    }
    Message out;
    out.action = m.action;
    out.username = user.username;
    out.candidate = m.candidate;
    out.description = m.description;
    send(*target, out);
}

}  // namespace barertc::chat
