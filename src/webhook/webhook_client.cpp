#include "webhook/webhook_client.hpp"

#include "webhook/http_attempt.hpp"
#include "webhook/webhook_target.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace barertc::webhook {
namespace {

using namespace detail;

// One webhook delivery: its attempts, and the backoff between them. Runs on its own strand.
class Delivery : public std::enable_shared_from_this<Delivery> {
public:
    Delivery(asio::any_io_executor strand, WebhookTarget target, std::string body,
             std::chrono::milliseconds timeout, int retries, const WebhookClientOptions& options,
             std::shared_ptr<asio::ssl::context> tls, WebhookClient::ReplyDone done)
        : strand_(std::move(strand)),
          target_(std::move(target)),
          body_(std::move(body)),
          timeout_(timeout),
          retries_left_(std::max(0, retries)),
          options_(options),
          tls_(std::move(tls)),
          backoff_timer_(strand_),
          done_(std::move(done)) {}

    void attempt() {
        auto finished = [self = shared_from_this()](WebhookReply reply, bool retryable) {
            self->on_attempt(std::move(reply), retryable);
        };
        if (target_.tls) {
            std::make_shared<HttpAttempt<TlsStream>>(strand_, target_, body_, options_.max_reply_bytes,
                                                     std::move(finished), *tls_)
                ->run(timeout_);
        } else {
            std::make_shared<HttpAttempt<PlainStream>>(strand_, target_, body_, options_.max_reply_bytes,
                                                       std::move(finished))
                ->run(timeout_);
        }
    }

private:
    void on_attempt(WebhookReply reply, bool retryable) {
        if (reply.ok || !retryable || retries_left_ == 0) {
            done_(std::move(reply));
            return;
        }
        --retries_left_;
        const auto delay = std::min(options_.max_backoff, options_.first_backoff * (1 << std::min(attempts_, 16)));
        ++attempts_;
        backoff_timer_.expires_after(delay);
        backoff_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec) return;
            self->attempt();
        });
    }

    asio::any_io_executor strand_;
    WebhookTarget target_;
    std::string body_;
    std::chrono::milliseconds timeout_;
    int retries_left_;
    int attempts_ = 0;
    WebhookClientOptions options_;
    std::shared_ptr<asio::ssl::context> tls_;
    asio::steady_timer backoff_timer_;
    WebhookClient::ReplyDone done_;
};

std::shared_ptr<asio::ssl::context> system_tls() {
    auto tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    tls->set_default_verify_paths();
    tls->set_verify_mode(asio::ssl::verify_peer);
    return tls;
}

}  // namespace

WebhookClient::WebhookClient(asio::any_io_executor executor, WebhookClientOptions options,
                             std::shared_ptr<asio::ssl::context> tls)
    : executor_(std::move(executor)), options_(options), tls_(tls ? std::move(tls) : system_tls()) {}

void WebhookClient::post(const std::string& url, const boost::json::value& body,
                         std::chrono::milliseconds timeout, int retries, Done done) {
    post_for_reply(url, body, timeout, retries, [done = std::move(done)](WebhookReply reply) {
        done(reply.ok, std::move(reply.error));
    });
}

void WebhookClient::post_for_reply(const std::string& url, const boost::json::value& body,
                                   std::chrono::milliseconds timeout, int retries, ReplyDone done) {
    auto strand = asio::make_strand(executor_);
    std::optional<WebhookTarget> target = parse_webhook_url(url);
    if (!target) {
        spdlog::error("webhook URL '{}' is not an http or https URL", url.substr(0, 200));
        asio::post(strand, [done = std::move(done)] {
            done(WebhookReply{false, 0, "the server's webhook address is misconfigured", {}});
        });
        return;
    }
    auto delivery = std::make_shared<Delivery>(strand, std::move(*target), boost::json::serialize(body),
                                               timeout, retries, options_, tls_, std::move(done));
    asio::post(strand, [delivery] { delivery->attempt(); });
}

}  // namespace barertc::webhook
