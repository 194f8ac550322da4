#include "webhook/webhook_target.hpp"

#include <boost/url/parse.hpp>

namespace barertc::webhook {

std::optional<WebhookTarget> parse_webhook_url(std::string_view url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) return std::nullopt;
    const boost::urls::url_view& u = *parsed;
    WebhookTarget t;
    if (u.scheme_id() == boost::urls::scheme::https) t.tls = true;
    else if (u.scheme_id() != boost::urls::scheme::http) return std::nullopt;
    if (u.has_userinfo() || u.encoded_host().empty()) return std::nullopt;

    t.host = u.host_address();  // IPv6 without brackets; names as written
    t.port = u.has_port() ? std::string(u.port()) : (t.tls ? "443" : "80");
    if (t.port.empty()) return std::nullopt;
    t.host_header = std::string(u.encoded_host_and_port());
    t.target = std::string(u.encoded_path());
    if (t.target.empty()) t.target = "/";
    if (u.has_query()) t.target += "?" + std::string(u.encoded_query());
    return t;
}

}  // namespace barertc::webhook
