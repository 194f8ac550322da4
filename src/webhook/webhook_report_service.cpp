#include "webhook/webhook_report_service.hpp"

#include <spdlog/spdlog.h>

namespace barertc::webhook {

boost::json::object report_fields(const chat::Report& r) {
    boost::json::object report;
    report["FromUsername"] = r.from_username;
    report["AboutUsername"] = r.about_username;
    report["Channel"] = r.channel;
    report["Timestamp"] = r.timestamp;
    report["Reason"] = r.reason;
    report["Message"] = r.message;
    report["Comment"] = r.comment;
    return boost::json::object{{"Report", std::move(report)}};
}

void WebhookReportService::send(chat::Report report, std::function<void(bool, std::string)> done) {
    const std::string who = report.from_username;
    auto finished = [who, done](WebhookReply reply) {
        if (!reply.ok) spdlog::warn("report webhook: report from '{}' not delivered: {}", who, reply.error);
        done(reply.ok, std::move(reply.error));
    };
    if (!webhooks_.post_event("report", report_fields(report), std::move(finished)))
        done(false, "reporting is not enabled on this server");
}

}  // namespace barertc::webhook
