// The chat room: who is here, what they may do, and who receives what.
// Pure logic on one thread: no sockets, no locks. Connections reach it through Peer;
// the transport feeds it frames and calls flush_who() and send_pings() on timers.
//
// Seam for scaling out: every fan-out goes through deliver()/broadcast() and every
// identity change through login()/logout(); a cross-node bus plugs in there.
#pragma once

#include "chat/ban_store.hpp"
#include "chat/chat_log.hpp"
#include "chat/context_log.hpp"
#include "chat/echo_buffer.hpp"
#include "chat/limits.hpp"
#include "chat/link_spam.hpp"
#include "chat/message_filter.hpp"
#include "chat/message_records.hpp"
#include "chat/peer.hpp"
#include "chat/relations.hpp"
#include "chat/services.hpp"
#include "chat/user.hpp"
#include "chat/who_list.hpp"
#include "config/settings.hpp"
#include "protocol/codec.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace barertc::chat {

struct HubOptions {
    Limits limits;
    std::function<std::int64_t()> unix_now;  // wall clock, seconds (default: system clock)
    std::function<double()> steady_now;      // monotonic seconds (default: steady clock)
    BanStore* bans = nullptr;                // default: kept in memory by the hub
    ImageService* images = nullptr;          // none: image sharing is refused
    ReportService* reports = nullptr;        // none: reports are refused
    DmArchive* dm_archive = nullptr;         // none: DMs are not stored
    // Message IDs continue above this (the largest ID already stored), never reusing one.
    std::int64_t last_message_id = 0;
    // /shutdown: the transport stops the process (the supervisor restarts it).
    std::function<void()> request_shutdown;
    // /reconfigure: re-read the settings file into the argument; an error text on failure.
    std::function<std::optional<std::string>(config::Settings&)> reload_settings;
};

struct HubStats {
    std::size_t connections = 0;
    std::size_t logged_in = 0;
    std::uint64_t messages_in = 0;
    std::uint64_t deliveries = 0;
    std::uint64_t refused = 0;
    std::uint64_t rate_limited = 0;
    std::uint64_t logins = 0;
    // Refused or downgraded logins by reason: no_token, bad_token, unverified_guest, bad_name, banned.
    std::map<std::string, std::uint64_t> login_failures;
};

enum class AmendResult { ok, not_online, invalid_token };

class Hub {
public:
    explicit Hub(config::Settings settings, HubOptions options = {});
    ~Hub();
    Hub(const Hub&) = delete;
    Hub& operator=(const Hub&) = delete;

    // Expires when the hub is destroyed: a connection outliving it (a session still owned by
    // an unrun handler when the process stops) must not call back into it.
    std::weak_ptr<const void> lifetime() const { return lifetime_; }

    // Connection lifecycle, called by the transport.
    ClientId connect(Peer& peer, std::string remote_address);
    void receive(ClientId id, std::string_view frame);
    void receive_binary(ClientId id);
    // A logged-in user's leaving is announced with `presence` (the polling transport says
    // "has timed out!" for sessions that stopped polling).
    void disconnect(ClientId id, const char* presence = protocol::presence::kExited);

    // Timers, called by the transport.
    bool who_pending() const { return who_.pending() || presence_deferred_; }
    void flush_who();
    void send_pings();
    // Called whenever a who-list flush becomes due, so the transport can arm its timer.
    void on_who_pending(std::function<void()> callback) { who_pending_cb_ = std::move(callback); }

    const config::Settings& settings() const { return settings_; }
    // Tells everyone the server is restarting and closes every connection (close 1012, so
    // clients reconnect).
    void close_all();
    // Replaces the settings (SIGHUP, /reconfigure): channels, welcome messages, filters ...
    void apply_settings(config::Settings settings);
    HubStats stats() const;
    // Logged-in, non-hidden users (for statistics).
    std::vector<const User*> visible_users() const;

