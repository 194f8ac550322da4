#include "chat/safe_url.hpp"

#include "chat/names.hpp"

namespace barertc::chat {

namespace {

bool has_prefix_nocase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    return fold_name(text.substr(0, prefix.size())) == prefix;
}

bool harmless_chars(std::string_view url) {
    for (unsigned char c : url)
        if (c <= 0x20 || c == 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' ||
            c == '`' || c == '\\')
            return false;
    return true;
}

}  // namespace

std::string safe_profile_url(std::string_view url, std::string_view website_url) {
    if (url.empty() || url.size() > 2048 || !harmless_chars(url)) return {};
    if (has_prefix_nocase(url, "https://") || has_prefix_nocase(url, "http://"))
        return std::string(url);
    if (url.front() == '/' && (url.size() == 1 || url[1] != '/')) {
        std::string_view base = website_url;
        while (!base.empty() && base.back() == '/') base.remove_suffix(1);
        if (!has_prefix_nocase(base, "https://") && !has_prefix_nocase(base, "http://"))
            return {};
        return std::string(base) + std::string(url);
    }
    return {};
}

}  // namespace barertc::chat
