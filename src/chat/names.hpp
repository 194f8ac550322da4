// Usernames: what a guest may call themselves, and how names are compared.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace barertc::chat {

// Names are unique case-insensitively (ours.md): "Alice" and "alice" are one identity.
// ASCII folding only; other scripts compare exactly.
std::string fold_name(std::string_view name);

// Why a name cannot be used, or nullopt when it can. Guests are held to a stricter
// character set than JWT subjects (which the site chose).
std::optional<std::string> username_problem(std::string_view name, std::size_t max_chars,
                                            bool from_jwt);

// A display text from the site's token (nickname, emoji, gender) as every client may show it:
// without '<', '>' and control characters. Clients show these fields as text, but a client
// that put one into HTML must not be handed a tag; the site's own text is never needed as
// markup.
std::string plain_display_text(std::string_view text);

// Number of UTF-8 code points (invalid bytes count one each).
std::size_t utf8_length(std::string_view text);

// Trims ASCII whitespace at both ends.
std::string_view trim(std::string_view text);

}  // namespace barertc::chat
