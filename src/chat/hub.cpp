#include "chat/hub.hpp"

#include <algorithm>

#include "auth/turn_credentials.hpp"
#include "chat/names.hpp"
#include "markup/markdown.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace barertc::chat {
namespace act = protocol::action;
using protocol::Message;

namespace {

std::int64_t system_unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double system_steady_now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

WhoPolicy who_policy(const config::Settings& s) {
    return WhoPolicy{RelationPolicy{s.blockable_admins}, s.vip.mutually_secret};
}

// The sync set the web client sends before it logs in (compat §1.6.1 step 2).
bool allowed_before_login(std::string_view action) {
    return action == act::kMute || action == act::kUnmute || action == act::kBoot ||
           action == act::kUnboot || action == act::kBlock || action == act::kBlocklist ||
           action == act::kVideoInvite || action == act::kLogin || action == act::kPing;
}

}  // namespace

Hub::Hub(config::Settings settings, HubOptions options)
    : settings_(std::move(settings)),
      options_(std::move(options)),
      relation_policy_{settings_.blockable_admins},
      who_(roster_, who_policy(settings_)),
      records_(options_.limits.max_message_records),
      rng_(std::random_device{}()) {
    if (!options_.unix_now) options_.unix_now = system_unix_now;
    if (!options_.steady_now) options_.steady_now = system_steady_now;
    // Message IDs start at the start time, as the original's do, so IDs from a previous
    // run are unlikely to collide with new ones.
    msg_id_counter_ = std::max(unix_now(), options_.last_message_id);
    for (const auto& channel : settings_.public_channels)
        echo_.emplace(channel.id,
                      EchoBuffer(static_cast<std::size_t>(channel.echo_messages_on_join)));
    refresh_moderation();
}

Hub::~Hub() = default;

double Hub::steady_now() const { return options_.steady_now(); }
std::int64_t Hub::unix_now() const { return options_.unix_now(); }

ClientId Hub::connect(Peer& peer, std::string remote_address) {
    auto user = std::make_unique<User>();
    user->id = ++next_id_;
    user->peer = &peer;
    user->remote_address = std::move(remote_address);
    const Limits& l = options_.limits;
    user->message_bucket = TokenBucket(l.messages);
    user->me_bucket = TokenBucket(l.me_updates);
    user->open_bucket = TokenBucket(l.opens);
    user->signaling_bucket = TokenBucket(l.signaling);
    user->reaction_bucket = TokenBucket(l.reactions);
    ClientId id = user->id;
    clients_.emplace(id, std::move(user));
    return id;
}

void Hub::disconnect(ClientId id, const char* presence) {
    auto it = clients_.find(id);
    if (it == clients_.end()) return;
    User& user = *it->second;
    if (user.logged_in) logout(user, presence);
    who_.forget(id);
    clients_.erase(it);
}

User* Hub::find_client(ClientId id) {
    auto it = clients_.find(id);
    return it == clients_.end() ? nullptr : it->second.get();
}

User* Hub::find_user(std::string_view name) {
    auto it = by_folded_.find(fold_name(name));
    return it == by_folded_.end() ? nullptr : it->second;
}

void Hub::deliver(User& to, const protocol::Frame& frame) {
    if (!to.peer) return;
    ++stats_.deliveries;
    to.peer->send(frame);
}

void Hub::send(User& to, const Message& message) {
    deliver(to, protocol::make_frame(protocol::encode(message)));
}

void Hub::notice(User& to, std::string_view html, std::string_view channel) {
    Message m;
    m.action = act::kError;
    m.username = protocol::kChatServerName;
    m.message = std::string(html);
    m.channel = std::string(channel);
    send(to, m);
}

void Hub::refuse(User& user, std::string_view html) {
    ++stats_.refused;
    notice(user, html);
    const double now = steady_now();
    if (now - user.refusal_window_start > 60.0) {
        user.refusal_window_start = now;
        user.refusals = 0;
    }
    if (++user.refusals > options_.limits.max_refusals_per_minute) {
        spdlog::warn("client {} ({}, '{}') kicked for flooding", user.id, user.remote_address,
                     user.username);
        if (user.logged_in) logout(user, protocol::presence::kKicked);
        notice(user, "You have been disconnected for sending too much, too fast.");
        send_disconnect(user);
        if (user.peer) user.peer->close(CloseReason::policy);
    }
}

void Hub::send_disconnect(User& to) {
    Message m;
    m.action = act::kDisconnect;
    send(to, m);
}

bool Hub::rate_ok(User& user, TokenBucket& bucket, std::string_view what) {
    if (bucket.take(steady_now())) return true;
    ++stats_.rate_limited;
    spdlog::info("client {} ('{}') over the {} rate limit", user.id, user.username, what);
    refuse(user, "Slow down: you are sending " + std::string(what) + " too fast.");
    return false;
}

void Hub::mark_who_pending() {
    if (who_pending_cb_) who_pending_cb_();
}

void Hub::flush_who() {
    if (presence_deferred_) {
        presence_deferred_ = false;
        for (auto& [name, user] : roster_) {
            for (auto& frame : user->deferred) deliver(*user, frame);
            std::vector<protocol::Frame>().swap(user->deferred);  // idle users hold nothing
        }
    }
    who_.flush([this](User& to, protocol::Frame frame) { deliver(to, frame); });
}

void Hub::receive_binary(ClientId id) {
    User* user = find_client(id);
    if (!user) return;
    spdlog::info("client {} ({}) sent a binary frame", id, user->remote_address);
    refuse(*user, "Binary frames are not supported: send JSON text frames.");
}

