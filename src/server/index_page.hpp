// The chat page: the built client's index.html with the room's settings injected as the
// JavaScript globals the original page defines (compat §2.14) — and never a secret.
#pragma once

#include "auth/jwt.hpp"
#include "config/settings.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace barertc::server {

// What the page needs to know about the visitor.
struct PageVisitor {
    std::string token;                    // the JWT to log in with (empty for guests)
    std::optional<auth::Claims> claims;   // set when the token verified
    std::vector<std::string> cached_blocklist;
    std::int64_t now = 0;                 // unix time, for time-limited TURN credentials
};

class IndexPage {
public:
    // Reads the template; a missing file gives a small page that says the client is not built.
    explicit IndexPage(const std::filesystem::path& template_file);

    std::string render(const config::Settings& settings, const PageVisitor& visitor,
                       const std::string& cache_hash) const;

    bool has_client() const { return has_client_; }

private:
    std::string template_;
    bool has_client_ = false;
};

// JSON text that is safe inside a <script> element (no "</script>", no U+2028 surprises).
std::string json_for_script(const std::string& json);

}  // namespace barertc::server
