// Chat messages, DMs, takebacks and reactions (compat §1.6.2, §1.6.5, §1.6.11, §1.6.13).
#include "chat/hub.hpp"

#include "chat/names.hpp"
#include "markup/markdown.hpp"

#include <spdlog/spdlog.h>

#include <ctime>

namespace barertc::chat {
namespace act = protocol::action;
using markup::escape_html;
using protocol::Message;

namespace {

// "2024-05-01 12:00:00 [alice] hello", the original's context format.
std::string context_line(std::int64_t unix_seconds, const std::string& who, const std::string& raw) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return std::string(buf) + " [" + who + "] " + raw.substr(0, 1000);
}

std::string rfc3339(std::int64_t unix_seconds) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

void Hub::handle_message(User& user, Message& m) {
    if (!rate_ok(user, user.message_bucket, "messages")) return;
    const std::size_t length = utf8_length(m.message);
    if (length > options_.limits.max_message_chars) {
        refuse(user, "Your message is too long (" + std::to_string(length) +
                         " characters; the limit is " +
                         std::to_string(options_.limits.max_message_chars) + ").");
        return;
    }
    if (!m.message.empty() && m.message.front() == '/' && handle_command(user, m.message)) return;
    std::string html = markup::render_markdown(m.message);
    if (html.empty()) return;

    if (!m.channel.empty() && m.channel.front() == '@') {
        const std::string target = m.channel.substr(1);
        post_direct(user, target, find_user(target), std::move(html), m.message, true);
        return;
    }
    const config::PublicChannel* channel = find_channel(m.channel);
    if (!channel) {
        refuse(user, "There is no channel named \"" + escape_html(m.channel.substr(0, 64)) + "\".");
        return;
    }
    if (channel->vip && !user.vip && !user.op) {
        refuse(user, "Only VIP members can post in this channel.");
        return;
    }
    post_public(user, *channel, std::move(html), m.message, true);
}

void Hub::post_public(User& user, const config::PublicChannel& channel, std::string html,
                      const std::string& raw, bool remember) {
    Message out;
    out.action = act::kMessage;
    out.channel = channel.id;
    out.username = user.username;
    out.message = std::move(html);
    out.msg_id = next_msg_id();
    records_.add(out.msg_id, MessageRecord{channel.id, user.folded, {}});

    context_.add(channel.id, context_line(unix_now(), user.username, raw));
    const protocol::Frame frame = protocol::make_frame(protocol::encode(out));
    if (auto it = echo_.find(channel.id); remember && it != echo_.end()) {
        out.timestamp = rfc3339(unix_now());
        it->second.push(std::move(out));
    }
    for (auto& [name, receiver] : roster_) {
        if (channel.vip && !receiver->vip && !receiver->op) continue;
        if (filters_out(*receiver, user, relation_policy_)) continue;
        deliver(*receiver, frame);
    }
}

void Hub::post_direct(User& user, const std::string& typed_name, User* recipient,
                      std::string html, const std::string& raw, bool archive) {
    Message out;
    out.action = act::kMessage;
    out.channel = "@" + (recipient ? recipient->username : typed_name);
    out.username = user.username;
    out.message = std::move(html);
    out.msg_id = next_msg_id();
    records_.add(out.msg_id,
                 MessageRecord{{}, user.folded, recipient ? recipient->folded : fold_name(typed_name)});
    send(user, out);  // the sender's own copy, filed under "@recipient"

    if (!recipient) {
        notice(user, "Could not deliver your message: @" + escape_html(typed_name.substr(0, 64)) +
                         " appears to be offline.");
        return;
    }
    if (recipient->muted.count(user.folded) && !user.op) return;  // silently, as the original
    if (user.muted.count(recipient->folded) && !user.op) {
        notice(user, "You have muted @" + escape_html(recipient->username) +
                         ", so your message was not sent to them.");
        return;
    }
    if (blocked_between(user, *recipient, relation_policy_)) return;
    context_.add(ContextLog::dm_key(user.username, recipient->username),
                 context_line(unix_now(), user.username, raw));
    if (archive && options_.dm_archive)
        options_.dm_archive->add(out.msg_id, user.username, recipient->username, out.message,
                                 unix_now());
    out.channel = "@" + user.username;
    send(*recipient, out);
}

void Hub::handle_takeback(User& user, const Message& m) {
    if (!rate_ok(user, user.reaction_bucket, "takebacks")) return;
    const MessageRecord* record = records_.find(m.msg_id);
    // A stored DM from an earlier session may be taken back too (compat §1.6.11).
    const bool archived = options_.dm_archive &&
                          options_.dm_archive->take_back(m.msg_id, user.username, user.op);
    if (!user.op && !archived && !(record && record->sender_folded == user.folded)) {
        refuse(user, "You can only take back your own messages.");
        return;
    }
    for (auto& [id, buffer] : echo_) buffer.erase(m.msg_id);
    Message out;
    out.action = act::kTakeback;
    out.msg_id = m.msg_id;
    const protocol::Frame frame = protocol::make_frame(protocol::encode(out));
    if (record && record->channel.empty()) {
        // A DM: only its two parties ever saw it.
        for (const std::string* party : {&record->sender_folded, &record->recipient_folded})
            if (User* u = find_user(*party)) deliver(*u, frame);
        return;
    }
    for (auto& [name, receiver] : roster_) deliver(*receiver, frame);
}

void Hub::handle_react(User& user, const Message& m) {
    if (!rate_ok(user, user.reaction_bucket, "reactions")) return;
    if (m.message.empty() || m.message.size() > options_.limits.max_reaction_bytes) {
        refuse(user, "A reaction must be one emoji.");
        return;
    }
    Message out;
    out.action = act::kReact;
    out.username = user.username;
    out.msg_id = m.msg_id;
    out.message = m.message;

    constexpr std::int64_t kNsfwNudge = -451;  // client convention: message = target user
    if (m.msg_id == kNsfwNudge) {
        if (User* target = find_user(m.message)) send(*target, out);
        return;
    }
    const MessageRecord* record = records_.find(m.msg_id);
    if (!record) {
        refuse(user, "That message is no longer available for reactions.");
        return;
    }
    const protocol::Frame frame = protocol::make_frame(protocol::encode(out));
    if (record->channel.empty()) {
        for (const std::string* party : {&record->sender_folded, &record->recipient_folded})
            if (User* u = find_user(*party); u && !filters_out(*u, user, relation_policy_))
                deliver(*u, frame);
        return;
    }
    const config::PublicChannel* channel = find_channel(record->channel);
    for (auto& [name, receiver] : roster_) {
        if (channel && channel->vip && !receiver->vip && !receiver->op) continue;
        if (filters_out(*receiver, user, relation_policy_)) continue;
        deliver(*receiver, frame);
    }
}

void Hub::broadcast_presence(const User& subject, const char* text) {
    Message out;
    out.action = act::kPresence;
    out.username = subject.username;
    out.message = text;
    const protocol::Frame frame = protocol::make_frame(protocol::encode(out));
    for (auto& [name, receiver] : roster_)
        if (!filters_out(*receiver, subject, relation_policy_)) deliver(*receiver, frame);
}

}  // namespace barertc::chat