void Hub::receive(ClientId id, std::string_view frame) {
    User* user = find_client(id);
    if (!user) return;
    ++stats_.messages_in;
    protocol::DecodeLimits limits;
    limits.max_file_bytes = static_cast<std::size_t>(settings_.websocket_read_limit);
    protocol::DecodeResult decoded = protocol::decode(frame, limits);
    if (!decoded.ok) {
        spdlog::info("client {} ({}) sent an unreadable message: {}", id, user->remote_address,
                     decoded.error);
        refuse(*user, "Your message could not be read: " + markup::escape_html(decoded.error));
        return;
    }
    if (frame.size() > options_.limits.max_text_frame_bytes &&
        decoded.message.action != act::kFile) {
        spdlog::info("client {} ({}) sent a {}-byte '{}' frame", id, user->remote_address,
                     frame.size(), decoded.message.action.substr(0, 32));
        refuse(*user, "That message is too large (the limit is " +
                          std::to_string(options_.limits.max_text_frame_bytes / 1024) + " KiB).");
        return;
    }
    dispatch(*user, decoded.message);
}

void Hub::dispatch(User& user, Message& m) {
    const std::string& a = m.action;
    if (!user.logged_in && !allowed_before_login(a)) {
        refuse(user, "You must log in first.");
        return;
    }
    if (a == act::kLogin) handle_login(user, m);
    else if (a == act::kMessage) handle_message(user, m);
    else if (a == act::kMe) handle_me(user, m);
    else if (a == act::kOpen) handle_open(user, m);
    else if (a == act::kSdp || a == act::kCandidate || a == act::kWatch || a == act::kUnwatch)
        handle_signal(user, m);
    else if (a == act::kMute || a == act::kUnmute || a == act::kBoot || a == act::kUnboot ||
             a == act::kBlock || a == act::kBlocklist || a == act::kVideoInvite)
        handle_relation(user, m);
    else if (a == act::kTakeback) handle_takeback(user, m);
    else if (a == act::kFile) handle_file(user, m);
    else if (a == act::kReport) handle_report(user, m);
    else if (a == act::kReact) handle_react(user, m);
    else if (a == act::kPing) return;  // polling clients poll with it; nothing to do
    else {
        spdlog::info("client {} ('{}') sent unsupported action '{}'", user.id, user.username,
                     a.substr(0, 64));
        refuse(user, "Unsupported message type: " + markup::escape_html(a.substr(0, 64)));
    }
}

void Hub::send_pings() {
    const std::int64_t now = unix_now();
    Message bare;
    bare.action = act::kPing;
    const protocol::Frame bare_frame = protocol::make_frame(protocol::encode(bare));
    for (auto& [id, user] : clients_) {
        const bool jwt_refresh = user->claims && !settings_.jwt.secret_key.empty();
        if (!jwt_refresh && !wants_turn_credentials(*user)) {
            deliver(*user, bare_frame);
            continue;
        }
        send_ping(*user, now);
    }
}

void Hub::send_ping(User& user, std::int64_t now) {
    Message ping;
    ping.action = act::kPing;
    if (user.claims && !settings_.jwt.secret_key.empty()) {
        // A fresh 5-minute token lets the client reconnect after a server restart.
        ping.jwt = auth::sign_jwt(*user.claims, settings_.jwt.secret_key, now, 5 * 60);
        const auth::Rules& r = user.rules;
        ping.jwt_rules = protocol::JwtRulesDict{r.red_cam, r.no_broadcast, r.no_video,
                                                r.no_image, r.no_dark_video};
    }
    if (wants_turn_credentials(user)) {
        // Fresh on every ping, so a long stay never ends up with expired credentials.
        const config::TurnSettings& t = settings_.turn;
        auth::TurnCredential c = auth::make_turn_credential(t.shared_secret, user.username, now,
                                                            t.credential_lifetime);
        ping.turn = protocol::TurnCredentials{std::move(c.username), std::move(c.credential), c.expires};
    }
    send(user, ping);
}

bool Hub::wants_turn_credentials(const User& user) const {
    return user.logged_in && user.turn_credentials && settings_.turn.using_shared_secret();
}

void Hub::close_all() {
    Message restart;
    restart.action = act::kError;
    restart.username = protocol::kChatServerName;
    restart.message = "The chat server is restarting. You will be reconnected in a moment.";
    const protocol::Frame frame = protocol::make_frame(protocol::encode(restart));
    for (auto& [id, user] : clients_) {
        if (user->logged_in) deliver(*user, frame);
        if (user->peer) user->peer->close(CloseReason::restarting);
    }
}

HubStats Hub::stats() const {
    HubStats s = stats_;
    s.connections = clients_.size();
    s.logged_in = roster_.size();
    return s;
}

std::vector<const User*> Hub::visible_users() const {
    std::vector<const User*> out;
    for (const auto& [name, user] : roster_)
        if (!user->hidden()) out.push_back(user);
    return out;
}

std::string Hub::random_letters(std::size_t n) {
    std::uniform_int_distribution<int> letter('a', 'z');
    std::string out(n, 'a');
    for (char& c : out) c = static_cast<char>(letter(rng_));
    return out;
}

const config::PublicChannel* Hub::find_channel(std::string_view id) const {
    for (const auto& c : settings_.public_channels)
        if (c.id == id) return &c;
    return nullptr;
}

}  // namespace barertc::chat
