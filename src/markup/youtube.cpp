#include "markup/youtube.hpp"

#include <algorithm>
#include <array>

namespace barertc::markup {

namespace {

bool id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// An ID is exactly 11 ID characters not followed by a 12th.
bool read_id(std::string_view text, std::size_t at, std::string& id) {
    if (at + 11 > text.size()) return false;
    for (std::size_t i = at; i < at + 11; ++i) if (!id_char(text[i])) return false;
    if (at + 11 < text.size() && id_char(text[at + 11])) return false;
    id = std::string(text.substr(at, 11));
    return true;
}

}  // namespace

std::vector<std::string> youtube_video_ids(std::string_view text, std::size_t limit) {
    // Hosts and the path prefix after which the ID starts.
    static constexpr std::array<std::string_view, 6> kPrefixes = {
        "youtube.com/watch?v=", "youtu.be/", "youtube.com/shorts/", "youtube.com/embed/",
        "youtube.com/live/", "youtube-nocookie.com/embed/",
    };
    struct Hit { std::size_t pos; std::string id; };
    std::vector<Hit> hits;
    for (std::string_view prefix : kPrefixes) {
        for (std::size_t pos = text.find(prefix); pos != std::string_view::npos;
             pos = text.find(prefix, pos + 1)) {
            // "notyoutube.com" is not YouTube: the host must start at a boundary.
            if (pos > 0) {
                const char before = text[pos - 1];
                if (before != '/' && before != '.' && before != ' ' && before != '(' &&
                    before != '<' && before != '\n') continue;
            }
            std::string id;
            if (read_id(text, pos + prefix.size(), id)) hits.push_back({pos, std::move(id)});
        }
    }
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.pos < b.pos; });
    std::vector<std::string> ids;
    for (Hit& h : hits) {
        if (ids.size() >= limit) break;
        if (std::find(ids.begin(), ids.end(), h.id) == ids.end()) ids.push_back(std::move(h.id));
    }
    return ids;
}

std::string youtube_embed(std::string_view id) {
    std::string html = "<iframe class=\"youtube-embed\" width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/";
    html += id;
    html += "\" title=\"YouTube video player\" frameborder=\"0\" "
            "allow=\"accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture\" "
            "allowfullscreen></iframe>";
    return html;
}

}  // namespace barertc::markup
