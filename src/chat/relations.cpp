#include "chat/relations.hpp"

#include "protocol/message.hpp"

namespace barertc::chat {
namespace vf = protocol::video_flag;

bool blocks_apply(const User& a, const User& b, const RelationPolicy& policy) {
    if (!a.op && !b.op) return true;
    if (!policy.blockable_admins) return false;
    // With BlockableAdmins, an operator who ran /unmute-all stays reachable.
    return !((a.op && a.unblockable) || (b.op && b.unblockable));
}

bool blocked_between(const User& a, const User& b, const RelationPolicy& policy) {
    bool either = a.blocked.count(b.folded) || b.blocked.count(a.folded);
    return either && blocks_apply(a, b, policy);
}

bool filters_out(const User& receiver, const User& sender, const RelationPolicy& policy) {
    return receiver.muted.count(sender.folded) || blocked_between(receiver, sender, policy);
}

int video_seen_by(const User& subject, const User& viewer) {
    if (&subject == &viewer) return subject.video;
    int video = subject.video;
    if (subject.booted.count(viewer.folded) || subject.muted.count(viewer.folded)) {
        // Operators still see the camera, but it must not auto-open back at them.
        video = viewer.op ? (video & ~vf::kMutualOpen) : 0;
    } else if (subject.invited.count(viewer.folded)) {
        video |= vf::kInvited;
    }
    if ((subject.video & vf::kOnlyVip) && !viewer.vip) video = 0;
    return video;
}

bool visible_to(const User& subject, const User& viewer, const RelationPolicy& policy) {
    if (!subject.logged_in || subject.hidden()) return false;
    return &subject == &viewer || !blocked_between(subject, viewer, policy);
}

std::optional<std::string> open_refusal(const User& viewer, const User& broadcaster,
                                        const RelationPolicy& policy) {
    const int video = broadcaster.video;
    const bool invited = broadcaster.invited.count(viewer.folded) > 0;
    if (!(video & vf::kActive)) return "is not broadcasting";
    if ((video & vf::kMutualRequired) && !viewer.broadcasting() && !invited)
        return "only lets people watch who are on camera too";
    if ((video & vf::kOnlyVip) && !viewer.vip && !viewer.op && !invited)
        return "only shares their camera with VIP members";
    if (!viewer.op && (broadcaster.muted.count(viewer.folded) ||
                       broadcaster.booted.count(viewer.folded) ||
                       blocked_between(viewer, broadcaster, policy)))
        return "is not sharing their camera with you";
    return std::nullopt;
}

}  // namespace barertc::chat
