// Operator slash commands (compat §5). Only operators may run them; everyone else who types
// one of these names gets an error instead of posting it.
#include "chat/hub.hpp"
#include "chat/timestamps.hpp"

#include "chat/command_line.hpp"
#include "chat/names.hpp"
#include "markup/markdown.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <ctime>

namespace barertc::chat {
namespace act = protocol::action;
namespace vf = protocol::video_flag;
using markup::escape_html;
using protocol::Message;

namespace {

constexpr std::array<std::string_view, 15> kCommands{
    "/kick", "/ban", "/unban", "/bans", "/nsfw", "/cut", "/unmute-all", "/op", "/deop",
    "/help", "/help-advanced", "/shutdown", "/kickall", "/reconfigure", "/kick-all"};

constexpr const char* kHelp =
    "<strong>Moderator commands</strong><ul>"
    "<li><code>/kick &lt;user&gt;</code>: remove someone from the room</li>"
    "<li><code>/ban &lt;user&gt; [hours] [ip]</code>: remove and keep out (default 24 hours; "
    "<code>ip</code> also bans their address)</li>"
    "<li><code>/unban &lt;user&gt;</code>, <code>/bans</code>: lift a ban, list bans</li>"
    "<li><code>/nsfw &lt;user&gt;</code>: mark someone's camera Explicit</li>"
    "<li><code>/cut &lt;user&gt;</code>: turn someone's camera off</li>"
    "<li><code>/unmute-all</code>: undo your mutes and make yourself unblockable</li>"
    "<li><code>/help-advanced</code>: the dangerous ones</li></ul>";

constexpr const char* kHelpAdvanced =
    "<strong>Advanced commands</strong><ul>"
    "<li><code>/op &lt;user&gt;</code>, <code>/deop &lt;user&gt;</code>: grant or take operator "
    "rights for this session</li>"
    "<li><code>/kickall</code>: disconnect everyone (they may reload to come back)</li>"
    "<li><code>/reconfigure</code>: reload settings.toml</li>"
    "<li><code>/shutdown</code>: stop the server (your supervisor restarts it)</li></ul>";


std::string strip_at(std::string name) {
    if (!name.empty() && name.front() == '@') name.erase(0, 1);
    return name;
}

}  // namespace

bool Hub::handle_command(User& user, const std::string& text) {
    std::vector<std::string> words = split_command(text);
    if (words.empty()) return false;
    std::string command = words[0];
    std::transform(command.begin(), command.end(), command.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (std::find(kCommands.begin(), kCommands.end(), command) == kCommands.end())
        return false;  // "/shrug" and friends are ordinary messages
    if (!user.op) {
        refuse(user, "Only chat operators can use " + escape_html(command) + ".");
        return true;
    }
    spdlog::info("operator '{}' ran: {}", user.username, text.substr(0, 200));
    const std::string arg = words.size() > 1 ? strip_at(words[1]) : std::string();
    auto need_arg = [&](const char* usage) {
        if (!arg.empty()) return true;
        // Escaped: "<username>" would otherwise be an (invisible) HTML tag in the page.
        notice(user, "Usage: <code>" + escape_html(usage) + "</code>");
        return false;
    };
    auto online = [&](const std::string& name) -> User* {
        User* target = find_user(name);
        if (!target) notice(user, "@" + escape_html(name) + " is not online.");
        return target;
    };

    if (command == "/help") {
        notice(user, kHelp);
    } else if (command == "/help-advanced") {
        notice(user, kHelpAdvanced);
    } else if (command == "/kick") {
        if (!need_arg("/kick <username>")) return true;
        User* target = online(arg);
        if (!target) return true;
        if (target == &user) {
            notice(user, "You cannot kick yourself.");
            return true;
        }
        kick(*target, protocol::presence::kKicked,
             "You have been kicked from the chat room by a moderator.");
        notice(user, "@" + escape_html(arg) + " has been kicked from the room.");
    } else if (command == "/ban") {
        if (!need_arg("/ban <username> [hours] [ip]")) return true;
        int hours = 24;
        if (words.size() > 2) {
            const std::string& h = words[2];
            auto [end, ec] = std::from_chars(h.data(), h.data() + h.size(), hours);
            if (ec != std::errc() || end != h.data() + h.size() || hours < 1 || hours > 24 * 365) {
                notice(user, "The ban length must be a whole number of hours from 1 to 8760.");
                return true;
            }
        }
        User* target = find_user(arg);
        if (target == &user) {
            notice(user, "You cannot ban yourself.");
            return true;
        }
        Ban ban;
        ban.username = fold_name(arg);
        ban.expires_at = unix_now() + std::int64_t{hours} * 3600;
        ban.by = user.username;
        // Addresses are shared (NAT, a proxy without UseXForwardedFor): ban one only on request.
        const bool by_address = words.size() > 3 && words[3] == "ip";
        if (target && by_address) ban.address = target->remote_address;
        bans().add(ban);
        if (target)
            kick(*target, protocol::presence::kBanned,
                 "You have been banned from the chat room for " + std::to_string(hours) +
                     " hours.");
        notice(user, "@" + escape_html(arg) + " is banned for " + std::to_string(hours) + " hours.");
    } else if (command == "/unban") {
        if (!need_arg("/unban <username>")) return true;
        notice(user, bans().remove(fold_name(arg))
                         ? "@" + escape_html(arg) + " is no longer banned."
                         : "@" + escape_html(arg) + " was not banned.");
    } else if (command == "/bans") {
        auto list = bans().active(unix_now());
        if (list.empty()) {
            notice(user, "Nobody is banned.");
            return true;
        }
        std::string html = "<strong>Bans</strong><ul>";
        for (const Ban& b : list)
            html += "<li>" + escape_html(b.username) + " until " + rfc3339(b.expires_at) + "</li>";
        notice(user, html + "</ul>");
    } else if (command == "/nsfw") {
        if (!need_arg("/nsfw <username>")) return true;
        User* target = online(arg);
        if (!target) return true;
        if (!target->broadcasting() || (target->video & vf::kNsfw)) {
            notice(user, "@" + escape_html(arg) + " is not broadcasting a camera that could be marked.");
            return true;
        }
        target->video |= vf::kNsfw;
        notice(*target, "A chat moderator has marked your camera as Explicit. Please mark it "
                        "yourself when you broadcast explicit content.");
        Message me;
        me.action = act::kMe;
        me.username = target->username;
        me.video = target->video;
        send(*target, me);
        who_.changed(*target);
        mark_who_pending();
        notice(user, "@" + escape_html(arg) + "'s camera is now marked Explicit.");
        // As the original: the site hears which operator marked which camera (compat §4.5).
        if (options_.reports && options_.reports->enabled()) {
            Report r{user.username, target->username, "n/a", rfc3339(unix_now()),
                     "Camera marked Explicit by an operator",
                     "The chat operator " + user.username + " marked the camera of " +
                         target->username + " as Explicit (NSFW).",
                     ""};
            const ClientId id = user.id;
            options_.reports->send(std::move(r), [this, id](bool ok, std::string error) {
                if (ok) return;
                if (User* op = find_client(id))
                    notice(*op, "The report about the Explicit camera could not be delivered to the "
                                "website: " + escape_html(error) + ".");
            });
        }
    } else if (command == "/cut") {
        if (!need_arg("/cut <username>")) return true;
        User* target = online(arg);
        if (!target) return true;
        if (!target->broadcasting()) {
            notice(user, "@" + escape_html(arg) + " is not broadcasting.");
            return true;
        }
        Message cut;
        cut.action = act::kCut;
        send(*target, cut);
        notice(user, "@" + escape_html(arg) + "'s camera has been turned off.");
    } else if (command == "/unmute-all") {
        for (const std::string& name : user.muted) relation_touched(user, name);
        user.muted.clear();
        user.unblockable = true;
        notice(user, "You have unmuted everyone, and nobody can block you now.");
    } else if (command == "/op" || command == "/deop") {
        if (!need_arg(command == "/op" ? "/op <username>" : "/deop <username>")) return true;
        User* target = online(arg);
        if (!target) return true;
        target->op = command == "/op";
        who_.changed(*target);
        mark_who_pending();
        notice(*target, target->op ? "You have been made a chat operator."
                                   : "You are no longer a chat operator.");
        notice(user, "@" + escape_html(arg) + (target->op ? " is now an operator." : " is no longer an operator."));
    } else if (command == "/kickall" || command == "/kick-all") {
        std::string text = "The chat server is asking everyone to reconnect. Please reload the page";
        if (settings_.jwt.enabled && !settings_.jwt.landing_page_url.empty())
            text += " or <a href=\"" + escape_html(settings_.jwt.landing_page_url) +
                    "\">go back to the website</a>";
        text += ".";
        std::vector<User*> everyone;
        for (auto& [name, u] : roster_) everyone.push_back(u);
        for (User* u : everyone) {
            notice(*u, text);
            send_disconnect(*u);
            logout(*u, nullptr);
            if (u->peer) u->peer->close(CloseReason::normal);
        }
    } else if (command == "/reconfigure") {
        if (!options_.reload_settings) {
            notice(user, "This server cannot reload its settings.");
            return true;
        }
        config::Settings fresh;
        if (auto error = options_.reload_settings(fresh)) {
            notice(user, "The settings were not reloaded: " + escape_html(*error));
            return true;
        }
        apply_settings(std::move(fresh));
        notice(user, "Settings reloaded.");
    } else if (command == "/shutdown") {
        announce_shutdown();
        spdlog::warn("operator '{}' asked the server to shut down", user.username);
        if (options_.request_shutdown) options_.request_shutdown();
    }
    return true;
}

void Hub::kick(User& target, const char* presence_text, const std::string& why) {
    broadcast_presence(target, presence_text);
    notice(target, why);
    send_disconnect(target);
    logout(target, nullptr);
    if (target.peer) target.peer->close(CloseReason::normal);
}

void Hub::apply_settings(config::Settings settings) {
    settings_ = std::move(settings);
    relation_policy_ = RelationPolicy{settings_.blockable_admins};
    who_.set_policy(WhoPolicy{relation_policy_, settings_.vip.mutually_secret});
    for (const auto& channel : settings_.public_channels)
        if (!echo_.count(channel.id))
            echo_.emplace(channel.id,
                          EchoBuffer(static_cast<std::size_t>(channel.echo_messages_on_join)));
    refresh_moderation();  // filters and logging follow the new settings at once
    for (auto& [name, user] : roster_) who_.changed(*user);
    mark_who_pending();
}

}  // namespace barertc::chat
