// settings.toml as an operator might mangle it: only SettingsError may come out.
#include "config/settings.hpp"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        auto r = barertc::config::parse_settings(text, "fuzz.toml");
        (void)barertc::config::render_settings(r.settings);
    } catch (const barertc::config::SettingsError&) {
    }
    return 0;
}
