// Where a webhook URL points: parsed once, before any connection is made.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace barertc::webhook {

struct WebhookTarget {
    bool tls = false;         // https
    std::string host;         // for DNS, SNI and certificate checks (no IPv6 brackets)
    std::string port;         // "80", "443" or as written
    std::string host_header;  // host[:port], as the Host header wants it
    std::string target;       // path and query, at least "/"
};

// Nothing for anything but an absolute http(s) URL with a host and no user info.
std::optional<WebhookTarget> parse_webhook_url(std::string_view url);

}  // namespace barertc::webhook
