#include "webhook/webhook_report_service.hpp"

#include "test_site.hpp"

#include <gtest/gtest.h>

using namespace barertc;
using namespace barertc::webhook;
using namespace barertc::webhook::testing;
using namespace std::chrono_literals;

namespace {

config::Settings settings_with(const std::string& report_url, bool enabled = true) {
    config::Settings s;
    s.admin_api_key = "api-key-123";
    s.webhook_urls = {{"profile", true, "http://127.0.0.1:1/profile"}, {"report", enabled, report_url}};
    return s;
}

chat::Report sample_report() {
    return {"alice", "mallory", "@mallory", "2024-05-01T10:00:00Z", "harassment",
            "rude \"words\"\nhere", "please look"};
}

}  // namespace

TEST(WebhookReportService, SendsTheOriginalReportPayload) {
    asio::io_context ioc;
    TestSite site(ioc, [](std::size_t) { return 200u; });
    WebhookClient client(ioc.get_executor());
    Webhooks webhooks(client, settings_with(site.url("/v1/barertc")));
    WebhookReportService reports(webhooks);
    ASSERT_TRUE(reports.enabled());

    bool called = false, ok = false;
    std::string error;
    reports.send(sample_report(), [&](bool k, std::string e) {
        called = true;
        ok = k;
        error = std::move(e);
    });
    while (!called && ioc.run_one() > 0) {}
    EXPECT_TRUE(ok) << error;
    ASSERT_EQ(site.requests.size(), 1u);
    EXPECT_EQ(site.requests[0].target(), "/v1/barertc");
    EXPECT_EQ(site.requests[0].body(),
              R"({"Action":"report","APIKey":"api-key-123","Report":{"FromUsername":"alice",)"
              R"("AboutUsername":"mallory","Channel":"@mallory","Timestamp":"2024-05-01T10:00:00Z",)"
              R"("Reason":"harassment","Message":"rude \"words\"\nhere","Comment":"please look"}})");
}

TEST(WebhookReportService, FailureReachesTheCallback) {
    asio::io_context ioc;
    TestSite site(ioc, [](std::size_t) { return 500u; });
    WebhookClientOptions quick;
    quick.first_backoff = 1ms;
    WebhookClient client(ioc.get_executor(), quick);
    Webhooks webhooks(client, settings_with(site.url("/")), WebhookPolicy{2s, 1});
    WebhookReportService reports(webhooks);
    bool called = false, ok = true;
    std::string error;
    reports.send(sample_report(), [&](bool k, std::string e) {
        called = true;
        ok = k;
        error = std::move(e);
    });
    while (!called && ioc.run_one() > 0) {}
    EXPECT_FALSE(ok);
    EXPECT_EQ(error, "the site answered with HTTP status 500");
    EXPECT_EQ(site.requests.size(), 2u);
}

TEST(WebhookReportService, EnabledFollowsTheSettings) {
    asio::io_context ioc;
    WebhookClient client(ioc.get_executor());
    Webhooks webhooks(client, settings_with("http://127.0.0.1:9/", false));
    WebhookReportService reports(webhooks);
    EXPECT_FALSE(reports.enabled());
    EXPECT_TRUE(webhooks.enabled("profile"));

    webhooks.apply_settings(settings_with("http://127.0.0.1:9/"));
    EXPECT_TRUE(reports.enabled());
    webhooks.apply_settings(settings_with(""));
    EXPECT_FALSE(reports.enabled()) << "enabled without a URL is off";
    webhooks.apply_settings(config::Settings{});
    EXPECT_FALSE(reports.enabled());
    EXPECT_FALSE(webhooks.post_event("report", {}, [](WebhookReply) { FAIL(); }));
}

TEST(Webhooks, PostEventSendsOtherActionsAndReturnsTheReply) {
    asio::io_context ioc;
    TestSite site(ioc, [](std::size_t) { return 200u; }, R"({"StatusCode":200,"Data":{"OK":true}})");
    WebhookClient client(ioc.get_executor());
    config::Settings s = settings_with("");
    s.webhook_urls[0].url = site.url("/profile");
    Webhooks webhooks(client, s);
    bool called = false;
    WebhookReply reply;
    ASSERT_TRUE(webhooks.post_event("profile", {{"Username", "bob"}}, [&](WebhookReply r) {
        called = true;
        reply = std::move(r);
    }));
    while (!called && ioc.run_one() > 0) {}
    EXPECT_TRUE(reply.ok) << reply.error;
    EXPECT_EQ(reply.body, R"({"StatusCode":200,"Data":{"OK":true}})");
    ASSERT_EQ(site.requests.size(), 1u);
    EXPECT_EQ(site.requests[0].body(), R"({"Action":"profile","APIKey":"api-key-123","Username":"bob"})");
}
