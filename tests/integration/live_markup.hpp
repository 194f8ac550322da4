// What a browser would run if it put a string from the server into the page as HTML: the
// attack suite's judge. Written for these tests, apart from src/markup (the renderer and its
// fuzzing checker), so that one mistake cannot hide in both.
#pragma once

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace barertc::testing {

namespace live_markup_detail {

inline std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The elements our Markdown renderer and server templates emit (docs/markdown.md), minus
// media: the attack payloads share no images and link no videos, so <img> and <iframe> in a
// result can only have come from an attacker.
inline bool allowed_tag(const std::string& tag) {
    static const std::vector<std::string> kTags{
        "p", "br", "em", "strong", "del", "s", "code", "pre", "a", "ul", "ol", "li", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
        "sup", "sub", "span", "div", "section", "input", "b", "i"};
    return std::find(kTags.begin(), kTags.end(), tag) != kTags.end();
}

// Attribute values as the browser sees them: character references decoded.
inline std::string decode_references(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '&') {
            out += v[i];
            continue;
        }
        std::size_t end = v.find(';', i);
        std::string_view ref = end == std::string_view::npos ? v.substr(i + 1) : v.substr(i + 1, end - i - 1);
        long code = -1;
        if (!ref.empty() && ref[0] == '#') {
            const bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
            std::string digits(ref.substr(hex ? 2 : 1));
            if (!digits.empty()) code = std::strtol(digits.c_str(), nullptr, hex ? 16 : 10);
        } else {
            const std::string name = lower(ref);
            if (name == "colon") code = ':';
            else if (name == "tab") code = '\t';
            else if (name == "newline") code = '\n';
            else if (name == "amp") code = '&';
            else if (name == "lt") code = '<';
            else if (name == "gt") code = '>';
            else if (name == "quot") code = '"';
        }
        if (code > 0 && code < 128 && end != std::string_view::npos) {
            out += static_cast<char>(code);
            i = end;
        } else {
            out += '&';
        }
    }
    return out;
}

// A URL a browser would follow without running code: http(s), mailto or relative.
inline bool harmless_url(std::string_view raw) {
    std::string v;
    for (char c : decode_references(raw))
        if (static_cast<unsigned char>(c) > 0x20) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto colon = v.find(':');
    if (colon == std::string::npos) return true;
    const std::string scheme = v.substr(0, colon);
    if (scheme.find_first_of("/?#") != std::string::npos) return true;  // a path, not a scheme
    return scheme == "http" || scheme == "https" || scheme == "mailto";
}

}  // namespace live_markup_detail

// Empty when `html` is harmless; otherwise what is live in it. Flags: an element outside the
// allow-list, `<!`/`<?` constructs, an unterminated tag, event handlers and style attributes,
// and href/src/action values with any scheme but http, https and mailto.
inline std::string live_markup(std::string_view html) {
    using namespace live_markup_detail;
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        std::size_t p = i + 1;
        if (p < html.size() && html[p] == '/') ++p;
        if (p < html.size() && (html[p] == '!' || html[p] == '?')) return "a <! or <? construct";
        std::size_t name_end = p;
        while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
        if (name_end == p || !std::isalpha(static_cast<unsigned char>(html[p]))) {
            ++i;  // "<" without a tag name is text
            continue;
        }
        const std::string tag = lower(html.substr(p, name_end - p));
        if (!allowed_tag(tag)) return "element <" + tag + ">";
        const std::size_t end = html.find('>', name_end);
        if (end == std::string_view::npos) return "unterminated <" + tag;
        std::size_t a = name_end;
        while (a < end) {
            while (a < end && (std::isspace(static_cast<unsigned char>(html[a])) || html[a] == '/')) ++a;
            if (a >= end) break;
            std::size_t an = a;
            while (an < end && html[an] != '=' && !std::isspace(static_cast<unsigned char>(html[an]))) ++an;
            const std::string attr = lower(html.substr(a, an - a));
            std::string value;
            a = an;
            if (a < end && html[a] == '=') {
                ++a;
                if (a < end && (html[a] == '"' || html[a] == '\'')) {
                    const std::size_t close = html.find(html[a], a + 1);
                    if (close == std::string_view::npos) return "unterminated attribute value";
                    value = std::string(html.substr(a + 1, close - a - 1));
                    a = close + 1;
                } else {
                    std::size_t ve = a;
                    while (ve < end && !std::isspace(static_cast<unsigned char>(html[ve]))) ++ve;
                    value = std::string(html.substr(a, ve - a));
                    a = ve;
                }
            }
            if (attr.rfind("on", 0) == 0) return "event handler " + attr + " on <" + tag + ">";
            if (attr == "style" || attr == "srcdoc" || attr == "formaction") return "attribute " + attr;
            if ((attr == "href" || attr == "src" || attr == "action" || attr == "xlink:href") &&
                !harmless_url(value))
                return attr + "=\"" + value + "\" on <" + tag + ">";
        }
        i = end;
    }
    return {};
}

// Walks every string inside a received frame; the first live one, described, or empty.
inline std::string live_markup_in(const boost::json::value& v, const std::string& path = "") {
    if (v.is_string()) {
        const std::string why = live_markup(std::string_view(v.as_string()));
        return why.empty() ? why : path + ": " + why;
    }
    if (v.is_array()) {
        std::size_t n = 0;
        for (const auto& e : v.as_array()) {
            std::string why = live_markup_in(e, path + "[" + std::to_string(n++) + "]");
            if (!why.empty()) return why;
        }
    }
    if (v.is_object()) {
        for (const auto& kv : v.as_object()) {
            std::string why = live_markup_in(kv.value(), path + "." + std::string(kv.key()));
            if (!why.empty()) return why;
        }
    }
    return {};
}

}  // namespace barertc::testing
