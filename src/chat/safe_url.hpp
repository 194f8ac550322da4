// Profile and avatar URLs from JWTs end up in every browser: keep only harmless ones.
#pragma once

#include <string>
#include <string_view>

namespace barertc::chat {

// http(s) URLs pass unchanged; site-relative paths ("/u/alice") are joined to the site's
// WebsiteURL; anything else (javascript:, data:, protocol-relative, whitespace, quotes)
// becomes empty.
std::string safe_profile_url(std::string_view url, std::string_view website_url);

}  // namespace barertc::chat
