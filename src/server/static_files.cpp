#include "server/static_files.hpp"

#include <array>
#include <utility>

namespace barertc::server {
namespace http = boost::beast::http;

namespace {

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        char c = s[s.size() - suffix.size() + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != suffix[i]) return false;
    }
    return true;
}

}  // namespace

std::string_view mime_type(std::string_view path) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTypes{{
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".ttf", "font/ttf"},
        {".mp3", "audio/mpeg"},
        {".ogg", "audio/ogg"},
        {".wav", "audio/wav"},
        {".webmanifest", "application/manifest+json"},
    }};
    for (const auto& [ext, type] : kTypes)
        if (ends_with_nocase(path, ext)) return type;
    return "application/octet-stream";
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::optional<std::filesystem::path> StaticFiles::resolve(std::string_view url_path) const {
    if (url_path.empty() || url_path.front() != '/') return std::nullopt;
    // Refuse anything that could step outside the root or confuse the file system.
    std::filesystem::path rel;
    std::size_t start = 1;
    while (start <= url_path.size()) {
        std::size_t end = url_path.find('/', start);
        if (end == std::string_view::npos) end = url_path.size();
        std::string_view seg = url_path.substr(start, end - start);
        if (seg == ".." || seg == ".") return std::nullopt;
        if (seg.find('\\') != std::string_view::npos || seg.find('\0') != std::string_view::npos)
            return std::nullopt;
        if (!seg.empty() && seg.front() == '.') return std::nullopt;  // dotfiles
        if (!seg.empty()) rel /= std::string(seg);
        start = end + 1;
    }
    if (rel.empty()) return std::nullopt;
    std::filesystem::path full = root_ / rel;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(full, ec)) return std::nullopt;
    return full;
}

http::response<http::file_body> StaticFiles::serve(const std::filesystem::path& file,
                                                   std::string_view url_path, bool head_only,
                                                   unsigned version,
                                                   boost::beast::error_code& ec) const {
    http::file_body::value_type body;
    body.open(file.c_str(), boost::beast::file_mode::scan, ec);
    http::response<http::file_body> res;
    if (ec) return res;
    const auto size = body.size();
    res.version(version);
    res.result(http::status::ok);
    res.set(http::field::content_type, mime_type(url_path));
    res.set("X-Content-Type-Options", "nosniff");
    // Vite names built assets by content hash, so they never change under the same name.
    res.set(http::field::cache_control, url_path.rfind("/assets/", 0) == 0
                                            ? "public, max-age=31536000, immutable"
                                            : "public, max-age=3600");
    if (head_only) {
        res.content_length(size);
    } else {
        res.body() = std::move(body);
        res.prepare_payload();
    }
    return res;
}

}  // namespace barertc::server
