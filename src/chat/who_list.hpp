// The Who List: who is online as each recipient sees them, and the coalescing of changes
// into one update per recipient per flush (ours.md "Presence at scale").
#pragma once

#include "chat/relations.hpp"
#include "chat/user.hpp"
#include "protocol/codec.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

namespace barertc::chat {

// Logged-in users by exact username: std::map gives the byte-order sort the original uses.
using Roster = std::map<std::string, User*>;

struct WhoPolicy {
    RelationPolicy relations;
    bool vip_mutually_secret = false;  // [VIP] MutuallySecret
};

class WhoList {
public:
    WhoList(const Roster& roster, WhoPolicy policy);

    // Record what changed since the last flush.
    void joined(User& user);
    void changed(User& user);  // anything in the user's own row
    void left(const User& user);
    // How `subject` appears to `viewer` changed (mute, boot, block, invite).
    void relation_changed(const User& subject, const User& viewer);
    void forget(ClientId id);  // a recipient went away

    bool pending() const { return dirty_; }

    // Sends every recipient its update: a full `who` for original clients, a `who-delta`
    // for clients that asked for it. Frames are shared wherever two views are identical.
    void flush(const std::function<void(User&, protocol::Frame)>& send);

    // The complete list as `viewer` sees it, as a ready `who` frame.
    protocol::Frame full_list(const User& viewer);
    // A full list sent outside flush(): the viewer's deltas then start from here, so they
    // never repeat what that list already showed (its own join, for one).
    void sent_full_list(User& viewer) {
        viewer.has_full_who = true;
        viewer.who_seq = seq_;
    }

    // One row as `viewer` sees it (for tests and the statistics API).
    protocol::WhoEntry entry_as_seen(const User& subject, const User& viewer) const;

    void set_policy(WhoPolicy policy) { policy_ = policy; }

private:
    void append_row(std::string& out, User& subject, const User& viewer);
    std::string build_full(const User& viewer);
    std::string build_delta(const User& viewer);
    std::set<std::string> viewers_with_own_view() const;

    const Roster& roster_;
    WhoPolicy policy_;
    bool dirty_ = false;
    // Pending changes by exact username, each with the sequence number of its latest change.
    std::uint64_t seq_ = 0;
    std::map<std::string, std::uint64_t> joined_;
    std::map<std::string, std::uint64_t> changed_;
    std::map<std::string, std::uint64_t> left_;
    std::unordered_map<ClientId, std::set<std::string>> relation_dirty_;
    // Stand-ins for "a viewer nobody treats specially", VIP and not.
    User plain_viewer_;
    User plain_vip_viewer_;
};

}  // namespace barertc::chat
