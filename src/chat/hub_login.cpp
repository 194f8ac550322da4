// Joining and leaving the room (compat §1.6.1, §1.6.17; ours.md "Authentication").
#include "chat/hub.hpp"

#include "chat/names.hpp"
#include "chat/safe_url.hpp"
#include "markup/markdown.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace barertc::chat {
namespace act = protocol::action;
using protocol::Message;
using markup::escape_html;


void Hub::handle_login(User& user, Message& m) {
    if (user.logged_in) {
        notice(user, "You are already logged in.");
        return;
    }
    const config::JwtSettings& jwt = settings_.jwt;
    const bool strict = jwt.enabled && jwt.strict;
    std::optional<auth::Claims> claims;
    std::string why_unverified;
    if (jwt.enabled && !m.jwt.empty()) {
        auth::VerifyResult r = auth::verify_jwt(m.jwt, jwt.secret_key, unix_now());
        if (!r.ok()) why_unverified = std::string(auth::describe(r.error));
        else if (r.claims.subject.empty()) why_unverified = "the token names no user (sub)";
        else claims = std::move(r.claims);
    }
    if (!claims) {
        if (strict) {
            ++stats_.login_failures[m.jwt.empty() ? "no_token" : "bad_token"];
            spdlog::info("client {} ({}) login refused: {}", user.id, user.remote_address,
                         m.jwt.empty() ? "no token (strict mode)" : why_unverified);
            notice(user, m.jwt.empty()
                             ? "This chat room requires you to sign in through its website."
                             : "Your sign-in could not be verified (" +
                                   escape_html(why_unverified) +
                                   "). Please go back to the website and open the chat again.");
            send_disconnect(user);
            if (user.peer) user.peer->close(CloseReason::normal);
            return;
        }
        if (!why_unverified.empty()) {
            ++stats_.login_failures["unverified_guest"];
            spdlog::info("client {} ({}) token not verified ({}), joining as a guest", user.id,
                         user.remote_address, why_unverified);
            notice(user, "Your sign-in could not be verified (" + escape_html(why_unverified) +
                             "), so you are joining as a guest.");
        }
    }

    std::string wanted = claims ? claims->subject : std::string(trim(m.username));
    if (wanted.empty()) wanted = "anonymous";
    if (auto problem =
            username_problem(wanted, options_.limits.max_username_chars, claims.has_value())) {
        ++stats_.login_failures["bad_name"];
        spdlog::info("client {} ({}) login refused: {}", user.id, user.remote_address, *problem);
        refuse(user, "You cannot use that username: " + escape_html(*problem) + ".");
        return;
    }

    if (auto ban = bans().find(fold_name(wanted), user.remote_address, unix_now())) {
        ++stats_.login_failures["banned"];
        const std::int64_t hours = (ban->expires_at - unix_now() + 3599) / 3600;
        spdlog::info("client {} ({}) login refused: '{}' is banned", user.id, user.remote_address,
                     wanted);
        notice(user, "You are banned from this chat room for " + std::to_string(hours) +
                         (hours == 1 ? " more hour." : " more hours."));
        send_disconnect(user);
        if (user.peer) user.peer->close(CloseReason::normal);
        return;
    }
    if (User* holder = find_user(wanted)) {
        if (claims) {
            // The verified owner of a name takes it back from anyone: an older session of
            // their own, or a guest who typed it.
            spdlog::info("'{}' signed in again; signing out the older session {}", wanted,
                         holder->id);
            notice(*holder,
                   "You have been signed out of chat because you logged in from another place.");
            send_disconnect(*holder);
            logout(*holder, nullptr);
            if (holder->peer) holder->peer->close(CloseReason::normal);
        } else {
            wanted = unique_name(wanted);
        }
    }

    user.username = wanted;
    user.folded = fold_name(wanted);
    if (claims) attach_claims(user, *claims);
    for (const auto& rule : settings_.moderation_rules) {
        if (fold_name(rule.username) != user.folded) continue;
        user.rules.red_cam |= rule.camera_always_nsfw;
        user.rules.no_broadcast |= rule.no_broadcast || rule.no_video;
        user.rules.no_video |= rule.no_video;
        user.rules.no_image |= rule.no_image;
        user.rules.no_dark_video |= rule.no_dark_video;
    }
    finish_login(user, m);
}

