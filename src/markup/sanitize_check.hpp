// An independent check of rendered HTML, for tests and fuzzing: does anything in it make a
// browser run code or load a page we did not mean? Deliberately written apart from the
// renderer so that one bug cannot hide in both.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace barertc::markup {

namespace detail {

inline std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

inline bool allowed_tag(std::string_view tag) {
    static constexpr std::string_view kTags[] = {
        "p", "br", "em", "strong", "del", "code", "pre", "a", "ul", "ol", "li", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "iframe", "input", "table", "thead", "tbody",
        "tr", "th", "td", "sup", "section", "div", "span",
    };
    return std::find(std::begin(kTags), std::end(kTags), tag) != std::end(kTags);
}

inline bool safe_href(std::string_view value) {
    // Browsers drop tabs and newlines anywhere in a URL (and spaces/controls at its ends).
    std::string v;
    for (char c : value) if (static_cast<unsigned char>(c) > 0x20) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto colon = v.find(':');
    if (colon == std::string::npos) return true;
    const std::string scheme = v.substr(0, colon);
    // Only [a-z][a-z0-9+.-]* is a scheme; anything else before ':' makes a relative path.
    if (scheme.empty() || !std::isalpha(static_cast<unsigned char>(scheme[0]))) return true;
    for (char c : scheme)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '.' && c != '-') return true;
    return scheme == "http" || scheme == "https" || scheme == "mailto";
}

}  // namespace detail

// True when `html` holds a tag outside the chat whitelist, an event-handler or style
// attribute, a link with a script-capable scheme, or an iframe not pointing at YouTube.
inline bool has_live_markup(std::string_view html) {
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        ++i;
        bool closing = false;
        if (i < html.size() && html[i] == '/') { closing = true; ++i; }
        std::size_t name_end = i;
        while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
        if (name_end == i) {
            // "<" not followed by a tag name cannot open a tag in HTML, except "<!" and "<?".
            if (i < html.size() && (html[i] == '!' || html[i] == '?')) return true;
            continue;
        }
        const std::string tag = detail::lower(html.substr(i, name_end - i));
        if (!detail::allowed_tag(tag)) return true;
        const std::size_t end = html.find('>', name_end);
        if (end == std::string_view::npos) return true;  // an unterminated tag swallows what follows
        if (closing) { i = end; continue; }
        // Attributes: name="value" pairs, values always double-quoted by our renderer.
        std::size_t p = name_end;
        while (p < end) {
            while (p < end && (std::isspace(static_cast<unsigned char>(html[p])) || html[p] == '/')) ++p;
            if (p >= end) break;
            std::size_t an = p;
            while (an < end && html[an] != '=' && !std::isspace(static_cast<unsigned char>(html[an])) && html[an] != '>') ++an;
            const std::string attr = detail::lower(html.substr(p, an - p));
            std::string value;
            p = an;
            if (p < end && html[p] == '=') {
                ++p;
                if (p >= html.size() || html[p] != '"') return true;
                const std::size_t close = html.find('"', p + 1);
                if (close == std::string_view::npos) return true;
                value = std::string(html.substr(p + 1, close - p - 1));
                p = close + 1;
            }
            if (attr.rfind("on", 0) == 0 || attr == "style" || attr == "srcdoc" || attr == "formaction") return true;
            if (attr == "href" && !detail::safe_href(value)) return true;
            if (attr == "src" && !(tag == "iframe" && value.rfind("https://www.youtube.com/embed/", 0) == 0)) return true;
        }
        i = end;
    }
    return false;
}

}  // namespace barertc::markup
