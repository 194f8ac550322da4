// Chat text through Markdown rendering: whatever goes in, no live markup may come out,
// because the client inserts this HTML as-is.
#include "markup/markdown.hpp"
#include "markup/sanitize_check.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 8000) return 0;  // the hub refuses longer messages before rendering
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string html = barertc::markup::render_markdown(text);
    if (barertc::markup::has_live_markup(html)) {
        std::fprintf(stderr, "live markup survived:\n%s\n", html.c_str());
        std::abort();
    }
    const std::string escaped = barertc::markup::escape_html(text);
    if (escaped.find('<') != std::string::npos || escaped.find('"') != std::string::npos) std::abort();
    return 0;
}
