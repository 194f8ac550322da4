// How the process writes its log: spdlog's text lines (default), or one JSON object per line
// for log shippers (--log-format json).
#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace barertc::server {

enum class LogFormat { text, json };

// "text" or "json"; nullopt for anything else.
std::optional<LogFormat> parse_log_format(std::string_view name);

// Installs the format on every spdlog logger.
void use_log_format(LogFormat format);

// {"time":"2026-01-02T15:04:05.123Z","level":"info","message":"..."}: every line is valid JSON
// whatever the message holds (quotes, control characters, bytes that are not UTF-8).
class JsonLineFormatter final : public spdlog::formatter {
public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
    std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace barertc::server
