#include "chat/names.hpp"

namespace barertc::chat {

std::string fold_name(std::string_view name) {
    std::string out(name);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string_view trim(std::string_view text) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::optional<std::string> username_problem(std::string_view name, std::size_t max_chars,
                                            bool from_jwt) {
    if (name.empty()) return "the username is empty";
    if (utf8_length(name) > max_chars)
        return "the username is longer than " + std::to_string(max_chars) + " characters";
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7F) return "the username contains control characters";
        // These would break HTML, DM channel names ("@name") or command parsing.
        if (!from_jwt && (c == '<' || c == '>' || c == '&' || c == '"' || c == '\'' ||
                          c == '`' || c == '\\' || c == '/'))
            return "the username may not contain < > & \" ' ` \\ or /";
        // Markup is refused from every source: names are shown everywhere, and a client that
        // put one into HTML must not be handed a tag.
        if (c == '<' || c == '>') return "the username may not contain < or >";
    }
    if (!from_jwt && name.front() == '@') return "the username may not start with @";
    return std::nullopt;
}

std::string plain_display_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '<' || c == '>' || u < 0x20 || u == 0x7F) continue;
        out.push_back(c);
    }
    return out;
}

}  // namespace barertc::chat
