// [Logging]: plain-text logs of chosen public channels and of chosen users' DMs (compat §7.7).
//
//   <Directory>/<channel>.txt          public channels listed in Channels
//   <Directory>/@<user>/<partner>.txt  DMs of users listed in Usernames (both sides' logs
//                                      when both are listed)
//
// One line per message: `2024-05-01T12:00:00Z [sender] text as typed`; line breaks in the text
// become an indented continuation, so a message can never forge a line of its own.
// Names become path components only after encoding (anything but letters, digits, `-`, `_`
// and inner dots is %XX-escaped), so no name can leave the directory.
// Files are opened in append mode, kept open, and flushed after every line. An I/O error
// never reaches the chat: it is logged once per file and the line is dropped.
#pragma once

#include "config/settings.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

namespace barertc::chat {

class ChatLog {
public:
    ChatLog() = default;
    ~ChatLog() = default;
    ChatLog(const ChatLog&) = delete;
    ChatLog& operator=(const ChatLog&) = delete;

    // Closes every file when the settings change.
    void configure(const config::LoggingSettings& settings);
    const config::LoggingSettings& settings() const { return settings_; }

    void public_message(const std::string& channel, const std::string& sender,
                        std::string_view text, std::int64_t unix_seconds);
    void direct_message(const std::string& sender, const std::string& recipient,
                        std::string_view text, std::int64_t unix_seconds);

    // A name as a safe single path component (never empty, ".", ".." or hidden).
    static std::string path_component(std::string_view name);
    // "2024-05-01T12:00:00Z [alice] hello\n".
    static std::string line(std::int64_t unix_seconds, std::string_view sender, std::string_view text);

    static constexpr std::size_t kMaxOpenFiles = 64;

private:
    struct FileCloser {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    using File = std::unique_ptr<std::FILE, FileCloser>;

    bool logs_user(std::string_view name) const;
    void append(const std::filesystem::path& relative, const std::string& text);
    void warn_once(const std::filesystem::path& path, const std::string& what);

    config::LoggingSettings settings_;
    std::set<std::string> channels_;   // exact channel IDs
    std::set<std::string> usernames_;  // folded
    std::map<std::filesystem::path, File> files_;
    std::set<std::filesystem::path> warned_;
};

}  // namespace barertc::chat
