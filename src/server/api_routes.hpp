// The JSON APIs of compat §4.3–§4.6: the host site's admin calls (AdminAPIKey) and the
// chat page's own calls (its current JWT). Every answer is JSON, errors included.
#pragma once

#include "chat/hub.hpp"

#include <boost/beast/http.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace barertc::store { class SqliteDmArchive; }

namespace barertc::server {

using Responder = std::function<void(boost::beast::http::message_generator)>;

// Asks the site's `profile` webhook about a user; `done(ok, data_or_error)` on the hub thread.
using ProfileLookup = std::function<void(const std::string& username,
                                         std::function<void(bool, boost::json::object, std::string)> done)>;

class ApiRoutes {
public:
    ApiRoutes(chat::Hub& hub, store::SqliteDmArchive* dm_history, ProfileLookup profile);

    static bool handles(std::string_view path);
    // Calls `respond` exactly once, now or (for /api/profile) when the site has answered.
    void handle(boost::beast::http::request<boost::beast::http::string_body>&& request,
                std::string_view path, const std::string& client_address, Responder respond);

private:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    boost::json::object admin(std::string_view path, const boost::json::object& body,
                              const std::string& client_address, unsigned& status);
    boost::json::object user_api(std::string_view path, const boost::json::object& body,
                                 const std::string& username, unsigned& status);

    chat::Hub& hub_;
    store::SqliteDmArchive* dm_history_;
    ProfileLookup profile_;
};

}  // namespace barertc::server
