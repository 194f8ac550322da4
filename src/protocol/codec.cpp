#include "protocol/codec.hpp"

#include <boost/json.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace barertc::protocol {
namespace json = boost::json;

namespace {

// Thrown only inside decode() and caught there: a field with the wrong type or size.
struct FieldError {
    std::string text;
};

const json::value* find(const json::object& obj, std::string_view key) {
    auto it = obj.find(key);
    return it == obj.end() || it->value().is_null() ? nullptr : &it->value();
}

void read_string(const json::object& obj, std::string_view key, std::string& out,
                 const DecodeLimits& limits) {
    const json::value* v = find(obj, key);
    if (!v) return;
    if (!v->is_string()) throw FieldError{"field '" + std::string(key) + "' must be a string"};
    const json::string& s = v->get_string();
    if (s.size() > limits.max_string_field)
        throw FieldError{"field '" + std::string(key) + "' is too long"};
    out.assign(s.data(), s.size());
}

bool integral_value(const json::value& v, std::int64_t& out) {
    if (v.is_int64()) {
        out = v.get_int64();
        return true;
    }
    if (v.is_uint64()) {
        if (v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return false;
        out = static_cast<std::int64_t>(v.get_uint64());
        return true;
    }
    if (v.is_double()) {
        double d = v.get_double();
        // JavaScript clients may send 3.0 for 3; anything fractional or huge is refused.
        if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > 9.0e15) return false;
        out = static_cast<std::int64_t>(d);
        return true;
    }
    return false;
}

void read_int64(const json::object& obj, std::string_view key, std::int64_t& out) {
    const json::value* v = find(obj, key);
    if (!v) return;
    if (!integral_value(*v, out))
        throw FieldError{"field '" + std::string(key) + "' must be an integer"};
}

void read_int(const json::object& obj, std::string_view key, int& out) {
    std::int64_t wide = out;
    read_int64(obj, key, wide);
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max())
        throw FieldError{"field '" + std::string(key) + "' is out of range"};
    out = static_cast<int>(wide);
}

void read_bool(const json::object& obj, std::string_view key, bool& out) {
    const json::value* v = find(obj, key);
    if (!v) return;
    if (!v->is_bool()) throw FieldError{"field '" + std::string(key) + "' must be a boolean"};
    out = v->get_bool();
}

void read_string_list(const json::object& obj, std::string_view key,
                      std::vector<std::string>& out, const DecodeLimits& limits) {
    const json::value* v = find(obj, key);
    if (!v) return;
    if (!v->is_array())
        throw FieldError{"field '" + std::string(key) + "' must be a list of strings"};
    const json::array& arr = v->get_array();
    if (arr.size() > limits.max_list_items)
        throw FieldError{"field '" + std::string(key) + "' has too many items"};
    out.reserve(arr.size());
    for (const json::value& item : arr) {
        if (!item.is_string() || item.get_string().size() > limits.max_string_field)
            throw FieldError{"field '" + std::string(key) + "' must be a list of strings"};
        out.emplace_back(item.get_string());
    }
}

int base64_digit(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

// Go's encoding/json accepts []byte as standard base64; the web client sends an int array.
void read_bytes(const json::object& obj, std::string& out, const DecodeLimits& limits) {
    const json::value* v = find(obj, "bytes");
    if (!v) return;
    if (v->is_array()) {
        const json::array& arr = v->get_array();
        if (arr.size() > limits.max_file_bytes) throw FieldError{"the file is too large"};
        out.reserve(arr.size());
        for (const json::value& item : arr) {
            std::int64_t b = -1;
            if (!integral_value(item, b) || b < 0 || b > 255)
                throw FieldError{"field 'bytes' must hold numbers from 0 to 255"};
            out.push_back(static_cast<char>(b));
        }
        return;
    }
    if (!v->is_string()) throw FieldError{"field 'bytes' must be a list of numbers"};
    const json::string& s = v->get_string();
    if (s.size() / 4 * 3 > limits.max_file_bytes) throw FieldError{"the file is too large"};
    out.reserve(s.size() / 4 * 3);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : s) {
        if (c == '=') break;
        int d = base64_digit(c);
        if (d < 0) throw FieldError{"field 'bytes' is not valid base64"};
        acc = (acc << 6) | static_cast<std::uint32_t>(d);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
}

Message decode_object(const json::object& obj, const DecodeLimits& limits) {
    Message m;
    const json::value* action = find(obj, "action");
    if (!action) throw FieldError{"the message has no action"};
    read_string(obj, "action", m.action, limits);
    read_string(obj, "channel", m.channel, limits);
    read_string(obj, "username", m.username, limits);
    read_string(obj, "message", m.message, limits);
    read_string(obj, "jwt", m.jwt, limits);
    read_int(obj, "video", m.video);
    read_string(obj, "status", m.status, limits);
    read_bool(obj, "dnd", m.dnd);
    read_int64(obj, "msgID", m.msg_id);
    read_string(obj, "openSecret", m.open_secret, limits);
    read_bytes(obj, m.bytes, limits);
    read_string_list(obj, "usernames", m.usernames, limits);
    read_string(obj, "timestamp", m.timestamp, limits);
    read_string(obj, "reason", m.reason, limits);
    read_string(obj, "comment", m.comment, limits);
    read_string(obj, "candidate", m.candidate, limits);
    read_string(obj, "description", m.description, limits);
    read_string_list(obj, "features", m.features, limits);
    return m;
}

// ---- encoding ------------------------------------------------------------------------

class ObjectWriter {
public:
    explicit ObjectWriter(std::string& out) : out_(out) { out_.push_back('{'); }
    ~ObjectWriter() { out_.push_back('}'); }
    ObjectWriter(const ObjectWriter&) = delete;
    ObjectWriter& operator=(const ObjectWriter&) = delete;

    void key(std::string_view k) {
        if (!first_) out_.push_back(',');
        first_ = false;
        out_.push_back('"');
        out_.append(k);  // our keys never need escaping
        out_.append("\":");
    }
    void str(std::string_view k, std::string_view v) {
        if (v.empty()) return;
        key(k);
        append_json_string(out_, v);
    }
    void str_always(std::string_view k, std::string_view v) {
        key(k);
        append_json_string(out_, v);
    }
    void integer(std::string_view k, std::int64_t v, bool always = false) {
        if (v == 0 && !always) return;
        key(k);
        std::array<char, 24> buf{};
        auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
        (void)ec;
        out_.append(buf.data(), end);
    }
    void boolean(std::string_view k, bool v, bool always = false) {
        if (!v && !always) return;
        key(k);
        out_.append(v ? "true" : "false");
    }
    std::string& raw() { return out_; }

private:
    std::string& out_;
    bool first_ = true;
};

void append_who_entry(std::string& out, const WhoEntry& e) {
    ObjectWriter w(out);
    w.str_always("username", e.username);
    w.str("nickname", e.nickname);
    w.str_always("status", e.status);
    w.integer("video", e.video, true);
    w.boolean("dnd", e.dnd);
    w.integer("loginAt", e.login_at, true);
    w.boolean("op", e.op, true);
    w.boolean("vip", e.vip);
    w.str("avatar", e.avatar);
    w.str("profileURL", e.profile_url);
    w.str("emoji", e.emoji);
    w.str("gender", e.gender);
}

void append_entries(ObjectWriter& w, std::string_view key, const std::vector<WhoEntry>& list) {
    if (list.empty()) return;
    w.key(key);
    std::string& out = w.raw();
    out.push_back('[');
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i) out.push_back(',');
        append_who_entry(out, list[i]);
    }
    out.push_back(']');
}

