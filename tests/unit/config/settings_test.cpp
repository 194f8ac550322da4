// settings.toml: defaults, first run, loading, validation, Version rewrite and round trips.
#include "config/settings.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

namespace barertc::config {
namespace {

namespace fs = std::filesystem;

// The what() of the SettingsError that parsing `text` throws; fails the test when it
// parses or throws anything else.
std::string error_of(std::string_view text, std::string_view name = "settings.toml") {
    try {
        parse_settings(text, name);
    } catch (const SettingsError& e) {
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not a SettingsError: " << e.what();
        return {};
    }
    ADD_FAILURE() << "parsed without error:\n" << text;
    return {};
}

bool has_warning(const LoadResult& r, std::string_view needle) {
    for (const auto& w : r.warnings) {
        if (w.find(needle) != std::string::npos) return true;
    }
    return false;
}

std::string all_warnings(const LoadResult& r) {
    std::string out;
    for (const auto& w : r.warnings) out += w + "\n";
    return out;
}

class TempDir : public ::testing::Test {
protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        std::random_device rd;
        dir_ = fs::temp_directory_path() /
               ("barertc-config-test-" + std::to_string(::getpid()) + "-" +
                std::to_string(counter++) + "-" + std::to_string(rd()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    static void write(const fs::path& path, std::string_view text) {
        std::ofstream out(path, std::ios::binary);
        out << text;
    }
    static std::string read(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
    static unsigned mode_of(const fs::path& path) {
        struct stat st {};
        EXPECT_EQ(::stat(path.c_str(), &st), 0);
        return st.st_mode & 0777;
    }

    fs::path dir_;
};

// ---------------------------------------------------------------------------------------
// Defaults

TEST(SettingsDefaults, TopLevelValues) {
    const Settings s = default_settings();
    EXPECT_EQ(s.version, 17);
    EXPECT_EQ(s.title, "BareRTC");
    EXPECT_EQ(s.branding, "BareRTC");
    EXPECT_EQ(s.website_url, "https://www.example.com");
    EXPECT_EQ(s.cors_hosts, std::vector<std::string>{"https://www.example.com"});
    EXPECT_TRUE(std::regex_match(
        s.admin_api_key,
        std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
        << s.admin_api_key;
    EXPECT_NE(s.admin_api_key, default_settings().admin_api_key);
    EXPECT_FALSE(s.permit_nsfw);
    EXPECT_FALSE(s.blockable_admins);
    EXPECT_FALSE(s.use_x_forwarded_for);
    EXPECT_EQ(s.websocket_read_limit, 41943040);
    EXPECT_EQ(s.websocket_send_timeout, 10);
    EXPECT_EQ(s.max_image_width, 1280);
    EXPECT_EQ(s.preview_image_width, 360);
}

TEST(SettingsDefaults, Sections) {
    const Settings s = default_settings();
    EXPECT_FALSE(s.jwt.enabled);
    EXPECT_TRUE(s.jwt.strict);
    EXPECT_EQ(s.jwt.secret_key, "");
    EXPECT_EQ(s.jwt.landing_page_url, "");
    EXPECT_EQ(s.turn.urls, std::vector<std::string>{"stun:stun.l.google.com:19302"});
    EXPECT_EQ(s.turn.username, "");
    EXPECT_EQ(s.turn.credential, "");
    EXPECT_EQ(s.turn.shared_secret, "");  // ours: off unless set
    EXPECT_EQ(s.turn.credential_lifetime, 86400);
    EXPECT_FALSE(s.turn.relay_only);
    EXPECT_EQ(s.vip.name, "VIP");
    EXPECT_EQ(s.vip.branding, "<em>VIP Members</em>");
    EXPECT_EQ(s.vip.icon, "fa fa-circle");
    EXPECT_FALSE(s.vip.mutually_secret);
    EXPECT_FALSE(s.direct_message_history.enabled);
    EXPECT_EQ(s.direct_message_history.sqlite_database, "database.sqlite");
    EXPECT_EQ(s.direct_message_history.retention_days, 90);
    EXPECT_FALSE(s.direct_message_history.disclaimer_message.empty());
    EXPECT_TRUE(s.dm_link_spam_protection.enabled);
    EXPECT_EQ(s.dm_link_spam_protection.max_threads, 5);
    EXPECT_EQ(s.dm_link_spam_protection.time_limit_seconds, 3600);
    EXPECT_EQ(s.dm_link_spam_protection.ban_hours, 24);
    EXPECT_FALSE(s.strings.mod_rule_error_camera_always_nsfw.empty());
    EXPECT_FALSE(s.strings.mod_rule_error_no_broadcast.empty());
    EXPECT_FALSE(s.strings.mod_rule_error_no_video.empty());
    EXPECT_FALSE(s.strings.mod_rule_error_no_image.empty());
    EXPECT_FALSE(s.logging.enabled);
    EXPECT_EQ(s.logging.directory, "./logs");
    EXPECT_EQ(s.logging.channels, (std::vector<std::string>{"lobby", "offtopic"}));
    EXPECT_TRUE(s.logging.usernames.empty());
}

TEST(SettingsDefaults, ChannelsWebhooksFiltersRules) {
    const Settings s = default_settings();
    ASSERT_EQ(s.public_channels.size(), 3u);
    const PublicChannel& lobby = s.public_channels[0];
    EXPECT_EQ(lobby.id, "lobby");
    EXPECT_EQ(lobby.name, "Lobby");
    EXPECT_EQ(lobby.echo_messages_on_join, 10);
    EXPECT_EQ(lobby.welcome_messages.size(), 2u);
    EXPECT_FALSE(lobby.vip);
    EXPECT_FALSE(lobby.permit_photos);
    const PublicChannel& offtopic = s.public_channels[1];
    EXPECT_EQ(offtopic.id, "offtopic");
    EXPECT_EQ(offtopic.name, "Off Topic");
    EXPECT_TRUE(offtopic.permit_photos);
    EXPECT_FALSE(offtopic.vip);
    EXPECT_EQ(offtopic.echo_messages_on_join, 0);
    const PublicChannel& vip = s.public_channels[2];
    EXPECT_EQ(vip.id, "vip");
    EXPECT_EQ(vip.name, "VIPs");
    EXPECT_TRUE(vip.vip);
    EXPECT_TRUE(vip.permit_photos);
    EXPECT_EQ(vip.welcome_messages.size(), 1u);

    ASSERT_EQ(s.webhook_urls.size(), 2u);
    EXPECT_EQ(s.webhook_urls[0].name, "report");
    EXPECT_FALSE(s.webhook_urls[0].enabled);
    EXPECT_EQ(s.webhook_urls[0].url, "https://www.example.com/v1/barertc/report");
    EXPECT_EQ(s.webhook_urls[1].name, "profile");
    EXPECT_FALSE(s.webhook_urls[1].enabled);
    EXPECT_EQ(s.webhook_urls[1].url, "https://www.example.com/v1/barertc/profile");

    ASSERT_EQ(s.message_filters.size(), 1u);
    const MessageFilter& f = s.message_filters[0];
    EXPECT_FALSE(f.enabled);
    EXPECT_TRUE(f.censor_message);
    EXPECT_FALSE(f.keyword_phrases.empty());
    EXPECT_EQ(f.keyword_phrases[0], "\\bswear words\\b");
    EXPECT_FALSE(f.chat_server_response.empty());

    ASSERT_EQ(s.moderation_rules.size(), 1u);
    EXPECT_EQ(s.moderation_rules[0], ModerationRule{.username = "example"});
}

// ---------------------------------------------------------------------------------------
// Rendering and round trips

TEST(SettingsRender, UsesTheOriginalKeyNames) {
    const std::string text = render_settings(default_settings());
    for (const char* line :
         {"\nVersion = 17\n", "\nTitle = ", "\nBranding = ", "\nWebsiteURL = ", "\nCORSHosts = ",
          "\nAdminAPIKey = ", "\nPermitNSFW = false\n", "\nBlockableAdmins = false\n",
          "\nUseXForwardedFor = false\n", "\nWebSocketReadLimit = 41943040\n",
          "\nWebSocketSendTimeout = 10\n", "\nMaxImageWidth = 1280\n",
          "\nPreviewImageWidth = 360\n", "\n[JWT]\nEnabled = false\nStrict = true\nSecretKey = ",
          "\nLandingPageURL = ", "\n[TURN]\nURLs = [\"stun:stun.l.google.com:19302\"]\n",
          "\nCredential = ", "\n[[PublicChannels]]\nID = \"lobby\"\nName = \"Lobby\"\nIcon = ",
          "\nVIP = true\n", "\nPermitPhotos = true\n", "\nWelcomeMessages = ",
          "\nEchoMessagesOnJoin = 10\n", "\n[[WebhookURLs]]\nName = \"report\"\n", "\nURL = ",
          "\n[VIP]\n", "\nMutuallySecret = false\n", "\n[DirectMessageHistory]\n",
          "\nSQLiteDatabase = \"database.sqlite\"\n", "\nRetentionDays = 90\n",
          "\nDisclaimerMessage = ", "\n[DMLinkSpamProtection]\nEnabled = true\nMaxThreads = 5\n"
          "TimeLimit = 3600\nBanHours = 24\n",
          "\n[Strings]\nModRuleErrorCameraAlwaysNSFW = ", "\nModRuleErrorNoBroadcast = ",
          "\nModRuleErrorNoVideo = ", "\nModRuleErrorNoImage = ", "\n[[MessageFilters]]\n",
          "\nPublicChannels = true\n", "\nPrivateChannels = true\n", "\nKeywordPhrases = ",
          "\\\\bswear words\\\\b", "\nCensorMessage = true\n", "\nForwardMessage = ",
          "\nReportMessage = false\n", "\nChatServerResponse = ",
          "\n[[ModerationRule]]\nUsername = \"example\"\nCameraAlwaysNSFW = false\n"
          "NoBroadcast = false\nNoVideo = false\nNoImage = false\nNoDarkVideo = false\n",
          "\n[Logging]\nEnabled = false\nDirectory = \"./logs\"\n"
          "Channels = [\"lobby\", \"offtopic\"]\nUsernames = []\n"}) {
        EXPECT_NE(text.find(line), std::string::npos) << "missing: " << line << "\nin:\n" << text;
    }
    EXPECT_NE(text.find("\n# "), std::string::npos);  // comments above the sections
}

TEST(SettingsRender, DefaultsRoundTrip) {
    const Settings s = default_settings();
    const LoadResult back = parse_settings(render_settings(s), "settings.toml");
    EXPECT_TRUE(back.warnings.empty()) << all_warnings(back);
    EXPECT_EQ(back.settings, s);
}

Settings odd_settings() {
    Settings s = default_settings();
    s.title = "Quotes \" and 'single' and '''triple''' and \"\"\"triple\"\"\"";
    s.branding = "<img src=\"/logo.png\" alt='x'> \\ back\\slash \\n not a newline \\u0041";
    s.website_url = "";
    s.cors_hosts = {};
    s.admin_api_key = "key with # hash and = equals";
    s.permit_nsfw = true;
    s.websocket_read_limit = std::numeric_limits<std::int64_t>::max();
    s.websocket_send_timeout = std::numeric_limits<int>::max();
    s.jwt.secret_key = "line one\nline two\r\nline three\ttab\b\f";
    constexpr char kControls[] = "nul\0byte and \x01 and \x1f and \x7f";
    s.jwt.landing_page_url = std::string(kControls, sizeof kControls - 1);
    s.turn.urls = {"turn:a", "turns:b", "", "[not a table]", "[[nor this]]"};
    s.turn.credential = "trailing backslash\\";
    s.public_channels = {
        PublicChannel{.id = "ümlaut-😀", .name = "日本語 チャンネル", .icon = "עברית",
                      .vip = true, .permit_photos = false,
                      .welcome_messages = {"**bold**\n\n- list\n- items", "", "\"quoted\""},
                      .echo_messages_on_join = 0},
        PublicChannel{.id = "x", .name = "", .icon = "", .vip = false, .permit_photos = true,
                      .welcome_messages = {}, .echo_messages_on_join = 1000000},
    };
    s.webhook_urls = {};
    s.message_filters = {MessageFilter{.enabled = true, .public_channels = false,
                                       .private_channels = true,
                                       .keyword_phrases = {"(?i)\\b(a|b)\\b", "[\"']", "\\\\"},
                                       .censor_message = false, .forward_message = true,
                                       .report_message = true,
                                       .chat_server_response = "<b>No</b> \u2603"}};
    s.moderation_rules = {};
    s.strings.mod_rule_error_no_image = "\xE2\x80\xAE right-to-left override";
    s.logging.channels = {};
    s.logging.usernames = {"a", "b c", "d\"e"};
    return s;
}

TEST(SettingsRender, OddStringsRoundTrip) {
    const Settings s = odd_settings();
    const std::string text = render_settings(s);
    const LoadResult back = parse_settings(text, "settings.toml");
    EXPECT_TRUE(back.warnings.empty()) << all_warnings(back);
    EXPECT_EQ(back.settings, s) << text;
    EXPECT_EQ(render_settings(back.settings), text);
    EXPECT_EQ(back.settings.jwt.landing_page_url.size(), 26u);
}

TEST(SettingsRender, InvalidUtf8BecomesReplacementCharacter) {
    Settings s = default_settings();
    s.title = "bad \xFF byte, cut \xE2\x82 sequence, overlong \xC0\xAF, surrogate \xED\xA0\x80";
    const LoadResult back = parse_settings(render_settings(s), "settings.toml");
    EXPECT_EQ(back.settings.title.find('\xFF'), std::string::npos);
    EXPECT_NE(back.settings.title.find("\xEF\xBF\xBD"), std::string::npos);
    EXPECT_TRUE(back.settings.title.starts_with("bad "));
}

TEST(SettingsRender, LongArraysAreSplitOverLinesAndStillParse) {
    Settings s = default_settings();
    s.cors_hosts.assign(10, "https://a-rather-long-host-name.example.com");
    const std::string text = render_settings(s);
    EXPECT_NE(text.find("CORSHosts = [\n    \"https://"), std::string::npos);
    EXPECT_EQ(parse_settings(text, "s").settings.cors_hosts, s.cors_hosts);
}

// Mangled files give a SettingsError or a result, never anything else.
TEST(SettingsParse, MangledFilesOnlyEverThrowSettingsError) {
    const std::string good = render_settings(default_settings());
    std::mt19937 rng(1234);
    for (int round = 0; round < 400; ++round) {
        std::string text = good;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % text.size();
            switch (rng() % 3) {
                case 0: text[at] = static_cast<char>(rng() % 256); break;
                case 1: text.erase(at, 1 + rng() % 20); break;
                default: text.insert(at, 1, "=[]\"'\n#.{},\\"[rng() % 13]); break;
            }
        }
        try {
            parse_settings(text, "fuzz.toml");
        } catch (const SettingsError& e) {
            EXPECT_NE(std::string(e.what()).find("fuzz.toml"), std::string::npos) << e.what();
        } catch (...) {
            ADD_FAILURE() << "unexpected exception type for:\n" << text;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Loading

TEST(SettingsParse, EmptyFileIsAllDefaultsWithVersionZero) {
    const LoadResult r = parse_settings("", "settings.toml");
    EXPECT_TRUE(r.warnings.empty());
    EXPECT_EQ(r.settings.version, 0);  // the original's reading of a file without Version
    Settings expected = default_settings();
    expected.version = 0;
    expected.admin_api_key = r.settings.admin_api_key;
    EXPECT_EQ(r.settings, expected);
    EXPECT_EQ(r.settings.admin_api_key.size(), 36u);
}

TEST(SettingsParse, PartialFileKeepsOtherDefaults) {
    const LoadResult r = parse_settings(R"(Version = 17
Title = "My Chat"
PermitNSFW = true

[JWT]
Enabled = true
SecretKey = "s3cret"

[DMLinkSpamProtection]
MaxThreads = 2
)",
                                        "settings.toml");
    EXPECT_TRUE(r.warnings.empty()) << all_warnings(r);
    Settings expected = default_settings();
    expected.admin_api_key = r.settings.admin_api_key;
    expected.title = "My Chat";
    expected.permit_nsfw = true;
    expected.jwt.enabled = true;
    expected.jwt.secret_key = "s3cret";
    expected.dm_link_spam_protection.max_threads = 2;
    EXPECT_EQ(r.settings, expected);
    EXPECT_TRUE(r.settings.jwt.strict);
    EXPECT_EQ(r.settings.dm_link_spam_protection.time_limit_seconds, 3600);
    EXPECT_EQ(r.settings.public_channels.size(), 3u);
    EXPECT_EQ(r.settings.message_filters.size(), 1u);
}

TEST(SettingsParse, TurnSharedSecretKeys) {
    const LoadResult r = parse_settings(
        "[TURN]\nURLs = [\"turn:turn.example.org:3478\"]\nSharedSecret = \"coturn secret\"\n"
        "CredentialLifetime = 3600\nRelayOnly = true\n",
        "settings.toml");
    EXPECT_TRUE(r.warnings.empty()) << all_warnings(r);
    EXPECT_TRUE(r.settings.turn.using_shared_secret());
    EXPECT_EQ(r.settings.turn.shared_secret, "coturn secret");
    EXPECT_EQ(r.settings.turn.credential_lifetime, 3600);
    EXPECT_TRUE(r.settings.turn.relay_only);
    // ... and the writer keeps them.
    EXPECT_EQ(parse_settings(render_settings(r.settings), "again").settings.turn, r.settings.turn);
}

TEST(SettingsParse, ListsFromTheFileReplaceTheDefaults) {
    const LoadResult r = parse_settings(R"(
[[PublicChannels]]
ID = "general"
Name = "General"

[[PublicChannels]]
ID = "games"
Name = "Games"
PermitPhotos = true
WelcomeMessages = ["Play nice."]

[[WebhookURLs]]
Name = "report"
Enabled = true
URL = "https://example.net/report"

[[ModerationRule]]
Username = "alice"
NoImage = true
)",
                                        "settings.toml");
    EXPECT_TRUE(r.warnings.empty()) << all_warnings(r);
    ASSERT_EQ(r.settings.public_channels.size(), 2u);
    EXPECT_EQ(r.settings.public_channels[0],
              (PublicChannel{.id = "general", .name = "General", .icon = "", .vip = false,
                             .permit_photos = false, .welcome_messages = {},
                             .echo_messages_on_join = 0}));
    EXPECT_EQ(r.settings.public_channels[1].welcome_messages,
              std::vector<std::string>{"Play nice."});
    ASSERT_EQ(r.settings.webhook_urls.size(), 1u);
    EXPECT_TRUE(r.settings.webhook_urls[0].enabled);
    ASSERT_EQ(r.settings.moderation_rules.size(), 1u);
    EXPECT_TRUE(r.settings.moderation_rules[0].no_image);
    EXPECT_FALSE(r.settings.moderation_rules[0].no_video);
    EXPECT_EQ(r.settings.message_filters.size(), 1u);  // not in the file: default kept
}

TEST(SettingsParse, InlineTablesAndEmptyListsWork) {
    const LoadResult r = parse_settings(
        "PublicChannels = [{ ID = \"a\", Name = \"A\" }, { ID = \"b\", VIP = true }]\n"
        "WebhookURLs = []\nMessageFilters = []\nModerationRule = []\n",
        "settings.toml");
    EXPECT_TRUE(r.warnings.empty()) << all_warnings(r);
    ASSERT_EQ(r.settings.public_channels.size(), 2u);
    EXPECT_TRUE(r.settings.public_channels[1].vip);
    EXPECT_TRUE(r.settings.webhook_urls.empty());
    EXPECT_TRUE(r.settings.message_filters.empty());
    EXPECT_TRUE(r.settings.moderation_rules.empty());
}

TEST(SettingsParse, UnknownKeysAreWarningsWithLineNumbers) {
    const LoadResult r = parse_settings(R"(Version = 17
Colour = "blue"

[JWT]
Enabled = false
Issuer = "me"

[[PublicChannels]]
ID = "lobby"
Topic = "hello"

[Extras]
a = 1
b = 2
)",
                                        "my.toml");
    EXPECT_EQ(r.warnings.size(), 4u) << all_warnings(r);
    EXPECT_TRUE(has_warning(r, "my.toml:2: unknown key 'Colour' (ignored)")) << all_warnings(r);
    EXPECT_TRUE(has_warning(r, "my.toml:6: unknown key 'JWT.Issuer' (ignored)")) << all_warnings(r);
    EXPECT_TRUE(has_warning(r, "my.toml:10: unknown key 'PublicChannels.Topic' (ignored)"))
        << all_warnings(r);
    EXPECT_TRUE(has_warning(r, "my.toml:12: unknown key 'Extras' (ignored)")) << all_warnings(r);
    EXPECT_EQ(r.settings.public_channels.size(), 1u);
}

TEST(SettingsParse, KeysMatchIgnoringCaseLikeTheOriginal) {
    const LoadResult r = parse_settings("title = \"x\"\n[jwt]\nenabled = true\n", "s.toml");
    EXPECT_EQ(r.settings.title, "x");
    EXPECT_TRUE(r.settings.jwt.enabled);
    EXPECT_TRUE(has_warning(r, "s.toml:1: key 'title' read as 'Title'")) << all_warnings(r);
    EXPECT_TRUE(has_warning(r, "s.toml:3: key 'JWT.enabled' read as 'JWT.Enabled'"))
        << all_warnings(r);

    const std::string e = error_of("Title = \"a\"\ntitle = \"b\"\n");
    EXPECT_NE(e.find("key 'Title' is set twice"), std::string::npos) << e;
}

TEST(SettingsParse, WrongTypesNameFileLineAndKey) {
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"Title = \"x\"\nPermitNSFW = \"yes\"\n",
         "settings.toml:2: key 'PermitNSFW' must be a boolean, not a string"},
        {"MaxImageWidth = 1.5\n", "settings.toml:1: key 'MaxImageWidth' must be an integer"},
        {"MaxImageWidth = 1280.0\n", "settings.toml:1: key 'MaxImageWidth' must be an integer"},
        {"CORSHosts = \"x\"\n", "settings.toml:1: key 'CORSHosts' must be an array of strings"},
        {"CORSHosts = [\n  \"a\",\n  3,\n]\n",
         "settings.toml:3: key 'CORSHosts' must be an array of strings (found an integer"},
        {"Title = 5\n", "settings.toml:1: key 'Title' must be a string, not an integer"},
        {"JWT = 5\n", "settings.toml:1: key 'JWT' must be a table, not an integer"},
        {"\n[JWT]\nStrict = 1\n", "settings.toml:3: key 'JWT.Strict' must be a boolean"},
        {"[TURN]\nURLs = [\"stun:a\", true]\n", "settings.toml:2: key 'TURN.URLs' must be an"},
        {"PublicChannels = 3\n",
         "settings.toml:1: key 'PublicChannels' must be an array of tables"},
        {"PublicChannels = [\"lobby\"]\n",
         "settings.toml:1: key 'PublicChannels' must be an array of tables (found a string"},
        {"[[PublicChannels]]\nID = 7\n", "settings.toml:2: key 'PublicChannels.ID' must be a string"},
        {"[DMLinkSpamProtection]\nTimeLimit = \"1h\"\n",
         "settings.toml:2: key 'DMLinkSpamProtection.TimeLimit' must be an integer"},
        {"[Logging]\nChannels = [[\"a\"]]\n", "settings.toml:2: key 'Logging.Channels' must be"},
        {"Version = \"17\"\n", "settings.toml:1: key 'Version' must be an integer"},
        {"[VIP]\nMutuallySecret = 2024-01-01\n",
         "settings.toml:2: key 'VIP.MutuallySecret' must be a boolean, not a date"},
    };
    for (const Case& c : cases) {
        const std::string e = error_of(c.text);
        EXPECT_NE(e.find(c.expected), std::string::npos) << "got: " << e << "\nfor: " << c.text;
    }
}

TEST(SettingsParse, ValuesThatMakeNoSenseAreRefused) {
    struct Case {
        const char* text;
        const char* expected;
    };
    const Case cases[] = {
        {"WebSocketReadLimit = 0\n",
         "settings.toml:1: key 'WebSocketReadLimit' must be a positive integer (found 0)"},
        {"WebSocketSendTimeout = -1\n",
         "settings.toml:1: key 'WebSocketSendTimeout' must be a positive integer (found -1)"},
        {"MaxImageWidth = 0\n", "settings.toml:1: key 'MaxImageWidth' must be a positive"},
        {"PreviewImageWidth = -360\n", "settings.toml:1: key 'PreviewImageWidth' must be a posit"},
        {"MaxImageWidth = 3000000000\n",
         "settings.toml:1: key 'MaxImageWidth' must be at most 2147483647"},
        {"[[PublicChannels]]\nID = \"a\"\nEchoMessagesOnJoin = -1\n",
         "settings.toml:3: key 'PublicChannels.EchoMessagesOnJoin' must not be negative"},
        {"[DMLinkSpamProtection]\nMaxThreads = 0\n",
         "settings.toml:2: key 'DMLinkSpamProtection.MaxThreads' must be a positive integer"},
        {"[DMLinkSpamProtection]\nTimeLimit = 0\n",
         "settings.toml:2: key 'DMLinkSpamProtection.TimeLimit' must be a positive integer"},
        {"[DMLinkSpamProtection]\nBanHours = -2\n",
         "settings.toml:2: key 'DMLinkSpamProtection.BanHours' must not be negative"},
        {"[DirectMessageHistory]\nRetentionDays = -1\n",
         "settings.toml:2: key 'DirectMessageHistory.RetentionDays' must not be negative"},
        {"[TURN]\nCredentialLifetime = 59\n",
         "settings.toml:2: key 'TURN.CredentialLifetime' must be at least 60 (found 59)"},
    };
    for (const Case& c : cases) {
        const std::string e = error_of(c.text);
        EXPECT_NE(e.find(c.expected), std::string::npos) << "got: " << e << "\nfor: " << c.text;
    }
}

TEST(SettingsParse, ChannelsNeedUniqueIds) {
    std::string e = error_of(R"(
[[PublicChannels]]
ID = "lobby"

[[PublicChannels]]
Name = "No ID"
)");
    EXPECT_NE(e.find("settings.toml:5: key 'PublicChannels.ID' is missing"), std::string::npos)
        << e;

    e = error_of("[[PublicChannels]]\nID = \"\"\n");
    EXPECT_NE(e.find("settings.toml:1: key 'PublicChannels.ID' is missing"), std::string::npos)
        << e;

    e = error_of(R"([[PublicChannels]]
ID = "lobby"
[[PublicChannels]]
ID = "other"
[[PublicChannels]]
ID = "lobby"
)");
    EXPECT_NE(e.find("settings.toml:5: key 'PublicChannels.ID' repeats the channel ID 'lobby' "
                     "(first used at line 1)"),
              std::string::npos)
        << e;

    e = error_of("PublicChannels = []\n");
    EXPECT_NE(e.find("settings.toml:1: key 'PublicChannels' must list at least one channel"),
              std::string::npos)
        << e;
}

TEST(SettingsParse, SyntaxErrorsNameFileAndLine) {
    std::string e = error_of("Title = \"ok\"\nBranding = \n", "conf/settings.toml");
    EXPECT_NE(e.find("conf/settings.toml:2: syntax error"), std::string::npos) << e;

    e = error_of("PermitNSFW = true\n\n\nPermitNSFW = false\n");
    EXPECT_NE(e.find("settings.toml:4: syntax error"), std::string::npos) << e;
    EXPECT_NE(e.find("PermitNSFW"), std::string::npos) << e;

    e = error_of("[JWT\nEnabled = true\n");
    EXPECT_NE(e.find("settings.toml:1: syntax error"), std::string::npos) << e;

    e = error_of("Title = \"\xFF\"\n");
    EXPECT_NE(e.find("settings.toml:1: syntax error"), std::string::npos) << e;
}

TEST(SettingsParse, QuestionableWebhooksAndRulesAreWarnings) {
    const LoadResult r = parse_settings(R"([[WebhookURLs]]
Name = "reprot"
Enabled = false
URL = ""

[[WebhookURLs]]
Name = "profile"
Enabled = true
URL = "example.com/profile"

[[ModerationRule]]
NoVideo = true
)",
                                        "settings.toml");
    EXPECT_TRUE(has_warning(r, "settings.toml:1: webhook 'reprot'")) << all_warnings(r);
    EXPECT_TRUE(has_warning(r, "settings.toml:6: webhook 'profile' is enabled but its URL"))
        << all_warnings(r);
    EXPECT_TRUE(has_warning(r, "settings.toml:11: an entry of ModerationRule has no Username"))
        << all_warnings(r);
}

TEST(SettingsParse, EmptyAdminApiKeyIsReplaced) {
    const LoadResult r = parse_settings("AdminAPIKey = \"\"\n", "settings.toml");
    EXPECT_EQ(r.settings.admin_api_key.size(), 36u);
}

// A hand-written file the way the original (go-toml v2) writes it: literal strings,
// indented tables, every key.
constexpr std::string_view kOriginalSample = R"(Version = 17
Title = 'Example Chat'
Branding = '<img src="/static/img/logo.png" alt="Example"> Example <em>Chat</em>'
WebsiteURL = 'https://www.example.org'
CORSHosts = ['https://www.example.org', 'https://chat.example.org']
AdminAPIKey = '1b7e5a3c-92f4-4d1e-8a6b-0c2d3e4f5a6b'
PermitNSFW = true
BlockableAdmins = true
UseXForwardedFor = true
WebSocketReadLimit = 40971520
WebSocketSendTimeout = 15
MaxImageWidth = 1600
PreviewImageWidth = 400

[JWT]
  Enabled = true
  Strict = false
  SecretKey = 'correct horse battery staple'
  LandingPageURL = 'https://www.example.org/login?next=/chat'

[TURN]
  URLs = ['stun:stun.example.org:3478', 'turn:turn.example.org:3478?transport=udp']
  Username = 'chatuser'
  Credential = 's3cr3t'

[[PublicChannels]]
  ID = 'lobby'
  Name = 'Lobby'
  Icon = 'fa fa-gavel'
  VIP = false
  PermitPhotos = false
  WelcomeMessages = ['Welcome to the **Example** chat!', "Be nice, and don't share links to *other* chats."]
  EchoMessagesOnJoin = 25

[[PublicChannels]]
  ID = 'photos'
  Name = 'Photo Boost'
  Icon = 'fa fa-camera'
  VIP = false
  PermitPhotos = true
  WelcomeMessages = []
  EchoMessagesOnJoin = 0

[[PublicChannels]]
  ID = 'vip'
  Name = 'VIPs only'
  Icon = 'fa fa-star'
  VIP = true
  PermitPhotos = true
  WelcomeMessages = ['Shh, VIPs only.']
  EchoMessagesOnJoin = 5

[[WebhookURLs]]
  Name = 'report'
  Enabled = true
  URL = 'https://www.example.org/v1/barertc/report'

[[WebhookURLs]]
  Name = 'profile'
  Enabled = true
  URL = 'https://www.example.org/v1/barertc/profile'

[VIP]
  Name = 'Gold member'
  Branding = '<strong>Gold</strong> members'
  Icon = 'fa fa-crown'
  MutuallySecret = true

[DirectMessageHistory]
  Enabled = true
  SQLiteDatabase = '/var/lib/barertc/dm.sqlite'
  RetentionDays = 30
  DisclaimerMessage = '<i class="fa fa-info-circle"></i> DMs are kept for 30 days.'

[DMLinkSpamProtection]
  Enabled = true
  MaxThreads = 3
  TimeLimit = 1800
  BanHours = 48

[Strings]
  ModRuleErrorCameraAlwaysNSFW = 'Your camera is always marked Explicit.'
  ModRuleErrorNoBroadcast = 'You may not share your camera.'
  ModRuleErrorNoVideo = 'You may not use cameras.'
  ModRuleErrorNoImage = 'You may not share pictures.'

[[MessageFilters]]
  Enabled = true
  PublicChannels = true
  PrivateChannels = false
  KeywordPhrases = ['\bbad ?word\b', '(?i)\bspam(my)?\b']
  CensorMessage = true
  ForwardMessage = false
  ReportMessage = true
  ChatServerResponse = 'Watch your language.'

[[MessageFilters]]
  Enabled = false
  PublicChannels = false
  PrivateChannels = true
  KeywordPhrases = ['telegram\.me/\w+']
  CensorMessage = false
  ForwardMessage = true
  ReportMessage = false
  ChatServerResponse = ''

[[ModerationRule]]
  Username = 'troll'
  CameraAlwaysNSFW = true
  NoBroadcast = false
  NoVideo = false
  NoImage = true
  NoDarkVideo = false

[[ModerationRule]]
  Username = 'shy'
  CameraAlwaysNSFW = false
  NoBroadcast = true
  NoVideo = true
  NoImage = false
  NoDarkVideo = true

[Logging]
  Enabled = true
  Directory = '/var/log/barertc'
  Channels = ['lobby', 'vip']
  Usernames = ['troll', 'shy']
)";

TEST(SettingsParse, FullSampleInTheOriginalsFormat) {
    const LoadResult r = parse_settings(kOriginalSample, "settings.toml");
    EXPECT_TRUE(r.warnings.empty()) << all_warnings(r);
    const Settings& s = r.settings;
    EXPECT_EQ(s.version, 17);
    EXPECT_EQ(s.title, "Example Chat");
    EXPECT_EQ(s.branding,
              "<img src=\"/static/img/logo.png\" alt=\"Example\"> Example <em>Chat</em>");
    EXPECT_EQ(s.website_url, "https://www.example.org");
    EXPECT_EQ(s.cors_hosts,
              (std::vector<std::string>{"https://www.example.org", "https://chat.example.org"}));
    EXPECT_EQ(s.admin_api_key, "1b7e5a3c-92f4-4d1e-8a6b-0c2d3e4f5a6b");
    EXPECT_TRUE(s.permit_nsfw);
    EXPECT_TRUE(s.blockable_admins);
    EXPECT_TRUE(s.use_x_forwarded_for);
    EXPECT_EQ(s.websocket_read_limit, 40971520);
    EXPECT_EQ(s.websocket_send_timeout, 15);
    EXPECT_EQ(s.max_image_width, 1600);
    EXPECT_EQ(s.preview_image_width, 400);
    EXPECT_EQ(s.jwt, (JwtSettings{true, false, "correct horse battery staple",
                                  "https://www.example.org/login?next=/chat"}));
    EXPECT_EQ(s.turn.urls, (std::vector<std::string>{"stun:stun.example.org:3478",
                                                      "turn:turn.example.org:3478?transport=udp"}));
    EXPECT_EQ(s.turn.username, "chatuser");
    EXPECT_EQ(s.turn.credential, "s3cr3t");
    ASSERT_EQ(s.public_channels.size(), 3u);
    EXPECT_EQ(s.public_channels[0],
              (PublicChannel{"lobby", "Lobby", "fa fa-gavel", false, false,
                             {"Welcome to the **Example** chat!",
                              "Be nice, and don't share links to *other* chats."},
                             25}));
    EXPECT_EQ(s.public_channels[1],
              (PublicChannel{"photos", "Photo Boost", "fa fa-camera", false, true, {}, 0}));
    EXPECT_EQ(s.public_channels[2],
              (PublicChannel{"vip", "VIPs only", "fa fa-star", true, true, {"Shh, VIPs only."}, 5}));
    ASSERT_EQ(s.webhook_urls.size(), 2u);
    EXPECT_EQ(s.webhook_urls[1],
              (WebhookUrl{"profile", true, "https://www.example.org/v1/barertc/profile"}));
    EXPECT_EQ(s.vip, (VipSettings{"Gold member", "<strong>Gold</strong> members", "fa fa-crown",
                                  true}));
    EXPECT_EQ(s.direct_message_history,
              (DirectMessageHistorySettings{
                  true, "/var/lib/barertc/dm.sqlite", 30,
                  "<i class=\"fa fa-info-circle\"></i> DMs are kept for 30 days."}));
    EXPECT_EQ(s.dm_link_spam_protection, (DmLinkSpamSettings{true, 3, 1800, 48}));
    EXPECT_EQ(s.strings.mod_rule_error_no_video, "You may not use cameras.");
    EXPECT_EQ(s.strings.mod_rule_error_no_image, "You may not share pictures.");
    ASSERT_EQ(s.message_filters.size(), 2u);
    EXPECT_EQ(s.message_filters[0],
              (MessageFilter{true, true, false, {"\\bbad ?word\\b", "(?i)\\bspam(my)?\\b"}, true,
                             false, true, "Watch your language."}));
    EXPECT_EQ(s.message_filters[1].keyword_phrases,
              std::vector<std::string>{"telegram\\.me/\\w+"});
    ASSERT_EQ(s.moderation_rules.size(), 2u);
    EXPECT_EQ(s.moderation_rules[0], (ModerationRule{"troll", true, false, false, true, false}));
    EXPECT_EQ(s.moderation_rules[1], (ModerationRule{"shy", false, true, true, false, true}));
    EXPECT_EQ(s.logging, (LoggingSettings{true, "/var/log/barertc", {"lobby", "vip"},
                                          {"troll", "shy"}}));

    // And what we write from it reads back the same.
    EXPECT_EQ(parse_settings(render_settings(s), "again.toml").settings, s);
}

// ---------------------------------------------------------------------------------------
// Files: first run, Version rewrite, errors

using SettingsFile = TempDir;

TEST_F(SettingsFile, FirstRunWritesTheDefaultsPrivately) {
    const fs::path path = dir_ / "nested" / "dir" / "settings.toml";
    const LoadResult first = load_or_create_settings(path);
    ASSERT_TRUE(fs::exists(path));
    EXPECT_EQ(mode_of(path), 0600u);
    EXPECT_TRUE(has_warning(first, "did not exist")) << all_warnings(first);
    Settings expected = default_settings();
    expected.admin_api_key = first.settings.admin_api_key;
    EXPECT_EQ(first.settings, expected);

    const LoadResult reread = load_settings(path);
    EXPECT_TRUE(reread.warnings.empty()) << all_warnings(reread);
    EXPECT_EQ(reread.settings, first.settings);

    // The second start finds a complete, current file: nothing to say, nothing rewritten.
    const std::string text = read(path);
    const LoadResult second = load_or_create_settings(path);
    EXPECT_TRUE(second.warnings.empty()) << all_warnings(second);
    EXPECT_EQ(second.settings, first.settings);
    EXPECT_EQ(read(path), text);
    for (const auto& entry : fs::directory_iterator(path.parent_path())) {
        EXPECT_EQ(entry.path().filename(), "settings.toml");  // no temporary left behind
    }
}

TEST_F(SettingsFile, OldVersionIsRewrittenKeepingUserValues) {
    const fs::path path = dir_ / "settings.toml";
    write(path, R"(# my own comment
Version = 16
Title = "Old Chat"
AdminAPIKey = "keep-this-key"
Colour = "blue"

[[PublicChannels]]
ID = "main"
Name = "Main"
WelcomeMessages = ["Hi!"]

[DMLinkSpamProtection]
MaxThreads = 9
)");
    ::chmod(path.c_str(), 0640);
    const LoadResult r = load_or_create_settings(path);
    EXPECT_TRUE(has_warning(r, "rewrote " + path.string() + " with current keys (Version 16 -> 17)"))
        << all_warnings(r);
    EXPECT_TRUE(has_warning(r, ":5: unknown key 'Colour'")) << all_warnings(r);
    EXPECT_EQ(r.settings.version, 17);

    const std::string text = read(path);
    EXPECT_NE(text.find("\nVersion = 17\n"), std::string::npos);
    EXPECT_NE(text.find("\nPreviewImageWidth = 360\n"), std::string::npos);
    EXPECT_NE(text.find("\n[Logging]\n"), std::string::npos);
    EXPECT_EQ(text.find("Colour"), std::string::npos);
    EXPECT_EQ(mode_of(path), 0640u);  // the operator's choice of permissions is kept

    const LoadResult reread = load_or_create_settings(path);
    EXPECT_TRUE(reread.warnings.empty()) << all_warnings(reread);
    EXPECT_EQ(reread.settings, r.settings);
    EXPECT_EQ(reread.settings.title, "Old Chat");
    EXPECT_EQ(reread.settings.admin_api_key, "keep-this-key");
    ASSERT_EQ(reread.settings.public_channels.size(), 1u);
    EXPECT_EQ(reread.settings.public_channels[0].welcome_messages,
              std::vector<std::string>{"Hi!"});
    EXPECT_EQ(reread.settings.dm_link_spam_protection.max_threads, 9);
    EXPECT_EQ(reread.settings.dm_link_spam_protection.ban_hours, 24);
}

TEST_F(SettingsFile, MissingVersionCountsAsZero) {
    const fs::path path = dir_ / "settings.toml";
    write(path, "Title = \"No Version\"\nAdminAPIKey = \"k\"\n");
    const LoadResult r = load_or_create_settings(path);
    EXPECT_TRUE(has_warning(r, "(Version 0 -> 17)")) << all_warnings(r);
    EXPECT_EQ(load_settings(path).settings.version, 17);
    EXPECT_EQ(load_settings(path).settings.title, "No Version");
}

TEST_F(SettingsFile, MissingAdminApiKeyIsGeneratedOnceAndKept) {
    const fs::path path = dir_ / "settings.toml";
    write(path, "Version = 17\nTitle = \"T\"\n");
    const LoadResult first = load_or_create_settings(path);
    EXPECT_TRUE(has_warning(first, "had no AdminAPIKey: generated one and saved it"))
        << all_warnings(first);
    EXPECT_EQ(first.settings.admin_api_key.size(), 36u);
    const LoadResult second = load_or_create_settings(path);
    EXPECT_TRUE(second.warnings.empty()) << all_warnings(second);
    EXPECT_EQ(second.settings.admin_api_key, first.settings.admin_api_key);
    EXPECT_EQ(second.settings.title, "T");
}

TEST_F(SettingsFile, NewerVersionIsLeftAlone) {
    const fs::path path = dir_ / "settings.toml";
    const std::string text = "Version = 18\nAdminAPIKey = \"k\"\nNewKey = true\n";
    write(path, text);
    const LoadResult r = load_or_create_settings(path);
    EXPECT_EQ(r.settings.version, 18);
    EXPECT_TRUE(has_warning(r, "Version 18 is newer")) << all_warnings(r);
    EXPECT_TRUE(has_warning(r, ":3: unknown key 'NewKey'")) << all_warnings(r);
    EXPECT_EQ(read(path), text);
}

TEST_F(SettingsFile, RewriteFollowsSymlinks) {
    const fs::path real = dir_ / "real.toml";
    const fs::path link = dir_ / "settings.toml";
    write(real, "Version = 3\nAdminAPIKey = \"k\"\n");
    fs::create_symlink(real, link);
    load_or_create_settings(link);
    EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
    EXPECT_EQ(load_settings(real).settings.version, 17);
}

TEST_F(SettingsFile, UnusableFilesThrowSettingsError) {
    const fs::path directory = dir_ / "settings.toml";
    fs::create_directories(directory);
    try {
        load_or_create_settings(directory);
        ADD_FAILURE() << "no error for a directory";
    } catch (const SettingsError& e) {
        EXPECT_NE(std::string(e.what()).find(directory.string()), std::string::npos) << e.what();
    }
    EXPECT_THROW(load_settings(dir_ / "absent.toml"), SettingsError);

    const fs::path broken = dir_ / "broken.toml";
    write(broken, "Version = 17\n\nPermitNSFW = \"yes\"\n");
    try {
        load_or_create_settings(broken);
        ADD_FAILURE() << "no error for a bad value";
    } catch (const SettingsError& e) {
        EXPECT_NE(std::string(e.what()).find(broken.string() + ":3: key 'PermitNSFW'"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(read(broken), "Version = 17\n\nPermitNSFW = \"yes\"\n");  // never rewritten

    if (::geteuid() != 0) {  // root reads anything
        const fs::path locked = dir_ / "locked.toml";
        write(locked, "Version = 17\n");
        ::chmod(locked.c_str(), 0);
        EXPECT_THROW(load_or_create_settings(locked), SettingsError);
    }
}

TEST_F(SettingsFile, FirstRunFailsLoudlyWhenItCannotWrite) {
    const fs::path blocker = dir_ / "file";
    write(blocker, "x");
    try {
        load_or_create_settings(blocker / "settings.toml");
        ADD_FAILURE() << "no error";
    } catch (const SettingsError& e) {
        EXPECT_NE(std::string(e.what()).find("settings.toml"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace barertc::config
