// JSON log lines must parse whatever the logged text holds.
#include "server/log_format.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

using barertc::server::JsonLineFormatter;

namespace {

boost::json::object format_line(std::string_view payload, spdlog::level::level_enum level) {
    spdlog::details::log_msg msg(spdlog::source_loc{}, "barertc", level,
                                 spdlog::string_view_t(payload.data(), payload.size()));
    spdlog::memory_buf_t out;
    JsonLineFormatter().format(msg, out);
    const std::string line(out.data(), out.size());
    EXPECT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line per message";
    boost::json::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    EXPECT_FALSE(ec) << "not JSON: " << line;
    return v.is_object() ? v.as_object() : boost::json::object{};
}

}  // namespace

TEST(JsonLogLines, CarryTimeLevelAndMessage) {
    auto o = format_line("listening on http://127.0.0.1:9000", spdlog::level::warn);
    EXPECT_EQ(o.at("message").as_string(), "listening on http://127.0.0.1:9000");
    EXPECT_EQ(o.at("level").as_string(), "warning");
    const std::string time(o.at("time").as_string());
    ASSERT_EQ(time.size(), 24u) << time;  // 2026-01-02T15:04:05.123Z
    EXPECT_EQ(time[10], 'T');
    EXPECT_EQ(time.back(), 'Z');
}

TEST(JsonLogLines, QuotesBackslashesAndControlCharactersSurviveTheRoundTrip) {
    const std::string nasty = "say \"hi\"\\ \n\r\t\b\x01\x1f\x7f end";
    auto o = format_line(nasty, spdlog::level::info);
    EXPECT_EQ(o.at("message").as_string(), nasty);
}

TEST(JsonLogLines, ValidUtf8IsKeptAndInvalidBytesBecomeReplacementCharacters) {
    EXPECT_EQ(format_line("caf\xC3\xA9 \xF0\x9F\x98\x80", spdlog::level::info).at("message").as_string(),
              "caf\xC3\xA9 \xF0\x9F\x98\x80");
    // A stray continuation byte, a truncated sequence, an overlong '/', a UTF-16 surrogate.
    const std::string broken = "a\x80" "b\xE2\x82" "c\xC0\xAF" "d\xED\xA0\x80" "e\xFF";
    // Each byte that starts no valid sequence becomes one U+FFFD.
#define FFFD "\xEF\xBF\xBD"
    EXPECT_EQ(format_line(broken, spdlog::level::err).at("message").as_string(),
              "a" FFFD "b" FFFD FFFD "c" FFFD FFFD "d" FFFD FFFD FFFD "e" FFFD);
#undef FFFD
}
