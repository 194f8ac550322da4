#include "server/api_routes.hpp"

#include "auth/jwt.hpp"
#include "chat/timestamps.hpp"
#include "store/sqlite_dm_archive.hpp"

#include <boost/json.hpp>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>

namespace barertc::server {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

http::message_generator json_response(unsigned version, bool keep_alive, unsigned status,
                                      const json::object& body) {
    http::response<http::string_body> res{static_cast<http::status>(status), version};
    res.set(http::field::server, "barertc-cpp");
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
    res.keep_alive(keep_alive);
    res.body() = json::serialize(body);
    res.body() += '\n';
    res.prepare_payload();
    return res;
}


json::object failure(std::string_view error) { return {{"OK", false}, {"Error", error}}; }

std::string string_field(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::int64_t int_field(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    if (!v) return 0;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
    if (v->is_double()) return static_cast<std::int64_t>(v->get_double());
    return 0;
}

std::vector<std::string> string_list(const json::object& o, std::string_view key) {
    std::vector<std::string> out;
    const json::value* v = o.if_contains(key);
    if (!v || !v->is_array()) return out;
    for (const json::value& x : v->get_array())
        if (x.is_string() && !x.get_string().empty()) out.emplace_back(x.get_string());
    return out;
}

// Constant time, so the key cannot be guessed byte by byte from response times.
bool key_matches(std::string_view given, std::string_view expected) {
    if (expected.empty() || given.size() != expected.size()) return false;
    return CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

bool is_admin_path(std::string_view path) {
    return path == "/api/blocklist" || path == "/api/block/now" || path == "/api/disconnect/now" ||
           path == "/api/authenticate" || path == "/api/amend-jwt" || path == "/api/shutdown";
}

bool is_user_path(std::string_view path) {
    return path == "/api/profile" || path == "/api/message/history" ||
           path == "/api/message/usernames" || path == "/api/message/clear";
}

// Claims for /api/authenticate, read with the JWT's own claim names.
auth::Claims claims_from(const json::object& o) {
    auth::Claims c;
    for (const auto& [key, value] : o) {
        if (key == "sub" && value.is_string()) c.subject = value.get_string();
        else if (key == "op" && value.is_bool()) c.op = value.get_bool();
        else if (key == "vip" && value.is_bool()) c.vip = value.get_bool();
        else if (key == "img" && value.is_string()) c.avatar = value.get_string();
        else if (key == "url" && value.is_string()) c.profile_url = value.get_string();
        else if (key == "nick" && value.is_string()) c.nickname = value.get_string();
        else if (key == "emoji" && value.is_string()) c.emoji = value.get_string();
        else if (key == "gender" && value.is_string()) c.gender = value.get_string();
        else if (key == "rules" && value.is_array()) {
            for (const json::value& r : value.get_array())
                if (r.is_string()) c.rules.emplace_back(r.get_string());
        } else if (key != "exp" && key != "nbf" && key != "iat") {
            c.extra[key] = value;
        }
    }
    return c;
}

}  // namespace

ApiRoutes::ApiRoutes(chat::Hub& hub, store::SqliteDmArchive* dm_history, ProfileLookup profile)
    : hub_(hub), dm_history_(dm_history), profile_(std::move(profile)) {}

bool ApiRoutes::handles(std::string_view path) { return is_admin_path(path) || is_user_path(path); }

void ApiRoutes::handle(Request&& req, std::string_view path, const std::string& client_address,
                       Responder respond) {
    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive();
    auto reply = [&](unsigned status, const json::object& body) {
        respond(json_response(version, keep_alive, status, body));
    };
    if (req.method() != http::verb::post) return reply(400, failure("Only POST requests are accepted."));
    // The original insists on exactly "application/json"; a charset suffix is fine with us.
    if (!req[http::field::content_type].starts_with("application/json"))
        return reply(400, failure("Content-Type must be application/json."));
    json::error_code ec;
    json::value parsed = json::parse(req.body(), ec);
    if (ec || !parsed.is_object()) return reply(400, failure("The request body is not a JSON object."));
    const json::object& body = parsed.as_object();

    if (is_admin_path(path)) {
        if (!key_matches(string_field(body, "APIKey"), hub_.settings().admin_api_key)) {
            spdlog::warn("{}: {} with a wrong APIKey", client_address, path);
            return reply(401, failure("Authentication denied."));
        }
        unsigned status = 200;
        json::object result = admin(path, body, client_address, status);
        return reply(status, result);
    }

    // /api/message/clear also takes the site's APIKey with a Username.
    if (path == "/api/message/clear" && body.contains("APIKey")) {
        if (!key_matches(string_field(body, "APIKey"), hub_.settings().admin_api_key))
            return reply(401, failure("Authentication denied."));
        if (!dm_history_) return reply(500, failure("The direct message history database is not enabled."));
        const std::string user = string_field(body, "Username");
        if (user.empty()) return reply(400, failure("Username is required."));
        return reply(200, {{"OK", true}, {"MessagesErased", dm_history_->clear(user)}});
    }

    // The chat page's own calls: authenticated by the JWT the page holds.
    const auto& s = hub_.settings();
    const std::string token = string_field(body, "JWTToken");
    if (!s.jwt.enabled || token.empty()) return reply(400, failure("JWT authentication is not available."));
    auth::VerifyResult r = auth::verify_jwt(token, s.jwt.secret_key, unix_now());
    if (!r.ok()) return reply(400, failure(std::string("Your token is not valid: ") + std::string(auth::describe(r.error))));
    const std::string username = r.claims.subject;

    if (path == "/api/profile") {
        const std::string target = string_field(body, "Username");
        if (target.empty()) return reply(400, failure("Username is required."));
        if (!profile_) return reply(500, failure("The profile webhook is not enabled."));
        profile_(target, [version, keep_alive, respond](bool ok, json::object data, std::string error) {
            if (!ok) {
                respond(json_response(version, keep_alive, 500, failure(error)));
                return;
            }
            respond(json_response(version, keep_alive, 200, data));
        });
        return;
    }
    unsigned status = 200;
    json::object result = user_api(path, body, username, status);
    return reply(status, result);
}

json::object ApiRoutes::admin(std::string_view path, const json::object& body,
                              const std::string& client_address, unsigned& status) {
    if (path == "/api/blocklist") {
        const std::string user = string_field(body, "Username");
        if (user.empty()) { status = 400; return failure("Username is required."); }
        hub_.cache_blocklist(user, string_list(body, "Blocklist"));
        return {{"OK", true}};
    }
    if (path == "/api/block/now") {
        hub_.block_now(string_list(body, "Usernames"));
        return {{"OK", true}};
    }
    if (path == "/api/disconnect/now") {
        const json::value* kick = body.if_contains("Kick");
        const int removed = hub_.disconnect_now(string_list(body, "Usernames"), string_field(body, "Message"),
                                                kick && kick->is_bool() && kick->get_bool());
        return {{"OK", true}, {"Removed", removed}};
    }
    if (path == "/api/authenticate") {
        const json::value* claims = body.if_contains("Claims");
        if (!claims || !claims->is_object()) { status = 400; return failure("Claims must be a JSON object."); }
        if (hub_.settings().jwt.secret_key.empty()) { status = 500; return failure("The server has no JWT SecretKey."); }
        auth::Claims c = claims_from(claims->get_object());
        if (c.subject.empty()) { status = 400; return failure("Claims need a sub (the username)."); }
        return {{"OK", true}, {"JWT", auth::sign_jwt(c, hub_.settings().jwt.secret_key, unix_now(), 5 * 60)}};
    }
    if (path == "/api/amend-jwt") {
        switch (hub_.amend_jwt(string_field(body, "Username"), string_field(body, "JWTToken"))) {
            case chat::AmendResult::ok: return {{"OK", true}};
            case chat::AmendResult::invalid_token: status = 401; return failure("The new token is not valid.");
            case chat::AmendResult::not_online: status = 404; return failure("That user is not online.");
        }
    }
    if (path == "/api/shutdown") {
        spdlog::warn("{}: shutdown requested through the admin API", client_address);
        hub_.request_shutdown();
        return {{"OK", true}};
    }
    status = 404;
    return failure("No such API.");
}

json::object ApiRoutes::user_api(std::string_view path, const json::object& body,
                                 const std::string& username, unsigned& status) {
    if (!dm_history_) {
        status = 500;
        return failure("The direct message history database is not enabled.");
    }
    if (path == "/api/message/clear") {
        return {{"OK", true}, {"MessagesErased", dm_history_->clear(username)}};
    }
    if (!hub_.online(username)) {
        status = 400;
        return failure("You must be online in the chat room to read your message history.");
    }
    if (path == "/api/message/history") {
        const std::string partner = string_field(body, "Username");
        if (partner.empty()) { status = 400; return failure("Username is required."); }
        auto page = dm_history_->history(username, partner, int_field(body, "BeforeID"));
        json::array messages;
        for (const auto& m : page.messages) {
            messages.push_back(json::object{{"username", m.username}, {"message", m.html},
                                            {"msgID", m.id}, {"timestamp", chat::rfc3339(m.timestamp)}});
        }
        return {{"OK", true}, {"Messages", std::move(messages)}, {"Remaining", page.remaining}};
    }
    if (path == "/api/message/usernames") {
        std::int64_t page_number = int_field(body, "Page");
        if (page_number < 1) page_number = 1;
        auto page = dm_history_->partners(username, string_field(body, "Sort"), static_cast<int>(page_number));
        json::array names;
        for (const auto& n : page.usernames) names.emplace_back(n);
        return {{"OK", true}, {"Usernames", std::move(names)}, {"Count", page.count}, {"Pages", page.pages}};
    }
    status = 404;
    return failure("No such API.");
}

}  // namespace barertc::server
