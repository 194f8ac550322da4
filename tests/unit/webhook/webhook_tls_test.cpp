// https webhooks against a site with a certificate made here: trusted when its CA is given,
// refused by the default (system) trust store.
#include "webhook/webhook_client.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

using namespace barertc::webhook;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

struct Pem {
    std::string certificate;
    std::string key;
};

std::string to_pem(int (*write)(BIO*, void*), void* object) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio, object);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(length));
    BIO_free(bio);
    return pem;
}

// A self-signed certificate for IP 127.0.0.1, valid for a day.
Pem self_signed_certificate() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 86400);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("test site"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert, key, EVP_sha256());
    Pem pem{to_pem([](BIO* b, void* c) { return PEM_write_bio_X509(b, static_cast<X509*>(c)); }, cert),
            to_pem([](BIO* b, void* k) {
                return PEM_write_bio_PrivateKey(b, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr, nullptr);
            }, key)};
    X509_free(cert);
    EVP_PKEY_free(key);
    return pem;
}

class TlsSite {
public:
    TlsSite(asio::io_context& ioc, const Pem& pem)
        : tls_(asio::ssl::context::tls_server), acceptor_(ioc, {asio::ip::make_address("127.0.0.1"), 0}) {
        tls_.use_certificate_chain(asio::buffer(pem.certificate));
        tls_.use_private_key(asio::buffer(pem.key), asio::ssl::context::pem);
        acceptor_.async_accept([this](beast::error_code ec, tcp::socket s) {
            if (ec) return;
            stream_.emplace(std::move(s), tls_);
            stream_->async_handshake(asio::ssl::stream_base::server, [this](beast::error_code ec) {
                if (ec) return;
                http::async_read(*stream_, buffer_, request_, [this](beast::error_code ec, std::size_t) {
                    if (ec) return;
                    response_ = {http::status::ok, 11};
                    response_.body() = "{}";
                    response_.prepare_payload();
                    http::async_write(*stream_, response_, [](beast::error_code, std::size_t) {});
                });
            });
        });
    }
    std::string url() const {
        return "https://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/hook";
    }
    http::request<http::string_body> request_;

private:
    asio::ssl::context tls_;
    tcp::acceptor acceptor_;
    std::optional<beast::ssl_stream<beast::tcp_stream>> stream_;
    beast::flat_buffer buffer_;
    http::response<http::string_body> response_;
};

WebhookReply deliver(asio::io_context& ioc, WebhookClient& client, const std::string& url) {
    bool called = false;
    WebhookReply reply;
    client.post_for_reply(url, boost::json::object{{"Action", "report"}}, 2s, 0, [&](WebhookReply r) {
        called = true;
        reply = std::move(r);
    });
    while (!called && ioc.run_one() > 0) {}
    EXPECT_TRUE(called);
    return reply;
}

}  // namespace

TEST(WebhookTls, PostsOverHttpsToATrustedSite) {
    asio::io_context ioc;
    const Pem pem = self_signed_certificate();
    TlsSite site(ioc, pem);
    auto trust = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    trust->add_certificate_authority(asio::buffer(pem.certificate));
    trust->set_verify_mode(asio::ssl::verify_peer);
    WebhookClient client(ioc.get_executor(), {}, trust);
    WebhookReply reply = deliver(ioc, client, site.url());
    EXPECT_TRUE(reply.ok) << reply.error;
    EXPECT_EQ(site.request_.body(), R"({"Action":"report"})");
}

TEST(WebhookTls, RefusesACertificateItDoesNotTrust) {
    asio::io_context ioc;
    TlsSite site(ioc, self_signed_certificate());
    WebhookClient client(ioc.get_executor());  // the system's CAs
    WebhookReply reply = deliver(ioc, client, site.url());
    EXPECT_FALSE(reply.ok);
    EXPECT_EQ(reply.error, "could not make a secure connection to the site");
    EXPECT_TRUE(site.request_.body().empty()) << "nothing was sent";
}
