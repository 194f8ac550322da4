#include "server/http_routes.hpp"

#include "markup/markdown.hpp"
#include "server/metrics.hpp"

#include <boost/json.hpp>
#include <boost/url.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <set>

namespace barertc::server {
namespace http = boost::beast::http;
namespace urls = boost::urls;
using markup::escape_html;

namespace {

using Request = http::request<http::string_body>;

http::message_generator text_response(const Request& req, http::status status,
                                      std::string_view content_type, std::string body) {
    http::response<http::string_body> res{status, req.version()};
    res.set(http::field::server, "barertc-cpp");
    res.set(http::field::content_type, content_type);
    res.set("X-Content-Type-Options", "nosniff");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = req.method() == http::verb::head ? std::string() : std::move(body);
    res.prepare_payload();
    return res;
}

http::message_generator page(const Request& req, http::status status, std::string_view title,
                             std::string_view body_html) {
    std::string html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                       "<title>" + escape_html(title) + "</title></head><body style=\"font-family:"
                       "system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em\">" +
                       std::string(body_html) + "</body></html>";
    return text_response(req, status, "text/html; charset=utf-8", std::move(html));
}

std::string decoded_param(urls::params_encoded_view params, std::string_view key) {
    for (const auto& p : params)
        if (p.key == key && p.has_value) return p.value.decode();
    return {};
}

// The JWT arrives as ?jwt= or as a form field (long tokens are POSTed).
std::string token_from(const Request& req) {
    auto target = urls::parse_origin_form(req.target());
    if (target) {
        std::string t = decoded_param(target->encoded_params(), "jwt");
        if (!t.empty()) return t;
    }
    if (req.method() == http::verb::post) {
        auto ct = req[http::field::content_type];
        if (ct.starts_with("application/x-www-form-urlencoded")) {
            auto form = urls::parse_query(req.body());
            if (form) return decoded_param(*form, "jwt");
        }
    }
    return {};
}

std::string_view host_of_origin(std::string_view origin) {
    auto pos = origin.find("://");
    return pos == std::string_view::npos ? origin : origin.substr(pos + 3);
}

}  // namespace

HttpRoutes::HttpRoutes(chat::Hub& hub, StaticFiles files, IndexPage index, ApiRoutes& api,
                       PollTransport& polls, const TransportStats& transport)
    : hub_(hub), files_(std::move(files)), index_(std::move(index)), api_(api), polls_(polls),
      transport_(transport) {}

void HttpRoutes::handle(Request&& req, const std::string& client_address, Responder respond) {
    auto target = urls::parse_origin_form(req.target());
    if (target && target->path() == "/poll") {
        spdlog::debug("{} {} /poll", client_address, std::string(req.method_string()));
        respond(polls_.handle(req, client_address));
        return;
    }
    if (target && ApiRoutes::handles(target->path())) {
        const std::string path = target->path();
        spdlog::debug("{} {} {}", client_address, std::string(req.method_string()), path);
        api_.handle(std::move(req), path, client_address, std::move(respond));
        return;
    }
    respond(handle_now(std::move(req), client_address));
}

bool HttpRoutes::origin_allowed(const Request& req) const {
    auto origin = req[http::field::origin];
    if (origin.empty()) return true;  // not a browser; browsers always send Origin
    if (host_of_origin(origin) == req[http::field::host]) return true;
    for (const auto& allowed : hub_.settings().cors_hosts)
        if (origin == allowed) return true;
    return false;
}

http::message_generator HttpRoutes::handle_now(Request&& req, const std::string& client_address) {
    const http::verb method = req.method();
    auto target = urls::parse_origin_form(req.target());
    if (!target) return text_response(req, http::status::bad_request, "text/plain", "Bad request target.\n");
    const std::string path = target->path();
    spdlog::debug("{} {} {}", client_address, std::string(req.method_string()), path);

    if (path == "/" || path == "/index.html") {
        if (method != http::verb::get && method != http::verb::head && method != http::verb::post)
            return text_response(req, http::status::method_not_allowed, "text/plain", "Method not allowed.\n");
        return index(req);
    }
    if (method != http::verb::get && method != http::verb::head)
        return text_response(req, http::status::method_not_allowed, "text/plain", "Method not allowed.\n");
    if (path == "/healthz") return text_response(req, http::status::ok, "text/plain", "ok\n");
    if (path == "/metrics")
        return text_response(req, http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                             render_metrics(hub_, transport_, polls_.session_count()));
    if (path == "/api/statistics") return statistics(req);
    if (path == "/about") {
        const auto& s = hub_.settings();
        return page(req, http::status::ok, "About " + s.title,
                    "<h1>About " + escape_html(s.title) + "</h1>"
                    "<p>This is a webcam chat room: chat in public channels and by direct "
                    "message, and share your webcam with the people you choose. Video goes "
                    "directly between browsers; the server only carries chat and signaling.</p>"
                    "<p>If your camera does not start, check that your browser has permission to "
                    "use it and that no other program holds it.</p>"
                    "<p><a href=\"" + escape_html(s.website_url) + "\">Back to the website</a></p>");
    }
    if (path == "/logout") {
        return page(req, http::status::ok, "Logged out",
                    "<h1>You have been logged out</h1><p>You may close this window.</p>"
                    "<script>setTimeout(function(){window.close()},5000)</script>");
    }
    if (auto file = files_.resolve(path)) {
        boost::beast::error_code ec;
        auto res = files_.serve(*file, path, method == http::verb::head, req.version(), ec);
        if (!ec) {
            res.keep_alive(req.keep_alive());
            return res;
        }
    }
    return page(req, http::status::not_found, "Not found",
                "<h1>Not found</h1><p>There is nothing at this address. "
                "<a href=\"/\">Go to the chat room</a>.</p>");
}

http::message_generator HttpRoutes::index(const Request& req) {
    const auto& s = hub_.settings();
    const bool strict = s.jwt.enabled && s.jwt.strict;
    PageVisitor visitor;
    visitor.now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string token = token_from(req);
    if (s.jwt.enabled && !token.empty()) {
        auth::VerifyResult r = auth::verify_jwt(token, s.jwt.secret_key, visitor.now);
        if (r.ok() && !r.claims.subject.empty()) {
            visitor.token = token;
            visitor.cached_blocklist = hub_.cached_blocklist(r.claims.subject);
            visitor.claims = std::move(r.claims);
        } else if (strict) {
            std::string why = r.ok() ? "the token names no user" : std::string(auth::describe(r.error));
            spdlog::info("chat page refused: bad token ({})", why);
            return text_response(req, http::status::forbidden, "text/plain; charset=utf-8",
                                 "Error parsing your JWT token: " + why + "\n");
        }
    }
    if (strict && !visitor.claims) {
        if (!s.jwt.landing_page_url.empty()) {
            http::response<http::string_body> res{http::status::found, req.version()};
            res.set(http::field::location, s.jwt.landing_page_url);
            res.set(http::field::cache_control, "no-store");
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            return res;
        }
        return text_response(req, http::status::forbidden, "text/plain; charset=utf-8",
                             "Authentication denied: please enter the chat through its website.\n");
    }
    std::uniform_int_distribution<int> letter('a', 'z');
    std::string cache_hash(8, 'a');
    for (char& c : cache_hash) c = static_cast<char>(letter(rng_));
    auto res = text_response(req, http::status::ok, "text/html; charset=utf-8",
                             index_.render(s, visitor, cache_hash));
    return res;
}

http::message_generator HttpRoutes::statistics(const Request& req) {
    const auto users = hub_.visible_users();
    std::set<std::string> names;
    int blue = 0, red = 0;
    for (const chat::User* u : users) {
        names.insert(u->username);
        if (u->video & protocol::video_flag::kActive)
            ++((u->video & protocol::video_flag::kNsfw) ? red : blue);
    }
    boost::json::array list;
    for (const auto& n : names) list.emplace_back(n);
    boost::json::object body{{"UserCount", users.size()},
                             {"Usernames", std::move(list)},
                             {"Cameras", boost::json::object{{"Blue", blue}, {"Red", red}}}};
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    auto origin = req[http::field::origin];
    for (const auto& allowed : hub_.settings().cors_hosts)
        if (!origin.empty() && origin == allowed)
            res.set(http::field::access_control_allow_origin, origin);
    res.keep_alive(req.keep_alive());
    res.body() = boost::json::serialize(body);
    res.prepare_payload();
    return res;
}

}  // namespace barertc::server
