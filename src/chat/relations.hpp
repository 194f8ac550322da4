// The rules between two users: blocks, mutes, boots, invites and what each hides.
// Pure functions over User; the hub and the who-list both ask these, never their own copies.
#pragma once

#include "chat/user.hpp"

#include <optional>
#include <string>

namespace barertc::chat {

struct RelationPolicy {
    bool blockable_admins = false;  // settings BlockableAdmins
};

// Whether a block between a and b takes effect at all (compat §1.6.9 admin exceptions).
bool blocks_apply(const User& a, const User& b, const RelationPolicy& policy);

// A block in either direction that takes effect.
bool blocked_between(const User& a, const User& b, const RelationPolicy& policy);

// Whether `receiver` should not get `sender`'s public messages, reactions and presence:
// the receiver muted the sender, or a block stands between them.
bool filters_out(const User& receiver, const User& sender, const RelationPolicy& policy);

// The video flags of `subject` as `viewer` sees them in the who-list (compat §1.6.4).
int video_seen_by(const User& subject, const User& viewer);

// Whether `viewer` sees `subject` in the who-list at all.
bool visible_to(const User& subject, const User& viewer, const RelationPolicy& policy);

// Why `viewer` may not open `broadcaster`'s camera, or nullopt when allowed.
std::optional<std::string> open_refusal(const User& viewer, const User& broadcaster,
                                        const RelationPolicy& policy);

}  // namespace barertc::chat
