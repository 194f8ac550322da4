// What the host site may do through the admin API (compat §4.3, §4.4): these arrive from
// HTTP, already authenticated by the AdminAPIKey, and act on the room like an operator would.
#include "chat/hub.hpp"

#include "chat/names.hpp"
#include "markup/markdown.hpp"

#include <spdlog/spdlog.h>

namespace barertc::chat {
namespace act = protocol::action;
using protocol::Message;

void Hub::cache_blocklist(const std::string& username, std::vector<std::string> names) {
    // Bounded like a user's own relation sets: a site cannot grow our memory without limit.
    if (names.size() > options_.limits.max_relation_entries)
        names.resize(options_.limits.max_relation_entries);
    if (cached_blocklists_.size() >= kMaxCachedBlocklists && !cached_blocklists_.count(fold_name(username)))
        cached_blocklists_.erase(cached_blocklists_.begin());
    cached_blocklists_[fold_name(username)] = std::move(names);
}

std::vector<std::string> Hub::cached_blocklist(std::string_view username) const {
    auto it = cached_blocklists_.find(fold_name(username));
    return it == cached_blocklists_.end() ? std::vector<std::string>{} : it->second;
}

void Hub::block_now(const std::vector<std::string>& usernames) {
    for (const std::string& name : usernames) {
        User* user = find_user(name);
        if (!user) continue;
        for (const std::string& other : usernames) {
            if (fold_name(other) == user->folded) continue;
            const bool added = add_relation(*user, user->muted, other) &&
                               add_relation(*user, user->blocked, other);
            if (!added) continue;
            if (User* o = find_user(other)) {
                user->pairings.erase(o->folded);
                o->pairings.erase(user->folded);
            }
            // The client mutes the name and hides it, as if the user had clicked "block".
            Message block;
            block.action = act::kBlock;
            block.username = other;
            send(*user, block);
            relation_touched(*user, other);
        }
    }
}

int Hub::disconnect_now(const std::vector<std::string>& usernames, const std::string& message, bool kick) {
    int removed = 0;
    for (const std::string& name : usernames) {
        User* user = find_user(name);
        if (!user) continue;
        spdlog::info("admin API removed '{}' from the room{}", user->username, kick ? " (kick)" : "");
        broadcast_presence(*user, kick ? protocol::presence::kKicked : protocol::presence::kExited);
        if (!message.empty()) notice(*user, markup::escape_html(message));
        send_disconnect(*user);
        logout(*user, nullptr);
        if (user->peer) user->peer->close(CloseReason::normal);
        ++removed;
    }
    return removed;
}

AmendResult Hub::amend_jwt(const std::string& username, const std::string& token) {
    auth::VerifyResult r = auth::verify_jwt(token, settings_.jwt.secret_key, unix_now());
    if (!r.ok()) return AmendResult::invalid_token;
    User* user = find_user(username);
    if (!user) return AmendResult::not_online;
    if (!user->claims) return AmendResult::ok;  // guests keep what they have, as upstream does

    const std::string new_name = r.claims.subject;
    attach_claims(*user, r.claims);
    if (!new_name.empty() && new_name != user->username && !find_user(new_name)) {
        // A new `sub` renames the user; the old row leaves every list, the new one joins.
        who_.left(*user);
        roster_.erase(user->username);
        by_folded_.erase(user->folded);
        user->username = new_name;
        user->folded = fold_name(new_name);
        roster_[user->username] = user;
        by_folded_[user->folded] = user;
        who_.joined(*user);
    } else {
        who_.changed(*user);
    }
    send_ping(*user, unix_now());
    Message me;
    me.action = act::kMe;
    me.username = user->username;
    me.video = user->video;
    me.status = user->status;
    send(*user, me);
    mark_who_pending();
    return AmendResult::ok;
}

void Hub::announce_shutdown() {
    Message down;
    down.action = act::kError;
    down.username = protocol::kChatServerName;
    down.message = "The chat server is going down for a reboot. It will be back shortly.";
    const protocol::Frame frame = protocol::make_frame(protocol::encode(down));
    for (auto& [name, u] : roster_) deliver(*u, frame);
}

bool Hub::online(std::string_view username) const {
    return by_folded_.count(fold_name(username)) != 0;
}

}  // namespace barertc::chat
