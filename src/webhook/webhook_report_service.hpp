// User reports (compat §1.6.15) to the site's `report` webhook.
#pragma once

#include "chat/services.hpp"
#include "webhook/webhooks.hpp"

#include <boost/json/object.hpp>

namespace barertc::webhook {

// {"FromUsername","AboutUsername","Channel","Timestamp","Reason","Message","Comment"} (§4.5).
boost::json::object report_fields(const chat::Report& report);

class WebhookReportService : public chat::ReportService {
public:
    explicit WebhookReportService(Webhooks& webhooks) : webhooks_(webhooks) {}

    bool enabled() const override { return webhooks_.enabled("report"); }
    // The hub asks enabled() first; should it not have, `done` reports the refusal at once.
    void send(chat::Report report, std::function<void(bool, std::string)> done) override;

private:
    Webhooks& webhooks_;
};

}  // namespace barertc::webhook
