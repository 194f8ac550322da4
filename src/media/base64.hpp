// Standard base64 (RFC 4648 §4, with padding) for data: URLs.
#pragma once

#include <string>
#include <string_view>

namespace barertc::media {

std::string base64_encode(std::string_view bytes);

}  // namespace barertc::media
