#include "chat/message_filter.hpp"

#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace barertc::chat {

namespace {

// A character reference such as `&amp;` or `&#39;` starting at `i`: its length, else 0.
std::size_t entity_length(std::string_view html, std::size_t i) {
    if (html[i] != '&') return 0;
    std::size_t j = i + 1;
    while (j < html.size() && j - i <= 32 &&
           (std::isalnum(static_cast<unsigned char>(html[j])) || html[j] == '#'))
        ++j;
    return j < html.size() && html[j] == ';' && j > i + 1 ? j - i + 1 : 0;
}

// Which bytes of the HTML a reader sees as text (see censor_html).
std::vector<bool> visible_text(std::string_view html) {
    std::vector<bool> visible(html.size(), false);
    enum { text, tag, quoted } state = text;
    char quote = 0;
    for (std::size_t i = 0; i < html.size(); ++i) {
        const char c = html[i];
        if (state == tag) {
            if (c == '"' || c == '\'') {
                state = quoted;
                quote = c;
            } else if (c == '>') {
                state = text;
            }
            continue;
        }
        if (state == quoted && c == quote) {
            state = tag;
            continue;
        }
        if (state == text && c == '<') {
            state = tag;
            continue;
        }
        if (std::size_t n = entity_length(html, i)) {
            i += n - 1;
            continue;
        }
        visible[i] = true;
    }
    return visible;
}

std::unique_ptr<re2::RE2> compile(const std::string& phrase, std::size_t filter_number) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(false);  // "(?-i)" in the phrase opts back in
    options.set_max_mem(1 << 20);       // bounds the compiled program, not the input
    auto re = std::make_unique<re2::RE2>(phrase, options);
    if (!re->ok()) {
        spdlog::warn("[[MessageFilters]] #{}: skipping the phrase '{}': {}", filter_number,
                     phrase.substr(0, 200), re->error());
        return nullptr;
    }
    return re;
}

}  // namespace

MessageFilters::MessageFilters() = default;
MessageFilters::~MessageFilters() = default;
MessageFilters::MessageFilters(MessageFilters&&) noexcept = default;
MessageFilters& MessageFilters::operator=(MessageFilters&&) noexcept = default;

MessageFilters::MessageFilters(const std::vector<config::MessageFilter>& filters)
    : source_(filters) {
    for (std::size_t i = 0; i < source_.size(); ++i) {
        const config::MessageFilter& f = source_[i];
        if (!f.enabled || (!f.public_channels && !f.private_channels)) continue;
        Compiled compiled{i, {}};
        for (const std::string& phrase : f.keyword_phrases)
            if (auto re = compile(phrase, i + 1)) compiled.phrases.push_back(std::move(re));
        if (!compiled.phrases.empty()) filters_.push_back(std::move(compiled));
    }
}

std::size_t MessageFilters::compiled_phrases() const {
    std::size_t n = 0;
    for (const auto& f : filters_) n += f.phrases.size();
    return n;
}

FilterVerdict MessageFilters::check(std::string_view html, bool direct_message) const {
    FilterVerdict verdict;
    for (const Compiled& compiled : filters_) {
        const config::MessageFilter& f = source_[compiled.index];
        if (direct_message ? !f.private_channels : !f.public_channels) continue;
        std::vector<std::pair<std::size_t, std::size_t>> ranges;
        for (const auto& re : compiled.phrases) {
            std::size_t pos = 0;
            re2::StringPiece match;
            while (pos <= html.size() &&
                   re->Match(html, pos, html.size(), re2::RE2::UNANCHORED, &match, 1)) {
                const std::size_t begin = static_cast<std::size_t>(match.data() - html.data());
                ranges.emplace_back(begin, begin + match.size());
                if (!f.censor_message) break;  // one match is enough to decide
                pos = begin + std::max<std::size_t>(match.size(), 1);
            }
        }
        if (ranges.empty()) continue;
        verdict.matched = true;
        verdict.html = f.censor_message ? censor_html(html, ranges) : std::string(html);
        verdict.forward = f.forward_message;
        verdict.report = f.report_message;
        verdict.response = f.chat_server_response;
        return verdict;
    }
    verdict.html = std::string(html);
    return verdict;
}

std::string censor_html(std::string_view html,
                        const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
    std::vector<bool> hit(html.size(), false);
    for (const auto& [begin, end] : ranges)
        for (std::size_t i = begin; i < end && i < html.size(); ++i) hit[i] = true;
    const std::vector<bool> visible = visible_text(html);
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size(); ++i) {
        const auto byte = static_cast<unsigned char>(html[i]);
        if (!hit[i] || !visible[i]) {
            out += html[i];
        } else if ((byte & 0xC0) != 0x80) {  // one star per character, not per UTF-8 byte
            out += '*';
        }
    }
    return out;
}

}  // namespace barertc::chat
