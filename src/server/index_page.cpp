#include "server/index_page.hpp"

#include "auth/turn_credentials.hpp"
#include "markup/markdown.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

namespace barertc::server {
namespace json = boost::json;

namespace {

constexpr std::string_view kGlobalsMarker = "<!--BARERTC_GLOBALS-->";

constexpr const char* kFallbackTemplate = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>BareRTC</title>
<!--BARERTC_GLOBALS-->
</head><body><main><h1>BareRTC</h1>
<p>The chat server is running, but its web client has not been built.
Run <code>make web</code> (or <code>make run</code>) and reload this page.</p></main></body></html>
)";

json::array string_array(const std::vector<std::string>& items) {
    json::array out;
    for (const auto& s : items) out.emplace_back(s);
    return out;
}

// compat §2.4, plus ours: with a shared secret, a signed-in visitor's page carries their own
// time-limited credentials (never the secret); guests get theirs with the ping after login.
json::object turn_global(const config::TurnSettings& t, const PageVisitor& visitor) {
    json::object o{{"URLs", string_array(t.urls)}, {"Username", ""}, {"Credential", ""}};
    if (!t.using_shared_secret()) {
        o["Username"] = t.username;
        o["Credential"] = t.credential;
    } else if (visitor.claims) {
        const auth::TurnCredential c = auth::make_turn_credential(
            t.shared_secret, visitor.claims->subject, visitor.now, t.credential_lifetime);
        o["Username"] = c.username;
        o["Credential"] = c.credential;
    }
    o["RelayOnly"] = t.relay_only;
    return o;
}

json::object globals(const config::Settings& s, const PageVisitor& visitor,
                     const std::string& cache_hash) {
    json::object g;
    g["Branding"] = s.branding;
    g["BareRTCStrings"] = json::object{
        {"ModRuleErrorCameraAlwaysNSFW", s.strings.mod_rule_error_camera_always_nsfw},
        {"ModRuleErrorNoBroadcast", s.strings.mod_rule_error_no_broadcast},
        {"ModRuleErrorNoVideo", s.strings.mod_rule_error_no_video},
        {"ModRuleErrorNoImage", s.strings.mod_rule_error_no_image},
    };
    json::array channels;
    for (const auto& c : s.public_channels) {
        json::object o{{"ID", c.id},
                       {"Name", c.name},
                       {"VIP", c.vip},
                       {"PermitPhotos", c.permit_photos},
                       {"WelcomeMessages", string_array(c.welcome_messages)},
                       {"EchoMessagesOnJoin", c.echo_messages_on_join}};
        if (!c.icon.empty()) o["Icon"] = c.icon;
        channels.emplace_back(std::move(o));
    }
    g["PublicChannels"] = std::move(channels);
    g["DMDisclaimer"] = s.direct_message_history.enabled ? s.direct_message_history.disclaimer_message
                                                         : std::string();
    // Ours: lets the client offer history without probing the API (the disclaimer may be empty).
    g["DirectMessageHistory"] = s.direct_message_history.enabled;
    g["WebsiteURL"] = s.website_url;
    g["PermitNSFW"] = s.permit_nsfw;
    g["TURN"] = turn_global(s.turn, visitor);
    // ours.md: the page learns whether a webhook exists, never where it points.
    json::array hooks;
    for (const auto& h : s.webhook_urls)
        hooks.emplace_back(json::object{{"Name", h.name}, {"Enabled", h.enabled}});
    g["WebhookURLs"] = std::move(hooks);
    g["VIP"] = json::object{{"Name", s.vip.name},
                            {"Branding", s.vip.branding},
                            {"Icon", s.vip.icon},
                            {"MutuallySecret", s.vip.mutually_secret}};
    const bool valid = visitor.claims.has_value();
    g["UserJWTToken"] = valid ? visitor.token : std::string();
    g["UserJWTValid"] = valid;
    g["UserJWTClaims"] = valid ? json::value(auth::claims_to_json(*visitor.claims))
                               : json::value(json::object{});
    const auth::Rules r = valid ? auth::rules_from_claims(*visitor.claims) : auth::Rules{};
    g["UserJWTRules"] = json::object{{"IsRedCamRule", r.red_cam},
                                     {"IsNoBroadcastRule", r.no_broadcast},
                                     {"IsNoVideoRule", r.no_video},
                                     {"IsNoImageRule", r.no_image},
                                     {"IsNoDarkVideoRule", r.no_dark_video}};
    g["CachedBlocklist"] = string_array(visitor.cached_blocklist);
    g["CacheHash"] = cache_hash;
    return g;
}

}  // namespace

std::string json_for_script(const std::string& text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '<') out.append("\\u003c");
        else if (c == '>') out.append("\\u003e");
        else if (c == '&') out.append("\\u0026");
        else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
                 (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
            out.append(text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029");
            i += 2;
        } else out.push_back(c);
    }
    return out;
}

IndexPage::IndexPage(const std::filesystem::path& template_file) {
    std::ifstream in(template_file, std::ios::binary);
    if (in) {
        std::ostringstream ss;
        ss << in.rdbuf();
        template_ = ss.str();
        has_client_ = true;
    }
    if (template_.find(kGlobalsMarker) == std::string::npos) {
        template_ = kFallbackTemplate;
        has_client_ = false;
    }
}

std::string IndexPage::render(const config::Settings& settings, const PageVisitor& visitor,
                              const std::string& cache_hash) const {
    std::string script = "<script>";
    for (const auto& [key, value] : globals(settings, visitor, cache_hash)) {
        script.append("window.").append(key).append("=");
        script.append(json_for_script(json::serialize(value))).append(";");
    }
    script.append("</script>");

    std::string page = template_;
    page.replace(page.find(kGlobalsMarker), kGlobalsMarker.size(), script);
    const std::size_t open = page.find("<title>");
    const std::size_t close = open == std::string::npos ? open : page.find("</title>", open);
    if (close != std::string::npos)
        page.replace(open + 7, close - open - 7, markup::escape_html(settings.title));
    return page;
}

}  // namespace barertc::server
