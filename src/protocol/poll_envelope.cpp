#include "protocol/poll_envelope.hpp"

#include <boost/json.hpp>

namespace barertc::protocol {
namespace json = boost::json;

namespace {

// Absent and null both mean "": the original's client sends "" before it has a session.
bool read_optional_string(const json::object& obj, std::string_view key, std::string& out,
                          std::string& error) {
    const json::value* v = obj.if_contains(key);
    if (!v || v->is_null()) return true;
    if (!v->is_string()) {
        error = "field '" + std::string(key) + "' must be a string";
        return false;
    }
    out = std::string(v->get_string());
    return true;
}

}  // namespace

PollDecodeResult decode_poll_request(std::string_view body) {
    PollDecodeResult result;
    json::error_code ec;
    json::value root = json::parse(body, ec);
    if (ec) {
        result.error = "the request is not valid JSON (" + ec.message() + ")";
        return result;
    }
    if (!root.is_object()) {
        result.error = "the request must be a JSON object";
        return result;
    }
    const json::object& obj = root.get_object();
    PollRequest& r = result.request;
    if (!read_optional_string(obj, "username", r.username, result.error) ||
        !read_optional_string(obj, "session_id", r.session_id, result.error))
        return result;
    if (const json::value* msg = obj.if_contains("msg"); msg && !msg->is_null()) {
        if (!msg->is_object()) {
            result.error = "field 'msg' must be a JSON object";
            return result;
        }
        const json::value* action = msg->get_object().if_contains("action");
        if (action && action->is_string()) r.action = std::string(action->get_string());
        // An empty msg ({} or {"action":""}) is the original client's way to only poll.
        if (!(msg->get_object().empty() || (action && action->is_string() && r.action.empty())))
            r.message = json::serialize(*msg);
    }
    result.ok = true;
    return result;
}

std::string encode_poll_response(std::string_view username, std::string_view session_id,
                                 const std::vector<Frame>& messages) {
    std::size_t size = 64 + username.size() + session_id.size();
    for (const auto& m : messages) size += m->size() + 1;
    std::string out;
    out.reserve(size);
    out.push_back('{');
    if (!username.empty()) {
        out.append("\"username\":");
        append_json_string(out, username);
        out.push_back(',');
    }
    if (!session_id.empty()) {
        out.append("\"session_id\":");
        append_json_string(out, session_id);
        out.push_back(',');
    }
    // Each frame is already one encoded message: no re-serialising.
    out.append("\"messages\":[");
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i) out.push_back(',');
        out.append(*messages[i]);
    }
    out.append("]}");
    return out;
}

std::optional<std::string> username_in_me_frame(std::string_view frame) {
    // encode() writes the action first, so most frames are ruled out without parsing.
    if (!frame.starts_with("{\"action\":\"me\"")) return std::nullopt;
    json::error_code ec;
    json::value v = json::parse(frame, ec);
    if (ec || !v.is_object()) return std::nullopt;
    const json::value* name = v.get_object().if_contains("username");
    if (!name || !name->is_string()) return std::nullopt;
    return std::string(name->get_string());
}

}  // namespace barertc::protocol
