// settings.toml: the original BareRTC's configuration file, key for key (compat §2),
// plus our own sections. One struct per section; defaults live here and nowhere else,
// so the loader and the first-run writer cannot disagree.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace barertc::config {

inline constexpr int kCurrentVersion = 17;

struct JwtSettings {
    bool enabled = false;
    bool strict = true;
    std::string secret_key;
    std::string landing_page_url;

    bool operator==(const JwtSettings&) const = default;
};

struct TurnSettings {
    std::vector<std::string> urls{"stun:stun.l.google.com:19302"};
    std::string username;
    std::string credential;
    // Ours: with a shared secret (coturn `static-auth-secret`), every user gets their own
    // time-limited credentials instead of Username/Credential (auth/turn_credentials.hpp).
    std::string shared_secret;
    std::int64_t credential_lifetime = 86400;  // seconds
    // Ours: browsers use TURN relays only (iceTransportPolicy "relay"), so that viewers and
    // broadcasters never learn each other's IP address.
    bool relay_only = false;

    bool using_shared_secret() const { return !shared_secret.empty(); }

    bool operator==(const TurnSettings&) const = default;
};

struct PublicChannel {
    std::string id;
    std::string name;
    std::string icon;
    bool vip = false;
    bool permit_photos = false;
    std::vector<std::string> welcome_messages;
    int echo_messages_on_join = 0;

    bool operator==(const PublicChannel&) const = default;
};

struct WebhookUrl {
    std::string name;  // "report" or "profile"
    bool enabled = false;
    std::string url;

    bool operator==(const WebhookUrl&) const = default;
};

struct MessageFilter {
    bool enabled = false;
    bool public_channels = false;
    bool private_channels = false;
    std::vector<std::string> keyword_phrases;
    bool censor_message = false;
    bool forward_message = false;
    bool report_message = false;
    std::string chat_server_response;

    bool operator==(const MessageFilter&) const = default;
};

struct ModerationRule {
    std::string username;
    bool camera_always_nsfw = false;
    bool no_broadcast = false;
    bool no_video = false;
    bool no_image = false;
    bool no_dark_video = false;

    bool operator==(const ModerationRule&) const = default;
};

struct VipSettings {
    std::string name = "VIP";
    std::string branding = "<em>VIP Members</em>";
    std::string icon = "fa fa-circle";
    bool mutually_secret = false;

    bool operator==(const VipSettings&) const = default;
};

struct DirectMessageHistorySettings {
    bool enabled = false;
    std::string sqlite_database = "database.sqlite";
    int retention_days = 90;
    std::string disclaimer_message;  // default text set in default_settings()

    bool operator==(const DirectMessageHistorySettings&) const = default;
};

struct DmLinkSpamSettings {
    bool enabled = true;
    int max_threads = 5;
    std::int64_t time_limit_seconds = 3600;  // TOML key TimeLimit
    std::int64_t ban_hours = 24;             // TOML key BanHours

    bool operator==(const DmLinkSpamSettings&) const = default;
};

struct StringsSettings {
    std::string mod_rule_error_camera_always_nsfw;
    std::string mod_rule_error_no_broadcast;
    std::string mod_rule_error_no_video;
    std::string mod_rule_error_no_image;

    bool operator==(const StringsSettings&) const = default;
};

struct LoggingSettings {
    bool enabled = false;
    std::string directory = "./logs";
    std::vector<std::string> channels{"lobby", "offtopic"};
    std::vector<std::string> usernames;

    bool operator==(const LoggingSettings&) const = default;
};

// Ours (not in the original): where bans are kept so they survive restarts.
struct BanSettings {
    std::string database = "bans.sqlite";  // empty: bans live in memory only
    bool operator==(const BanSettings&) const = default;
};

// Ours: per-user flood control for chat messages (other actions have fixed, generous limits),
// and the cap on connections open at once from one client address.
struct LimitSettings {
    int message_burst = 10;          // messages at once before the rate applies
    int messages_per_minute = 120;   // sustained rate
    int connections_per_address = 50;  // 0: no cap
    bool operator==(const LimitSettings&) const = default;
};

struct Settings {
    int version = kCurrentVersion;
    std::string title = "BareRTC";
    std::string branding = "BareRTC";
    std::string website_url = "https://www.example.com";
    std::vector<std::string> cors_hosts{"https://www.example.com"};
    std::string admin_api_key;  // random UUID v4 when written first
    bool permit_nsfw = false;
    bool blockable_admins = false;
    bool use_x_forwarded_for = false;
    std::int64_t websocket_read_limit = 41943040;
    int websocket_send_timeout = 10;
    int max_image_width = 1280;
    int preview_image_width = 360;

    JwtSettings jwt;
    TurnSettings turn;
    std::vector<PublicChannel> public_channels;
    std::vector<WebhookUrl> webhook_urls;
    VipSettings vip;
    DirectMessageHistorySettings direct_message_history;
    DmLinkSpamSettings dm_link_spam_protection;
    StringsSettings strings;
    std::vector<MessageFilter> message_filters;
    std::vector<ModerationRule> moderation_rules;  // TOML [[ModerationRule]]
    LoggingSettings logging;
    BanSettings bans;  // TOML [Bans]
    LimitSettings limits;  // TOML [Limits]

    bool operator==(const Settings&) const = default;
};

// The complete defaults the original writes on first run (channels lobby/offtopic/vip,
// welcome messages, disabled webhooks, one example filter and rule, strings ...),
// with a fresh random AdminAPIKey.
Settings default_settings();

// A settings file that cannot be used. what() names the file, line and key.
class SettingsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LoadResult {
    Settings settings;
    std::vector<std::string> warnings;  // unknown keys, skipped values ... (file:line: text)
};

// Reads a settings file. Keys missing from the file keep their defaults; unknown keys are
// warnings. Throws SettingsError on a syntax error or a value of the wrong type.
// A file without `Version` reads as Version 0, as in the original (so it gets rewritten).
LoadResult load_settings(const std::filesystem::path& path);
LoadResult parse_settings(std::string_view toml_text, std::string_view source_name);

// The whole configuration as TOML with the original's key names, readable by load_settings.
std::string render_settings(const Settings& settings);

// What the server does at start: load `path`; if it does not exist, write the defaults
// there first. If the file's Version is older than kCurrentVersion, rewrite it with every
// current key (a warning is added). Throws SettingsError.
LoadResult load_or_create_settings(const std::filesystem::path& path);

}  // namespace barertc::config
