#include "webhook/webhook_client.hpp"
#include "webhook/webhook_target.hpp"

#include "test_site.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace barertc::webhook;
using namespace barertc::webhook::testing;
using namespace std::chrono_literals;

namespace {

struct Outcome {
    bool called = false;
    WebhookReply reply;
};

WebhookClient::ReplyDone into(Outcome& o) {
    return [&o](WebhookReply r) {
        EXPECT_FALSE(o.called) << "called once";
        o.called = true;
        o.reply = std::move(r);
    };
}

void run_until(asio::io_context& ioc, const Outcome& o) {
    while (!o.called && ioc.run_one() > 0) {}
    ASSERT_TRUE(o.called) << "the io_context ran out of work before the callback";
}

WebhookClientOptions quick_backoff() {
    WebhookClientOptions options;
    options.first_backoff = 5ms;
    options.max_backoff = 20ms;
    return options;
}

const boost::json::value kBody = boost::json::parse(R"({"Action":"ping","APIKey":"k"})");

}  // namespace

TEST(WebhookTarget, ParsesHttpAndHttpsUrls) {
    auto t = parse_webhook_url("https://www.example.com/v1/barertc?site=1");
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->tls);
    EXPECT_EQ(t->host, "www.example.com");
    EXPECT_EQ(t->port, "443");
    EXPECT_EQ(t->host_header, "www.example.com");
    EXPECT_EQ(t->target, "/v1/barertc?site=1");

    t = parse_webhook_url("http://127.0.0.1:8080");
    ASSERT_TRUE(t);
    EXPECT_FALSE(t->tls);
    EXPECT_EQ(t->port, "8080");
    EXPECT_EQ(t->host_header, "127.0.0.1:8080");
    EXPECT_EQ(t->target, "/");

    t = parse_webhook_url("http://[::1]:9/hook");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->host, "::1");
    EXPECT_EQ(t->host_header, "[::1]:9");

    EXPECT_FALSE(parse_webhook_url(""));
    EXPECT_FALSE(parse_webhook_url("ftp://example.com/"));
    EXPECT_FALSE(parse_webhook_url("/relative/path"));
    EXPECT_FALSE(parse_webhook_url("http://user:pw@example.com/"));
    EXPECT_FALSE(parse_webhook_url("http:///nohost"));
}

TEST(WebhookClient, PostsJsonAndReportsA2xxAsOk) {
    asio::io_context ioc;
    TestSite site(ioc, [](std::size_t) { return 200u; }, R"({"StatusCode":200})");
    WebhookClient client(ioc.get_executor());
    Outcome o;
    client.post_for_reply(site.url("/v1/hook"), kBody, 2s, 0, into(o));
    EXPECT_FALSE(o.called) << "never from inside post()";
    run_until(ioc, o);
    EXPECT_TRUE(o.reply.ok) << o.reply.error;
    EXPECT_EQ(o.reply.status, 200u);
    EXPECT_EQ(o.reply.body, R"({"StatusCode":200})");
    ASSERT_EQ(site.requests.size(), 1u);
    const auto& r = site.requests[0];
    EXPECT_EQ(r.method(), http::verb::post);
    EXPECT_EQ(r.target(), "/v1/hook");
    EXPECT_EQ(r[http::field::content_type], "application/json");
    EXPECT_EQ(r.body(), R"({"Action":"ping","APIKey":"k"})");
}

TEST(WebhookClient, RetriesAfterServerErrors) {
    asio::io_context ioc;
    TestSite site(ioc, [](std::size_t n) { return n <= 2 ? 500u : 204u; });
    WebhookClient client(ioc.get_executor(), quick_backoff());
    bool called = false, ok = false;
    std::string error = "unset";
    client.post(site.url("/"), kBody, 2s, 2, [&](bool k, std::string e) {
        called = true;
        ok = k;
        error = std::move(e);
    });
    while (!called && ioc.run_one() > 0) {}
    EXPECT_TRUE(ok) << error;
    EXPECT_EQ(error, "");
    EXPECT_EQ(site.requests.size(), 3u);
    for (const auto& r : site.requests) EXPECT_EQ(r.body(), site.requests[0].body());
}

TEST(WebhookClient, GivesUpWhenRetriesRunOut) {
    asio::io_context ioc;
    TestSite site(ioc, [](std::size_t) { return 503u; });
    WebhookClient client(ioc.get_executor(), quick_backoff());
    Outcome o;
    client.post_for_reply(site.url("/"), kBody, 2s, 1, into(o));
    run_until(ioc, o);
    EXPECT_FALSE(o.reply.ok);
    EXPECT_EQ(o.reply.status, 503u);
    EXPECT_EQ(o.reply.error, "the site answered with HTTP status 503");
    EXPECT_EQ(site.requests.size(), 2u);
}

TEST(WebhookClient, ClientErrorsAreNotRetried) {
    asio::io_context ioc;
    TestSite site(ioc, [](std::size_t) { return 403u; });
    WebhookClient client(ioc.get_executor(), quick_backoff());
    Outcome o;
    client.post_for_reply(site.url("/"), kBody, 2s, 3, into(o));
    run_until(ioc, o);
    EXPECT_EQ(o.reply.error, "the site answered with HTTP status 403");
    EXPECT_EQ(site.requests.size(), 1u);
}

TEST(WebhookClient, ASiteThatNeverAnswersTimesOut) {
    asio::io_context ioc;
    TestSite site(ioc, [](std::size_t) { return std::nullopt; });
    WebhookClient client(ioc.get_executor(), quick_backoff());
    Outcome o;
    const auto start = std::chrono::steady_clock::now();
    client.post_for_reply(site.url("/"), kBody, 150ms, 1, into(o));
    run_until(ioc, o);
    EXPECT_FALSE(o.reply.ok);
    EXPECT_EQ(o.reply.status, 0u);
    EXPECT_EQ(o.reply.error, "the site did not answer in time");
    EXPECT_EQ(site.requests.size(), 2u) << "the timeout is retried";
    EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
}

TEST(WebhookClient, AnUnreachablePortFails) {
    asio::io_context ioc;
    const unsigned short port = closed_port(ioc);
    WebhookClient client(ioc.get_executor(), quick_backoff());
    Outcome o;
    client.post_for_reply("http://127.0.0.1:" + std::to_string(port) + "/", kBody, 2s, 2, into(o));
    run_until(ioc, o);
    EXPECT_FALSE(o.reply.ok);
    EXPECT_EQ(o.reply.error, "could not connect to the site");
}

TEST(WebhookClient, AMisconfiguredUrlFailsWithoutConnecting) {
    asio::io_context ioc;
    WebhookClient client(ioc.get_executor());
    Outcome o;
    client.post_for_reply("ftp://example.com/hook", kBody, 2s, 2, into(o));
    EXPECT_FALSE(o.called);
    run_until(ioc, o);
    EXPECT_EQ(o.reply.error, "the server's webhook address is misconfigured");
}