void append_strings(ObjectWriter& w, std::string_view key, const std::vector<std::string>& list) {
    if (list.empty()) return;
    w.key(key);
    std::string& out = w.raw();
    out.push_back('[');
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i) out.push_back(',');
        append_json_string(out, list[i]);
    }
    out.push_back(']');
}

void append_message(std::string& out, const Message& m);

void append_message_fields(ObjectWriter& w, const Message& m) {
    w.str("action", m.action);
    w.str("channel", m.channel);
    w.str("username", m.username);
    w.str("message", m.message);
    w.str("jwt", m.jwt);
    append_entries(w, "whoList", m.who_list);
    w.integer("video", m.video);
    w.str("status", m.status);
    w.boolean("dnd", m.dnd);
    w.integer("msgID", m.msg_id);
    w.str("openSecret", m.open_secret);
    append_strings(w, "usernames", m.usernames);
    w.str("timestamp", m.timestamp);
    w.str("reason", m.reason);
    w.str("comment", m.comment);
    if (!m.messages.empty()) {
        w.key("messages");
        std::string& out = w.raw();
        out.push_back('[');
        for (std::size_t i = 0; i < m.messages.size(); ++i) {
            if (i) out.push_back(',');
            append_message(out, m.messages[i]);
        }
        out.push_back(']');
    }
    if (m.jwt_rules) {
        w.key("jwtRules");
        ObjectWriter r(w.raw());
        r.boolean("IsRedCamRule", m.jwt_rules->red_cam, true);
        r.boolean("IsNoBroadcastRule", m.jwt_rules->no_broadcast, true);
        r.boolean("IsNoVideoRule", m.jwt_rules->no_video, true);
        r.boolean("IsNoImageRule", m.jwt_rules->no_image, true);
        r.boolean("IsNoDarkVideoRule", m.jwt_rules->no_dark_video, true);
    }
    w.str("candidate", m.candidate);
    w.str("description", m.description);
    append_entries(w, "joined", m.joined);
    append_strings(w, "left", m.left);
    append_entries(w, "changed", m.changed);
    if (m.turn) {
        w.key("turn");
        ObjectWriter t(w.raw());
        t.str_always("username", m.turn->username);
        t.str_always("credential", m.turn->credential);
        t.integer("expires", m.turn->expires, true);
    }
}

void append_message(std::string& out, const Message& m) {
    ObjectWriter w(out);
    append_message_fields(w, m);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t run_start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + run_start, i - run_start);
        run_start = i + 1;
        switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            default:
                out.append("\\u00");
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 0xF]);
        }
    }
    out.append(text.data() + run_start, text.size() - run_start);
    out.push_back('"');
}

DecodeResult decode(std::string_view frame, const DecodeLimits& limits) {
    DecodeResult result;
    // A small stack arena serves typical frames without touching the heap allocator.
    unsigned char arena[4096];
    json::monotonic_resource mr(arena, sizeof(arena));
    json::parse_options opts;
    opts.max_depth = 16;
    boost::system::error_code ec;
    json::value v = json::parse(frame, ec, &mr, opts);
    if (ec) {
        result.error = "malformed JSON: " + ec.message();
        return result;
    }
    if (!v.is_object()) {
        result.error = "a message must be a JSON object";
        return result;
    }
    try {
        result.message = decode_object(v.get_object(), limits);
        result.ok = true;
    } catch (const FieldError& e) {
        result.error = e.text;
    }
    return result;
}

std::string encode(const Message& message) {
    std::string out;
    out.reserve(128 + message.message.size() + message.description.size() +
                message.candidate.size());
    append_message(out, message);
    return out;
}

std::string encode_who_entry(const WhoEntry& entry) {
    std::string out;
    out.reserve(160);
    append_who_entry(out, entry);
    return out;
}

}  // namespace barertc::protocol
