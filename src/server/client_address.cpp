#include "server/client_address.hpp"

namespace barertc::server {

namespace {

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Header values end up in log lines: keep them short and printable.
std::string printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 64))
        if (c > 0x20 && c < 0x7F) out.push_back(c);
    return out;
}

}  // namespace

std::string client_address(const boost::beast::http::fields& headers, std::string_view peer,
                           bool use_forwarded_headers) {
    if (use_forwarded_headers) {
        if (auto it = headers.find("X-Real-IP"); it != headers.end()) {
            std::string ip = printable(trim_spaces(it->value()));
            if (!ip.empty()) return ip;
        }
        if (auto it = headers.find("X-Forwarded-For"); it != headers.end()) {
            std::string_view v = it->value();
            std::string ip = printable(trim_spaces(v.substr(0, v.find(','))));
            if (!ip.empty()) return ip;
        }
    }
    return std::string(peer);
}

}  // namespace barertc::server
