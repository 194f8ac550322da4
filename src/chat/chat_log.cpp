#include "chat/chat_log.hpp"

#include "chat/names.hpp"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <functional>
#include <system_error>

namespace barertc::chat {

namespace {

constexpr std::size_t kMaxComponentBytes = 200;  // well under NAME_MAX with ".txt"
constexpr std::size_t kMaxWarnedFiles = 1000;

bool plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

}  // namespace

std::string ChatLog::path_component(std::string_view name) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        // A dot is kept only inside a name, so nothing is ".", ".." or a hidden file.
        if (plain(c) || (c == '.' && i > 0 && i + 1 < name.size())) {
            out += c;
        } else {
            const auto b = static_cast<unsigned char>(c);
            out += '%';
            out += kHex[b >> 4];
            out += kHex[b & 15];
        }
    }
    if (out.empty()) out = "%00";
    if (out.size() > kMaxComponentBytes) {
        const std::size_t hash = std::hash<std::string_view>{}(name);
        out.resize(kMaxComponentBytes - 17);
        out += '~';
        for (int shift = 60; shift >= 0; shift -= 4) out += kHex[(hash >> shift) & 15];
    }
    return out;
}

std::string ChatLog::line(std::int64_t unix_seconds, std::string_view sender, std::string_view text) {
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::string out = std::string(stamp) + " [" + std::string(sender) + "] ";
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        if (text[i] == '\n' || text[i] == '\r') out += "\n    ";
        else out += text[i];
    }
    out += '\n';
    return out;
}

void ChatLog::configure(const config::LoggingSettings& settings) {
    if (settings == settings_) return;
    settings_ = settings;
    files_.clear();
    warned_.clear();
    channels_ = {settings_.channels.begin(), settings_.channels.end()};
    usernames_.clear();
    for (const auto& name : settings_.usernames) usernames_.insert(fold_name(name));
}

bool ChatLog::logs_user(std::string_view name) const {
    return usernames_.count(fold_name(name)) > 0;
}

void ChatLog::public_message(const std::string& channel, const std::string& sender,
                             std::string_view text, std::int64_t unix_seconds) {
    if (!settings_.enabled || !channels_.count(channel)) return;
    append(path_component(channel) + ".txt", line(unix_seconds, sender, text));
}

void ChatLog::direct_message(const std::string& sender, const std::string& recipient,
                             std::string_view text, std::int64_t unix_seconds) {
    if (!settings_.enabled || usernames_.empty()) return;
    const bool self = fold_name(sender) == fold_name(recipient);
    if (!logs_user(sender) && !logs_user(recipient)) return;
    const std::string entry = line(unix_seconds, sender, text);
    if (logs_user(sender))
        append(std::filesystem::path("@" + path_component(sender)) / (path_component(recipient) + ".txt"), entry);
    if (!self && logs_user(recipient))
        append(std::filesystem::path("@" + path_component(recipient)) / (path_component(sender) + ".txt"), entry);
}

void ChatLog::append(const std::filesystem::path& relative, const std::string& text) {
    const std::filesystem::path path = std::filesystem::path(settings_.directory) / relative;
    auto it = files_.find(path);
    if (it == files_.end()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) return warn_once(path, "cannot create its directory: " + ec.message());
        // 0600: DMs are private. O_NONBLOCK: a FIFO planted there cannot stall the hub.
        const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0600);
        if (fd < 0) return warn_once(path, std::strerror(errno));
        File file(::fdopen(fd, "a"));
        if (!file) {
            ::close(fd);
            return warn_once(path, std::strerror(errno));
        }
        if (files_.size() >= kMaxOpenFiles) files_.clear();  // rare: reopening is cheap
        it = files_.emplace(path, std::move(file)).first;
    }
    std::FILE* f = it->second.get();
    if (std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fflush(f) != 0) {
        warn_once(path, std::strerror(errno));
        files_.erase(it);  // try again with a fresh handle next time
    }
}

void ChatLog::warn_once(const std::filesystem::path& path, const std::string& what) {
    if (warned_.count(path) || warned_.size() >= kMaxWarnedFiles) return;
    warned_.insert(path);
    spdlog::warn("[Logging] cannot write {}: {}", path.string(), what);
}

}  // namespace barertc::chat
