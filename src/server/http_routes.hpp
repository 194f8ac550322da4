// Every plain HTTP route: the chat page, about/logout, health, statistics, static files.
#pragma once

#include "chat/hub.hpp"
#include "server/api_routes.hpp"
#include "server/transport_stats.hpp"
#include "server/index_page.hpp"
#include "server/poll_transport.hpp"
#include "server/static_files.hpp"

#include <boost/beast/http.hpp>

#include <random>
#include <string>

namespace barertc::server {

class HttpRoutes {
public:
    HttpRoutes(chat::Hub& hub, StaticFiles files, IndexPage index, ApiRoutes& api,
               PollTransport& polls, const TransportStats& transport);

    // Answers through `respond`, exactly once: at once, or later for APIs that wait on the site.
    void handle(boost::beast::http::request<boost::beast::http::string_body>&& request,
                const std::string& client_address, Responder respond);

    // Whether a WebSocket handshake from this Origin may proceed (compat §1.1: same host,
    // or one of the configured CORSHosts).
    bool origin_allowed(const boost::beast::http::request<boost::beast::http::string_body>& request) const;

private:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    boost::beast::http::message_generator handle_now(Request&& req, const std::string& client_address);
    boost::beast::http::message_generator index(const Request& req);
    boost::beast::http::message_generator statistics(const Request& req);

    chat::Hub& hub_;
    StaticFiles files_;
    IndexPage index_;
    ApiRoutes& api_;
    PollTransport& polls_;
    const TransportStats& transport_;
    std::mt19937 rng_{std::random_device{}()};
};

}  // namespace barertc::server
