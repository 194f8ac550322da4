// Chat text to safe HTML. The server is the XSS barrier: clients insert this HTML as-is.
#pragma once

#include <string>
#include <string_view>

namespace barertc::markup {

// Renders GitHub-flavoured Markdown (autolinks, strikethrough) to HTML in safe mode:
// raw HTML is never passed through (it is shown as text), links and images only keep
// http, https and mailto targets (plus relative ones), and every link opens in a new tab
// with rel="noopener noreferrer". YouTube links get an embed appended after sanitising.
// The result is trimmed; an empty result means "nothing to post".
std::string render_markdown(std::string_view text);

// Escapes text for use inside HTML element content or a double-quoted attribute.
std::string escape_html(std::string_view text);

}  // namespace barertc::markup
