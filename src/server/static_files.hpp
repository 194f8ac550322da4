// Files of the built web client, served by path with their MIME type and cache policy.
#pragma once

#include <boost/beast/http.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace barertc::server {

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);

    // The file for a URL path (already percent-decoded), or nullopt if there is none or the
    // path tries to leave the root.
    std::optional<std::filesystem::path> resolve(std::string_view url_path) const;

    // A response for GET/HEAD of that file: 200 with MIME type and cache headers.
    boost::beast::http::response<boost::beast::http::file_body> serve(
        const std::filesystem::path& file, std::string_view url_path, bool head_only,
        unsigned version, boost::beast::error_code& ec) const;

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;
};

std::string_view mime_type(std::string_view path);

}  // namespace barertc::server
