// Splits an operator command like shell words: /kick "user 2" -> {"/kick", "user 2"}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace barertc::chat {

std::vector<std::string> split_command(std::string_view text);

}  // namespace barertc::chat
