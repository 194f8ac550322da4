// What HTTP requests carry into our code: request targets (query strings with ?jwt=),
// url-encoded form bodies and the forwarding headers used for client addresses.
#include "server/client_address.hpp"

#include <boost/beast/http/fields.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Owned strings, as Beast hands them to us: Boost.URL 1.81 must never see a null data().
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::size_t split = input.find('\n');
    const std::string first = input.substr(0, split);
    const std::string rest = split == std::string::npos ? std::string() : input.substr(split + 1);

    if (auto target = boost::urls::parse_origin_form(first)) {
        (void)target->path();
        for (auto p : target->encoded_params())
            if (p.has_value) (void)p.value.decode();
    }
    if (auto form = boost::urls::parse_query(rest)) {
        for (auto p : *form)
            if (p.has_value) (void)p.value.decode();
    }
    boost::beast::http::fields headers;
    try {
        headers.set("X-Forwarded-For", first);
        headers.set("X-Real-IP", rest);
    } catch (...) {
        return 0;  // Beast refuses header values it cannot represent; so does the parser
    }
    (void)barertc::server::client_address(headers, "203.0.113.9", true);
    (void)barertc::server::client_address(headers, "203.0.113.9", false);
    return 0;
}
