// The site's webhooks by name, as configured in [[WebhookURLs]] (compat §2.6, §4.5): every
// payload is {"Action": <name>, "APIKey": <AdminAPIKey>, ...}. The hub's thread only.
#pragma once

#include "config/settings.hpp"
#include "webhook/webhook_client.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace barertc::webhook {

struct WebhookPolicy {
    std::chrono::milliseconds timeout{10000};  // per attempt; the original's 10 s
    int retries = 2;                           // after the first attempt
};

class Webhooks {
public:
    Webhooks(WebhookClient& client, const config::Settings& settings, WebhookPolicy policy = {});

    // After a settings reload (SIGHUP, /reconfigure).
    void apply_settings(const config::Settings& settings);

    // The URL of the first enabled entry with this Name, if any.
    std::optional<std::string> url(std::string_view name) const;
    bool enabled(std::string_view name) const { return url(name).has_value(); }

    // POSTs {"Action":name,"APIKey":...} followed by `fields`. False (and no callback) when
    // that webhook is not enabled.
    bool post_event(std::string_view name, boost::json::object fields, WebhookClient::ReplyDone done);

private:
    WebhookClient& client_;
    WebhookPolicy policy_;
    std::vector<config::WebhookUrl> urls_;
    std::string api_key_;
};

}  // namespace barertc::webhook
