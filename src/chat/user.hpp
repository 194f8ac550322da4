// Everything the hub knows about one connection, from the first frame to the last.
#pragma once

#include "auth/jwt.hpp"
#include "chat/limits.hpp"
#include "chat/peer.hpp"
#include "chat/rate_limiter.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace barertc::chat {

using ClientId = std::uint64_t;

// Usernames in relation sets are folded (see names.hpp), so they match however typed.
using NameSet = std::set<std::string>;

struct User {
    ClientId id = 0;
    Peer* peer = nullptr;
    std::string remote_address;

    // Identity, set by login.
    bool logged_in = false;
    std::string username;  // as shown; empty before login
    std::string folded;    // fold_name(username)
    std::optional<auth::Claims> claims;  // JWT users only
    bool op = false;       // JWT `op`, or granted by /op
    bool vip = false;
    auth::Rules rules;     // JWT rules OR [[ModerationRule]]
    std::int64_t login_at = 0;
    // Profile shown in the who-list, from the JWT; URLs already made absolute and safe.
    std::string nickname;
    std::string avatar;
    std::string profile_url;
    std::string emoji;
    std::string gender;
    bool who_delta = false;        // asked for the who-delta extension
    bool turn_credentials = false; // asked for TURN credentials with each ping (ours.md)
    bool has_full_who = false;     // got a full list since login (deltas build on it)
    std::uint64_t who_seq = 0;     // WhoList change number this user's view is current to

    // Presence state from `me`.
    int video = 0;
    std::string status = "online";
    bool dnd = false;

    // Relations (accepted before login too: the client re-syncs them first).
    NameSet muted;
    NameSet blocked;
    NameSet booted;
    NameSet invited;
    bool unblockable = false;  // operator ran /unmute-all

    // Users this one has an open/ring pairing with; signaling flows only inside these.
    NameSet pairings;

    // Abuse control.
    TokenBucket message_bucket;
    TokenBucket me_bucket;
    TokenBucket open_bucket;
    TokenBucket signaling_bucket;
    TokenBucket reaction_bucket;
    int refusals = 0;
    double refusal_window_start = 0;

    // Pre-serialised who-list rows as most viewers see this user; empty means stale.
    std::string who_row;         // with `vip`
    std::string who_row_secret;  // without `vip` (VIP.MutuallySecret, non-VIP viewers)

    // Presence notices about others, held until the next who-list flush so that a join storm
    // reaches each user as one write per flush instead of one per arrival (docs/architecture.md).
    std::vector<protocol::Frame> deferred;

    bool hidden() const { return status == "hidden"; }
    bool broadcasting() const { return (video & 1) != 0; }
};

}  // namespace barertc::chat
