// Image shares and reports (compat §1.6.6, §1.6.15): the slow parts run elsewhere and come
// back through callbacks, by which time the sender may have left.
#include "chat/hub.hpp"

#include "chat/names.hpp"
#include "markup/markdown.hpp"

#include <spdlog/spdlog.h>

namespace barertc::chat {
namespace act = protocol::action;
using markup::escape_html;
using protocol::Message;

void Hub::handle_file(User& user, const Message& m) {
    if (!rate_ok(user, user.message_bucket, "messages")) return;
    if (user.rules.no_image) {
        refuse(user, settings_.strings.mod_rule_error_no_image.empty()
                         ? "You are not allowed to share images."
                         : settings_.strings.mod_rule_error_no_image);
        return;
    }
    const bool direct = !m.channel.empty() && m.channel.front() == '@';
    User* recipient = direct ? find_user(m.channel.substr(1)) : nullptr;
    if (direct) {
        if (!recipient) {
            notice(user, "Could not share the image: @" + escape_html(m.channel.substr(1, 64)) +
                             " appears to be offline.");
            return;
        }
        // As the original client enforces: images in DMs only with an operator involved.
        if (!user.op && !recipient->op) {
            refuse(user, "Images can only be shared in direct messages with a chat operator.");
            return;
        }
    } else {
        const config::PublicChannel* channel = find_channel(m.channel);
        if (!channel) {
            refuse(user, "There is no channel named \"" + escape_html(m.channel.substr(0, 64)) + "\".");
            return;
        }
        if (!channel->permit_photos) {
            refuse(user, "Images are not allowed in this channel.");
            return;
        }
        if (channel->vip && !user.vip && !user.op) {
            refuse(user, "Only VIP members can post in this channel.");
            return;
        }
    }
    if (!options_.images) {
        refuse(user, "Image sharing is not available on this server.");
        return;
    }
    if (m.bytes.empty()) {
        refuse(user, "The image was empty.");
        return;
    }
    const ClientId id = user.id;
    const std::string channel = m.channel;
    const std::string recipient_name = recipient ? recipient->username : std::string();
    options_.images->process(m.bytes, [this, id, channel, recipient_name](ImageOutcome outcome) {
        User* sender = find_client(id);
        if (!sender || !sender->logged_in) return;
        if (!outcome.ok) {
            notice(*sender, escape_html(outcome.error));
            return;
        }
        if (recipient_name.empty()) {
            if (const config::PublicChannel* c = find_channel(channel))
                post_public(*sender, *c, std::move(outcome.html), "[shared an image]", false);
        } else {
            post_direct(*sender, recipient_name, find_user(recipient_name), std::move(outcome.html),
                        "[shared an image]", false);
        }
    });
}

void Hub::handle_report(User& user, const Message& m) {
    if (!options_.reports || !options_.reports->enabled()) {
        refuse(user, "Reporting is not available on this server.");
        return;
    }
    if (!rate_ok(user, user.reaction_bucket, "reports")) return;
    auto cap = [](const std::string& s) { return s.substr(0, 10000); };
    Report r{user.username, cap(m.username), cap(m.channel), cap(m.timestamp),
             cap(m.reason),  cap(m.message),  cap(m.comment)};
    if (!m.channel.empty() && m.channel.front() == '@') {
        std::string partner = m.channel.substr(1);
        if (User* p = find_user(partner)) partner = p->username;
        const std::string context = context_.text(ContextLog::dm_key(user.username, partner));
        if (!context.empty()) r.message += "\n\nRecent messages in this conversation:\n" + context;
    }
    spdlog::info("'{}' reported '{}' in {} ({})", user.username, r.about_username.substr(0, 64),
                 r.channel.substr(0, 64), r.reason.substr(0, 64));
    const ClientId id = user.id;
    options_.reports->send(std::move(r), [this, id](bool ok, std::string error) {
        User* reporter = find_client(id);
        if (!reporter) return;
        notice(*reporter, ok ? "Your report has been delivered to the chat moderators. Thank you."
                             : "Your report could not be delivered: " + escape_html(error) +
                                   ". Please try again later.");
    });
}

}  // namespace barertc::chat
