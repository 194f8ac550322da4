// JSON POSTs to the site's webhooks (compat §4.5) on the server's io_context: resolve,
// connect, TLS for https, write and read all under one deadline per attempt, retries with
// exponential backoff, and never a blocking call. The callback runs on the client's executor.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace barertc::webhook {

struct WebhookReply {
    bool ok = false;      // a 2xx answer arrived
    unsigned status = 0;  // the HTTP status; 0 when no answer came
    std::string error;    // when !ok: a phrase for the user, e.g. "the site did not answer in time"
    std::string body;     // the site's answer (the profile webhook replies with JSON)
};

struct WebhookClientOptions {
    // Wait before the first retry; doubles for each further one, up to max_backoff.
    std::chrono::milliseconds first_backoff{1000};
    std::chrono::milliseconds max_backoff{8000};
    // A site's answer larger than this is an error (we only ever need a small JSON).
    std::size_t max_reply_bytes = 1024 * 1024;
};

class WebhookClient {
public:
    using Done = std::function<void(bool ok, std::string error)>;
    using ReplyDone = std::function<void(WebhookReply)>;

    // `tls` verifies https sites; by default the system's CA store with host-name checks.
    explicit WebhookClient(boost::asio::any_io_executor executor, WebhookClientOptions options = {},
                           std::shared_ptr<boost::asio::ssl::context> tls = nullptr);

    // `timeout` bounds each attempt; `retries` more attempts follow a network error, a timeout,
    // a 5xx, 408 or 429. `done` is called exactly once, never from inside post().
    void post(const std::string& url, const boost::json::value& body, std::chrono::milliseconds timeout,
              int retries, Done done);
    void post_for_reply(const std::string& url, const boost::json::value& body,
                        std::chrono::milliseconds timeout, int retries, ReplyDone done);

private:
    boost::asio::any_io_executor executor_;
    WebhookClientOptions options_;
    std::shared_ptr<boost::asio::ssl::context> tls_;
};

}  // namespace barertc::webhook
