// The one list of settings.toml keys: names (the original's Go field names), order, the
// struct member each one fills, and the smallest value that makes sense for numbers.
// The loader and the writer both walk these lists, so a key cannot be read under one name
// and written under another. Internal to src/config.
//
// A visitor V provides:
//   v.value(name, member)               bool, string, array of strings
//   v.value(name, member, AtLeast{n})   int / int64; values below n are refused
//   v.table(name, section)              a [Section] holding values
//   v.list(name, entries)               an array of tables [[Entries]]
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "config/settings.hpp"

namespace barertc::config::schema {

struct AtLeast {
    std::int64_t min;
};
inline constexpr AtLeast kAnyInteger{std::numeric_limits<std::int64_t>::min()};
inline constexpr AtLeast kNotNegative{0};
inline constexpr AtLeast kPositive{1};

// `Like<Section> auto& s` accepts Section and const Section, so one list serves both the
// loader (which fills the struct) and the writer (which reads it).
template <class T, class Section>
concept Like = std::same_as<std::remove_const_t<T>, Section>;

template <class V>
void keys(V& v, Like<JwtSettings> auto& s) {
    v.value("Enabled", s.enabled);
    v.value("Strict", s.strict);
    v.value("SecretKey", s.secret_key);
    v.value("LandingPageURL", s.landing_page_url);
}

template <class V>
void keys(V& v, Like<TurnSettings> auto& s) {
    v.value("URLs", s.urls);
    v.value("Username", s.username);
    v.value("Credential", s.credential);
    v.value("SharedSecret", s.shared_secret);  // ours, and the two below
    v.value("CredentialLifetime", s.credential_lifetime, AtLeast{60});
    v.value("RelayOnly", s.relay_only);
}

template <class V>
void keys(V& v, Like<PublicChannel> auto& s) {
    v.value("ID", s.id);
    v.value("Name", s.name);
    v.value("Icon", s.icon);
    v.value("VIP", s.vip);
    v.value("PermitPhotos", s.permit_photos);
    v.value("WelcomeMessages", s.welcome_messages);
    v.value("EchoMessagesOnJoin", s.echo_messages_on_join, kNotNegative);
}

template <class V>
void keys(V& v, Like<WebhookUrl> auto& s) {
    v.value("Name", s.name);
    v.value("Enabled", s.enabled);
    v.value("URL", s.url);
}

template <class V>
void keys(V& v, Like<VipSettings> auto& s) {
    v.value("Name", s.name);
    v.value("Branding", s.branding);
    v.value("Icon", s.icon);
    v.value("MutuallySecret", s.mutually_secret);
}

template <class V>
void keys(V& v, Like<DirectMessageHistorySettings> auto& s) {
    v.value("Enabled", s.enabled);
    v.value("SQLiteDatabase", s.sqlite_database);
    v.value("RetentionDays", s.retention_days, kNotNegative);  // 0 keeps messages forever
    v.value("DisclaimerMessage", s.disclaimer_message);
}

template <class V>
void keys(V& v, Like<DmLinkSpamSettings> auto& s) {
    v.value("Enabled", s.enabled);
    v.value("MaxThreads", s.max_threads, kPositive);
    v.value("TimeLimit", s.time_limit_seconds, kPositive);  // seconds
    v.value("BanHours", s.ban_hours, kNotNegative);         // hours; 0 = kick only
}

template <class V>
void keys(V& v, Like<StringsSettings> auto& s) {
    v.value("ModRuleErrorCameraAlwaysNSFW", s.mod_rule_error_camera_always_nsfw);
    v.value("ModRuleErrorNoBroadcast", s.mod_rule_error_no_broadcast);
    v.value("ModRuleErrorNoVideo", s.mod_rule_error_no_video);
    v.value("ModRuleErrorNoImage", s.mod_rule_error_no_image);
}

template <class V>
void keys(V& v, Like<MessageFilter> auto& s) {
    v.value("Enabled", s.enabled);
    v.value("PublicChannels", s.public_channels);
    v.value("PrivateChannels", s.private_channels);
    v.value("KeywordPhrases", s.keyword_phrases);
    v.value("CensorMessage", s.censor_message);
    v.value("ForwardMessage", s.forward_message);
    v.value("ReportMessage", s.report_message);
    v.value("ChatServerResponse", s.chat_server_response);
}

template <class V>
void keys(V& v, Like<ModerationRule> auto& s) {
    v.value("Username", s.username);
    v.value("CameraAlwaysNSFW", s.camera_always_nsfw);
    v.value("NoBroadcast", s.no_broadcast);
    v.value("NoVideo", s.no_video);
    v.value("NoImage", s.no_image);
    v.value("NoDarkVideo", s.no_dark_video);
}

template <class V>
void keys(V& v, Like<LoggingSettings> auto& s) {
    v.value("Enabled", s.enabled);
    v.value("Directory", s.directory);
    v.value("Channels", s.channels);
    v.value("Usernames", s.usernames);
}

template <class V>
void keys(V& v, Like<BanSettings> auto& s) {
    v.value("Database", s.database);
}

template <class V>
void keys(V& v, Like<LimitSettings> auto& s) {
    v.value("MessageBurst", s.message_burst, kPositive);
    v.value("MessagesPerMinute", s.messages_per_minute, kPositive);
    v.value("ConnectionsPerAddress", s.connections_per_address, kNotNegative);
}

// Top level, in the order the original's Config struct declares them.
template <class V>
void keys(V& v, Like<Settings> auto& s) {
    v.value("Version", s.version, kAnyInteger);
    v.value("Title", s.title);
    v.value("Branding", s.branding);
    v.value("WebsiteURL", s.website_url);
    v.value("CORSHosts", s.cors_hosts);
    v.value("AdminAPIKey", s.admin_api_key);
    v.value("PermitNSFW", s.permit_nsfw);
    v.value("BlockableAdmins", s.blockable_admins);
    v.value("UseXForwardedFor", s.use_x_forwarded_for);
    v.value("WebSocketReadLimit", s.websocket_read_limit, kPositive);
    v.value("WebSocketSendTimeout", s.websocket_send_timeout, kPositive);
    v.value("MaxImageWidth", s.max_image_width, kPositive);
    v.value("PreviewImageWidth", s.preview_image_width, kPositive);
    v.table("JWT", s.jwt);
    v.table("TURN", s.turn);
    v.list("PublicChannels", s.public_channels);
    v.list("WebhookURLs", s.webhook_urls);
    v.table("VIP", s.vip);
    v.table("DirectMessageHistory", s.direct_message_history);
    v.table("DMLinkSpamProtection", s.dm_link_spam_protection);
    v.table("Strings", s.strings);
    v.list("MessageFilters", s.message_filters);
    v.list("ModerationRule", s.moderation_rules);
    v.table("Logging", s.logging);
    v.table("Bans", s.bans);  // ours
    v.table("Limits", s.limits);  // ours
}

}  // namespace barertc::config::schema
