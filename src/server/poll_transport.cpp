#include "server/poll_transport.hpp"

#include "protocol/poll_envelope.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <array>
#include <cctype>
#include <stdexcept>

namespace barertc::server {
namespace http = boost::beast::http;

namespace {

// The session id is the poller's only credential: a random (version 4) UUID from the CSPRNG.
std::string new_session_id() {
    std::array<unsigned char, 16> b{};
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1)
        throw std::runtime_error("no random bytes for a session id");
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
        id.push_back(kHex[b[i] >> 4]);
        id.push_back(kHex[b[i] & 0xF]);
    }
    return id;
}

protocol::Frame server_message(const char* action, std::string text = {}) {
    protocol::Message m;
    m.action = action;
    if (!text.empty()) {
        m.username = protocol::kChatServerName;
        m.message = std::move(text);
    }
    return protocol::make_frame(protocol::encode(m));
}

http::message_generator poll_json_response(const PollTransport::Request& req, http::status status,
                                           std::string body) {
    http::response<http::string_body> res{status, req.version()};
    res.set(http::field::server, "barertc-cpp");
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

// A refused poll: the reason as a ChatServer error, optionally followed by `disconnect`.
http::message_generator refusal(const PollTransport::Request& req, http::status status,
                                std::string text, bool disconnect = false) {
    std::vector<protocol::Frame> messages{server_message(protocol::action::kError, std::move(text))};
    if (disconnect) messages.push_back(server_message(protocol::action::kDisconnect));
    return poll_json_response(req, status, protocol::encode_poll_response({}, {}, messages));
}

// The original insists on exactly "application/json"; parameters (charset) are harmless.
bool is_json(std::string_view content_type) {
    const std::string_view media = content_type.substr(0, content_type.find(';'));
    std::string lower;
    for (char c : media)
        if (c != ' ' && c != '\t') lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return lower == "application/json";
}

}  // namespace

PollTransport::PollTransport(boost::asio::any_io_executor executor, chat::Hub& hub,
                             const TransportLimits& limits)
    : executor_(executor), hub_(hub), limits_(limits), sweep_timer_(executor) {}

PollTransport::~PollTransport() {
    for (auto& [id, session] : sessions_) session->leave_hub(protocol::presence::kExited);
}

void PollTransport::start() {
    running_ = true;
    arm_sweep();
}

void PollTransport::stop() {
    running_ = false;
    sweep_timer_.cancel();
}

void PollTransport::arm_sweep() {
    sweep_timer_.expires_after(limits_.poll_sweep_interval);
    sweep_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || !running_) return;
        sweep();
        arm_sweep();
    });
}

void PollTransport::sweep() {
    const auto deadline = PollSession::Clock::now() - limits_.poll_session_timeout;
    for (auto it = sessions_.begin(); it != sessions_.end();) {
        PollSession& session = *it->second;
        if (session.last_seen() > deadline) {
            ++it;
            continue;
        }
        if (!session.closing())
            spdlog::info("polling client {} ({}, '{}') stopped polling; timed out",
                         session.client_id(), session.remote_address(), session.username());
        session.leave_hub(protocol::presence::kTimedOut);
        it = sessions_.erase(it);
    }
}

http::message_generator PollTransport::handle(const Request& req, const std::string& client_address) {
    if (req.method() != http::verb::post) {
        spdlog::info("{}: {} /poll refused", client_address, std::string(req.method_string()));
        return refusal(req, http::status::bad_request, "Polling works with POST requests only.");
    }
    if (!is_json(req[http::field::content_type])) {
        spdlog::info("{}: /poll with content type '{}' refused", client_address,
                     std::string(req[http::field::content_type]).substr(0, 64));
        return refusal(req, http::status::bad_request,
                       "Send the poll as JSON (Content-Type: application/json).");
    }
    protocol::PollDecodeResult decoded = protocol::decode_poll_request(req.body());
    if (!decoded.ok) {
        spdlog::info("{}: unreadable /poll request: {}", client_address, decoded.error);
        return refusal(req, http::status::bad_request,
                       "Your poll could not be read: " + decoded.error + ".");
    }
    const protocol::PollRequest& poll = decoded.request;
    if (poll.username.empty() && poll.session_id.empty()) {
        if (poll.action != protocol::action::kLogin) {
            spdlog::info("{}: /poll without a session that is not a login", client_address);
            return refusal(req, http::status::bad_request,
                           "Log in first: a polling session starts with a login message.");
        }
        return start_session(req, client_address, poll.message);
    }

    auto it = sessions_.find(poll.session_id);
    if (it == sessions_.end() || it->second->username() != poll.username) {
        spdlog::info("{}: /poll for an unknown or expired session", client_address);
        return refusal(req, http::status::bad_request,
                       "Your chat session has expired or is not valid: please reload the page.",
                       true);
    }
    std::shared_ptr<PollSession> session = it->second;
    session->seen_now();
    if (!poll.message.empty()) session->receive(poll.message);
    const std::string body =
        protocol::encode_poll_response(session->username(), poll.session_id, session->take_queued());
    // A closed session's last frames (a kick's notice and `disconnect`) have now been collected.
    if (session->closing()) {
        session->leave_hub(protocol::presence::kExited);
        sessions_.erase(poll.session_id);
    }
    return poll_json_response(req, http::status::ok, body);
}

http::message_generator PollTransport::start_session(const Request& req,
                                                     const std::string& client_address,
                                                     const std::string& message) {
    if (sessions_.size() >= limits_.max_poll_sessions) {
        spdlog::warn("{}: polling login refused: {} polling sessions already", client_address,
                     sessions_.size());
        return refusal(req, http::status::service_unavailable,
                       "The chat has too many polling users right now: try again later, or turn "
                       "polling off in the chat settings.");
    }
    auto session = std::make_shared<PollSession>(executor_, hub_, limits_, client_address);
    session->join_hub();
    session->receive(message);
    std::vector<protocol::Frame> messages = session->take_queued();
    // The hub answers a successful login with `me`; anything else (a ban, a bad token) leaves
    // the client with the hub's own error and no session.
    if (session->username().empty() || session->closing()) {
        session->leave_hub(protocol::presence::kExited);
        return poll_json_response(req, http::status::ok, protocol::encode_poll_response({}, {}, messages));
    }
    std::string id = new_session_id();
    spdlog::debug("polling client {} ({}) started a session as '{}'", session->client_id(),
                  client_address, session->username());
    const std::string body = protocol::encode_poll_response(session->username(), id, messages);
    sessions_.emplace(std::move(id), std::move(session));
    return poll_json_response(req, http::status::ok, body);
}

}  // namespace barertc::server
