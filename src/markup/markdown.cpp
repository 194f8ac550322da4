#include "markup/markdown.hpp"

#include "markup/youtube.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <vector>

namespace barertc::markup {

namespace {

// Hard breaks: in a chat box, Enter-separated lines are meant as lines. Validate UTF-8 so
// broken input cannot produce broken HTML. Never CMARK_OPT_UNSAFE.
constexpr int kOptions = CMARK_OPT_HARDBREAKS | CMARK_OPT_VALIDATE_UTF8;

void register_extensions_once() {
    static std::once_flag once;
    std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

struct ParserDeleter { void operator()(cmark_parser* p) const { cmark_parser_free(p); } };
struct NodeDeleter { void operator()(cmark_node* n) const { cmark_node_free(n); } };

// A link target we let through: http(s), mailto, or relative (no scheme at all).
// Control characters and whitespace are ignored when looking for the scheme, the way
// browsers ignore them ("java\tscript:" is still javascript:).
bool is_safe_url(const char* url) {
    if (!url) return false;
    std::string scheme;
    for (const char* p = url; *p; ++p) {
        const unsigned char c = static_cast<unsigned char>(*p);
        if (c <= 0x20 || c == 0x7f) continue;
        if (c == ':') {
            return scheme == "http" || scheme == "https" || scheme == "mailto";
        }
        if (c == '/' || c == '?' || c == '#') return true;  // relative reference
        scheme += static_cast<char>(std::tolower(c));
    }
    return true;  // no colon: a relative path
}

void move_children_before(cmark_node* from, cmark_node* anchor) {
    while (cmark_node* child = cmark_node_first_child(from)) {
        cmark_node_unlink(child);
        cmark_node_insert_before(anchor, child);
    }
}

// Raw HTML becomes literal text: the user sees what they typed, the browser parses nothing.
void html_to_text(cmark_node* node) {
    const char* literal = cmark_node_get_literal(node);
    cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(text, literal ? literal : "");
    if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
        cmark_node* para = cmark_node_new(CMARK_NODE_PARAGRAPH);
        cmark_node_append_child(para, text);
        cmark_node_replace(node, para);
    } else {
        cmark_node_replace(node, text);
    }
    cmark_node_free(node);
}

// Images are shown as links: hotlinked pictures would leak every reader's address to
// third parties, and pictures belong to the `file` action where the server re-encodes them.
void image_to_link(cmark_node* image) {
    cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
    const char* url = cmark_node_get_url(image);
    cmark_node_set_url(link, url ? url : "");
    if (const char* title = cmark_node_get_title(image)) cmark_node_set_title(link, title);
    while (cmark_node* child = cmark_node_first_child(image)) {
        cmark_node_unlink(child);
        cmark_node_append_child(link, child);
    }
    if (!cmark_node_first_child(link)) {
        cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
        cmark_node_set_literal(text, url ? url : "image");
        cmark_node_append_child(link, text);
    }
    cmark_node_replace(image, link);
    cmark_node_free(image);
}

void sanitise_tree(cmark_node* document) {
    // Collect first: the tree must not change under a live iterator.
    std::vector<cmark_node*> html, images;
    cmark_iter* iter = cmark_iter_new(document);
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* node = cmark_iter_get_node(iter);
        switch (cmark_node_get_type(node)) {
            case CMARK_NODE_HTML_BLOCK:
            case CMARK_NODE_HTML_INLINE: html.push_back(node); break;
            case CMARK_NODE_IMAGE: images.push_back(node); break;
            default: break;
        }
    }
    cmark_iter_free(iter);
    for (cmark_node* n : html) html_to_text(n);
    for (cmark_node* n : images) image_to_link(n);

    std::vector<cmark_node*> unsafe_links;
    iter = cmark_iter_new(document);
    for (cmark_event_type ev; (ev = cmark_iter_next(iter)) != CMARK_EVENT_DONE;) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node* node = cmark_iter_get_node(iter);
        if (cmark_node_get_type(node) == CMARK_NODE_LINK && !is_safe_url(cmark_node_get_url(node))) {
            unsafe_links.push_back(node);
        }
    }
    cmark_iter_free(iter);
    // A refused link keeps its words, loses its target.
    for (cmark_node* link : unsafe_links) {
        move_children_before(link, link);
        cmark_node_unlink(link);
        cmark_node_free(link);
    }
}

// Every anchor the renderer writes opens in a new tab without handing the chat window over.
// Only the renderer can produce "<a href=" here: raw HTML was turned into escaped text.
std::string open_links_in_new_tab(std::string html) {
    static constexpr std::string_view kFrom = "<a href=\"";
    static constexpr std::string_view kTo = "<a target=\"_blank\" rel=\"noopener noreferrer\" href=\"";
    std::string out;
    out.reserve(html.size() + 64);
    std::size_t pos = 0;
    for (std::size_t hit; (hit = html.find(kFrom, pos)) != std::string::npos; pos = hit + kFrom.size()) {
        out.append(html, pos, hit - pos);
        out.append(kTo);
    }
    out.append(html, pos, std::string::npos);
    return out;
}

std::string trim(std::string s) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    std::size_t b = 0;
    while (b < s.size() && !not_space(static_cast<unsigned char>(s[b]))) ++b;
    std::size_t e = s.size();
    while (e > b && !not_space(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

bool only_whitespace(std::string_view text) {
    for (unsigned char c : text) if (!std::isspace(c)) return false;
    return true;
}

}  // namespace

std::string render_markdown(std::string_view text) {
    if (only_whitespace(text)) return {};
    register_extensions_once();

    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(kOptions));
    for (const char* name : {"autolink", "strikethrough"}) {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
            cmark_parser_attach_syntax_extension(parser.get(), ext);
        }
    }
    cmark_parser_feed(parser.get(), text.data(), text.size());
    std::unique_ptr<cmark_node, NodeDeleter> document(cmark_parser_finish(parser.get()));
    sanitise_tree(document.get());

    char* raw = cmark_render_html(document.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get()));
    std::string html = raw ? raw : "";
    std::free(raw);

    html = trim(open_links_in_new_tab(std::move(html)));
    if (html.empty()) return html;
    // Embeds come after sanitising and are built from a template, never from user text.
    for (const std::string& id : youtube_video_ids(text, kMaxYoutubeEmbeds)) {
        html += youtube_embed(id);
    }
    return html;
}

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&#34;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace barertc::markup
