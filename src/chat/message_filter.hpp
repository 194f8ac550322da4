// [[MessageFilters]]: keyword filters the server applies to chat text (compat §2.7).
// Each filter's phrases are compiled once, when the settings are loaded, with RE2: linear-time
// matching, so no pattern an operator writes can stall the hub, and the original's dialect
// (no look-around, no back-references). A phrase that does not compile is logged and skipped.
//
// Filters run in order against the rendered HTML; the first enabled filter that applies to
// the kind of channel (public or DM) and has any match decides.
#pragma once

#include "config/settings.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace re2 {
class RE2;
}

namespace barertc::chat {

// What the deciding filter wants done with a message.
struct FilterVerdict {
    bool matched = false;
    std::string html;           // the message, censored if the filter censors
    bool forward = true;        // false: only the sender sees it
    bool report = false;        // auto-report to the site
    std::string response;       // notice for the sender (empty: none)
};

class MessageFilters {
public:
    MessageFilters();
    // Compiles every phrase of every filter; invalid phrases are logged and left out.
    explicit MessageFilters(const std::vector<config::MessageFilter>& filters);
    ~MessageFilters();
    MessageFilters(MessageFilters&&) noexcept;
    MessageFilters& operator=(MessageFilters&&) noexcept;

    // The settings these were compiled from (to tell whether a reload changed them).
    const std::vector<config::MessageFilter>& source() const { return source_; }
    // How many phrases compiled (for tests and the startup log).
    std::size_t compiled_phrases() const;

    FilterVerdict check(std::string_view html, bool direct_message) const;

private:
    struct Compiled {
        std::size_t index;  // into source_
        std::vector<std::unique_ptr<re2::RE2>> phrases;
    };
    std::vector<config::MessageFilter> source_;
    std::vector<Compiled> filters_;
};

// Replaces the given byte ranges of sanitised HTML with one `*` per character, touching only
// text the reader sees: text between tags and the inside of quoted attribute values. Tag
// names, attribute names, quotes and character references (`&amp;`) are kept, so censoring
// can never change the structure of the HTML.
std::string censor_html(std::string_view html,
                        const std::vector<std::pair<std::size_t, std::size_t>>& ranges);

}  // namespace barertc::chat
