// YouTube links in chat text get a player embedded under the message, as in the original.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace barertc::markup {

inline constexpr std::size_t kMaxYoutubeEmbeds = 3;

// Distinct 11-character video IDs from youtube.com/watch?v=, youtu.be/, /shorts/ and /embed/
// links, in order of appearance, at most `limit`.
std::vector<std::string> youtube_video_ids(std::string_view text, std::size_t limit);

// The embed for one ID (which must already be a valid 11-character ID).
std::string youtube_embed(std::string_view id);

}  // namespace barertc::markup
