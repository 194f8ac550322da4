// Every bound the hub enforces, in one place, each with its reason.
#pragma once

#include <cstddef>

namespace barertc::chat {

struct RateSpec {
    double per_second;  // sustained rate
    double burst;       // bucket size
};

struct Limits {
    // ours.md: text frames up to 64 KiB; only image shares may be larger.
    std::size_t max_text_frame_bytes = 64 * 1024;
    // ours.md: usernames up to 32 characters (they show in every who-list row).
    std::size_t max_username_chars = 32;
    // ours.md: a chat message up to 4,000 characters before rendering.
    std::size_t max_message_chars = 4000;
    // Status names are single words like "away"; anything longer is abuse.
    std::size_t max_status_chars = 32;
    // A reaction is one emoji; the longest ZWJ sequences are ~35 bytes.
    std::size_t max_reaction_bytes = 64;
    // SDP offers with many codecs run to ~10 KB; 64 KiB is generous.
    std::size_t max_signaling_bytes = 64 * 1024;
    // Mute/block/boot/invite sets per user: a site blocklist can be long, but not endless.
    std::size_t max_relation_entries = 5000;
    // Message records kept for takeback/react routing.
    std::size_t max_message_records = 20000;

    // Token buckets per user. Typing bursts and image + text pairs fit under these.
    RateSpec messages{2.0, 10.0};
    // Camera toggles and status changes; the client re-sends `me` on many events.
    RateSpec me_updates{2.0, 20.0};
    // Opening cameras: a person clicks, a script hammers.
    RateSpec opens{1.0, 10.0};
    // ICE candidates arrive in bursts of dozens per connection.
    RateSpec signaling{50.0, 400.0};
    // Reactions and takebacks.
    RateSpec reactions{3.0, 15.0};
    // Refusals within a minute before the user is kicked for flooding.
    int max_refusals_per_minute = 30;
};

}  // namespace barertc::chat
