// Writing settings.toml: every key of settings_schema.hpp, in the original's order and
// spelling, with a comment above each section. Strings are TOML basic strings with escapes,
// so any value (quotes, backslashes, new lines, control characters, non-ASCII) reads back
// unchanged.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "config/settings.hpp"
#include "config/settings_schema.hpp"

namespace barertc::config {
namespace {

constexpr std::string_view kFileHeader =
    "# Settings of the BareRTC chat server.\n"
    "#\n"
    "# The server reads this file when it starts, and writes it back with every current key\n"
    "# when its Version is older than the server's. A key left out keeps its default.\n"
    "# Strings use TOML escapes: \\\" for a quote, \\\\ for a backslash, \\n for a new line.\n"
    "# AdminAPIKey is a secret shared with your website: keep this file private.\n";

// The comment written above each section; our own words, see docs/configuration.md.
const std::map<std::string_view, std::string_view>& section_comments() {
    static const std::map<std::string_view, std::string_view> comments{
        {"JWT",
         "Single sign-on: your website signs a JSON Web Token (HS256, SecretKey) and sends\n"
         "# users to the chat with it. Strict = true turns away everyone without a valid token;\n"
         "# LandingPageURL is where they are sent instead."},
        {"TURN",
         "ICE servers handed to the browsers for WebRTC. Username and Credential are attached\n"
         "# to turn: URLs only, and every visitor can read them. (BareRTC in C++ only:) with a\n"
         "# SharedSecret (coturn use-auth-secret) each user gets their own credentials instead,\n"
         "# valid for CredentialLifetime seconds; RelayOnly makes browsers use TURN relays only."},
        {"PublicChannels",
         "The public channels, in the order they are shown; the first one is the default.\n"
         "# WelcomeMessages are Markdown, sent to each user on login. EchoMessagesOnJoin\n"
         "# replays that many recent messages to newcomers. VIP channels are for VIPs only."},
        {"WebhookURLs",
         "Calls to your website: 'report' receives user reports, 'profile' supplies profile\n"
         "# cards. Requests carry AdminAPIKey. The chat page only learns whether each is enabled."},
        {"VIP", "How VIP users (the 'vip' claim of the token) are named and marked."},
        {"DirectMessageHistory",
         "Keep direct messages in an SQLite database so they are there after a reload.\n"
         "# RetentionDays = 0 keeps them forever; older ones are deleted at start."},
        {"DMLinkSpamProtection",
         "Catch one link pasted into many direct-message threads. Sending it to more than\n"
         "# MaxThreads people gets a kick, doing it again a ban of BanHours hours. A link is\n"
         "# forgotten TimeLimit seconds after it was last sent."},
        {"Strings", "Texts shown to users when a moderation rule stops them (HTML allowed)."},
        {"MessageFilters",
         "Keyword filters: KeywordPhrases are regular expressions (RE2 syntax). The first\n"
         "# enabled filter that matches decides: censor, stop forwarding, report, and/or reply."},
        {"ModerationRule", "Restrictions for named users, added to those carried by their token."},
        {"Logging",
         "Plain-text logs of the listed public channels and of the direct messages of the\n"
         "# listed users, under Directory."},
        {"Bans",
         "(BareRTC in C++ only.) The SQLite file where /ban keeps bans, so that they survive\n"
         "# a restart. An empty Database keeps them in memory only."},
    };
    return comments;
}

// Appends the code point at the front of `s` (valid UTF-8) or U+FFFD for an invalid sequence,
// and returns how many bytes were used. TOML files must be valid UTF-8.
std::size_t append_utf8_char(std::string& out, std::string_view s) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    std::uint32_t cp = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, cp = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, cp = lead & 0x07;
    }
    bool valid = length != 0 && s.size() >= length;
    for (std::size_t i = 1; valid && i < length; ++i) {
        valid = (byte(i) & 0xC0) == 0x80;
        cp = (cp << 6) | (byte(i) & 0x3F);
    }
    const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    valid = valid && cp >= smallest[length] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!valid) {
        out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        return 1;
    }
    out.append(s.substr(0, length));
    return length;
}

std::string toml_string(std::string_view s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            i += append_utf8_char(out, s.substr(i));
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    static constexpr char kHex[] = "0123456789ABCDEF";
                    out += "\\u00";
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 0x0F]);
                } else {
                    out.push_back(static_cast<char>(c));
                }
        }
        ++i;
    }
    out += '"';
    return out;
}

std::string string_array(const std::vector<std::string>& items) {
    constexpr std::size_t kOneLineWidth = 80;
    std::string one_line = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) one_line += ", ";
        one_line += toml_string(items[i]);
    }
    one_line += "]";
    if (items.size() < 2 || one_line.size() <= kOneLineWidth) return one_line;
    std::string lines = "[\n";
    for (const std::string& item : items) lines += "    " + toml_string(item) + ",\n";
    lines += "]";
    return lines;
}

// Writes the keys of one table; a visitor for schema::keys. At the top level TOML wants all
// plain values before the first [section], so the top level is walked twice.
class TomlWriter {
public:
    enum class Pass { values, sections };

    TomlWriter(std::string& out, Pass pass) : out_(out), pass_(pass) {}

    void value(const char* key, bool v) { line(key, v ? "true" : "false"); }
    void value(const char* key, const std::string& v) { line(key, toml_string(v)); }
    void value(const char* key, const std::vector<std::string>& v) { line(key, string_array(v)); }
    void value(const char* key, std::int64_t v, schema::AtLeast) { line(key, std::to_string(v)); }
    void value(const char* key, int v, schema::AtLeast) { line(key, std::to_string(v)); }

    template <class Section>
    void table(const char* key, const Section& section) {
        if (pass_ != Pass::sections) return;
        comment(key);
        out_ += "[" + std::string(key) + "]\n";
        TomlWriter inner(out_, Pass::values);
        schema::keys(inner, section);
    }

    template <class Entry>
    void list(const char* key, const std::vector<Entry>& entries) {
        if (entries.empty()) {  // `[[X]]` cannot say "none"; an empty inline array can
            line(key, "[]");
            return;
        }
        if (pass_ != Pass::sections) return;
        comment(key);
        for (const Entry& entry : entries) {
            out_ += "[[" + std::string(key) + "]]\n";
            TomlWriter inner(out_, Pass::values);
            schema::keys(inner, entry);
            out_ += "\n";
        }
    }

private:
    void line(const char* key, const std::string& text) {
        if (pass_ != Pass::values) return;
        out_ += std::string(key) + " = " + text + "\n";
    }

    void comment(const char* key) {
        if (!out_.ends_with("\n\n")) out_ += "\n";
        const auto& comments = section_comments();
        if (auto it = comments.find(key); it != comments.end()) {
            out_ += "# " + std::string(it->second) + "\n";
        }
    }

    std::string& out_;
    Pass pass_;
};

}  // namespace

std::string render_settings(const Settings& settings) {
    std::string out(kFileHeader);
    out += "\n";
    TomlWriter values(out, TomlWriter::Pass::values);
    schema::keys(values, settings);
    TomlWriter sections(out, TomlWriter::Pass::sections);
    schema::keys(sections, settings);
    while (out.ends_with("\n\n")) out.pop_back();
    return out;
}

}  // namespace barertc::config
