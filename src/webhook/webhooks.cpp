#include "webhook/webhooks.hpp"

namespace barertc::webhook {

Webhooks::Webhooks(WebhookClient& client, const config::Settings& settings, WebhookPolicy policy)
    : client_(client), policy_(policy) {
    apply_settings(settings);
}

void Webhooks::apply_settings(const config::Settings& settings) {
    urls_ = settings.webhook_urls;
    api_key_ = settings.admin_api_key;
}

std::optional<std::string> Webhooks::url(std::string_view name) const {
    for (const config::WebhookUrl& w : urls_)
        if (w.name == name && w.enabled && !w.url.empty()) return w.url;
    return std::nullopt;
}

bool Webhooks::post_event(std::string_view name, boost::json::object fields, WebhookClient::ReplyDone done) {
    std::optional<std::string> target = url(name);
    if (!target) return false;
    boost::json::object payload;
    payload["Action"] = name;
    payload["APIKey"] = api_key_;
    for (auto& field : fields) payload[field.key()] = std::move(field.value());
    client_.post_for_reply(*target, payload, policy_.timeout, policy_.retries, std::move(done));
    return true;
}

}  // namespace barertc::webhook