void Hub::attach_claims(User& user, const auth::Claims& claims) {
    user.claims = claims;
    user.op = claims.op;
    user.vip = claims.vip;
    user.nickname = plain_display_text(claims.nickname);
    user.emoji = plain_display_text(claims.emoji);
    user.gender = plain_display_text(claims.gender);
    user.avatar = safe_profile_url(claims.avatar, settings_.website_url);
    user.profile_url = safe_profile_url(claims.profile_url, settings_.website_url);
    user.rules = auth::rules_from_claims(claims);
}

std::string Hub::unique_name(std::string_view wanted) {
    for (int n = 2;; ++n) {
        std::string candidate = std::string(wanted) + " " + std::to_string(n);
        if (!find_user(candidate)) return candidate;
    }
}

void Hub::finish_login(User& user, const Message& m) {
    user.logged_in = true;
    ++stats_.logins;
    user.login_at = unix_now();
    user.dnd = m.dnd;
    const auto asked_for = [&](std::string_view feature) {
        return std::find(m.features.begin(), m.features.end(), feature) != m.features.end();
    };
    user.who_delta = asked_for("whoDelta");
    user.turn_credentials = asked_for("turnCredentials");
    roster_[user.username] = &user;
    by_folded_[user.folded] = &user;
    spdlog::info("client {} ({}) logged in as '{}'{}{}", user.id, user.remote_address,
                 user.username, user.claims ? " (JWT)" : " (guest)", user.op ? " [op]" : "");

    Message me;
    me.action = act::kMe;
    me.username = user.username;
    me.video = user.video;
    send(user, me);
    // Guests' pages carry no TURN credentials (the name was not known yet): send them now,
    // before anyone can open a camera.
    if (wants_turn_credentials(user)) send_ping(user, user.login_at);

    // The newcomer gets its list now; everyone else learns of it in the next coalesced flush.
    who_.joined(user);
    deliver(user, who_.full_list(user));
    who_.sent_full_list(user);
    mark_who_pending();

    send_echo(user);
    broadcast_presence(user, protocol::presence::kJoined);
    send_welcome(user);
}

void Hub::logout(User& user, const char* presence_text) {
    if (!user.logged_in) return;
    if (presence_text && !user.hidden()) broadcast_presence(user, presence_text);
    roster_.erase(user.username);
    by_folded_.erase(user.folded);
    who_.left(user);
    for (const std::string& other : user.pairings)
        if (User* o = find_user(other)) o->pairings.erase(user.folded);
    user.pairings.clear();
    user.logged_in = false;
    user.has_full_who = false;
    user.video = 0;
    mark_who_pending();
}

void Hub::send_echo(User& user) {
    Message echo;
    echo.action = act::kEcho;
    for (const auto& channel : settings_.public_channels) {
        if (channel.vip && !user.vip && !user.op) continue;
        auto it = echo_.find(channel.id);
        if (it == echo_.end()) continue;
        for (const Message& past : it->second.messages()) {
            const std::string author = fold_name(past.username);
            if (user.muted.count(author) || user.blocked.count(author)) continue;
            echo.messages.push_back(past);
        }
    }
    send(user, echo);
}

void Hub::send_welcome(User& user) {
    for (const auto& channel : settings_.public_channels) {
        if (channel.vip && !user.vip && !user.op) continue;
        for (const std::string& text : channel.welcome_messages)
            notice(user, markup::render_markdown(text), channel.id);
    }
}

}  // namespace barertc::chat
