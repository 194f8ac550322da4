// POST /poll (compat §1.8): the chat for clients whose networks break WebSockets.
// The first poll logs in and gets a session id; every later poll names its session, may carry
// one protocol message, and collects what the room sent since. Sessions nobody polls for
// `poll_session_timeout` leave the room with "has timed out!".
#pragma once

#include "chat/hub.hpp"
#include "server/poll_session.hpp"
#include "server/transport_limits.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http.hpp>

#include <memory>
#include <string>
#include <unordered_map>

namespace barertc::server {

class PollTransport {
public:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;

    PollTransport(boost::asio::any_io_executor executor, chat::Hub& hub,
                  const TransportLimits& limits);
    ~PollTransport();
    PollTransport(const PollTransport&) = delete;
    PollTransport& operator=(const PollTransport&) = delete;

    boost::beast::http::message_generator handle(const Request& request,
                                                 const std::string& client_address);
    // The timeout sweep runs between start() and stop(); sessions themselves end through the
    // hub (Hub::close_all at shutdown).
    void start();
    void stop();
    std::size_t session_count() const { return sessions_.size(); }

private:
    boost::beast::http::message_generator start_session(const Request& request,
                                                        const std::string& client_address,
                                                        const std::string& message);
    void arm_sweep();
    void sweep();

    boost::asio::any_io_executor executor_;
    chat::Hub& hub_;
    const TransportLimits& limits_;
    std::unordered_map<std::string, std::shared_ptr<PollSession>> sessions_;  // by session id
    boost::asio::steady_timer sweep_timer_;
    bool running_ = false;
};

}  // namespace barertc::server
