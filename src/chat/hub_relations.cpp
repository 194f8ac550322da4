// Mute, boot, block and invite (compat §1.6.8, §1.6.9). These are accepted before login
// too, because the web client re-syncs them before it sends `login`.
#include "chat/hub.hpp"

#include "chat/names.hpp"
#include "markup/markdown.hpp"

namespace barertc::chat {
namespace act = protocol::action;
using markup::escape_html;
using protocol::Message;

namespace {

void drop_pairing(User& a, User* b) {
    if (!b) return;
    a.pairings.erase(b->folded);
    b->pairings.erase(a.folded);
}

}  // namespace

bool Hub::add_relation(User& user, NameSet& set, std::string_view name) {
    name = trim(name);
    if (!name.empty() && name.front() == '@') name.remove_prefix(1);
    if (name.empty() || utf8_length(name) > options_.limits.max_username_chars * 2) return false;
    if (set.size() >= options_.limits.max_relation_entries) {
        refuse(user, "Your list of muted, blocked or invited users is full.");
        return false;
    }
    set.insert(fold_name(name));
    return true;
}

void Hub::relation_touched(User& subject, std::string_view other_name) {
    User* other = find_user(other_name);
    if (!other || !subject.logged_in) return;
    // Mutes, boots and invites change how the subject looks to the other; blocks hide
    // both from each other.
    who_.relation_changed(subject, *other);
    who_.relation_changed(*other, subject);
    mark_who_pending();
}

void Hub::handle_relation(User& user, const Message& m) {
    const std::string& a = m.action;
    if (a == act::kBlocklist || a == act::kVideoInvite) {
        for (const std::string& name : m.usernames) {
            bool added = a == act::kBlocklist
                             ? add_relation(user, user.muted, name) && add_relation(user, user.blocked, name)
                             : add_relation(user, user.invited, name);
            if (!added) continue;
            if (a == act::kBlocklist) drop_pairing(user, find_user(name));
            relation_touched(user, name);
        }
        return;
    }

    const std::string name(trim(m.username));
    if (name.empty()) {
        refuse(user, "Which user? The request named nobody.");
        return;
    }
    User* target = find_user(name);
    const std::string folded = fold_name(name);
    if (a == act::kMute) {
        if (!add_relation(user, user.muted, name)) return;
        if (target && target->op && user.logged_in)
            notice(*target, "@" + escape_html(user.username) +
                                " has muted you: they will not see your messages.");
    } else if (a == act::kUnmute) {
        user.muted.erase(folded);
    } else if (a == act::kBoot) {
        if (!add_relation(user, user.booted, name)) return;
        drop_pairing(user, target);
        if (target && target->op && user.logged_in)
            notice(*target, "@" + escape_html(user.username) + " has booted you off their camera.");
    } else if (a == act::kUnboot) {
        user.booted.erase(folded);
    } else if (a == act::kBlock) {
        if (target && target->op) {
            refuse(user, "You are not allowed to block a chat operator.");
            return;
        }
        if (!add_relation(user, user.blocked, name)) return;
        drop_pairing(user, target);
    }
    relation_touched(user, name);
}

}  // namespace barertc::chat