    // hub_admin.cpp: the host site's admin API (compat §4.3, §4.4).
    void cache_blocklist(const std::string& username, std::vector<std::string> names);
    std::vector<std::string> cached_blocklist(std::string_view username) const;
    void block_now(const std::vector<std::string>& usernames);
    // Returns how many of the named users were online and removed.
    int disconnect_now(const std::vector<std::string>& usernames, const std::string& message, bool kick);
    AmendResult amend_jwt(const std::string& username, const std::string& token);
    void announce_shutdown();  // "going down for a reboot" to everyone
    // Announces, then asks the transport to stop (the supervisor restarts us).
    void request_shutdown() {
        announce_shutdown();
        if (options_.request_shutdown) options_.request_shutdown();
    }
    bool online(std::string_view username) const;

private:
    // hub.cpp: plumbing
    User* find_client(ClientId id);
    User* find_user(std::string_view name);  // logged-in user by name, case-insensitively
    void deliver(User& to, const protocol::Frame& frame);
    void send(User& to, const protocol::Message& message);
    void notice(User& to, std::string_view html, std::string_view channel = {});
    void refuse(User& to, std::string_view html);  // a notice that counts towards flood kicks
    void send_disconnect(User& to);
    void send_ping(User& to, std::int64_t now);
    bool wants_turn_credentials(const User& user) const;
    void dispatch(User& user, protocol::Message& message);
    void mark_who_pending();
    bool rate_ok(User& user, TokenBucket& bucket, std::string_view what);
    double steady_now() const;
    std::int64_t unix_now() const;
    std::string random_letters(std::size_t n);
    std::int64_t next_msg_id() { return ++msg_id_counter_; }

    // hub_login.cpp
    void handle_login(User& user, protocol::Message& message);
    void finish_login(User& user, const protocol::Message& message);
    void attach_claims(User& user, const auth::Claims& claims);
    std::string unique_name(std::string_view wanted);
    void logout(User& user, const char* presence_text);  // leaves the room, keeps the socket
    void send_echo(User& user);
    void send_welcome(User& user);

    // hub_messages.cpp
    void handle_message(User& user, protocol::Message& message);
    // `raw` is the text as typed (for report context); images are neither remembered for
    // the echo backlog nor archived.
    void post_public(User& user, const config::PublicChannel& channel, std::string html,
                     const std::string& raw, bool remember);
    void post_direct(User& user, const std::string& typed_name, User* recipient,
                     std::string html, const std::string& raw, bool archive);
    void handle_file(User& user, const protocol::Message& message);
    void handle_report(User& user, const protocol::Message& message);
    void handle_takeback(User& user, const protocol::Message& message);
    void handle_react(User& user, const protocol::Message& message);
    void broadcast_presence(const User& subject, const char* text);
    const config::PublicChannel* find_channel(std::string_view id) const;
    // [[MessageFilters]], [DMLinkSpamProtection], [Logging] (compat §2.7, §7.4, §7.7).
    // Brings filters, link-spam limits and log files in line with settings_; cheap when
    // nothing changed, so it runs before each text message as well as at construction.
    void refresh_moderation();
    // Runs the filters on `html`, censoring it in place and sending any automatic report;
    // the verdict says whether to forward it and what to tell the sender.
    FilterVerdict apply_filters(User& user, const std::string& channel, bool direct,
                                const std::string& context_key, const std::string& raw,
                                std::string& html);
    // True when the DM was link spam and the sender has been kicked or banned.
    bool stop_link_spam(User& user, const std::string& recipient_folded,
                        const std::string& channel, const std::string& raw);
    void auto_report(Report report);

    // hub_video.cpp
    void handle_me(User& user, const protocol::Message& message);
    void handle_open(User& user, const protocol::Message& message);
    void handle_signal(User& user, const protocol::Message& message);

    // hub_commands.cpp
    bool handle_command(User& user, const std::string& text);
    void kick(User& target, const char* presence_text, const std::string& why);
    BanStore& bans() { return options_.bans ? *options_.bans : memory_bans_; }

    // hub_relations.cpp
    void handle_relation(User& user, const protocol::Message& message);
    bool add_relation(User& user, NameSet& set, std::string_view name);
    void relation_touched(User& subject, std::string_view other_name);

    config::Settings settings_;
    HubOptions options_;
    RelationPolicy relation_policy_;
    std::unordered_map<ClientId, std::unique_ptr<User>> clients_;
    std::shared_ptr<const void> lifetime_ = std::make_shared<int>(0);
    bool presence_deferred_ = false;  // some user has deferred presence notices
    Roster roster_;                                   // logged in, by exact name (sorted)
    std::unordered_map<std::string, User*> by_folded_;  // logged in, by folded name
    WhoList who_;
    std::map<std::string, EchoBuffer> echo_;  // per public channel ID
    MessageRecords records_;
    ClientId next_id_ = 0;
    std::int64_t msg_id_counter_ = 0;
    std::mt19937_64 rng_;
    std::function<void()> who_pending_cb_;
    HubStats stats_;
    MemoryBanStore memory_bans_;
    ContextLog context_;
    MessageFilters filters_;
    LinkSpamGuard link_spam_;
    ChatLog chat_log_;
    // Blocklists the site pushed ahead of a user's visit (folded name -> names), bounded.
    static constexpr std::size_t kMaxCachedBlocklists = 100000;
    std::map<std::string, std::vector<std::string>> cached_blocklists_;
};

}  // namespace barertc::chat
