// JSON encode/decode of Message. Decoding is strict about types and lenient about
// absence (absent == zero); encoding omits zero values exactly like the original.
#pragma once

#include "protocol/message.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace barertc::protocol {

// Limits applied while decoding one inbound frame, before the hub ever sees it.
struct DecodeLimits {
    std::size_t max_string_field = 64 * 1024;   // any single string field
    std::size_t max_list_items = 1000;          // usernames[], features[]
    std::size_t max_file_bytes = 40 * 1024 * 1024;  // decoded `bytes`
};

struct DecodeResult {
    bool ok = false;
    std::string error;  // for the user and the log, when !ok
    Message message;
};

DecodeResult decode(std::string_view frame, const DecodeLimits& limits = {});

// Serialises a message with omitempty semantics. `who` always carries `whoList` when
// has_who_list is set... unless it is empty, as the original does.
std::string encode(const Message& message);

// One WhoEntry as a JSON object (used to pre-serialise who-list rows once per change).
std::string encode_who_entry(const WhoEntry& entry);

// Appends `text` as a JSON string literal (with quotes) to `out`.
void append_json_string(std::string& out, std::string_view text);

// A frame shared by every recipient of a fan-out: encoded once, never copied.
using Frame = std::shared_ptr<const std::string>;
inline Frame make_frame(std::string text) {
    return std::make_shared<const std::string>(std::move(text));
}

}  // namespace barertc::protocol
