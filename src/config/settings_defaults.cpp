// The settings a new installation starts with (compat §2). Scalar defaults sit on the
// structs in settings.hpp; the lists and texts are filled in here. The loader starts from
// default_settings() and the first-run writer renders it, so both see the same values.
#include <openssl/rand.h>

#include <array>

#include "config/settings.hpp"
#include "config/settings_internal.hpp"

namespace barertc::config {

namespace detail {

std::string random_uuid_v4() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw SettingsError("cannot generate an AdminAPIKey: the system random generator failed");
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[bytes[i] >> 4]);
        out.push_back(kHex[bytes[i] & 0x0F]);
    }
    return out;
}

}  // namespace detail

namespace {

std::vector<PublicChannel> default_channels() {
    PublicChannel lobby;
    lobby.id = "lobby";
    lobby.name = "Lobby";
    lobby.echo_messages_on_join = 10;
    lobby.welcome_messages = {
        "Welcome to the chat! Say hello to everyone in the **Lobby**, and click the video icon "
        "next to someone's name in the *Who's Online* list to watch their camera.",
        "Please note: this is a **public** channel, so everyone who is online can read what you "
        "write here. Be kind, and use a direct message for anything private.",
    };

    PublicChannel offtopic;
    offtopic.id = "offtopic";
    offtopic.name = "Off Topic";
    offtopic.permit_photos = true;

    PublicChannel vip;
    vip.id = "vip";
    vip.name = "VIPs";
    vip.vip = true;
    vip.permit_photos = true;
    vip.welcome_messages = {
        "This channel is only visible to **VIP** members (and the moderators).",
    };
    return {lobby, offtopic, vip};
}

std::vector<WebhookUrl> default_webhooks() {
    return {
        WebhookUrl{.name = "report", .enabled = false,
                   .url = "https://www.example.com/v1/barertc/report"},
        WebhookUrl{.name = "profile", .enabled = false,
                   .url = "https://www.example.com/v1/barertc/profile"},
    };
}

MessageFilter example_filter() {
    MessageFilter filter;
    filter.enabled = false;
    filter.public_channels = true;
    filter.private_channels = true;
    filter.keyword_phrases = {
        "\\bswear words\\b",
        "\\b(bad|naughty) phrases?\\b",
        "\\bbuy (cheap )?followers\\b",
    };
    filter.censor_message = true;
    filter.forward_message = true;
    filter.report_message = false;
    filter.chat_server_response =
        "Please keep the language friendly: part of your message was censored.";
    return filter;
}

StringsSettings default_strings() {
    StringsSettings strings;
    strings.mod_rule_error_camera_always_nsfw =
        "A moderator has marked your camera as <strong>Explicit</strong>; it will always be "
        "shown with the red Explicit flag.";
    strings.mod_rule_error_no_broadcast =
        "A moderator has turned off your ability to share your webcam.";
    strings.mod_rule_error_no_video =
        "A moderator has turned off your ability to share or watch webcams.";
    strings.mod_rule_error_no_image = "A moderator has turned off your ability to share pictures.";
    return strings;
}

}  // namespace

Settings default_settings() {
    Settings s;
    s.version = kCurrentVersion;
    s.admin_api_key = detail::random_uuid_v4();
    s.public_channels = default_channels();
    s.webhook_urls = default_webhooks();
    s.direct_message_history.disclaimer_message =
        "<i class=\"fa fa-info-circle mr-1\"></i> <strong>Please note:</strong> direct messages "
        "on this chat are saved on the server for everyone's safety, so that a moderator can "
        "review them if someone reports abuse.";
    s.strings = default_strings();
    s.message_filters = {example_filter()};
    s.moderation_rules = {ModerationRule{.username = "example"}};
    return s;
}

}  // namespace barertc::config
