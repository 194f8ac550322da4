// Chat messages, DMs, takebacks and reactions (compat §1.6.2, §1.6.5, §1.6.11, §1.6.13),
// with the server-side message filters, DM link-spam protection and text logs on their way.
#include "chat/hub.hpp"
#include "chat/timestamps.hpp"

#include "chat/names.hpp"
#include "markup/markdown.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
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
    const bool text = remember;  // pictures are neither filtered nor logged (compat §1.6.6)
    Message out;
    out.action = act::kMessage;
    out.channel = channel.id;
    out.username = user.username;
    out.message = std::move(html);
    out.msg_id = next_msg_id();
    records_.add(out.msg_id, MessageRecord{channel.id, user.folded, {}});

    context_.add(channel.id, context_line(unix_now(), user.username, raw));
    FilterVerdict verdict;
    if (text) {
        refresh_moderation();
        verdict = apply_filters(user, channel.id, false, channel.id, raw, out.message);
    }
    if (!verdict.forward) {
        send(user, out);  // only the sender sees it
        if (!verdict.response.empty()) notice(user, verdict.response);
        return;
    }
    if (text) chat_log_.public_message(channel.id, user.username, raw, unix_now());
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
    if (!verdict.response.empty()) notice(user, verdict.response);
}

void Hub::post_direct(User& user, const std::string& typed_name, User* recipient,
                      std::string html, const std::string& raw, bool archive) {
    const bool text = archive;  // pictures skip filters, link-spam checks and logs
    Message out;
    out.action = act::kMessage;
    out.channel = "@" + (recipient ? recipient->username : typed_name);
    out.username = user.username;
    out.message = std::move(html);
    out.msg_id = next_msg_id();
    const std::string recipient_folded = recipient ? recipient->folded : fold_name(typed_name);
    records_.add(out.msg_id, MessageRecord{{}, user.folded, recipient_folded});

    FilterVerdict verdict;
    if (text) {
        refresh_moderation();
        // DMs with an operator on either side are never filtered (compat §2.7).
        if (!user.op && !(recipient && recipient->op))
            verdict = apply_filters(user, out.channel, true,
                                    ContextLog::dm_key(user.username, out.channel.substr(1)), raw,
                                    out.message);
        if (verdict.forward && stop_link_spam(user, recipient_folded, out.channel, raw)) return;
    }
    send(user, out);  // the sender's own copy, filed under "@recipient"
    if (!verdict.response.empty()) notice(user, verdict.response);
    if (!verdict.forward) return;

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
    if (text) chat_log_.direct_message(user.username, recipient->username, raw, unix_now());
    if (archive && options_.dm_archive)
        options_.dm_archive->add(out.msg_id, user.username, recipient->username, out.message,
                                 unix_now());
    out.channel = "@" + user.username;
    send(*recipient, out);
}

void Hub::refresh_moderation() {
    if (filters_.source() != settings_.message_filters) {
        filters_ = MessageFilters(settings_.message_filters);
        if (filters_.compiled_phrases())
            spdlog::info("message filters: {} phrases active", filters_.compiled_phrases());
    }
    link_spam_.configure(settings_.dm_link_spam_protection);
    chat_log_.configure(settings_.logging);
}

FilterVerdict Hub::apply_filters(User& user, const std::string& channel, bool direct,
                                 const std::string& context_key, const std::string& raw,
                                 std::string& html) {
    FilterVerdict verdict = filters_.check(html, direct);
    if (!verdict.matched) return verdict;
    spdlog::info("message filter matched a message by '{}' in {}", user.username,
                 channel.substr(0, 64));
    if (verdict.report) {
        if (user.op && !direct) {
            notice(user, "Your message matched a server-side filter and would have been "
                         "reported to the moderators, but operators are exempt.");
        } else {
            std::string context = context_.text(context_key);
            if (direct) context += context_line(unix_now(), user.username, raw) + "\n";
            Report r;
            r.from_username = protocol::kChatServerName;
            r.about_username = user.username;
            r.channel = channel;
            r.timestamp = rfc1123(unix_now());
            r.reason = "Server Side Message Filter";
            r.message = html;
            r.comment = "This message was reported automatically by a server-side message "
                        "filter.\n\nRecent messages:\n" + context;
            auto_report(std::move(r));
        }
    }
    html = std::move(verdict.html);
    verdict.html.clear();
    return verdict;
}

