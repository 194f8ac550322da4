// Pieces shared between the files of src/config; not part of the module's interface.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "config/settings.hpp"

namespace barertc::config::detail {

// A random UUID version 4 from OpenSSL's RNG, lowercase. Throws SettingsError if the RNG fails.
std::string random_uuid_v4();

// parse_settings, plus what load_or_create_settings needs to decide on a rewrite.
struct ParsedSettings {
    LoadResult result;
    bool has_version = false;        // result.settings.version is 0 when false
    bool has_admin_api_key = false;  // a non-empty AdminAPIKey was in the file
};
ParsedSettings parse_document(std::string_view toml_text, std::string_view source_name);

// The whole file. Throws SettingsError naming the path when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

// Replaces `path` with `text` atomically (temporary file + rename), creating parent
// directories. The file gets permission bits `mode`. Throws SettingsError.
void write_text_file(const std::filesystem::path& path, std::string_view text, unsigned mode);

}  // namespace barertc::config::detail
