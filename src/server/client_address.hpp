// Which address to log for a request: the socket peer, or the proxy's headers when trusted.
#pragma once

#include <boost/beast/http/fields.hpp>

#include <string>
#include <string_view>

namespace barertc::server {

// With UseXForwardedFor: X-Real-IP, else the first X-Forwarded-For entry, else the peer.
std::string client_address(const boost::beast::http::fields& headers, std::string_view peer,
                           bool use_forwarded_headers);

}  // namespace barertc::server