bool Hub::stop_link_spam(User& user, const std::string& recipient_folded,
                         const std::string& channel, const std::string& raw) {
    if (user.op || recipient_folded == user.folded) return false;
    const std::int64_t now = unix_now();
    const LinkSpamGuard::Verdict verdict = link_spam_.check(user.folded, recipient_folded, raw, now);
    if (verdict == LinkSpamGuard::Verdict::ok) return false;
    const config::DmLinkSpamSettings& s = link_spam_.settings();
    const std::int64_t hours = std::min<std::int64_t>(s.ban_hours, 100 * 8760);
    const bool ban = verdict == LinkSpamGuard::Verdict::ban && hours > 0;
    spdlog::warn("'{}' {} for sending one link to more than {} people by DM", user.username,
                 ban ? "banned" : "kicked", s.max_threads);

    Report r;
    r.from_username = protocol::kChatServerName;
    r.about_username = user.username;
    r.channel = channel;
    r.timestamp = rfc1123(now);
    r.reason = "Spam Detected";
    r.message = raw.substr(0, 2000);
    r.comment = "The same link was sent by direct message to more than " +
                std::to_string(s.max_threads) + " people within " +
                std::to_string(s.time_limit_seconds) + " seconds. " +
                (ban ? "It happened again after a kick, so the user was banned for " +
                           std::to_string(hours) + " hours."
                     : std::string("The user was kicked with a warning."));
    auto_report(std::move(r));

    if (ban) {
        Ban b;
        b.username = user.folded;
        b.expires_at = now + hours * 3600;
        b.by = protocol::kChatServerName;
        b.reason = "DM link spam";
        bans().add(b);
        kick(user, protocol::presence::kBanned,
             "You have been banned for " + std::to_string(hours) +
                 " hours for sending the same link to too many people.");
    } else {
        kick(user, protocol::presence::kKicked,
             "You have been kicked for sending the same link to too many people. "
             "If you do it again, you will be banned.");
    }
    return true;
}

void Hub::auto_report(Report report) {
    if (!options_.reports || !options_.reports->enabled()) return;
    const std::string about = report.about_username;
    const std::string reason = report.reason;
    options_.reports->send(std::move(report), [about, reason](bool ok, std::string error) {
        if (!ok)
            spdlog::warn("automatic report ({}) about '{}' was not delivered: {}", reason, about,
                         error);
    });
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

namespace {
// Emoji are non-ASCII apart from the keycap bases (0-9, #, *); anything else in a reaction
// (letters, markup, spaces) is not an emoji and must not reach other users' pages.
bool looks_like_emoji(std::string_view text) {
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80 && !std::isdigit(u) && c != '#' && c != '*') return false;
    }
    return true;
}
}  // namespace

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
    if (!looks_like_emoji(m.message)) {
        refuse(user, "A reaction must be one emoji.");
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
    bool deferred = false;
    for (auto& [name, receiver] : roster_) {
        if (filters_out(*receiver, subject, relation_policy_)) continue;
        // The subject sees its own notice at once (its login sequence); others with the next
        // who-list update, which carries the same news.
        if (receiver == &subject) {
            deliver(*receiver, frame);
        } else {
            receiver->deferred.push_back(frame);
            deferred = true;
        }
    }
    if (deferred) {
        presence_deferred_ = true;
        mark_who_pending();
    }
}

}  // namespace barertc::chat
